// Every command that reads a capture file (replay, inspect, kind from-capture, verify --capture,
// map) judges it alike: a record that is not whole names its line and the field at fault, with a
// hint that fits whichever command ran (it said "replay reads…" for all of them); an empty file, or
// an --index past its last record, is an input error, exit 2 (replay said exit 1, verify "has no
// record 1" of an empty file). Nothing is sent from a file that fails.
// Each command line runs through main(), the binary's own path, in this process. The binary runs a
// witness of each command and of each reader that sends (replay) or reads the process's own
// devices ('-' as its stdin, /dev/zero), the FIFOs (a wait for ever would outlast this process's
// test) and whatever a signal must stop (inspect, listen).
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSharedDispatcher } from '../../src/delivery/attempt.js';
import { replay } from '../../src/index.js';
import { InputError } from '../../src/errors.js';
import { metricAlert } from '../../src/kinds/metric-alert.js';
import { startReceiver } from '../../src/receiver/server.js';
import { captureRecord } from '../helpers/capture.js';
import { expectUsageLine, runCli, startCli, type CliResult } from '../helpers/cli.js';
import { runMain } from '../helpers/main.js';
import { startServer, type TestServer } from '../helpers/server.js';

let dir = '';
let server: TestServer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'whk-capture-input-'));
  server = await startServer([200]);
});
afterAll(async () => {
  await server.close();
  // The in-process replays' connections.
  await closeSharedDispatcher();
  await rm(dir, { recursive: true, force: true });
});

/** `whk args` through main() in this process, or for a witness through the binary. */
function run(args: readonly string[], witness = false): Promise<CliResult> {
  return witness ? runCli(args) : runMain(args);
}

const HINT = '  a capture file is the NDJSON that whk listen --save writes, one record per line';
const good = JSON.stringify(captureRecord({ a: 1 }));
const { body: _body, ...bodiless } = captureRecord({ a: 1 });
const { bodyBase64: _bytes, ...byteless } = captureRecord({ a: 1 });

// [name, the file's text, the error line after 'error: ' with FILE for its path, the hint]
const FILES: readonly (readonly [string, string, string, string])[] = [
  ['no body', `${good}\n${JSON.stringify(bodiless)}\n`, "FILE:2: not a whole capture record: no 'body'", HINT],
  ['bodyBase64 a number', `${good}\n${JSON.stringify({ ...captureRecord({ a: 1 }), bodyBase64: 5 })}\n`, "FILE:2: not a whole capture record: 'bodyBase64' is not a base64 string (the body as received)", HINT],
  ['bodyBase64 not base64', `${good}\n${JSON.stringify({ ...captureRecord({ a: 1 }), bodyBase64: '!!!notbase64' })}\n`, "FILE:2: not a whole capture record: 'bodyBase64' is not a base64 string (the body as received)", HINT],
  // First: map judged a file by its first line, and mapped this record's own fields as a payload, exit 0.
  ['no bodyBase64, first', `${JSON.stringify(byteless)}\n${good}\n`, "FILE:1: not a whole capture record: no 'bodyBase64'", HINT],
  // Not a torn record (those are left out, below): a line that never began as one.
  ['a line that is not JSON', `${good}\nnot a record\n${good}\n`, 'FILE:2: not JSON, so not a capture record', HINT],
  ['issues not a list of issues', `${good}\n${JSON.stringify({ ...captureRecord({ a: 1 }), issues: [5] })}\n`, "FILE:2: not a whole capture record: 'issues' is not a list of {path, message}", HINT],
  // Called empty: "holds no capture records" did not say why.
  ['no records', '\n', "'FILE' is empty: it holds no capture records", HINT],
  ['0 bytes', '', "'FILE' is empty: it holds no capture records", HINT],
  ['white space only', ' \n\t\n  ', "'FILE' is empty: it holds no capture records", HINT],
  // A payload saved pretty-printed (whk sample alertmanager > am.json): its '{' line was "not JSON".
  [
    'one JSON document over several lines',
    `${JSON.stringify({ receiver: 'x', alerts: [{ status: 'firing' }] }, null, 2)}\n`,
    "'FILE' holds one JSON document over several lines, not capture records (one per line, as whk listen --save writes them)",
    '  to send a payload from a file: whk send <kind> --data FILE',
  ],
];

const EMPTY = ['no records', '0 bytes', 'white space only'];

// [command, its arguments around the file, whether it takes --index, the FILES row its binary witness reads]
const COMMANDS: readonly (readonly [string, (file: string) => string[], boolean, string])[] = [
  ['replay', (file) => ['replay', file, '--url', server.url], true, 'no body'],
  ['inspect', (file) => ['inspect', file, '--port', '0'], false, 'no records'],
  ['kind from-capture', (file) => ['kind', 'from-capture', file, '--name', 'acme', '--out', '-'], true, 'bodyBase64 not base64'],
  ['verify --capture', (file) => ['verify', 'github', '--secret', 's', '--capture', file], true, 'a line that is not JSON'],
  ['map', (file) => ['map', file, '--kind', 'alertmanager'], true, 'no bodyBase64, first'],
];

const cases = COMMANDS.flatMap(([command, args, , witness]) =>
  FILES
    // An empty file is no capture file to map: map reads it as a payload (not JSON, exit 2 too).
    // A JSON document is a payload to map.
    // (e2e/map.test.ts calls such a payload file empty too.)
    .filter(([name]) => !(command === 'map' && (EMPTY.includes(name) || name === 'one JSON document over several lines')))
    // inspect shows a file's whole records and leaves the others out, saying so (e2e/inspect.test.ts).
    .filter(([name]) => !(command === 'inspect' && !EMPTY.includes(name) && name !== 'one JSON document over several lines'))
    .map(([name, text, line, hint], n) => ({ command, name, args, text, line, hint, n, binary: name === witness })),
);

describe('reliability: every reader of a capture file', () => {
  it('every command has a binary witness among the files it is given', () => {
    expect(COMMANDS.map(([command]) => cases.filter((c) => c.command === command && c.binary).length)).toEqual(COMMANDS.map(() => 1));
  });

  it.concurrent.each(cases)('$command, $name: exit 2, the line and field named, a hint for any command (the binary: $binary)', async ({ command, args, text, line, hint, n, binary }) => {
    const file = join(dir, `${command.replace(/\W+/g, '-')}-${n}.ndjson`);
    await writeFile(file, text);
    const result = await run(args(file), binary);
    expectUsageLine(result, /./);
    expect(result.stderr).toBe(`error: ${line.replace('FILE', file)}\n${hint.replace('FILE', file)}\n`);
  });

  // A save cut short leaves a torn line that the next listen --save ends and appends after: the
  // whole file was refused for it (exit 2) though inspect showed the rest. map read this file as a
  // payload before: "--index picks a record of a capture file, and '…' is not one". replay, which
  // sends, runs the binary.
  it.concurrent.each(COMMANDS.filter(([command]) => command !== 'inspect'))('%s of a file with a torn line: left out with a warning naming it, the rest read', async (command, args) => {
    const file = join(dir, `${command.replace(/\W+/g, '-')}-torn.ndjson`);
    await writeFile(file, `${good.slice(0, 60)}\n${good}\n`);
    // A receiver of its own: the shared one proves nothing was sent from the files that failed.
    const own = await startServer([200]);
    const result = await run(args(file).map((arg) => (arg === server.url ? own.url : arg)), command === 'replay').finally(() => own.close());
    expect(own.requests).toHaveLength(command === 'replay' ? 1 : 0);
    expect(result.stderr).toContain(`warning: left out line 1 of ${file}: it is a record cut short (not JSON), as a save that stopped leaves it; whk listen ends such a line and appends after it\n`);
    expect(result.stderr).not.toMatch(/^error:/m);
    expect(result.code).not.toBe(2);
  });

  // validate judged a torn line as a payload, 'not valid JSON' (exit 1), where every reader above
  // leaves it out; the first line too, once a record follows (alone, it is the file's one error).
  it.concurrent.each([
    ['first', (torn: string, whole: string) => `${torn}\n${whole}\n${whole}\n`, 1],
    ['in the middle', (torn: string, whole: string) => `${whole}\n${torn}\n${whole}\n`, 2],
  ] as const)('validate of a file with a torn line %s: left out with the readers\' warning, not an invalid payload', async (where, text, line) => {
    const whole = JSON.stringify(captureRecord(metricAlert.sample({ seed: 1 }), { kind: 'metric-alert' }));
    const file = join(dir, `validate-torn-${line}.ndjson`);
    await writeFile(file, text(whole.slice(0, 60), whole));
    const result = await run(['validate', file, '--format', 'json'], where === 'first');
    expect(result.code, `${where}: ${result.stdout}${result.stderr}`).toBe(0);
    expect(result.stderr).toContain(`warning: left out line ${line} of ${file}: it is a record cut short (not JSON), as a save that stopped leaves it; whk listen ends such a line and appends after it\n`);
    const objects = result.stdout.trimEnd().split('\n').map((json) => JSON.parse(json) as Record<string, unknown>);
    expect(objects).toEqual([expect.objectContaining({ type: 'summary', payloads: 2, valid: 2, invalid: 0 })]);
  });

  // validate read past the stray comma and judged the record (valid), where replay and the other
  // readers, parsing whk's own lines strictly, leave it out as a line cut short.
  it.concurrent.each([
    ['validate', (file: string) => ['validate', file, '--format', 'json']],
    ['replay', (file: string) => ['replay', file, '--url', 'http://127.0.0.1:9', '--json']],
  ] as const)('%s of a file with a record line holding a stray comma: left out as a line cut short, as every reader leaves it', async (command, args) => {
    const whole = JSON.stringify(captureRecord(metricAlert.sample({ seed: 1 }), { kind: 'metric-alert' }));
    const file = join(dir, `${command}-stray-comma.ndjson`);
    await writeFile(file, `${whole}\n${whole.replace(/}$/, ',}')}\n${whole}\n`);
    const result = await run(args(file));
    expect(result.stderr).toContain(`warning: left out line 2 of ${file}: it is a record cut short (not JSON), as a save that stopped leaves it; whk listen ends such a line and appends after it\n`);
    if (command === 'validate') {
      expect(result.code, result.stdout).toBe(0);
      expect(result.stdout.trimEnd().split('\n').map((json) => JSON.parse(json) as Record<string, unknown>)).toEqual([expect.objectContaining({ type: 'summary', payloads: 2, valid: 2, invalid: 0 })]);
    }
  });

  it.concurrent.each(COMMANDS.filter(([, , index]) => index))('%s --index past the last record: exit 2, saying how many it holds', async (command, args) => {
    const file = join(dir, `${command.replace(/\W+/g, '-')}-index.ndjson`);
    await writeFile(file, `${good}\n\n${good}\n`);
    const result = await run([...args(file), '--index', '3']);
    expectUsageLine(result, /./);
    expect(result.stderr).toBe(`error: '${file}' has no record 3: it holds 2 records\n  --index counts the records of the capture file from 1\n`);
  });

  // replay reads its file twice (checked whole, then sent) and inspect reads lines back from their
  // place: a FIFO, opened again, waited for a writer for ever; a pipe (<(zcat …)) read as empty.
  // The binary: a wait for ever in this process would outlast the test.
  it.concurrent.each([
    ['replay', (file: string) => ['replay', file, '--url', server.url], 'replay checks the whole file before it sends, then reads it again one record at a time'],
    ['inspect', (file: string) => ['inspect', file, '--port', '0'], 'inspect reads each record back from its place in the file when it is opened'],
  ])('%s of a FIFO: refused before it is read, exit 2', async (command, args, why) => {
    const fifo = join(dir, `${command}.fifo`);
    execFileSync('mkfifo', [fifo]);
    const result = await runCli(args(fifo));
    expectUsageLine(result, /./);
    expect(result.stderr).toBe(`error: '${fifo}' is a pipe, which can be read only once: ${why}\n  save it to a file first, e.g. cat … > captures.ndjson\n`);
  });

  it('the API\'s replay() of a FIFO: an InputError, not a wait for ever', async () => {
    const fifo = join(dir, 'api.fifo');
    execFileSync('mkfifo', [fifo]);
    await expect(replay(fifo, { url: server.url })).rejects.toThrow(InputError);
    await expect(replay(fifo, { url: server.url })).rejects.toThrow(/is a pipe, which can be read only once/);
  });

  it.concurrent.each(COMMANDS.filter(([command]) => command !== 'map'))("%s of '-': a capture file is read by its path, not from stdin", async (command, args) => {
    // The binary's stdin (and a directory with no file named '-') for one of them.
    const result = command === 'replay' ? await runCli(args('-'), { cwd: dir }) : await runMain(args('-'));
    expectUsageLine(result, /./);
    expect(result.stderr).toBe("error: cannot read '-': a capture file is read by its path, not from stdin\n  save it to a file first, then give its path\n");
  });

  // Read as text, a .ndjson.gz was "not JSON" at line 1 (map: "Unexpected token U+001F"; validate: "a NUL byte at byte 3").
  it.concurrent.each(COMMANDS)('%s of a gzip-compressed capture file: exit 2, saying so, before reading it', async (command, args) => {
    const file = join(dir, `${command.replace(/\W+/g, '-')}.ndjson.gz`);
    await writeFile(file, gzipSync(`${good}\n`));
    const result = await run(args(file), command === 'map');
    expectUsageLine(result, /./);
    if (command === 'map') expect(result.stderr).toBe(`error: '${file}' is gzip-compressed, so not JSON\n  decompress it first, e.g. gunzip -c ${file} | whk map -\n`);
    else expect(result.stderr).toBe(`error: '${file}' is gzip-compressed, so not a capture file (the NDJSON whk listen saves)\n  decompress it to a file first, e.g. gunzip -c ${file} > captures.ndjson\n`);
  });

  // A Windows shell's redirect (PowerShell's >) writes UTF-16: it was "not JSON" at line 1.
  it.concurrent.each(COMMANDS.filter(([command]) => command !== 'map'))('%s of a UTF-16 capture file: exit 2, saying so', async (command, args) => {
    const file = join(dir, `${command.replace(/\W+/g, '-')}-utf16.ndjson`);
    await writeFile(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${good}\n`, 'utf16le')]));
    const result = await run(args(file));
    expectUsageLine(result, /./);
    expect(result.stderr).toBe(`error: '${file}' is not a capture file (the NDJSON whk listen saves): it is UTF-16 text (a NUL byte beside each character, after a UTF-16 byte order mark), and JSON is read as UTF-8 (RFC 8259 §8.1): convert it to UTF-8\n`);
  });

  // Its first line, never ended, was read to 256 MB (a second, 340 MB of memory) before it failed.
  it.runIf(process.platform === 'linux').concurrent.each(COMMANDS.filter(([command]) => command !== 'map'))('%s of /dev/zero: exit 2 at its first chunk, binary data', async (command, args) => {
    const result = await run(args('/dev/zero'), command === 'replay');
    expectUsageLine(result, /./);
    expect(result.stderr).toBe(`error: '/dev/zero' holds binary data (a NUL byte at byte 0), not NDJSON\n${HINT}\n`);
  });

  it('validate of a gzip-compressed file: one invalid payload saying so', async () => {
    const file = join(dir, 'validate.ndjson.gz');
    await writeFile(file, gzipSync(`${good}\n`));
    const result = await run(['validate', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`${file}:1  unknown  $  not JSON: gzip-compressed data: decompress it first, e.g. gunzip -c FILE\n`);
  });

  // It judged the record's own fields as a payload: "not a known kind (an object with receivedAt, …)".
  it('validate of a record with no bodyBase64: invalid, in the words the capture readers use', async () => {
    const file = join(dir, 'validate-byteless.ndjson');
    await writeFile(file, `${JSON.stringify(byteless)}\n`);
    const result = await run(['validate', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`${file}:1  unknown  $  not a whole capture record: no 'bodyBase64'\n`);
  });

  it('map of one damaged record, pretty-printed: refused, not mapped as a payload of its own fields', async () => {
    const file = join(dir, 'pretty-byteless.json');
    await writeFile(file, JSON.stringify(byteless, null, 2));
    const result = await run(['map', file, '--kind', 'alertmanager']);
    expectUsageLine(result, /./);
    expect(result.stderr).toBe(`error: '${file}': not a whole capture record: no 'bodyBase64'\n  a capture record is what whk listen --save writes, one per line\n`);
  });

  // The page trusted the fields whk writes: issues [5] and form.fields 'x' made a record's detail and
  // every search answer 500; a seq of '1' read as "the capture file changed".
  it('inspect: a record with a field of another type is left out and said; one from an older whk, lacking them, is shown', async () => {
    const file = join(dir, 'inspect-types.ndjson');
    const { issues: _i, warnings: _w, valid: _v, status: _s, ...older } = captureRecord({ a: 2 }, { path: '/older' });
    const lines = [good, JSON.stringify({ ...captureRecord({ a: 1 }), seq: '1' }), JSON.stringify({ ...captureRecord({ a: 1 }), form: { fields: 'x', json: null } }), JSON.stringify(older)];
    await writeFile(file, `${lines.join('\n')}\n`);
    const cli = startCli(['inspect', file, '--port', '0']);
    const ui = (await cli.waitFor(/inspector on (http:\/\/127\.0\.0\.1:\d+\/) \(2 records from /))[1] as string;
    expect(cli.output().stderr).toContain(`warning: skipped 2 lines of ${file} that are not capture records: 2 ('seq' is not a request number), 3 ('form' is not {fields: [name, value] pairs, json, files?})\n`);
    expect((await fetch(new URL('api/search?q=a', ui))).status).toBe(200);
    const older2 = await fetch(new URL('api/records/2', ui));
    expect(older2.status).toBe(200);
    expect(((await older2.json()) as { row: { path: string } }).row.path).toBe('/older');
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  });

  it('nothing was sent from a file that failed', () => {
    expect(server.requests).toHaveLength(0);
  });
});

// A last line with no newline after it: a record listen --save is still writing, or a write cut
// short. Whole, it is a record to every reader; torn, every reader leaves it out with one warning in
// the same words (the API's replay() dropped it without a word; map, verify and kind from-capture
// too; inspect called it "not a capture record"; validate failed the file, exit 1).
describe('reliability: an unended last line, to every reader of a capture file', () => {
  const torn = `${good}\n${good.slice(0, 60)}`;
  const warning = (file: string): string => `warning: left out line 2 of ${file}: it has no newline after it and is not a whole record (not JSON); whk listen may still be writing it\n`;
  const readers: readonly (readonly [string, (file: string) => string[]])[] = [
    ...COMMANDS.filter(([command]) => command !== 'inspect' && command !== 'replay').map(([command, args]) => [command, args] as const),
    ['validate', (file) => ['validate', file]],
  ];

  it.concurrent.each(readers)('%s: a torn one is left out with the warning replay gives, the record before it read', async (command, args) => {
    const file = join(dir, `unended-${command.replace(/\W+/g, '-')}.ndjson`);
    await writeFile(file, torn);
    const result = await run(args(file));
    expect(result.code, result.stderr).not.toBe(2);
    expect(result.stderr).toContain(warning(file));
    expect(result.stderr).not.toContain('error');
  });

  it.concurrent.each(readers)('%s: a whole one is a record, no warning', async (command, args) => {
    const file = join(dir, `ended-${command.replace(/\W+/g, '-')}.ndjson`);
    await writeFile(file, good);
    const result = await run(args(file));
    expect(result.code, result.stderr).not.toBe(2);
    expect(result.stderr).not.toContain('warning');
  });

  it('inspect: the same warning, the record before it shown', async () => {
    const file = join(dir, 'unended-inspect.ndjson');
    await writeFile(file, torn);
    const cli = startCli(['inspect', file, '--port', '0']);
    await cli.waitFor(/inspector on http:\/\/127\.0\.0\.1:\d+\/ \(1 record from /);
    expect(cli.output().stderr).toContain(warning(file));
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  });

  it("the API's replay(): the record before it sent, onWarning told in the command's words; a whole one sent too", async () => {
    const target = await startServer([200]);
    try {
      const file = join(dir, 'unended-api.ndjson');
      await writeFile(file, torn);
      const told: string[] = [];
      const results = await replay(file, { url: target.url, onWarning: (message) => told.push(message) });
      expect(results.map((r) => [r.index, r.delivered])).toEqual([[1, true]]);
      expect(told).toEqual([warning(file).replace(/^warning: /, '').trimEnd()]);
      await writeFile(file, `${good}\n${good}`);
      expect((await replay(file, { url: target.url, onWarning: (message) => told.push(message) })).map((r) => r.index)).toEqual([1, 2]);
      expect(told).toHaveLength(1);
      expect(target.requests).toHaveLength(3);
    } finally {
      await target.close();
    }
  });
});

// listen --save appends to a file that is there: one that is no capture file (a payload, a log, a
// gzip given by mistake) was appended to without a word, spoiling it, and no reader could read the
// records back (its first line stops them).
describe('reliability: listen --save of a file that is there', () => {
  const sorted = JSON.stringify(Object.fromEntries(Object.entries(captureRecord({ a: 1 })).sort(([a], [b]) => a.localeCompare(b))));
  it.concurrent.each([
    ['a log', 'started\nstopped\n', 'line 1: not JSON'],
    ['a payload', '\n{"a":1}\n', "line 2: no 'receivedAt'"],
    ['a gzip', gzipSync(`${good}\n`), 'binary data, gzip-compressed'],
  ])('%s: refused before listening, exit 2, the file untouched', async (name, content, why) => {
    const file = join(dir, `save-${name.replace(/\W+/g, '-')}`);
    await writeFile(file, content);
    const result = await run(['listen', '--port', '0', '--save', file, '--count', '1'], name === 'a log');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: '${file}' is not a capture file (${why}): records appended to it would spoil it\n  name a new file, or a capture file whk listen saved\n`);
    expect(await readFile(file)).toEqual(Buffer.from(content));
  });

  it.concurrent.each([
    ['a torn first record', `${good.slice(0, 40)}`],
    ['a record with its keys sorted (jq -S)', `${sorted}\n`],
    ['blank lines, then a record', `\n\n${good}\n`],
  ])('%s: taken as a capture file, listened on', async (name, content) => {
    const file = join(dir, `save-ok-${name.replace(/\W+/g, '-')}`);
    await writeFile(file, content);
    // The receiver whk listen runs, on the file: it would throw the refusal above.
    await (await startReceiver({ port: 0, save: file })).close();
    // One through the binary, stopped as a person stops it.
    if (name !== 'blank lines, then a record') return;
    await writeFile(file, content);
    const cli = startCli(['listen', '--port', '0', '--save', file]);
    await cli.waitFor(/listening on/);
    cli.child.kill('SIGINT');
    await cli.exited;
    expect(cli.output().stderr).not.toContain('error');
  });
});
