// Issue 19.15 (replay): a record missing `headers`, or with fields of the wrong type, printed "this
// is a bug in whk" (exit 1), after the good records before it had been sent. The whole file is
// checked first: one line naming the record, exit 2, nothing sent.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureRecord } from '../../src/capture/record.js';
import { captureRecord } from '../helpers/capture.js';
import { runCli } from '../helpers/cli.js';
import { startServer } from '../helpers/server.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'whk-records-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const good = captureRecord({ a: 1 });
const without = (field: keyof CaptureRecord): Record<string, unknown> => {
  const { [field]: _gone, ...rest } = good;
  return rest;
};

// [what is wrong, the second record, what the line must say]
const CASES: readonly (readonly [string, Record<string, unknown>, RegExp])[] = [
  ['no headers', without('headers'), /no 'headers'/],
  ['headers a string', { ...good, headers: 'content-type: application/json' }, /'headers' is not an object of strings/],
  ['a header value a number', { ...good, headers: { 'x-n': 5 } }, /'headers' is not an object of strings/],
  ['no query', without('query'), /no 'query'/],
  ['method a number', { ...good, method: 7 }, /'method' is not an HTTP method/],
  ['path null', { ...good, path: null }, /'path' is not a string/],
  ['truncated a string', { ...good, truncated: 'no' }, /'truncated' is not true or false/],
  ['kind a number', { ...good, kind: 3 }, /'kind' is not a string or null/],
  // The identity fields are named too, not "no bodyBase64/receivedAt" whatever was wrong.
  ['no body', without('body'), /no 'body'/],
  ['no receivedAt', without('receivedAt'), /no 'receivedAt'/],
  ['bodyBase64 a number', { ...good, bodyBase64: 12 }, /'bodyBase64' is not a base64 string/],
  // Buffer.from(x, 'base64') skips what is not base64: these would go out as other bytes.
  ['bodyBase64 not base64', { ...good, bodyBase64: '!!!notbase64' }, /'bodyBase64' is not a base64 string/],
  ['bodyBase64 without its padding', { ...good, bodyBase64: 'eyJhIjoxfQ' }, /'bodyBase64' is not a base64 string/],
  ['bodyBase64 padded in the middle', { ...good, bodyBase64: 'eyJh=IjoxfQ=' }, /'bodyBase64' is not a base64 string/],
];

describe('reliability: replay of records that are not whole', () => {
  it.concurrent.each(CASES.map(([name, record, message], n) => ({ name, record, message, n })))('$name: exit 2, one line, nothing sent', async ({ record, message, n }) => {
    const server = await startServer([200]);
    const file = join(dir, `captures-${n}.ndjson`);
    await writeFile(file, `${JSON.stringify(good)}\n${JSON.stringify(record)}\n${JSON.stringify(good)}\n`);
    const result = await runCli(['replay', file, '--url', `${server.url}/hook`]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^error: .*captures-\\d+\\.ndjson:2: not a whole capture record: ${message.source}`));
    expect(lines.length).toBeLessThanOrEqual(2);
    expect(result.stderr).not.toMatch(/this is a bug in whk|\n\s+at /);
    await server.close();
    expect(server.requests).toHaveLength(0);
  });
});
