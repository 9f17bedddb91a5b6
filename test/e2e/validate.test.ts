// whk validate: inputs of every shape, bad input, and the three formats. Most run through main() in
// process (test/helpers/main.ts: the binary's own path without a node start; a process each made
// this file one of the suite's slowest); the real binary where the process is what is checked (exit
// codes 0, 1 and 2 as the shell sees them, stdin as a pipe, each format's output as written before
// the exit, names as argv hands them, a regular expression's worker that must not keep it alive),
// and as the witness of main()'s path.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { KIND_IDS } from '../../src/kinds/ids.js';
import { getKind } from '../../src/kinds/index.js';
import { captureRecord } from '../helpers/capture.js';
import { runCli, startCli } from '../helpers/cli.js';
import { runMain } from '../helpers/main.js';

const dir = mkdtempSync(join(tmpdir(), 'whk-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const sample = (kind: string, seed = 1, variant?: string) => getKind(kind).sample({ seed, variant }) as Record<string, unknown>;

describe.concurrent('whk validate', () => {
  it('a valid file: exit 0, nothing on stdout, the summary on stderr naming the detected kind', async () => {
    const path = file('ok.json', JSON.stringify(sample('metaplane-incident'), null, 2));
    const result = await runCli(['validate', path]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('1 payload in 1 file: 1 valid, 0 invalid · metaplane-incident ×1 (detected)\n');
  });

  it('an invalid payload: exit 1, one line per issue as file:line  kind  path  message', async () => {
    const bad = { ...sample('metaplane-incident'), status: 'closed' };
    const path = file('bad.json', `\n${JSON.stringify(bad, null, 2)}\n`);
    const result = await runCli(['validate', path]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`${path}:2  metaplane-incident  $.status  expected one of "opened", "resolved"\n`);
    expect(result.stderr).toContain('0 valid, 1 invalid');
  });

  it("a payload's 3,000-character key is cut to 300 characters in its note, the note's words kept", async () => {
    const key = 'k'.repeat(3000);
    const path = file('long-key.json', JSON.stringify({ ...sample('metric-alert'), [key]: 1 }));
    const result = await runMain(['validate', path]);
    expect(result.code).toBe(0);
    // The key is cut; what the note says of it stays.
    expect(result.stdout).toBe(`${path}:1  metric-alert  note  ${`$.${key}`.slice(0, 299)}… is not in the schema (a newer sender field?)\n`);
  });

  it('NDJSON: each line its own payload, reported by its line', async () => {
    const flat = sample('hertzbeat-alarm', 1, 'flat');
    const lines = [sample('metric-alert'), sample('impressions'), { ...flat, priority: 5 }, sample('metaplane-incident', 3, 'legacy')];
    const path = file('many.ndjson', `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const result = await runMain(['validate', path]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`${path}:3  hertzbeat-alarm  $.priority  must be at most 2\n`);
    expect(result.stderr).toContain('4 payloads in 1 file: 3 valid, 1 invalid');
    expect(result.stderr).toContain('metric-alert ×1 (detected), impressions ×1 (detected), hertzbeat-alarm ×1 (detected), metaplane-incident ×1 (detected)');
  });

  it('a JSON array of payloads: each element validated, issues prefixed with its index', async () => {
    const alert = sample('metric-alert', 2, 'significance');
    const bad = { ...alert, data: { ...(alert['data'] as object), alertPolicy: { name: 'x', threshold: 1, thresholdType: 'ABSOLUTE' } } };
    const path = file('list.json', JSON.stringify([alert, bad], null, 2));
    const result = await runMain(['validate', path]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`${path}:1  metric-alert  $[1].data.alertPolicy  must be null when alertType is SIGNIFICANCE\n`);
    expect(result.stderr).toContain('2 payloads in 1 file: 1 valid, 1 invalid');
  });

  it('an impressions batch is one payload, its issues at $[i]', async () => {
    const batch = getKind('impressions').sample({ seed: 4 }) as Record<string, unknown>[];
    (batch[2] as Record<string, unknown>)['properties'] = { plan: 'pro' };
    const result = await runMain(['validate', '-'], { input: JSON.stringify(batch) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('<stdin>:1  impressions  $[2].properties  must be a string (stringified JSON) or null, not an object\n');
    expect(result.stderr).toContain('1 payload in 1 file');
  });

  it('a capture file: each record\'s body validated, by the capture line', async () => {
    const grouped = sample('hertzbeat-alarm');
    const lines = [captureRecord(grouped, { kind: 'hertzbeat-alarm' }), captureRecord({ ...grouped, commonLabels: { severity: 'critical' } }, { kind: 'hertzbeat-alarm', status: 500 })];
    const path = file('captures.ndjson', `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const result = await runMain(['validate', path]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`${path}:2  hertzbeat-alarm  $.commonLabels.severity  expected one of "❤️ Critical", "💛 Warning", "💚 Info", "Unknown"\n`);
    expect(result.stderr).toContain('2 payloads in 1 file: 1 valid, 1 invalid');
  });

  it('a capture file: a record listen called unknown is unknown, a note and no failure (exit 0), skipped in JUnit; a header names the kind as listen reads it', async () => {
    const stripe = { id: 'evt_1', object: 'event', type: 'charge.succeeded' };
    const opsgenie = sample('opsgenie');
    const lines = [
      captureRecord(stripe, { valid: false, shape: { eventHeader: null, contentType: 'application/json', body: 'json', keys: Object.keys(stripe), moreKeys: 0 } }),
      captureRecord(opsgenie, { kind: 'opsgenie' }),
    ];
    const path = file('unknown-captures.ndjson', `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const result = await runMain(['validate', path]);
    expect([result.code, result.stdout]).toEqual([0, `${path}:1  unknown  note  no known kind claims it (json, application/json, keys id, object, type)\n`]);
    expect(result.stderr).toBe('2 payloads in 1 file: 1 valid, 0 invalid, 1 unknown (no kind claims them) · unknown ×1, opsgenie ×1 (detected)\n');
    const junit = await runMain(['validate', '--format', 'junit', path]);
    expect(junit.code).toBe(0);
    expect(junit.stdout).toContain('tests="2" failures="0" skipped="1"');
    // Under a GitHub push header, as listen judged it: a github push that is not one.
    const pushed = captureRecord(opsgenie, { kind: 'github', headers: { 'content-type': 'application/json', 'x-github-event': 'push' } });
    const underHeader = await runMain(['--json', 'validate', file('under-header.ndjson', `${JSON.stringify(pushed)}\n`)]);
    expect(underHeader.code).toBe(1);
    expect(JSON.parse(underHeader.stdout.split('\n')[0] as string)).toMatchObject({ kind: 'github', valid: false, issues: expect.arrayContaining([{ path: '$.ref', message: 'required property is missing' }]) });
    // A payload no kind claims (invalid) is counted apart from the unknown records (no failure): one meaning per word.
    const both = await runMain(['--json', 'validate', path, file('no-kind.json', '[[1, 2]]')]);
    expect(both.code).toBe(1);
    const objects = both.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(objects.at(-2)).toMatchObject({ kind: null, valid: false, issues: [{ path: '$[0]', message: expect.stringMatching(/^not a known kind \(an array of 2 items\)/) }] });
    expect(objects.at(-1)).toMatchObject({ invalid: 1, unknown: 1, kinds: { unknown: { count: 1, detected: 0 }, 'no kind': { count: 1, detected: 0 } } });
    expect(both.stderr).toBe('3 payloads in 2 files: 1 valid, 1 invalid, 1 unknown (no kind claims them) · unknown ×1, opsgenie ×1 (detected), no kind ×1\n');
  });

  it('a trailing comma is repaired and reported as a warning with its line; exit 0', async () => {
    const result = await runMain(['validate', 'fixtures/hertzbeat-alarm/grouped-trailing-comma.json']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("fixtures/hertzbeat-alarm/grouped-trailing-comma.json:1  hertzbeat-alarm  warning  line 20: repaired a trailing comma before '}' (not valid JSON)\n");
    expect(result.stderr).toContain('1 valid, 0 invalid, 1 with warnings');
  });

  it('a payload that is not JSON: exit 1 naming file and line', async () => {
    const path = file('notjson.json', '{\n  "target": "x",\n  "content": "say "hi"",\n}\n');
    const result = await runMain(['validate', path]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3  unknown  \\$  not valid JSON: `));
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('content that is not JSON (binary, text, nothing) is an invalid payload, exit 1, and the run goes on to the next file', async () => {
    const binary = join(dir, 'garbage.bin');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    const log = file('app.log', 'started\nlistening on 9000\n');
    const word = file('word.txt', 'hello world\n');
    const empty = file('empty.json', '');
    const good = file('good.json', JSON.stringify(sample('metric-alert')));
    const result = await runMain(['validate', binary, log, word, empty, good]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout.trimEnd().split('\n')).toEqual([
      `${binary}:3  unknown  $  not JSON: binary data (a NUL byte at byte 8)`,
      `${log}:1  unknown  $  not JSON: text (line 1 begins 'started'; the next line is not JSON either)`,
      `${word}:1  unknown  $  not valid JSON: Unexpected token 'h'`,
      `${empty}:1  unknown  $  empty input: no payload to validate`,
    ]);
    expect(result.stderr).toBe('5 payloads in 5 files: 1 valid, 4 invalid · no kind ×4, metric-alert ×1 (detected)\n');
    // `-` names stdin as its file: empty, it is an empty input like the empty file above.
    const stdin = await runCli(['validate', '-'], { input: '' });
    expect(stdin.code).toBe(1);
    expect(stdin.stdout).toBe('<stdin>:1  unknown  $  empty input: no payload to validate\n');
  });

  it('a file that starts with a byte order mark is read without it', async () => {
    const path = file('bom.json', `\ufeff${JSON.stringify(sample('metric-alert'), null, 2)}\n`);
    const result = await runMain(['validate', path]);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stderr).toBe('1 payload in 1 file: 1 valid, 0 invalid · metric-alert ×1 (detected)\n');
  });

  it('a missing file: exit 2, nothing validated', async () => {
    const ok = file('ok2.json', JSON.stringify(sample('metric-alert')));
    const result = await runCli(['validate', ok, join(dir, 'missing.json')]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`error: cannot read '${join(dir, 'missing.json')}': no such file\n`);
  });

  it('a directory: its .json, .ndjson and .jsonl files, in name order (not its subdirectories, nor dot files); none is exit 2', async () => {
    const folder = mkdtempSync(join(dir, 'folder-'));
    mkdirSync(join(folder, 'sub'));
    writeFileSync(join(folder, 'sub', 'deeper.json'), '{}');
    writeFileSync(join(folder, 'b.ndjson'), `${JSON.stringify(sample('metric-alert'))}\n{"x":1}\n`);
    writeFileSync(join(folder, 'a.json'), JSON.stringify(sample('github')));
    writeFileSync(join(folder, 'c.JSONL'), `${JSON.stringify(sample('opsgenie'))}\n`);
    writeFileSync(join(folder, '.draft.json'), '{}');
    writeFileSync(join(folder, 'notes.txt'), 'not a payload');
    // A link is followed to a file, as a shell's * follows it; one to a directory is no file.
    symlinkSync('a.json', join(folder, 'd.json'));
    symlinkSync('sub', join(folder, 'e.json'));
    const result = await runMain(['validate', folder, '--format', 'json']);
    expect(result.code).toBe(1);
    const objects = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; file?: string; line?: number; files?: number });
    expect(objects.filter((o) => o.type === 'payload').map((o) => `${o.file}:${o.line}`)).toEqual([`${join(folder, 'b.ndjson')}:2`]);
    expect(objects.at(-1)).toMatchObject({ type: 'summary', files: 4, payloads: 5, valid: 4, invalid: 1 });

    const empty = mkdtempSync(join(dir, 'empty-'));
    writeFileSync(join(empty, 'notes.txt'), 'not a payload');
    const none = await runMain(['validate', empty]);
    expect([none.code, none.stderr]).toEqual([2, `error: '${empty}' is a directory with no .json, .ndjson or .jsonl file in it (its subdirectories are not read)\n  name the files to validate, or each subdirectory\n`]);
  });

  it('a pattern no shell expanded (quoted): the files its last part matches, in name order; none is exit 2', async () => {
    const folder = mkdtempSync(join(dir, 'pattern-'));
    // Made out of order: read in name order.
    writeFileSync(join(folder, 'alert-2.json'), '{"second":2}');
    writeFileSync(join(folder, 'alert-1.json'), '{"first":1}');
    writeFileSync(join(folder, 'other.json'), JSON.stringify(sample('metric-alert', 1)));
    const result = await runMain(['validate', join(folder, 'alert-*.json'), '--format', 'json']);
    expect(result.code, result.stderr).toBe(1);
    const objects = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; file?: string });
    expect(objects.map((o) => o.file ?? o.type)).toEqual([join(folder, 'alert-1.json'), join(folder, 'alert-2.json'), 'summary']);
    const all = await runMain(['validate', join(folder, '*')]);
    expect([all.code, all.stderr.trimEnd().split('\n').at(-1)]).toEqual([1, '3 payloads in 3 files: 1 valid, 2 invalid · no kind ×2, metric-alert ×1 (detected)']);

    const none = await runMain(['validate', join(folder, '*.yaml')]);
    expect([none.code, none.stderr]).toEqual([2, `error: no file matches '${join(folder, '*.yaml')}'\n`]);
    const inDirectory = await runMain(['validate', join(dir, 'pattern-*', 'alert-1.json')]);
    expect(inDirectory.code).toBe(2);
    expect(inDirectory.stderr.split('\n')[1]).toBe("  whk expands a * in a file's name, not in the directories before it: leave the pattern unquoted for the shell to expand");
  });

  it("a file whose name is not UTF-8 (a Latin-1 é) in a directory or a pattern is read by its bytes, shown with U+FFFD, and the others are validated too", async () => {
    const folder = mkdtempSync(join(dir, 'latin1-'));
    writeFileSync(join(folder, 'a.json'), JSON.stringify(sample('metric-alert', 1)));
    writeFileSync(Buffer.concat([Buffer.from(join(folder, 'b')), Buffer.from([0xe9]), Buffer.from('.json')]), '{"not":"a kind"}');
    // The shell's own expansion hands whk the name decoded, U+FFFD in place of the byte: found by it
    // all the same (through the binary: as argv hands it).
    for (const given of [[folder], [join(folder, '*.json')], [join(folder, 'a.json'), join(folder, 'b\uFFFD.json')]]) {
      const result = await (given.length === 2 ? runCli : runMain)(['validate', ...given, '--format', 'json']);
      expect(result.code, result.stderr).toBe(1);
      const objects = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; file?: string });
      expect(objects.map((o) => o.file ?? o.type)).toEqual([join(folder, 'b\uFFFD.json'), 'summary']);
      expect(result.stderr.trimEnd().split('\n').at(-1)).toBe('2 payloads in 2 files: 1 valid, 1 invalid · metric-alert ×1 (detected), no kind ×1');
    }
    const none = await runMain(['validate', join(folder, 'c\uFFFD.json')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(`error: cannot read '${join(folder, 'c\uFFFD.json')}': no such file\n  the name is not UTF-8: quote the pattern ('${folder}/*.json') or name the directory, and whk reads the name's bytes itself\n`);
  });

  it('an unknown --kind: exit 2 naming the kinds', async () => {
    const result = await runMain(['validate', '--kind', 'nope', '-'], { input: '{}' });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`known kinds: ${KIND_IDS.join(', ')}; a kind of your own is known with --schema FILE\n`);
    const schema = join(import.meta.dirname, '../../examples/order.schema.json');
    const other = await runMain(['validate', '--kind', 'my-hook', '--schema', schema, '-'], { input: '{}' });
    expect([other.code, other.stderr.trimEnd().endsWith("; your --schema's kind is 'shop-order-event'")]).toEqual([2, true]);
  });

  it("a GitHub payload of no event whk knows: the issue says what tells the event, not a header a file cannot give", async () => {
    const result = await runMain(['validate', '--kind', 'github', '-'], { input: '{"orderId":"1"}' });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/not a payload of a GitHub event whk knows \(push, .*\): no X-GitHub-Event header names one, and its keys are none of theirs \(a capture record keeps the request's header; a payload file has only its keys\)\n$/);
  });

  it('an unknown payload: exit 1 with the detection message; --kind validates it as that kind', async () => {
    const detected = await runMain(['validate', '-'], { input: '{"hello": "world"}' });
    expect(detected.code).toBe(1);
    expect(detected.stdout).toBe(`<stdin>:1  unknown  $  not a known kind (an object with hello); pass --kind to validate it as one of: ${KIND_IDS.join(', ')}\n`);
    const given = await runMain(['validate', '--kind', 'metric-alert', '-'], { input: '{"hello": "world"}' });
    expect(given.code).toBe(1);
    expect(given.stdout).toContain('<stdin>:1  metric-alert  $.type  ');
  });

  it('an ambiguous payload: exit 1 saying which kinds it could be', async () => {
    const result = await runMain(['validate', '-'], { input: '{"type": "METRIC_ALERT", "title": "x", "alerts": []}' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('ambiguous payload: it could be metric-alert, hertzbeat-alarm; pass --kind to choose');
  });

  it('new fields are notes, printed once per run, and do not fail', async () => {
    const payload = JSON.stringify({ ...sample('metric-alert'), severity: 'high' });
    const result = await runMain(['validate', '-'], { input: `${payload}\n${payload}\n` });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('<stdin>:1  metric-alert  note  $.severity is not in the schema (a newer sender field?)\n');
  });

  // Where an unlisted field comes from depends on who writes the body, which the kind declares: the
  // sender's code (a newer release), a template the user edits, or the user's own sender (--schema).
  it('a new field\'s note says what is true for who writes the body: sender code, a template, your schema', async () => {
    const code = JSON.stringify({ ...sample('metric-alert'), owner: 'x' });
    const template = JSON.stringify({ ...sample('datadog-monitor', 1, 'default-body'), runbook: 'https://runbooks.example.com/db' });
    const builtIn = await runMain(['validate', '-'], { input: `${code}\n${template}\n` });
    expect(builtIn.code).toBe(0);
    expect(builtIn.stdout).toBe(
      '<stdin>:1  metric-alert  note  $.owner is not in the schema (a newer sender field?)\n' +
        '<stdin>:2  datadog-monitor  note  $.runbook is not in the default template (added by an edited template?)\n',
    );
    const order = JSON.stringify({ event: 'order.created', orderId: 'ord_1', total: 3, createdAt: '2026-03-04T10:15:30Z', couponCode: 'SPRING' });
    const custom = await runMain(['validate', '--schema', join(import.meta.dirname, '../../examples/order.schema.json'), '-'], { input: `${order}\n` });
    expect(custom.code).toBe(0);
    expect(custom.stdout).toBe('<stdin>:1  shop-order-event  note  $.couponCode is not in your schema\n');
  });

  // A pattern that backtracks catastrophically on a value held whk for hours; the test is now stopped
  // (after whk's 100 ms) and the payload reported. Exiting at all shows the worker keeps no one waiting.
  it('--schema with a pattern that backtracks: the value is an issue (exit 1), the file is checked to the end', async () => {
    const schema = file('names.schema.json', JSON.stringify({ title: 'names', type: 'object', properties: { name: { type: 'string', pattern: '^(a+)+$' } } }));
    const input = file('names.ndjson', `${JSON.stringify({ name: `${'a'.repeat(40)}!` })}\n${JSON.stringify({ name: 'aaa' })}\n`);
    const result = await runCli(['validate', '--schema', schema, input]);
    expect(result.stdout).toBe(`${input}:1  names  $.name  pattern ^(a+)+$ took longer than 100 ms on a 41-character value; whk stopped it (the pattern backtracks)\n`);
    expect(result.stderr).toBe('2 payloads in 1 file: 1 valid, 1 invalid · names ×2\n');
    expect(result.code).toBe(1);
  });

  it('--schema whose $refs loop: exit 2, one line saying so, not a stack overflow or a verdict on every payload', async () => {
    const pair = file('pair.schema.json', JSON.stringify({ $defs: { a: { $ref: '#/$defs/b' }, b: { $ref: '#/$defs/a' } }, $ref: '#/$defs/a' }));
    const self = file('self.schema.json', JSON.stringify({ title: 'self', $ref: '#' }));
    const a = await runMain(['validate', '--schema', pair, '-'], { input: '{}\n' });
    expect([a.code, a.stdout]).toEqual([2, '']);
    expect(a.stderr.split('\n')[0]).toBe(`error: cannot use the JSON Schema in '${pair}': its $refs loop (#/$defs/a → #/$defs/b → #/$defs/a)`);
    const b = await runMain(['validate', '--schema', self, '-'], { input: '{}\n' });
    expect([b.code, b.stdout]).toEqual([2, '']);
    expect(b.stderr.split('\n')[0]).toBe(`error: cannot use the JSON Schema in '${self}': its $refs loop (# → #), so it cannot check any payload`);
  });

  it('--schema requiring "constructor" and "toString": {} is invalid (Object.prototype\'s are not the payload\'s)', async () => {
    const schema = file('own.schema.json', JSON.stringify({ title: 'own', type: 'object', required: ['constructor', 'toString'] }));
    const result = await runMain(['validate', '--schema', schema, '-'], { input: '{}\n' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('<stdin>:1  own  $.constructor  required property is missing\n<stdin>:1  own  $.toString  required property is missing\n');
  });

  it('--schema titled "constructor": its payloads are tallied under it, in the text and the JSON summary', async () => {
    const schema = file('constructor.schema.json', JSON.stringify({ title: 'constructor', type: 'object', required: ['a'] }));
    const input = file('constructor.ndjson', '{"a":1}\n{"b":1}\n');
    const text = await runMain(['validate', '--schema', schema, input]);
    expect([text.code, text.stderr]).toEqual([1, '2 payloads in 1 file: 1 valid, 1 invalid · constructor ×2\n']);
    const json = await runMain(['validate', '--schema', schema, input, '--format', 'json']);
    expect(JSON.parse(json.stdout.trimEnd().split('\n').at(-1) as string)).toMatchObject({ type: 'summary', kinds: { constructor: { count: 2, detected: 0 } } });
  });

  // A valid flat HertzBeat alarm, then the same with a status out of range.
  const twoAlarms = () => {
    const flat = sample('hertzbeat-alarm', 1, 'flat');
    return `${JSON.stringify(flat)}\n${JSON.stringify({ ...flat, status: 9 })}\n`;
  };

  it('--format json: one object per reported payload, then a summary object', async () => {
    const input = twoAlarms();
    const result = await runCli(['validate', '--format', 'json', '-'], { input });
    expect(result.code).toBe(1);
    const records = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toEqual([
      { type: 'payload', file: '<stdin>', line: 2, kind: 'hertzbeat-alarm', kindSource: 'detected', event: null, valid: false, issues: [{ path: '$.status', message: 'must be at most 3' }], warnings: [], notes: [] },
      { type: 'summary', files: 1, payloads: 2, valid: 1, invalid: 1, unknown: 0, warnings: 0, kinds: { 'hertzbeat-alarm': { count: 2, detected: 2 } } },
    ]);
    const global = await runMain(['--json', 'validate', '-'], { input });
    expect(global.stdout).toBe(result.stdout);
  });

  it('a run that stops with exit 2 part-way still writes its report: JUnit with the stop as an error case, JSON with the summary and why it stopped', async () => {
    const small = file('stop-small.ndjson', `${JSON.stringify(sample('metric-alert'))}\n`);
    const long = file('stop-long.ndjson', `${JSON.stringify({ hello: 'x'.repeat(2100) })}\n`);
    const stop = `'${long}': line 1 is larger than 2 KiB (--max-document)`;
    const junit = await runCli(['validate', '--max-document', '2kb', '--format', 'junit', small, long]);
    expect(junit.code).toBe(2);
    expect(junit.stdout).toContain('<testsuites name="whk validate" tests="2" failures="0" errors="1">');
    expect(junit.stdout).toContain(`<error message="${stop.replace(/'/g, '&apos;')}">`);
    expect(junit.stdout.trimEnd().endsWith('</testsuites>')).toBe(true);
    expect(junit.stderr).toBe(`error: ${stop}\n  a webhook payload is far smaller; raise --max-document if this one is meant to be read\n`);
    const json = await runMain(['validate', '--max-document', '2kb', '--format', 'json', small, long]);
    expect(json.code).toBe(2);
    expect(json.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual([expect.objectContaining({ type: 'summary', files: 2, payloads: 1, valid: 1, stopped: stop })]);
  });

  it('--format junit: one testcase per payload, failures carrying the issue lines', async () => {
    const result = await runCli(['validate', '--format', 'junit', '-'], { input: twoAlarms() });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="whk validate" tests="2" failures="1">/);
    expect(result.stdout).toContain('<testcase name="&lt;stdin&gt;:1 hertzbeat-alarm" classname="whk.validate.hertzbeat-alarm"/>');
    expect(result.stdout).toContain('<failure message="must be at most 3">&lt;stdin&gt;:2  hertzbeat-alarm  $.status  must be at most 3</failure>');
    expect(result.stdout.trim().endsWith('</testsuites>')).toBe(true);
    expect(result.stderr).toContain('2 payloads in 1 file');
  });

  it('--format junit: a passing payload\'s warnings (a repaired comma) are in its testcase\'s system-out', async () => {
    const result = await runMain(['validate', '--format', 'junit', 'fixtures/hertzbeat-alarm/grouped-trailing-comma.json']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`<testcase name="fixtures/hertzbeat-alarm/grouped-trailing-comma.json:1 hertzbeat-alarm" classname="whk.validate.hertzbeat-alarm">
      <system-out>fixtures/hertzbeat-alarm/grouped-trailing-comma.json:1  hertzbeat-alarm  warning  line 20: repaired a trailing comma before &apos;}&apos; (not valid JSON)</system-out>
    </testcase>`);
  });

  it('--format with an unknown value is a usage error', async () => {
    const result = await runMain(['validate', '--format', 'xml', '-'], { input: '{}' });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("error: invalid --format: expected one of 'text', 'json', 'junit', got 'xml'\n");
  });

  it('every fixture verdict holds through the binary too', async () => {
    const valid = await runCli(['validate', 'fixtures/metric-alert/alert-policy.json', 'fixtures/impressions/default.json', 'fixtures/metaplane-incident/gen-c-labels.json', 'fixtures/hertzbeat-alarm/entity-doc-example.json']);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toBe('');
    expect(valid.stderr).toContain('4 payloads in 4 files: 4 valid, 0 invalid');
  });
});

// Captures `whk listen --save` wrote of QA's requests (test/fixtures/captures): listen-detected.ndjson
// by plain listen (lines 1-4 under event headers with no JSON; 5-12 no kind's), listen-given-github.ndjson
// by `listen --kind github` (every record recorded as github, kindSource 'given').
const capture = (name: string): string => fileURLToPath(new URL(`../fixtures/captures/${name}`, import.meta.url));

describe.concurrent('whk validate of listen captures (main() in process)', () => {
  it('--kind words a record with no JSON for the kind given, as listen --kind words it, whatever kind it was recorded as', async () => {
    const lines = (await runMain(['validate', capture('listen-detected.ndjson'), '--kind', 'github'])).stdout.split('\n');
    expect(lines).toContain(`${capture('listen-detected.ndjson')}:3  github  $  the body is a form whose fields hold no JSON ({"a":), so it cannot be a github payload`);
    expect(lines).toContain(`${capture('listen-detected.ndjson')}:7  github  $  the body is empty, so it cannot be a github payload`);
    expect(lines).toContain(`${capture('listen-detected.ndjson')}:8  github  $  the body is text, not JSON, so it cannot be a github payload`);
    const gitlab = (await runMain(['validate', capture('listen-detected.ndjson'), '--kind', 'gitlab'])).stdout.split('\n');
    expect(gitlab).toContain(`${capture('listen-detected.ndjson')}:2  gitlab  $  the body is text, not JSON, so it cannot be a gitlab payload`);
    // The body's own issue (not the JSON it claims) is listen's whatever the kind.
    expect(gitlab).toContain(`${capture('listen-detected.ndjson')}:1  gitlab  $  not valid JSON: Unexpected token 'g'`);
  });

  it("a record listen was given its kind for is judged as that kind, JSON or not; other records are detected", async () => {
    const given = await runMain(['validate', capture('listen-given-github.ndjson')]);
    expect(given.stderr).toContain('12 payloads in 1 file: 0 valid, 12 invalid, 1 with warnings · github ×12\n');
    expect(given.stdout).toContain(':3  github  $  the body is a form whose fields hold no JSON ({"a":), so it cannot be a github payload');
    expect(given.stdout).toContain(':7  github  $  the body is empty, so it cannot be a github payload');
    expect(given.stdout).toMatch(/:5 {2}github {2}\$ {2}not a payload of a GitHub event whk knows/);
    const detected = await runMain(['validate', capture('listen-detected.ndjson')]);
    expect(detected.stdout).toContain(':3  gitlab (push)  $  the body is a form whose fields hold no JSON ({"a":), so it cannot be a gitlab payload');
    expect(detected.stdout).toContain(':7  unknown  note  no known kind claims it (empty)');
  });

  it('--format json: an unknown record is valid null (neither valid nor invalid), and every record names its event', async () => {
    const result = await runMain(['validate', capture('listen-detected.ndjson'), '--format', 'json']);
    const records = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>).filter((r) => r['type'] === 'payload');
    const byLine = new Map(records.map((r) => [r['line'], r]));
    expect(byLine.get(5)).toMatchObject({ kind: null, valid: null, event: null, unknown: expect.any(String) });
    expect(byLine.get(1)).toMatchObject({ kind: 'github', event: 'push', valid: false });
    expect(byLine.get(4)).toMatchObject({ kind: 'bitbucket', event: 'repo:push', valid: false });
    // Only the invalid count as valid === false: lines 1-4, 6 (a body not the JSON it claims) and 11 (read past a stray comma).
    expect(records.filter((r) => r['valid'] === false).map((r) => r['line'])).toEqual([1, 2, 3, 4, 6, 11]);
  });

  it('shows the event as listen does: github (push), in the text lines and JUnit names, and names it in the JSON', async () => {
    const text = await runMain(['validate', capture('listen-detected.ndjson')]);
    expect(text.stdout).toContain(`${capture('listen-detected.ndjson')}:1  github (push)  $  not valid JSON: Unexpected token 'g'`);
    expect(text.stdout).toContain(`${capture('listen-detected.ndjson')}:4  bitbucket (repo:push)  $  not valid JSON`);
    const junit = await runMain(['validate', capture('listen-detected.ndjson'), '--format', 'junit']);
    expect(junit.stdout).toContain(`name="${capture('listen-detected.ndjson')}:1 github (push)"`);
    const json = await runMain(['validate', capture('listen-detected.ndjson'), '--format', 'json']);
    expect(JSON.parse(json.stdout.split('\n')[0] as string)).toMatchObject({ line: 1, kind: 'github', event: 'push' });
  });
});

describe('whk validate agrees with whk listen on requests it judged invalid beyond their bodies (real binary)', () => {
  it("a signature verdict and an idempotencyId conflict are carried as listen recorded them: the same valid and invalid, the same exit code, in text and JSON", async () => {
    const save = join(dir, 'signed.ndjson');
    const listener = startCli(['listen', '--port', '0', '--count', '3', '--timeout', '15s', '--secret', 's3cret', '--save', save]);
    const url = (await listener.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;
    // Signed right; the same idempotencyId with other content, signed right; not signed at all.
    for (const args of [['--secret', 's3cret'], ['--secret', 's3cret', '--set', 'acknowledged=true'], []]) {
      const sent = await runCli(['send', 'metaplane-incident', '--seed', '1', '--url', `${url}/hook`, '-q', ...args]);
      expect(sent.code, sent.stderr).toBe(0);
    }
    const listened = await listener.exited;
    expect(listened.code).toBe(1);
    expect(listened.stdout + listened.stderr).toContain('3 requests: 1 valid, 2 invalid');
    const text = await runCli(['validate', save]);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('3 payloads in 1 file: 1 valid, 2 invalid');
    expect(text.stdout).toContain(`${save}:2  metaplane-incident  $.idempotencyId  same idempotencyId as request #1 but different bytes and content (the sender promises identical payloads per id), as recorded by listen\n`);
    expect(text.stdout).toContain(`${save}:3  metaplane-incident  $  signature header x-metaplane-sig is missing (--secret was given), as recorded by listen (validate has no secret to check it again)\n`);
    const json = await runMain(['validate', save, '--format', 'json']);
    expect(json.code).toBe(1);
    const records = json.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((r) => [r['type'], r['line'], r['valid']])).toEqual([['payload', 2, false], ['payload', 3, false], ['summary', undefined, 1]]);
    expect(records[2]).toMatchObject({ invalid: 2 });
  });
});
