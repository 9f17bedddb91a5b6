// A user's --schema pattern that backtracks catastrophically (^(a+)+$) against a sender's value: it
// held whk's only thread for hours, and the receiver answered nobody. Now the test is stopped and the
// request recorded with that issue; the next request is answered. Over real sockets, capture file too.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { customKind } from '../../src/kinds/custom.js';
import { listKinds } from '../../src/kinds/index.js';
import { startReceiver } from '../../src/receiver/server.js';
import { post } from '../helpers/http.js';
import { closedAfterEach } from '../helpers/server.js';

let dir = '';
afterEach(() => rm(dir, { recursive: true, force: true }));
// Registered after the removal, so it runs before it: the receiver is closed, then its file removed.
const startListener = closedAfterEach(startReceiver);

// No required keys: the schema itself is the shape test, so detection runs the pattern too.
const schema = { title: 'names', type: 'object', properties: { name: { type: 'string', pattern: '^(a+)+$' } }, patternProperties: { '^(b+)+$': { type: 'string' } } };
// A small limit keeps the test quick; what is checked is the answer and the record, not the time.
const patterns = { limits: { testMs: 20, payloadMs: 50, directLength: 10 } };
// 28 characters: unguarded, ^(a+)+$ takes seconds on it (the 41 of the report take hours), so
// without the guard this test fails on its assertions instead of hanging the test run.
const hostile = (letter: string): string => `${letter.repeat(27)}!`;

describe('listen --schema with a pattern that backtracks', () => {
  it('answers and records the hostile request with the stopped pattern as its issue, then answers the next', async () => {
    dir = await mkdtemp(join(tmpdir(), 'whk-redos-'));
    const save = join(dir, 'captures.ndjson');
    const kind = customKind(schema, { source: 'names.schema.json', patterns });
    const receiver = await startListener({ kinds: [kind, ...listKinds()], save });
    const json = { 'content-type': 'application/json' };
    expect(await post(receiver.url, JSON.stringify({ name: hostile('a') }), json)).toBe(200);
    expect(await post(receiver.url, JSON.stringify({ [hostile('b')]: 'x' }), json)).toBe(200);
    expect(await post(receiver.url, JSON.stringify({ name: 'a'.repeat(40) }), json)).toBe(200);
    const records = await receiver.waitFor(3);
    expect(records.map((r) => [r.kind, r.valid, r.issues])).toEqual([
      ['names', false, [{ path: '$.name', message: 'pattern ^(a+)+$ took longer than 20 ms on a 28-character value; whk stopped it (the pattern backtracks)' }]],
      ['names', false, [{ path: '$', message: 'pattern ^(b+)+$ took longer than 20 ms on a 28-character property name; whk stopped it (the pattern backtracks)' }]],
      ['names', true, []],
    ]);
    // Acknowledged, so written: one parseable line each.
    const lines = (await readFile(save, 'utf8')).trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { valid: boolean }).valid)).toEqual([false, false, true]);
  });
});

describe('listen --schema with a pattern the regex engine cannot finish', () => {
  it('records the request with the untested pattern as its issue (the worker threw out of stack), and whk lives on', async () => {
    dir = await mkdtemp(join(tmpdir(), 'whk-regex-stack-'));
    const save = join(dir, 'captures.ndjson');
    // ^(a|b)*$ is linear, but V8 keeps a backtrack entry per character: millions of them overflow the
    // worker's stack (a RangeError, not an answer). Limits high enough for the throw to come first.
    const deep = { title: 'letters', type: 'object', properties: { letters: { type: 'string', pattern: '^(a|b)*$' } } };
    const kind = customKind(deep, { source: 'letters.schema.json', patterns: { limits: { testMs: 60_000, payloadMs: 120_000, directLength: 10 } } });
    const receiver = await startListener({ kinds: [kind, ...listKinds()], save });
    const json = { 'content-type': 'application/json' };
    expect(await post(receiver.url, JSON.stringify({ letters: 'a'.repeat(6_000_000) }), json)).toBe(200);
    expect(await post(receiver.url, JSON.stringify({ letters: 'ab'.repeat(20) }), json)).toBe(200);
    const records = await receiver.waitFor(2);
    expect(records.map((r) => [r.kind, r.valid, r.issues])).toEqual([
      ['letters', false, [{ path: '$.letters', message: 'pattern ^(a|b)*$ could not be tested on a 6000000-character value: the regular expression engine ran out of stack on it' }]],
      ['letters', true, []],
    ]);
    const lines = (await readFile(save, 'utf8')).trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { valid: boolean }).valid)).toEqual([false, true]);
  });
});
