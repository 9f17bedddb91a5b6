// The inspector's pure parts: pretty lines with issues placed at their paths, the line and header
// diffs, the catalogue's rows, repeats and search, the hex dump, the rows as tuples, and the event
// hub's gathered rows.
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { CaptureRecord } from '../../src/capture/record.js';
import { createCatalogue, eventOf, toRow, UnreadableRecord } from '../../src/inspector/catalogue.js';
import { RECENT_CHARS } from '../../src/inspector/recent-records.js';
import { queryString } from '../../src/capture/request-fields.js';
import { hexRows } from '../../src/util/hex.js';
import { diffHeaders, diffLines } from '../../src/inspector/diff.js';
import { shownHeaders } from '../../src/inspector/detail.js';
import { createEventHub, ROWS_EVERY_MS } from '../../src/inspector/events.js';
import { decodeRow, encodeRow } from '../../src/inspector/page/row-wire.js';
import { diffSummary } from '../../src/inspector/page/diff-summary.js';
import { countText } from '../../src/inspector/page/count-text.js';
import { ancestors, drawableJson, MAX_DEPTH, prettyLines } from '../../src/inspector/pretty.js';
import type { Detail, Row, SignatureVerdict } from '../../src/inspector/wire.js';
import { captureRecord } from '../helpers/capture.js';

describe('prettyLines', () => {
  it('prints a body as indented lines, each with its JSON path', () => {
    const { lines, truncated } = prettyLines({ a: [1, { 'b c': null }], d: {} });
    expect(truncated).toBe(false);
    expect(lines.map((l) => `${'  '.repeat(l.depth)}${l.key === undefined ? '' : `${JSON.stringify(l.key)}: `}${l.text}${l.comma ? ',' : ''}`)).toEqual([
      '{',
      '  "a": [',
      '    1,',
      '    {',
      '      "b c": null',
      '    }',
      '  ],',
      '  "d": {}',
      '}',
    ]);
    expect(lines.map((l) => l.path)).toEqual(['$', '$.a', '$.a[0]', '$.a[1]', '$.a[1]["b c"]', '$.a[1]', '$.a', '$.d', '$']);
  });

  it('places an issue on its own line, and a missing key on its nearest ancestor', () => {
    const issues = [
      { path: '$.alerts[0].startsAt', message: 'Invalid ISO datetime' },
      { path: '$.alerts[0].labels.severity', message: 'required string is missing' },
      { path: '$', message: 'not a known kind' },
    ];
    const { lines } = prettyLines({ alerts: [{ startsAt: 'yesterday', labels: {} }] }, issues);
    const marked = lines.filter((l) => l.issues).map((l) => [l.path, l.issues?.map((i) => i.message)]);
    expect(marked).toEqual([
      ['$', ['not a known kind']],
      ['$.alerts[0].startsAt', ['Invalid ISO datetime']],
      ['$.alerts[0].labels', ['required string is missing']],
    ]);
  });

  it('stops at the line limit and says so', () => {
    const body = prettyLines(Array.from({ length: 100 }, (_, i) => i), [], 10);
    expect(body.lines).toHaveLength(10);
    expect(body.truncated).toBe(true);
  });

  it('draws a body nested up to MAX_DEPTH levels, and none deeper (no recursion to overflow)', () => {
    const nested = (levels: number): unknown => JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`);
    expect(drawableJson(nested(MAX_DEPTH))).toEqual(nested(MAX_DEPTH));
    expect(drawableJson(nested(MAX_DEPTH + 1))).toBeNull();
    expect(drawableJson(nested(100_000))).toBeNull();
    expect(drawableJson({ a: [{ b: 1 }], c: 'x' })).toEqual({ a: [{ b: 1 }], c: 'x' });
  });

  it('cuts paths at segment boundaries, quoted keys included', () => {
    expect(ancestors('$.a[0]["x.y"].b')).toEqual(['$.a[0]["x.y"].b', '$.a[0]["x.y"]', '$.a[0]', '$.a', '$']);
    expect(ancestors('$')).toEqual(['$']);
  });

  it('reads a huge array only as far as the lines it draws', () => {
    // Counts the items read: mapping the whole array first read all of them, for 5,000 lines.
    let read = 0;
    const items = new Proxy(Array.from({ length: 1_000_000 }, (_, i) => i), {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) read++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const { lines, truncated } = prettyLines({ items });
    expect([lines.length, truncated]).toEqual([5000, true]);
    expect(read).toBeLessThanOrEqual(5000);
  });
});

describe('diff', () => {
  it('aligns the lines two bodies share and marks the rest', () => {
    const { lines } = diffLines(['{', '"a": 1,', '"b": 2', '}'], ['{', '"a": 1,', '"b": 3,', '"c": 4', '}']);
    expect(lines.map((o) => (o.op === 'gap' ? '' : `${o.op === 'same' ? ' ' : o.op === 'add' ? '+' : '-'}${o.text}`))).toEqual([' {', ' "a": 1,', '-"b": 2', '+"b": 3,', '+"c": 4', ' }']);
  });

  it('shrinks a long diff to the changes with a few lines of context, and cuts it at its limit', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i}`);
    const changed = lines.map((line, i) => (i === 100 || i === 900 ? `${line} changed` : line));
    const short = diffLines(lines, changed, 50);
    const shown = short.lines.map((o) => (o.op === 'gap' ? `… ${o.lines}` : `${o.op === 'same' ? ' ' : o.op === 'add' ? '+' : '-'}${o.text}`));
    expect(shown).toEqual([
      '… 97',
      ' line 97',
      ' line 98',
      ' line 99',
      '-line 100',
      '+line 100 changed',
      ' line 101',
      ' line 102',
      ' line 103',
      '… 793',
      ' line 897',
      ' line 898',
      ' line 899',
      '-line 900',
      '+line 900 changed',
      ' line 901',
      ' line 902',
      ' line 903',
      '… 96',
    ]);
    expect([short.changes, short.cut]).toEqual([4, 0]);
    // Changes everywhere: cut at the limit, the rest counted.
    const all = diffLines(lines, lines.map((line) => `${line}!`), 50);
    expect([all.lines.length, all.changes, all.cut]).toEqual([50, 2000, 1950]);
    // Within the limit, nothing is left out.
    expect(diffLines(lines, changed, 2000).lines).toHaveLength(1002);
  });

  it('compares headers by name', () => {
    expect(diffHeaders([['a', '1'], ['b', '2']], [['b', '3'], ['c', '4']])).toEqual([
      { name: 'a', a: '1', b: null, same: false },
      { name: 'b', a: '2', b: '3', same: false },
      { name: 'c', a: null, b: '4', same: false },
    ]);
  });
});

describe('catalogue', () => {
  it('numbers records, links repeats to their original across sessions, and searches bodies and headers', async () => {
    const catalogue = createCatalogue(100);
    catalogue.add(captureRecord({ n: 1 }, { seq: 1 }));
    catalogue.add(captureRecord({ n: 2 }, { seq: 2, idempotencyId: 'x' }));
    // A second session in the same file: its seq 1 is the record just above, not the first one.
    catalogue.add(captureRecord({ n: 3 }, { seq: 1, headers: { 'x-trace': 'Needle' } }));
    const repeat = catalogue.add(captureRecord({ n: 3 }, { seq: 2, duplicateOf: 1, duplicateBy: 'body', idempotencyId: 'x' }));
    expect(repeat.row.duplicateOf).toBe(3);
    expect(catalogue.repeatsOf(3)).toEqual([4]);
    expect(catalogue.sameIdempotency(2)).toEqual([4]);
    expect(await catalogue.search({ text: 'needle' })).toEqual([3]);
    expect(await catalogue.search({ text: '"n":3' })).toEqual([3, 4]);
  });

  it('searches the decoded text and form fields the receiver recorded, not the compressed bytes', async () => {
    const catalogue = createCatalogue(10);
    const gzipped = gzipSync('the needle in a text body').toString('base64');
    catalogue.add(captureRecord(null, { encoding: 'gzip', bodyBase64: gzipped, text: 'the needle in a text body' }));
    catalogue.add(captureRecord({ a: 1 }, { bodyBase64: gzipSync('payload={"a":1}&team=needles').toString('base64'), form: { fields: [['payload', '{"a":1}'], ['team', 'needles']], json: 'payload' } }));
    catalogue.add(captureRecord(null, { bodyBase64: Buffer.from('raw needle bytes').toString('base64') }));
    expect(await catalogue.search({ text: 'needle' })).toEqual([1, 2, 3]);
    expect(await catalogue.search({ text: 'team=needles' })).toEqual([2]);
  });

  it('finds a JSON string by its text as sent, not only as JSON escapes it: quotes, backslashes, line breaks', async () => {
    const catalogue = createCatalogue(10);
    catalogue.add(captureRecord({ msg: 'He said "hi" in C:\\temp', log: 'one\ntwo' }));
    catalogue.add(captureRecord({ msg: 'said hi' }));
    expect(await catalogue.search({ text: 'said "hi"' })).toEqual([1]);
    expect(await catalogue.search({ text: 'c:\\temp' })).toEqual([1]);
    expect(await catalogue.search({ text: 'one\ntwo' })).toEqual([1]);
    // The JSON text is searched still.
    expect(await catalogue.search({ text: 'said \\"hi\\"' })).toEqual([1]);
  });

  it('searches every record when one body nests too deep to serialize (its raw text is searched)', async () => {
    const catalogue = createCatalogue(10);
    catalogue.add(captureRecord({ hello: 'world' }));
    const deep = `${'['.repeat(5000)}"needle"${']'.repeat(5000)}`;
    catalogue.add(captureRecord(null, { bodyBase64: Buffer.from(deep).toString('base64'), body: JSON.parse(deep) }));
    expect(await catalogue.search({ text: 'hello' })).toEqual([1]);
    expect(await catalogue.search({ text: 'needle' })).toEqual([2]);
  });

  // A live session's records are mostly on disk: a search reads them all back, so it must give the
  // thread (shared with the receiver) back between slices, and stop once nobody waits for it.
  it('searches in slices that let other work run between them, and stops reading when aborted', async () => {
    const lines = Array.from({ length: 2_000 }, (_, i) => JSON.stringify(captureRecord({ i, tag: i % 500 === 0 ? 'needle' : 'hay' })));
    let reads = 0;
    const reader = { read: ({ offset }: { offset: number }) => (reads++, lines[offset] as string), bytes: async () => Buffer.alloc(0), close() {} };
    const catalogue = createCatalogue(5_000, reader);
    lines.forEach((line, i) => catalogue.add(JSON.parse(line) as CaptureRecord, { placement: { offset: i, bytes: line.length } }));
    let turns = 0;
    let searching = true;
    const count = (): void => {
      turns++;
      if (searching) setImmediate(count);
    };
    setImmediate(count);
    expect(await catalogue.search({ text: 'NEEDLE' })).toEqual([1, 501, 1_001, 1_501]);
    searching = false;
    // 2,000 records at most 256 per slice: at least seven turns of the event loop between slices.
    expect(turns).toBeGreaterThanOrEqual(7);
    expect(reads).toBe(2_000);
    reads = 0;
    const abandoned = new AbortController();
    const stopped = catalogue.search({ text: 'needle' }, abandoned.signal);
    abandoned.abort();
    expect(await stopped).toBeNull();
    expect(reads).toBeLessThanOrEqual(256);
  });

  // Read back for the detail, curl and diff, records are kept a moment parsed: bounded by their lines'
  // size too, as a record's line can be 256 MiB and sixteen of them would be gigabytes.
  it('keeps the records read last by count and by the size of their lines', () => {
    const lines = [1, 2, 3, 4].map((i) => JSON.stringify(captureRecord({ i })));
    const reads: number[] = [];
    const reader = { read: ({ offset }: { offset: number }) => (reads.push(offset), lines[offset] as string), bytes: async () => Buffer.alloc(0), close() {} };
    const catalogue = createCatalogue(10, reader);
    // As the capture file says: two of 20 Mi, one past the 32 Mi budget, one small.
    const sizes = [20 * 2 ** 20, 20 * 2 ** 20, RECENT_CHARS + 1, (lines[3] as string).length];
    lines.forEach((line, i) => catalogue.add(JSON.parse(line) as CaptureRecord, { placement: { offset: i, bytes: sizes[i] as number } }));
    const read = (id: number): unknown => catalogue.get(id)?.record.body;
    expect([read(1), read(1), read(4), read(4)]).toEqual([{ i: 1 }, { i: 1 }, { i: 4 }, { i: 4 }]);
    expect(reads).toEqual([0, 3]);
    // Each large one lets the oldest go until it fits (the first, then the small one and the second);
    // the one past the budget is never kept.
    reads.length = 0;
    [2, 1, 3, 3, 4].forEach(read);
    expect(reads).toEqual([1, 0, 2, 2, 3]);
  });

  it('searches the records it can still read, and tells of the others, which match nothing', async () => {
    const lines = ['needle', 'hay', 'needle'].map((tag, i) => JSON.stringify(captureRecord({ tag }, { seq: i + 1 })));
    const file = [...lines];
    const reader = { read: ({ offset }: { offset: number }) => file[offset] ?? '', bytes: async () => Buffer.alloc(0), close() {} };
    const catalogue = createCatalogue(10, reader);
    lines.forEach((line, i) => catalogue.add(JSON.parse(line) as CaptureRecord, { placement: { offset: i, bytes: line.length } }));
    // The file changed under the page: the first record's place holds another line now.
    file[0] = lines[1] as string;
    const unreadable: number[] = [];
    expect(await catalogue.search({ text: 'needle' }, undefined, (id) => unreadable.push(id))).toEqual([3]);
    expect(unreadable).toEqual([1]);
    expect(() => catalogue.get(1)?.record).toThrow(UnreadableRecord);
  });

  it("shows and searches a sender's UTF-8 header values as UTF-8 (Node reads them as Latin-1)", async () => {
    const catalogue = createCatalogue(10);
    const record = captureRecord({ a: 1 }, { headers: { 'x-title': Buffer.from('Café €', 'utf8').toString('latin1') } });
    catalogue.add(record);
    expect(shownHeaders(record, { showSecrets: false, secretHeaders: [] })).toContainEqual(['x-title', 'Café €']);
    expect(await catalogue.search({ text: 'café €' })).toEqual([1]);
  });

  it('reads a record without issues or warnings as having none, held whole or as its line', () => {
    const catalogue = createCatalogue(10);
    const { issues: _issues, warnings: _warnings, ...bare } = captureRecord({ a: 1 });
    const whole = catalogue.add(bare as CaptureRecord);
    const line = catalogue.add(bare as CaptureRecord, { line: JSON.stringify(bare) });
    for (const entry of [whole, line]) {
      expect(entry.row.issues).toBe(0);
      expect([entry.record.issues, entry.record.warnings]).toEqual([[], []]);
    }
  });

  it('lets the oldest lines go past its budget of characters, keeping their rows, and says so when one is asked for', async () => {
    const line = (n: number) => JSON.stringify(captureRecord({ n, pad: 'x'.repeat(50) }, { seq: n }));
    const catalogue = createCatalogue(100, undefined, 1_000);
    for (let n = 1; n <= 5; n++) catalogue.add(JSON.parse(line(n)) as CaptureRecord, { line: line(n) });
    // Two lines fit in 1,000 characters, three do not: the three oldest went, their rows stayed.
    expect(line(1).length).toBeGreaterThan(400);
    expect(line(1).length).toBeLessThan(500);
    expect(catalogue.entries().map((entry) => [entry.id, entry.letGo])).toEqual([[1, true], [2, true], [3, true], [4, false], [5, false]]);
    expect(catalogue.get(1)?.row.seq).toBe(1);
    expect(() => catalogue.get(1)?.record).toThrow(new UnreadableRecord('request #1 is no longer held: with no capture file to read it back from, the page holds the lines of its newest requests only, up to 128 Mi characters (a capture file keeps them all)'));
    expect(catalogue.get(5)?.record.body).toEqual({ n: 5, pad: 'x'.repeat(50) });
    const unreadable: number[] = [];
    expect(await catalogue.search({ text: '"n":' }, undefined, (id) => unreadable.push(id))).toEqual([4, 5]);
    expect(unreadable).toEqual([1, 2, 3]);
    // The newest line is held whatever its size.
    const large = JSON.stringify(captureRecord({ pad: 'y'.repeat(2_000) }, { seq: 6 }));
    catalogue.add(JSON.parse(large) as CaptureRecord, { line: large });
    expect(catalogue.entries().map((entry) => entry.letGo)).toEqual([true, true, true, true, true, false]);
  });

  it('counts the lines of the records it evicts out of its budget: the newest lines stay held', () => {
    const line = (n: number) => JSON.stringify(captureRecord({ n, pad: 'x'.repeat(50) }, { seq: n }));
    const catalogue = createCatalogue(2, undefined, 1_000);
    for (let n = 1; n <= 20; n++) catalogue.add(JSON.parse(line(n)) as CaptureRecord, { line: line(n) });
    expect(catalogue.entries().map((entry) => [entry.id, entry.letGo])).toEqual([[19, false], [20, false]]);
  });

  it('keeps the newest records only, with their ids', () => {
    const catalogue = createCatalogue(2);
    for (let i = 0; i < 5; i++) catalogue.add(captureRecord({ i }));
    expect(catalogue.entries().map((entry) => entry.row.id)).toEqual([4, 5]);
    expect(catalogue.get(3)).toBeUndefined();
    expect(catalogue.get(5)?.record.body).toEqual({ i: 4 });
  });

  // Past 1,024 evictions the cleared slots are cut off the columns at once: ids, rows, records kept
  // whole, by their line or by their place, and the links must all still match after the cut.
  it('keeps ids, rows, records and links right once the evicted slots are cut off', async () => {
    const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { openLineReader } = await import('../../src/capture/line-reader.js');
    const dir = await mkdtemp(join(tmpdir(), 'whk-catalogue-'));
    try {
      const lines: string[] = [];
      let offset = 0;
      const placements = new Map<number, { offset: number; bytes: number }>();
      const records = Array.from({ length: 2_500 }, (_, i) => captureRecord({ i }, { seq: i + 1, idempotencyId: `id-${i % 2}`, ...(i > 0 ? { duplicateOf: i } : {}) }));
      for (const [i, record] of records.entries()) {
        const line = JSON.stringify(record);
        placements.set(i, { offset, bytes: Buffer.byteLength(line) });
        lines.push(line);
        offset += Buffer.byteLength(line) + 1;
      }
      await writeFile(join(dir, 'capture.ndjson'), `${lines.join('\n')}\n`);
      const catalogue = createCatalogue(3, openLineReader(join(dir, 'capture.ndjson')));
      // Every third record whole, by its line, or by its place in the file.
      records.forEach((record, i) => {
        const how = i % 3;
        catalogue.add(record, how === 0 ? undefined : how === 1 ? { line: lines[i] as string } : { placement: placements.get(i) as { offset: number; bytes: number } });
      });
      expect(catalogue.entries().map((entry) => entry.row.id)).toEqual([2_498, 2_499, 2_500]);
      expect(catalogue.entries().map((entry) => entry.id)).toEqual([2_498, 2_499, 2_500]);
      expect(catalogue.get(2_497)).toBeUndefined();
      expect(catalogue.get(2_501)).toBeUndefined();
      for (const id of [2_498, 2_499, 2_500]) {
        const entry = catalogue.get(id);
        expect(entry?.record.body).toEqual({ i: id - 1 });
        expect(entry?.row.seq).toBe(id);
        expect(JSON.parse(entry?.line ?? '')).toEqual(JSON.parse(lines[id - 1] as string));
      }
      expect(JSON.parse(catalogue.rowsJson().toString())).toHaveLength(3);
      expect(catalogue.repeatsOf(2_498)).toEqual([2_499]);
      expect(catalogue.repeatsOf(2_499)).toEqual([2_500]);
      expect(catalogue.sameIdempotency(2_498)).toEqual([2_500]);
      expect(await catalogue.search({ text: '"i":2498' })).toEqual([2_499]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('drops the links of the records it no longer keeps', () => {
    const catalogue = createCatalogue(3);
    catalogue.add(captureRecord({ n: 1 }, { seq: 1, idempotencyId: 'x' }));
    catalogue.add(captureRecord({ n: 1 }, { seq: 2, duplicateOf: 1, duplicateBy: 'body', idempotencyId: 'x' }));
    catalogue.add(captureRecord({ n: 3 }, { seq: 3, idempotencyId: 'x' }));
    expect(catalogue.repeatsOf(1)).toEqual([2]);
    const late = catalogue.add(captureRecord({ n: 1 }, { seq: 4, duplicateOf: 1, duplicateBy: 'body' }));
    // Record 1 is gone: nothing links to it any more, and later repeats of it start no new link.
    expect(catalogue.get(1)).toBeUndefined();
    expect(late.row.duplicateOf).toBeNull();
    expect(catalogue.repeatsOf(1)).toEqual([]);
    expect(catalogue.sameIdempotency(2)).toEqual([3]);
    expect(catalogue.sameIdempotency(3)).toEqual([2]);
  });

  it("names the event by the kind's event header, else its mapped status", () => {
    expect(eventOf(captureRecord({ status: 'resolved', alerts: [] }, { kind: 'alertmanager' }))).toBe('resolved');
    expect(eventOf(captureRecord({ status: 'resolved' }, { kind: null }))).toBeNull();
    // A kind whose sender names the event in a header: the header says it.
    expect(eventOf(captureRecord({ ref: 'refs/heads/main' }, { kind: 'github', headers: { 'x-github-event': 'push' } }))).toBe('push');
    // The event the receiver recorded is the one shown: it decided with the whole request in hand.
    expect(eventOf(captureRecord({ ref: 'refs/heads/main' }, { kind: 'github', event: 'push', headers: { 'x-github-event': 'not-an-event' } }))).toBe('push');
  });

  it('calls a request no kind claims unknown, not invalid, unless something else is wrong with it', () => {
    const verdict = (overrides: Parameters<typeof captureRecord>[1]) => toRow(1, captureRecord({ n: 1 }, overrides), null).verdict;
    expect(verdict({ kind: 'alertmanager', valid: true })).toBe('valid');
    expect(verdict({ kind: 'alertmanager', valid: false, issues: [{ path: '$.status', message: 'required' }] })).toBe('invalid');
    expect(verdict({ kind: null, valid: false })).toBe('unknown');
    expect(verdict({ kind: null, valid: false, issues: [{ path: '$', message: 'not JSON' }] })).toBe('invalid');
  });

  it("keeps each row small whatever the sender's text: every text is cut, and search still reads the whole record", async () => {
    const huge = (start: string) => `${start}${'x'.repeat(3 * 1024 * 1024)}needle`;
    const build = JSON.parse(await readFile(new URL('../../fixtures/travis-ci/api.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    const catalogue = createCatalogue(10);
    catalogue.add(captureRecord({ ...build, state: huge('passed') }, { kind: 'travis-ci' }));
    catalogue.add(captureRecord({ a: 1 }, { method: huge('POST'), path: huge('/hook'), query: { q: huge('') }, kind: huge('custom'), event: huge('push'), encoding: huge('gzip'), receivedAt: huge('2026') }));
    const rows = catalogue.entries().map((entry) => entry.row);
    for (const entry of catalogue.entries()) expect(entry.rowJson.length).toBeLessThan(16 * 300);
    expect(catalogue.rowsJson().length).toBeLessThan(2 * 16 * 300);
    const [byState, byFields] = rows;
    expect([byState?.event?.length, byState?.event?.startsWith('passed'), byState?.event?.endsWith('…')]).toEqual([300, true, true]);
    for (const text of [byFields?.method, byFields?.path, byFields?.query, byFields?.kind, byFields?.event, byFields?.encoding, byFields?.time]) expect(text?.length).toBe(300);
    expect(await catalogue.search({ text: 'needle' })).toEqual([1, 2]);
  });

  it('rebuilds the query string', () => {
    expect(queryString({ a: '1', b: ['2', '3 4'] })).toBe('?a=1&b=2&b=3+4');
    expect(queryString({})).toBe('');
  });
});

describe('hexRows', () => {
  it('shows offset, hex and printable bytes', () => {
    expect(hexRows(Buffer.from('{"a":1}\n\u0000'))).toEqual(['00000000  7b 22 61 22 3a 31 7d 0a 00                       {"a":1}..']);
  });
});

describe('loading', () => {
  it('leaves the inspector out of a plain `whk listen`: listen.ts imports it only as a type, or dynamically', async () => {
    const source = await readFile(fileURLToPath(new URL('../../src/commands/listen.ts', import.meta.url)), 'utf8');
    expect(source).toContain("import('../inspector/server.js')");
    expect(source.match(/^import (?!type )[^;]*'\.\.\/inspector\/[^']*';$/gm)).toBeNull();
  });
});

describe('wire types', () => {
  // wire.ts imports nothing (the page is compiled for the browser from src/inspector alone), so its
  // verdicts are a copy of the capture record's: typecheck holds the two equal.
  it("names the same signature verdicts as the capture record", () => {
    type Recorded = NonNullable<CaptureRecord['signature']>;
    expectTypeOf<SignatureVerdict>().toEqualTypeOf<Recorded['verdict']>();
    expectTypeOf<NonNullable<Detail['signature']>>().toEqualTypeOf<Recorded>();
  });
});

describe('row wire', () => {
  it('decodes what it encodes, fields of one type not swapped, none left out', () => {
    // Every string and every number differs, so a swap in the order the tuple type cannot see
    // (two strings, two numbers) shows; a Row field the tuple lacks is missing from the decoded row.
    const row: Row = { id: 1, seq: 2, time: 't', method: 'm', path: '/p', query: '?q', kind: 'k', event: 'e', verdict: 'invalid', issues: 3, status: 4, size: 5, encoding: 'gzip', signature: 'expired', duplicateOf: 6, unseen: true, warnings: 7 };
    expect(decodeRow(JSON.parse(JSON.stringify(encodeRow(row))))).toEqual(row);
  });
});

describe('event hub', () => {
  /** A stand-in for an event-stream response: the events written to it, by name and data. */
  const stream = () => {
    const events: [string, string][] = [];
    const res = Object.assign(new EventEmitter(), {
      writeHead: () => res,
      write(chunk: string | Buffer) {
        const match = /^event: (\w+)\ndata: (.*)\n\n$/.exec(chunk.toString());
        if (match) events.push([match[1] as string, match[2] as string]);
        return true;
      },
      end: () => res,
    });
    return { res: res as unknown as ServerResponse, events };
  };

  it('sends a page opened while rows are gathered each row once: in its snapshot, not again after it', () => {
    vi.useFakeTimers();
    const hub = createEventHub();
    try {
      const first = stream();
      hub.open(first.res, Buffer.from('[]'));
      hub.push('[1]');
      // The second page opens before the gathered row went out; its snapshot holds that row.
      const second = stream();
      hub.open(second.res, Buffer.from('[[1]]'));
      hub.push('[2]');
      vi.advanceTimersByTime(ROWS_EVERY_MS);
      expect(first.events).toEqual([['snapshot', '[]'], ['rows', '[[1]]'], ['rows', '[[2]]']]);
      expect(second.events).toEqual([['snapshot', '[[1]]'], ['rows', '[[2]]']]);
    } finally {
      hub.close();
      vi.useRealTimers();
    }
  });
});

// It read "1 header differ".
describe("the page's count", () => {
  it('says how many requests it shows, from which on a long session keeps them, and how many the search could not read', () => {
    expect(countText(5, 5, 1, 50_000, 0)).toBe('5 requests');
    expect(countText(1, 1, 1, null, 0)).toBe('1 request');
    expect(countText(2, 5, 1, 50_000, 3)).toBe('2 of 5 requests (3 not searched: no longer readable)');
    expect(countText(2, 50_000, 34, 50_000, 1_200)).toBe('2 of 50,000 requests (1,200 not searched: no longer readable) (from #34: the page keeps the newest 50,000)');
  });
});

describe("the page's diff summary", () => {
  it('says one header or body line differs, more differ, and identical bodies', () => {
    expect(diffSummary(1, 1)).toBe('1 header differs; 1 body line differs.');
    expect(diffSummary(0, 40_000)).toBe('0 headers differ; 40,000 body lines differ.');
    expect(diffSummary(2, 0)).toBe('2 headers differ; bodies are identical.');
  });

  it('never calls bodies compared only in part identical, and says where it stopped', () => {
    const part = { a: { id: 1, lines: 50_000 }, b: { id: 2, lines: 50_000 } };
    expect(diffSummary(1, 0, part)).toBe('1 header differs; no body line differs in the first 50,000 lines of #1 and 50,000 lines of #2 (compared no further).');
    expect(diffSummary(0, 3, { ...part, b: { id: 7, lines: 12 } })).toBe('0 headers differ; 3 body lines differ in the first 50,000 lines of #1 and 12 lines of #7 (compared no further).');
  });
});
