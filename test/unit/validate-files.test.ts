import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { getKind } from '../../src/kinds/index.js';
import { validateSource, validateSourceByChunk, type PayloadResult } from '../../src/validate/files.js';
import { createLineSplitter, LineTooLongError } from '../../src/validate/lines.js';
import { textLines } from '../../src/validate/report.js';
import { InputError } from '../../src/errors.js';
import { captureRecord } from '../helpers/capture.js';

const sample = (kind: string, seed = 1, variant?: string) => getKind(kind).sample({ seed, variant });

async function run(text: string, options: { kind?: string } = {}, chunk = 7): Promise<PayloadResult[]> {
  // Small chunks so lines straddle chunk boundaries, as they do in real streams.
  const pieces: Buffer[] = [];
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += chunk) pieces.push(bytes.subarray(i, i + chunk));
  const results: PayloadResult[] = [];
  for await (const result of validateSource('in.json', Readable.from(pieces), options)) results.push(result);
  return results;
}

describe('validateSource', () => {
  it('reads a pretty JSON document as one payload at its first line', async () => {
    const results = await run(`\n\n${JSON.stringify(sample('metric-alert'), null, 2)}\n`);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ line: 3, valid: true, kind: 'metric-alert', kindSource: 'detected' });
  });

  it('reads NDJSON line by line with true line numbers, blank lines skipped', async () => {
    const lines = [JSON.stringify(sample('metric-alert')), '', JSON.stringify(sample('impressions')), JSON.stringify({ ...(sample('hertzbeat-alarm', 1, 'flat') as object), priority: 5 })];
    const results = await run(`${lines.join('\n')}\n`);
    expect(results.map((r) => [r.line, r.kind, r.valid])).toEqual([
      [1, 'metric-alert', true],
      [3, 'impressions', true],
      [4, 'hertzbeat-alarm', false],
    ]);
    expect(results[2]?.issues).toEqual([{ path: '$.priority', message: 'must be at most 2' }]);
  });

  // validate passed these ("1 valid") while replay, inspect and map refused them: one whole-record check for all.
  it.each([
    ['no headers', (r: Record<string, unknown>) => delete r['headers'], "no 'headers'"],
    ['bodyBase64 not base64', (r: Record<string, unknown>) => (r['bodyBase64'] = '!!!notbase64'), "'bodyBase64' is not a base64 string (the body as received)"],
    ['a method of 42', (r: Record<string, unknown>) => (r['method'] = 42), "'method' is not an HTTP method"],
    ['issues of numbers', (r: Record<string, unknown>) => (r['issues'] = [5]), "'issues' is not a list of {path, message}"],
    ['seq a string', (r: Record<string, unknown>) => (r['seq'] = '1'), "'seq' is not a request number"],
    ['status a string', (r: Record<string, unknown>) => (r['status'] = '200'), "'status' is not an HTTP status"],
    ['signature a string', (r: Record<string, unknown>) => (r['signature'] = 'valid'), "'signature' is not null or {header, verdict}"],
  ])('a capture record with %s is invalid, named as the capture readers name it', async (_name, damage, problem) => {
    const record: Record<string, unknown> = { ...captureRecord(sample('metric-alert')) };
    damage(record);
    const results = await run(`${JSON.stringify(record)}\n`);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ valid: false, issues: [{ path: '$', message: `not a whole capture record: ${problem}` }] });
  });

  it('parses each line once, the lines that decide the input is NDJSON too (a one-line payload may be megabytes)', async () => {
    const lines = ['{"type": broken', JSON.stringify(sample('metric-alert')), JSON.stringify(sample('metric-alert', 2))];
    const parse = vi.spyOn(JSON, 'parse');
    try {
      for (const input of [lines.slice(1).join('\n'), lines.join('\n')]) {
        parse.mockClear();
        await run(`${input}\n`);
        const parsed = parse.mock.calls.map(([text]) => text);
        for (const line of lines.slice(1)) expect(parsed.filter((text) => text === line)).toHaveLength(1);
      }
    } finally {
      parse.mockRestore();
    }
  });

  // -1e400 was "expected number, got another type" (zod's "received -Infinity" was not read) and
  // 1e400 "got Infinity": both are JSON numbers, too large for a double.
  it('says a number past a double (1e400, -1e400) is one, whichever its sign', async () => {
    const alert = JSON.stringify(sample('metric-alert'));
    expect(alert).toMatch(/"firedAtMs":\d+/);
    const results = await run(['1e400', '-1e400'].map((n) => alert.replace(/"firedAtMs":\d+/, `"firedAtMs":${n}`)).join('\n'));
    expect(results.map((r) => r.issues)).toEqual([
      [{ path: '$.firedAtMs', message: 'expected number, got a number too large for a double (it reads as Infinity)' }],
      [{ path: '$.firedAtMs', message: 'expected number, got a number too large for a double (it reads as -Infinity)' }],
    ]);
  });

  it('still reads NDJSON line by line when the first record is broken', async () => {
    const good = JSON.stringify(sample('metaplane-incident'));
    const results = await run(`{"id": "x", "status": \n${good}\n${good}\n`);
    expect(results.map((r) => [r.line, r.valid])).toEqual([
      [1, false],
      [2, true],
      [3, true],
    ]);
    expect(results[0]?.issues[0]?.message).toMatch(/not valid JSON/);
  });

  it('reports a document that is not JSON at the line of the problem', async () => {
    const results = await run('{\n  "a": 1,\n\n  "b": oops\n}\n');
    expect(results).toEqual([expect.objectContaining({ line: 4, valid: false, kind: null, issues: [expect.objectContaining({ path: '$' })] })]);
  });

  it('reports empty input as invalid rather than passing it', async () => {
    expect(await run('\n  \n')).toEqual([expect.objectContaining({ valid: false, issues: [{ path: '$', message: 'empty input: no payload to validate' }] })]);
  });

  it('reports an empty array (a list of no payloads) as invalid, once for each', async () => {
    const empty = expect.objectContaining({ valid: false, issues: [{ path: '$', message: 'an empty array: no payload to validate' }] });
    for (const [text, arrays] of [['[]', 1], ['[\n]\n', 1], ['[]\n[]\n', 2]] as const) expect(await run(text)).toEqual(Array(arrays).fill(empty));
  });

  it('splits a JSON array of payloads, but keeps an impressions batch whole', async () => {
    const list = await run(JSON.stringify([sample('metric-alert', 1), sample('metaplane-incident', 2)], null, 2));
    expect(list.map((r) => [r.index, r.kind, r.valid])).toEqual([
      [0, 'metric-alert', true],
      [1, 'metaplane-incident', true],
    ]);
    const batch = await run(JSON.stringify(sample('impressions')));
    expect(batch).toEqual([expect.objectContaining({ kind: 'impressions', valid: true })]);
    expect(batch[0]?.index).toBeUndefined();
  });

  it('keeps an impressions batch whole when its first record lacks split, not five unknown payloads', async () => {
    const batch = sample('impressions') as Record<string, unknown>[];
    delete batch[0]?.split;
    const results = await run(JSON.stringify(batch));
    expect(results).toEqual([expect.objectContaining({ kind: 'impressions', valid: false, issues: [{ path: '$[0].split', message: 'required string is missing' }] })]);
    expect(results[0]?.index).toBeUndefined();
  });

  it('with --kind impressions, an array of batches is a list of payloads', async () => {
    const results = await run(JSON.stringify([sample('impressions', 1), sample('impressions', 2)]), { kind: 'impressions' });
    expect(results.map((r) => [r.index, r.valid, r.kindSource])).toEqual([
      [0, true, 'given'],
      [1, true, 'given'],
    ]);
  });

  it('validates the body of capture records, and flags records without a JSON body', async () => {
    const bad = { ...(sample('hertzbeat-alarm') as object), status: 'pending' };
    // As the receiver records them: a body that claims JSON and is not, and a text no kind claims.
    const notJson = captureRecord(null, { valid: false, issues: [{ path: '$', message: 'not valid JSON: Unexpected token' }] });
    const text = captureRecord(null, { valid: false, text: 'hello', shape: { eventHeader: null, contentType: 'text/plain', body: 'text', keys: [], moreKeys: 0 } });
    const lines = [captureRecord(sample('hertzbeat-alarm')), captureRecord(bad), notJson, text].map((r) => JSON.stringify(r)).join('\n');
    const results = await run(lines);
    expect(results.map((r) => [r.line, r.kind, r.valid, r.issues[0]?.path, r.unknown])).toEqual([
      [1, 'hertzbeat-alarm', true, undefined, undefined],
      [2, 'hertzbeat-alarm', false, '$.status', undefined],
      [3, null, false, '$', undefined],
      [4, null, false, undefined, 'no known kind claims it (text, text/plain)'],
    ]);
  });

  // A request is one payload: its array body is not split as a file's list of payloads is, which
  // passed a wrapped metric alert the receiver had called unknown.
  it.each<[string, { kind?: string }]>([
    ['detected', {}],
    ['given a kind', { kind: 'metric-alert' }],
  ])('judges a captured array body as one payload, %s', async (_name, options) => {
    const records = [captureRecord([sample('metric-alert')], { valid: false }), captureRecord([sample('metric-alert', 1), sample('metric-alert', 2)], { valid: false }), captureRecord([], { valid: false }), captureRecord(sample('impressions'))];
    const results = await run(records.map((r) => JSON.stringify(r)).join('\n'), options);
    expect(results.map((r) => [r.line, r.index])).toEqual([
      [1, undefined],
      [2, undefined],
      [3, undefined],
      [4, undefined],
    ]);
    expect(results.slice(0, 3).every((r) => !r.valid)).toBe(true);
    expect(results[3]).toMatchObject({ valid: options.kind === undefined, kind: options.kind ?? 'impressions' });
  });

  // Older records lack the later fields and are read; one holding another type there (an edit) is
  // not whole, as replay, inspect and map say of it.
  it('reads capture records that lack the verdict fields, and names those that hold other things there (edited files)', async () => {
    const { issues: _issues, warnings: _warnings, valid: _valid, status: _status, ...bare } = captureRecord(sample('hertzbeat-alarm'));
    const records = [
      bare,
      { ...bare, body: null },
      { ...captureRecord(null), issues: 'z', warnings: 5, event: 7 },
      { ...captureRecord(null), issues: [5, { path: 1 }, { path: '$.a', message: 'kept' }] },
      { ...captureRecord(null), form: { fields: 'x', json: null } },
      { ...captureRecord({ a: 1 }), warnings: [3, 'repaired'], event: { not: 'a string' } },
      { ...captureRecord(null), leftOut: ['body', 'text'] },
      { ...captureRecord(null), shape: { eventHeader: null, contentType: null, body: 'empty', keys: [], moreKeys: 0 } },
    ];
    const results = await run(records.map((r) => JSON.stringify(r)).join('\n'));
    expect(results.map((r) => [r.line, r.kind, r.valid, r.issues.map((i) => i.message).join('|'), r.warnings])).toEqual([
      [1, 'hertzbeat-alarm', true, '', []],
      [2, null, false, 'the captured body is not JSON', []],
      [3, null, false, "not a whole capture record: 'event' is not a string", []],
      [4, null, false, "not a whole capture record: 'issues' is not a list of {path, message}", []],
      [5, null, false, "not a whole capture record: 'form' is not {fields: [name, value] pairs, json, files?}", []],
      [6, null, false, "not a whole capture record: 'event' is not a string", []],
      [7, null, false, 'the captured body is left out of its record (its line would have been longer than whk reads back): bodyBase64 holds the body, unjudged', []],
      // The receiver's verdict: an empty body no kind claims is unknown, not invalid (as listen counts it).
      [8, null, false, '', []],
    ]);
    expect(results[7]?.unknown).toBe('no known kind claims it (empty)');
  });

  it('judges a captured JSON null body as null, not as a body without JSON', async () => {
    const nullBytes = Buffer.from(' null\n').toString('base64');
    const records = [
      // An unknown request: the receiver's shape says its body was JSON.
      { ...captureRecord(null, { valid: false }), bodyBase64: nullBytes, shape: { eventHeader: null, contentType: 'application/json', body: 'json', keys: [], moreKeys: 0 } },
      // A record without a shape (a kind was given): its bytes tell.
      { ...captureRecord(null, { kind: 'metric-alert', valid: false }), bodyBase64: nullBytes },
      // A form whose field held JSON null.
      { ...captureRecord(null), form: { fields: [['payload', 'null']], json: 'payload' } },
      // Gzipped bytes are not decoded to find out: no JSON, as before.
      { ...captureRecord(null), bodyBase64: nullBytes, encoding: 'gzip' },
      // Not JSON, as the shape says.
      { ...captureRecord(null, { valid: false }), shape: { eventHeader: null, contentType: 'text/plain', body: 'other', keys: [], moreKeys: 0 } },
    ];
    // Given a kind, a JSON null is judged by its schema; a body without JSON cannot be judged (in listen --kind's words).
    const asKind = await run(records.map((r) => JSON.stringify(r)).join('\n'), { kind: 'metric-alert' });
    expect(asKind.map((r) => [r.line, r.kind, r.valid, r.issues[0]?.path, r.issues[0]?.message === 'the body is not JSON, so it cannot be a metric-alert payload'])).toEqual([
      [1, 'metric-alert', false, '$', false],
      [2, 'metric-alert', false, '$', false],
      [3, 'metric-alert', false, '$', false],
      [4, 'metric-alert', false, '$', true],
      [5, 'metric-alert', false, '$', true],
    ]);
    // Without one, each is what the receiver called it: no kind claims a null, nor a text.
    const results = await run(records.map((r) => JSON.stringify(r)).join('\n'));
    expect(results.map((r) => [r.line, r.valid, r.issues, r.unknown])).toEqual([
      [1, false, [], 'no known kind claims it (json, application/json)'],
      [2, false, [], 'no known kind claims it (json, application/json)'],
      // Named by its field, as listen's shape names a form.
      [3, false, [], 'no known kind claims it (form, application/json, keys payload)'],
      [4, false, [], 'no known kind claims it (other, application/json)'],
      [5, false, [], 'no known kind claims it (other, text/plain)'],
    ]);
  });

  it('a record without JSON under an event header naming a kind is that kind\'s, invalid, as listen judges it now (an older whk recorded it unknown)', async () => {
    const headers = { 'content-type': 'application/json', 'x-github-event': 'push' };
    const records = [
      captureRecord(null, { valid: false, headers, issues: [{ path: '$', message: 'line 2: not valid JSON: Unexpected non-whitespace character after JSON' }] }),
      captureRecord(null, { valid: false, headers: { ...headers, 'content-type': 'text/plain' }, text: 'hello', shape: { eventHeader: 'x-github-event: push', contentType: 'text/plain', body: 'text', keys: [], moreKeys: 0 } }),
    ];
    const results = await run(records.map((r) => JSON.stringify(r)).join('\n'));
    expect(results.map((r) => [r.kind, r.kindSource, r.valid, r.issues.map((i) => i.message), r.unknown])).toEqual([
      ['github', 'detected', false, ['line 2: not valid JSON: Unexpected non-whitespace character after JSON'], undefined],
      ['github', 'detected', false, ['the body is text, not JSON, so it cannot be a github payload'], undefined],
    ]);
  });

  // validate passed these while listen had judged them invalid: the body is judged again, the
  // request's signature verdict and idempotencyId conflict are carried as listen recorded them.
  it("carries the request's recorded signature verdict and idempotencyId conflict into the verdict, with --kind too; an older record without them is judged on its body", async () => {
    const body = sample('metaplane-incident');
    const missing = { path: '$', message: 'signature header x-metaplane-sig is missing (`secret` was given)' };
    const conflict = { path: '$.idempotencyId', message: 'same idempotencyId as request #1 but different bytes and content (the sender promises identical payloads per id)' };
    const headers = { 'content-type': 'text/plain', 'x-github-event': 'push' };
    const records = [
      captureRecord(body, { kind: 'metaplane-incident', valid: false, issues: [missing], signature: { scheme: 'metaplane', header: 'x-metaplane-sig', verdict: 'missing', reason: 'no x-metaplane-sig header' } }),
      captureRecord(body, { kind: 'metaplane-incident', valid: false, issues: [conflict] }),
      captureRecord(body, { kind: 'metaplane-incident', signature: { scheme: 'metaplane', header: 'x-metaplane-sig', verdict: 'valid', reason: 'ok' } }),
      // No kind claims the body: a bad signature makes it invalid, not unknown (as listen counts it); no recorded words, the verdict's own.
      captureRecord({ a: 1 }, { valid: false, signature: { header: 'x-hub-signature-256', verdict: 'expired', reason: 'signed 10 minutes ago' } }),
      // A body with no JSON: the signature is said once, after listen's words for the body.
      captureRecord(null, { kind: 'github', valid: false, headers, text: 'hi', issues: [{ path: '$', message: 'the body is text, not JSON, so it cannot be a github payload' }, { path: '$', message: 'signature x-hub-signature-256 does not match the body and `secret`' }], signature: { scheme: 'github', header: 'x-hub-signature-256', verdict: 'invalid', reason: 'signature does not match' } }),
      // An older whk's record: no signature field, judged on its body as before.
      captureRecord(body, { kind: 'metaplane-incident', valid: false, issues: [missing] }),
    ];
    const text = records.map((r) => JSON.stringify(r)).join('\n');
    const recorded = ', as recorded by listen';
    const noSecret = `${recorded} (validate has no secret to check it again)`;
    const expected = [
      [1, false, [`${missing.message}${noSecret}`], undefined],
      [2, false, [`${conflict.message}${recorded}`], undefined],
      [3, true, [], undefined],
      [4, false, [`signature x-hub-signature-256 expired: signed 10 minutes ago${noSecret}`], undefined],
      [5, false, ['the body is text, not JSON, so it cannot be a github payload', `signature x-hub-signature-256 does not match the body and \`secret\`${noSecret}`], undefined],
      [6, true, [], undefined],
    ];
    const results = await run(text);
    expect(results.map((r) => [r.line, r.valid, r.issues.map((i) => i.message), r.unknown])).toEqual(expected);
    expect(results[1]?.issues[0]?.path).toBe('$.idempotencyId');
    // Given a kind, the body is judged as it; the request's recorded verdicts stay.
    const asKind = await run(text, { kind: 'metaplane-incident' });
    expect(asKind.map((r) => [r.line, r.valid, r.issues.filter((i) => i.message.endsWith(noSecret) || i.message.endsWith(recorded)).length])).toEqual([
      [1, false, 1],
      [2, false, 1],
      [3, true, 0],
      [4, false, 1],
      [5, false, 1],
      [6, true, 0],
    ]);
  });

  it('repairs a trailing comma and warns with the line in the file', async () => {
    const text = '\n{\n  "target": "Test Target",\n  "content": "x",\n  "triggerTime": "2024-11-15 16:27:10",\n}\n';
    const results = await run(text);
    expect(results).toEqual([expect.objectContaining({ valid: true, kind: 'hertzbeat-alarm', warnings: ["line 5: repaired a trailing comma before '}' (not valid JSON)"] })]);
  });

  // A tripled comma is two repairs of one line in the same words: the text line says it once, counted.
  it('prints repeats of one warning once with a count, the result keeping each', async () => {
    const text = '{\n  "target": "t",,,\n  "content": "x",\n  "triggerTime": "2024-11-15 16:27:10"\n}\n';
    const [result] = await run(text);
    expect(result?.warnings).toEqual(['line 2: repaired a doubled comma (not valid JSON)', 'line 2: repaired a doubled comma (not valid JSON)']);
    expect(textLines(result as PayloadResult).filter((line) => line.includes('warning'))).toEqual([expect.stringMatching(/warning {2}line 2: repaired a doubled comma \(not valid JSON\) \(×2\)$/)]);
  });

  it('treats an NDJSON line with a trailing comma as NDJSON, repaired', async () => {
    const line = '{"target": "t", "content": "x", "triggerTime": "2024-11-15 16:27:10",}';
    const results = await run(`${line}\n${line}\n`);
    expect(results.map((r) => [r.line, r.valid, r.warnings.length])).toEqual([
      [1, true, 1],
      [2, true, 1],
    ]);
  });

  it('a payload read past stray commas is not JSON: invalid unless its kind is a sender of such commas (HertzBeat)', async () => {
    const alert = JSON.stringify(sample('metric-alert'));
    const batch = JSON.stringify(sample('impressions'));
    const results = await run(`${alert.replace(/}$/, ',}')}\n${batch.replace(/]$/, ',]')}\n${alert.replace(/,/, ',,')}\n`);
    expect(results.map((r) => [r.line, r.kind, r.valid, r.issues[0]?.message])).toEqual([
      [1, 'metric-alert', false, "not valid JSON: line 1: a trailing comma before '}' (whk read past it to check the rest; metric-alert payloads are strict JSON)"],
      [2, 'impressions', false, "not valid JSON: line 2: a trailing comma before ']' (whk read past it to check the rest; impressions payloads are strict JSON)"],
      [3, 'metric-alert', false, 'not valid JSON: line 3: a doubled comma (whk read past it to check the rest; metric-alert payloads are strict JSON)'],
    ]);
    // A capture record: the receiver's warning tells of the commas its body had.
    const record = { ...captureRecord(sample('metric-alert'), { kind: 'metric-alert' }), warnings: ["line 7: repaired a trailing comma before '}' (not valid JSON)"] };
    const hertzbeat = { ...captureRecord(sample('hertzbeat-alarm'), { kind: 'hertzbeat-alarm' }), warnings: ["line 20: repaired a trailing comma before '}' (not valid JSON)"] };
    expect((await run(`${JSON.stringify(record)}\n${JSON.stringify(hertzbeat)}\n`)).map((r) => [r.kind, r.valid, r.issues[0]?.message])).toEqual([
      ['metric-alert', false, expect.stringMatching(/^not valid JSON: line 7: a trailing comma before '}'/)],
      ['hertzbeat-alarm', true, undefined],
    ]);
  });

  it("a document of several payloads has its warnings once, on the first (they are the document's)", async () => {
    const results = await run(`[${JSON.stringify(sample('metric-alert'))},,${JSON.stringify({ other: 1 })},]`);
    expect(results.map((r) => [r.index, r.warnings])).toEqual([
      [0, ['line 1: repaired a doubled comma (not valid JSON)', "line 1: repaired a trailing comma before ']' (not valid JSON)"]],
      [1, []],
    ]);
    expect(results.map((r) => r.valid)).toEqual([false, false]);
  });

  it('by chunk gives the results of each chunk read, the same results in the same order', async () => {
    const lines = [sample('metric-alert'), sample('impressions'), sample('metaplane-incident'), { not: 'a kind' }].map((p) => JSON.stringify(p));
    const text = `${lines.join('\n')}\n`;
    const bytes = Buffer.from(text);
    const half = Buffer.from(`${lines.slice(0, 2).join('\n')}\n`).length + 5;
    const chunks: PayloadResult[][] = [];
    for await (const chunk of validateSourceByChunk('in.json', Readable.from([bytes.subarray(0, half), bytes.subarray(half)]))) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.map((r) => r.line))).toEqual([[1, 2], [3, 4]]);
    expect(chunks.flat()).toEqual(await run(text));
  });

  it('gives the results of the lines before a line that is too long, then the error', async () => {
    const good = JSON.stringify(sample('metaplane-incident'));
    const text = `${good}\n${good}\n${'{"x": "' + 'y'.repeat(good.length * 2)}"}\n${good}\n`;
    const seen: number[] = [];
    const reading = (async () => {
      for await (const result of validateSource('in.json', Readable.from([Buffer.from(text)]), { maxDocumentBytes: good.length + 10 })) seen.push(result.line);
    })();
    await expect(reading).rejects.toThrow(InputError);
    await expect(reading).rejects.toThrow(/line 3 is larger than/);
    expect(seen).toEqual([1, 2]);
  });

  // listen writes lines up to MAX_RECORD_BYTES (--max-body 100mb): validate refused them past --max-document.
  it('reads a capture record line longer than maxDocumentBytes; a payload line as long is still refused', async () => {
    const payload = { ...(sample('metric-alert') as object), pad: 'y'.repeat(4000) };
    const record = JSON.stringify(captureRecord(payload));
    const options = { maxDocumentBytes: 1024 };
    const results: PayloadResult[] = [];
    // Small chunks: the line's first bytes, which say it is a record, come in pieces.
    const pieces = (text: string) => Readable.from(Buffer.from(text).toString('latin1').match(/[^]{1,7}/g)!.map((piece) => Buffer.from(piece, 'latin1')));
    for await (const result of validateSource('c.ndjson', pieces(`${record}\n${record}\n`), options)) results.push(result);
    expect(results.map((r) => [r.line, r.kind])).toEqual([
      [1, 'metric-alert'],
      [2, 'metric-alert'],
    ]);
    const reading = (async () => {
      for await (const _ of validateSource('p.ndjson', pieces(`${JSON.stringify(payload)}\n`), options));
    })();
    await expect(reading).rejects.toThrow(/line 1 is larger than 1 KiB/);
  });

  it('content that is not JSON is one invalid result at its line after the lines before it, and reading stops', async () => {
    const good = JSON.stringify(sample('metaplane-incident'));
    // The NUL byte sits in the third chunk, on line 4; the valid line after it is never read.
    const chunks = [`${good}\n`, `${good}\n\n`, 'xx\0yy\n', `${good}\n`].map((text) => Buffer.from(text));
    const results: PayloadResult[] = [];
    for await (const result of validateSource('in.bin', Readable.from(chunks))) results.push(result);
    expect(results.map((r) => [r.line, r.valid, r.issues[0]?.message])).toEqual([
      [1, true, undefined],
      [2, true, undefined],
      [4, false, `not JSON: binary data (a NUL byte at byte ${2 * good.length + 5})`],
    ]);
    expect(await run('a log line\nanother one\n{"a":1}\n')).toEqual([
      expect.objectContaining({ line: 1, valid: false, issues: [{ path: '$', message: "not JSON: text (line 1 begins 'a log line'; the next line is not JSON either)" }] }),
    ]);
  });

  it('judges every complete line before a NUL byte in the same read, then stops at the NUL', async () => {
    const good = JSON.stringify(sample('metaplane-incident'));
    const bad = JSON.stringify({ ...(sample('metaplane-incident') as object), status: 'nope' });
    // One read holds the lines before the NUL, the NUL and the line after it (a crash leaves NULs after good lines).
    const results: PayloadResult[] = [];
    for await (const result of validateSource('nul.ndjson', Readable.from([Buffer.from(`${good}\n${bad}\n\0\n${good}\n`)]))) results.push(result);
    expect(results.map((r) => [r.line, r.valid, r.issues[0]?.path])).toEqual([
      [1, true, undefined],
      [2, false, '$.status'],
      [3, false, '$'],
    ]);
    expect(results[2]?.issues[0]?.message).toBe(`not JSON: binary data (a NUL byte at byte ${good.length + bad.length + 2})`);
  });

  it('keeps a file NDJSON when its first two lines are each cut short, and a document when its first line opens one', async () => {
    const good = JSON.stringify(sample('metric-alert'));
    // Lines cut mid-string: no next line can continue them into a document.
    const cut = `{"title":"${'x'.repeat(40)}`;
    const results = await run(`${cut}\n${cut.slice(0, 30)}\n${good}\n${good}\n`);
    expect(results.map((r) => [r.line, r.valid])).toEqual([
      [1, false],
      [2, false],
      [3, true],
      [4, true],
    ]);
    // A document whose first line holds a field still reads as one document.
    expect((await run('{"a": 1,\n "b": "x"}\n')).map((r) => [r.line, r.issues[0]?.message])).toEqual([[1, expect.stringMatching(/^not a known kind/)]]);
    // Two saves cut short, then records: left out with replay's warning, the records judged.
    const record = JSON.stringify(captureRecord(sample('metric-alert')));
    const told: number[] = [];
    const judged: PayloadResult[] = [];
    const text = `${record.slice(0, 70)}\n${record.slice(0, 40)}\n${record}\n${record}\n`;
    for await (const result of validateSource('c.ndjson', Readable.from([Buffer.from(text)]), { unended: (line) => told.push(line.line) })) judged.push(result);
    expect(told).toEqual([1, 2]);
    expect(judged.map((r) => [r.line, r.valid])).toEqual([
      [3, true],
      [4, true],
    ]);
  });

  it('names a comment on top of a JSON document as a comment, not as a log', async () => {
    const pretty = JSON.stringify(sample('metric-alert'), null, 2);
    expect((await run(`// from the docs\n${pretty}\n`)).map((r) => [r.line, r.valid, r.issues[0]?.message])).toEqual([
      [1, false, "not JSON: line 1 is a comment ('// from the docs'), and JSON has no comments: remove it"],
    ]);
  });

  it('says a UTF-16 file is UTF-16, not binary data', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(sample('metric-alert')), 'utf16le')]);
    const results: PayloadResult[] = [];
    for await (const result of validateSource('utf16.json', Readable.from([bytes]))) results.push(result);
    expect(results.map((r) => [r.line, r.valid, r.issues[0]?.message])).toEqual([
      [1, false, 'not JSON: it is UTF-16 text (a NUL byte beside each character, after a UTF-16 byte order mark), and JSON is read as UTF-8 (RFC 8259 §8.1): convert it to UTF-8'],
    ]);
  });

  it('reads a file that starts with a byte order mark without it (on its first line only)', async () => {
    const results = await run(`\ufeff${JSON.stringify(sample('metric-alert'))}\n\ufeff${JSON.stringify(sample('metric-alert'))}\n`);
    expect(results.map((r) => [r.line, r.valid, r.issues[0]?.message])).toEqual([
      [1, true, undefined],
      [2, false, 'not valid JSON: it starts with a byte order mark (U+FEFF)'],
    ]);
  });
});

describe('validateSource: bytes that are not UTF-8', () => {
  async function runBytes(bytes: Buffer, chunk: number): Promise<PayloadResult[]> {
    const pieces: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += chunk) pieces.push(bytes.subarray(i, i + chunk));
    const results: PayloadResult[] = [];
    for await (const result of validateSource('in.json', Readable.from(pieces))) results.push(result);
    return results;
  }
  const tail = '; whk read each bad sequence as U+FFFD, and a receiver that decodes strictly refuses it (JSON must be UTF-8, RFC 8259 §8.1)';
  const alert = sample('metric-alert') as { source: object };
  const named = (name: string): string => JSON.stringify({ ...alert, source: { ...alert.source, name } });

  it.each([1, 7, 4096])('says which line of NDJSON, at which byte of it, and still judges its payload; not of a line that is not JSON (chunks of %i bytes)', async (chunk) => {
    const latin = Buffer.from(named('caf\u00e9'), 'latin1');
    const at = latin.indexOf(0xe9);
    const around = (from: number, to: number): string => latin.subarray(from, to).toString('latin1');
    const input = Buffer.concat([Buffer.from(`${named('café ✓ 日本 𝄞')}\n`), latin, Buffer.from('\n{"type":'), Buffer.from([0xff, 0x0a])]);
    const results = await runBytes(input, chunk);
    expect(results.map((r) => [r.line, r.valid, r.warnings])).toEqual([
      [1, true, []],
      [2, true, [`line 2 is not valid UTF-8: byte 0xE9 at offset ${at}, in '…${around(at - 12, at)}\\xE9${around(at + 1, at + 13)}…'${tail}`]],
      // Not JSON: its issue says so, and bytes read as U+FFFD in it are no news.
      [3, false, []],
    ]);
  });

  it('says it once for a document, naming its first such line', async () => {
    const pretty = JSON.stringify(JSON.parse(named('Zoë')), null, 2).split('\n');
    const line = pretty.findIndex((text) => text.includes('Zoë'));
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), ...pretty.map((text, i) => Buffer.from(`${text}\n`, i === line || i === line + 1 ? 'latin1' : 'utf8'))]);
    const results = await runBytes(bytes, 5);
    expect(results).toHaveLength(1);
    expect(results[0]?.valid).toBe(true);
    expect(results[0]?.warnings).toEqual([`line ${line + 1} is not valid UTF-8: byte 0xEB at offset ${(pretty[line] as string).indexOf('ë')}, in '… "name": "Zo\\xEB",'${tail}`]);
  });

  it('counts offsets from the line’s first byte, a byte order mark’s too', async () => {
    const results = await runBytes(Buffer.concat([Buffer.from('\ufeff{"a":"'), Buffer.from([0xe9]), Buffer.from('"}\n')]), 4);
    expect(results[0]?.warnings).toEqual([`line 1 is not valid UTF-8: byte 0xE9 at offset 9, in '\\xEF\\xBB\\xBF{"a":"\\xE9"}'${tail}`]);
  });
});

describe('createLineSplitter', () => {
  it('counts a line against the limit without the CR before its newline and the byte order mark before line 1', () => {
    const line = 'x'.repeat(10);
    for (const text of [`${line}\r\n${line}\r\n`, `\ufeff${line}\n${line}\n`, `\ufeff${line}\r\n`]) {
      // In one piece, and a byte at a time (a CR or a BOM at the end of a read).
      expect(createLineSplitter({ maxLineBytes: 10 }).push(text).map((l) => l.text)).toEqual(text.split('\n').slice(0, -1).map(() => line));
      const bytewise = createLineSplitter({ maxLineBytes: 10 });
      const lines = [...Buffer.from(text)].flatMap((byte) => bytewise.push(Buffer.from([byte])));
      expect(lines.map((l) => l.bytes)).toEqual(text.split('\n').slice(0, -1).map(() => 10));
    }
    const past = createLineSplitter({ maxLineBytes: 10 });
    expect(past.push(`${line}x\r\n`)).toEqual([]);
    expect(() => past.end()).toThrow(LineTooLongError);
  });

  it('tells of a line whose bytes are not UTF-8 only when asked (validate asks; the capture readers do not)', () => {
    const latin = Buffer.from('{"a":"caf\u00e9"}\n', 'latin1');
    expect(createLineSplitter().push(latin)).toEqual([{ number: 1, text: '{"a":"caf\uFFFD"}', offset: 0, bytes: 12, end: 13 }]);
    expect(createLineSplitter({ utf8Warnings: true }).push(latin)[0]?.notUtf8).toMatch(/^line 1 is not valid UTF-8: byte 0xE9 at offset 9, /);
  });

  it('holds a line across chunks and gives it whole, with CRLF endings trimmed', () => {
    const lines = createLineSplitter();
    expect(lines.push('ab')).toEqual([]);
    expect(lines.push('c\r\nd\ne')).toEqual([
      { number: 1, text: 'abc', offset: 0, bytes: 3, end: 5 },
      { number: 2, text: 'd', offset: 5, bytes: 1, end: 7 },
    ]);
    expect(lines.end()).toEqual([{ number: 3, text: 'e', offset: 7, bytes: 1, end: 8, unended: true }]);
  });

  it('says where each line is in bytes, so it can be read back: across chunks, after a BOM and CRLF, in UTF-8', () => {
    const input = Buffer.from('\ufeff{"a":"é"}\r\n\n{"b":"€"}\n{"c":1}');
    const lines = createLineSplitter();
    // Chunks that cut lines, and a character, in two.
    const got = [...lines.push(input.subarray(0, 9)), ...lines.push(input.subarray(9, 19)), ...lines.push(input.subarray(19)), ...lines.end()];
    expect(got.map((line) => line.text)).toEqual(['{"a":"é"}', '', '{"b":"€"}', '{"c":1}']);
    for (const line of got) expect(input.toString('utf8', line.offset, line.offset + line.bytes)).toBe(line.text);
    // Each ends where the next begins (its CR and newline, or the BOM before line 1, between).
    expect(got.map((line) => line.end)).toEqual([got[1]?.offset, got[2]?.offset, got[3]?.offset, input.length]);
  });

  it('stops a chunk at a line past the limit and throws on the next call, the lines before it given', () => {
    const lines = createLineSplitter({ maxLineBytes: 4 });
    expect(lines.push('ab\ntoo long\ncd\n')).toEqual([{ number: 1, text: 'ab', offset: 0, bytes: 2, end: 3 }]);
    expect(() => lines.push('ef\n')).toThrow(LineTooLongError);
    expect(() => lines.end()).toThrow('line 2 is longer than 4 bytes');
  });

  it('counts an unended tail past the limit as the next line', () => {
    const lines = createLineSplitter({ maxLineBytes: 4 });
    expect(lines.push('ab\ncdefgh')).toEqual([{ number: 1, text: 'ab', offset: 0, bytes: 2, end: 3 }]);
    expect(() => lines.end()).toThrow('line 2 is longer than 4 bytes');
  });
});
