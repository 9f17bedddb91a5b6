import { createHmac } from 'node:crypto';
import { appendFileSync, existsSync, linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBodyBudget } from '../../src/receiver/budget.js';
import { createDuplicateTracker, placeOf } from '../../src/receiver/duplicates.js';
import type { CaptureRecord } from '../../src/capture/record.js';
import { addressedUrl, copyHeaders, rawQueryOf, readableHeader, recordQuery, splitUrl, targetUrl } from '../../src/capture/request-fields.js';
import { serialize } from '../../src/capture/serialize.js';
import { openCaptureStore, type CaptureStore, type Placement } from '../../src/capture/store.js';
import { forwardPath } from '../../src/receiver/forward.js';
import { maskHeaders } from '../../src/receiver/redact.js';
import { createResponder, route } from '../../src/receiver/responder.js';
import { shaped, type Answer } from '../../src/receiver/answers.js';
import { ValueProblem } from '../../src/util/checks.js';
import { getScheme } from '../../src/signing/index.js';
import { captureRecord } from '../helpers/capture.js';

/** A line appended to a file never made anew, so always placed. */
async function placed(store: CaptureStore, text: string): Promise<Placement> {
  const placement = await store.append(text);
  if (!placement) throw new Error('the line was not placed');
  return placement;
}

describe('responder', () => {
  it('answers a sequence whose last status repeats', () => {
    const responder = createResponder({ statuses: [500, 500, 200] }, 1);
    expect(Array.from({ length: 5 }, () => responder.next())).toEqual([500, 500, 200, 200, 200]);
  });

  it('fails a seeded fraction, the same requests for the same seed', () => {
    const run = (seed: number) => {
      const responder = createResponder({ failRate: 0.3 }, seed);
      return Array.from({ length: 1000 }, () => responder.next());
    };
    const a = run(7);
    expect(run(7)).toEqual(a);
    expect(run(8)).not.toEqual(a);
    const failures = a.filter((s) => s === 500).length;
    expect(failures).toBeGreaterThan(240);
    expect(failures).toBeLessThan(360);
  });

  it('an answer is shaped once: Retry-After only on one that is not 2xx (its own kept), held for the delay', () => {
    const shaping = { delayMs: 20, retryAfterSeconds: 5 };
    const answer = (status: number, headers: Record<string, string> = {}): Answer => ({ status, headers, body: '', delayMs: 0 });
    expect(shaped(answer(503), shaping)).toEqual({ ...answer(503, { 'retry-after': '5' }), delayMs: 20 });
    expect(shaped(answer(200), shaping)).toEqual({ ...answer(200), delayMs: 20 });
    expect(shaped(answer(429, { 'retry-after': '60' }), shaping)).toEqual({ ...answer(429, { 'retry-after': '60' }), delayMs: 20 });
    // Shaped twice, nothing doubles: the longer delay, the one header.
    expect(shaped(shaped(answer(503), shaping), shaping)).toEqual(shaped(answer(503), shaping));
  });

  it('routes answer their paths with sequences of their own (the first match wins, * matches slashes too)', () => {
    const responder = createResponder({ statuses: [418], routes: [{ pattern: '/split', statuses: [500, 200] }, { pattern: '/hooks/*', statuses: [202] }, { pattern: '*', statuses: [204] }] }, 1);
    expect(['/split', '/hooks/a/b', '/split', '/x', '/split'].map((path) => responder.next(path))).toEqual([500, 202, 200, 204, 200]);
    const unrouted = createResponder({ statuses: [418], routes: [{ pattern: '/a.b', statuses: [202] }] }, 1);
    // Only * is special: '.' is literal.
    expect([unrouted.next('/a.b'), unrouted.next('/axb')]).toEqual([202, 418]);
  });

  it('matches a hostile path against a route of several stars without stalling (no backtracking)', () => {
    const responder = createResponder({ statuses: [418], routes: [{ pattern: '/*/*/*/end', statuses: [202] }] }, 1);
    // As a regular expression (^/.*/.*/.*/end$) a path of 2,500 slashes took some 20 s, so one of
    // 20,000 would outlast the test's timeout many times over (no timing is asserted).
    expect(responder.next(`/${'/'.repeat(20_000)}x`)).toBe(418);
    expect(responder.next(`/${'/'.repeat(20_000)}end`)).toBe(202);
  });

  it.each([
    ['/split=500,200', { pattern: '/split', statuses: [500, 200] }],
    ['/q=a=b=202', { pattern: '/q=a=b', statuses: [202] }],
    ['*=503', { pattern: '*', statuses: [503] }],
  ])('route %s', (text, parsed) => {
    expect(route(text)).toEqual(parsed);
  });

  it.each(['split=500', '/split', '/split=', '/split=99'])('route %s is refused', (text) => {
    expect(() => route(text)).toThrow(ValueProblem);
  });

  it.each(['/split?env=prod=500', '/hooks/*?x=202', '*?=503'])('route %s, with a query no path holds, is refused saying so', (text) => {
    expect(() => route(text)).toThrow(/a route matches the path alone, never the query: '.*\?.*' could never match \(leave out '\?.*'\)$/);
  });
});

describe('body budget', () => {
  it('holds what the leases keep and inflate together, refuses past either limit, and frees a lease once', () => {
    const budget = createBodyBudget({ totalBytes: 20, inflatedBytes: 4 });
    const a = budget.lease();
    const b = budget.lease();
    expect(a.keep(6)).toBe(true);
    // Refused: nothing of it is counted.
    expect(b.keep(15)).toBe(false);
    expect(b.inflate(15)).toBe(false);
    expect(b.inflate(3)).toBe(true);
    // 9 held, 3 of them inflated: 2 more inflated pass the inflated limit (4), not the total's.
    expect(a.inflate(2)).toBe(false);
    expect(a.keep(11)).toBe(true);
    expect(b.keep(1)).toBe(false);
    a.release();
    a.release();
    // a's 17 are back, once: b still holds its 3.
    const c = budget.lease();
    expect(c.keep(18)).toBe(false);
    expect(c.keep(17)).toBe(true);
    b.release();
    expect(c.inflate(3)).toBe(true);
    expect(c.inflate(1)).toBe(false);
  });
});

describe('duplicate tracker', () => {
  const HOOK = '/hook';

  const body = (text: string) => Buffer.from(text);

  it('reports identical bodies and repeated idempotency ids, and flags an id with different bytes', () => {
    const tracker = createDuplicateTracker();
    expect(tracker.check(1, HOOK, body('{"a":1}'), undefined)).toEqual({ duplicateOf: null, retryOf: null, duplicateBy: null, conflictsWith: null, reformattedOf: null });
    expect(tracker.check(2, HOOK, body('{"a":1}'), undefined)).toEqual({ duplicateOf: 1, retryOf: null, duplicateBy: 'body', conflictsWith: null, reformattedOf: null });
    expect(tracker.check(3, HOOK, body('{"id":"x","v":1}'), 'x')).toEqual({ duplicateOf: null, retryOf: null, duplicateBy: null, conflictsWith: null, reformattedOf: null });
    expect(tracker.check(4, HOOK, body('{"id":"x","v":1}'), 'x')).toEqual({ duplicateOf: 3, retryOf: null, duplicateBy: 'idempotency-id', conflictsWith: null, reformattedOf: null });
    // Other content under the id is a conflict, not the same payload again: no duplicate.
    expect(tracker.check(5, HOOK, body('{"id":"x","v":2}'), 'x')).toEqual({ duplicateOf: null, retryOf: null, duplicateBy: null, conflictsWith: 3, reformattedOf: null });
  });

  it('an answer lands on its own request however many others came and went while it was held (--delay, a forward)', () => {
    const tracker = createDuplicateTracker();
    // Held while thousands of later requests are checked and answered.
    const heldOk = tracker.check(1, HOOK, body('{"held":1}'), undefined);
    const heldFailed = tracker.check(2, HOOK, body('{"held":2}'), undefined);
    for (let seq = 3; seq < 5000; seq++) tracker.check(seq, HOOK, body(`{"n":${seq}}`), undefined).answered(seq % 2 === 0 ? 500 : 200);
    heldFailed.answered(503);
    heldOk.answered(200);
    expect(tracker.check(5000, HOOK, body('{"held":1}'), undefined)).toMatchObject({ duplicateOf: 1, retryOf: null });
    expect(tracker.check(5001, HOOK, body('{"held":2}'), undefined)).toMatchObject({ duplicateOf: null, retryOf: 2 });
    // Each of the others got its own answer: an even seq's failure makes its repeat a retry.
    expect(tracker.check(5002, HOOK, body('{"n":1026}'), undefined)).toMatchObject({ duplicateOf: null, retryOf: 1026 });
    expect(tracker.check(5003, HOOK, body('{"n":1027}'), undefined)).toMatchObject({ duplicateOf: 1027, retryOf: null });
    expect(tracker.check(5004, HOOK, body('{"n":2050}'), undefined)).toMatchObject({ duplicateOf: null, retryOf: 2050 });
  });

  it('one id in other bytes with equal parsed content (key order, whitespace) is a note, not a conflict', () => {
    const tracker = createDuplicateTracker();
    tracker.check(1, HOOK, body('{"id":"x","v":{"a":1,"b":[1,2]}}'), 'x', { id: 'x', v: { a: 1, b: [1, 2] } });
    const reordered = { v: { b: [1, 2], a: 1 }, id: 'x' };
    expect(tracker.check(2, HOOK, body(JSON.stringify(reordered, null, 2)), 'x', reordered)).toEqual({ duplicateOf: 1, retryOf: null, duplicateBy: 'idempotency-id', conflictsWith: null, reformattedOf: 1 });
    // Array order is content: a reordered array is a conflict.
    expect(tracker.check(3, HOOK, body('{"id":"x","v":{"a":1,"b":[2,1]}}'), 'x', { id: 'x', v: { a: 1, b: [2, 1] } })).toMatchObject({ conflictsWith: 1, reformattedOf: null });
  });

  it('a repeat after an answer that was not 2xx is a retry of the first; after a 2xx it is a duplicate', () => {
    const tracker = createDuplicateTracker();
    const first = tracker.check(1, HOOK, body('{"a":1}'), undefined);
    first.answered(500);
    const second = tracker.check(2, HOOK, body('{"a":1}'), undefined);
    second.answered(503);
    const third = tracker.check(3, HOOK, body('{"a":1}'), undefined);
    third.answered(200);
    const fourth = tracker.check(4, HOOK, body('{"a":1}'), undefined);
    fourth.answered(200);
    expect([first, second, third, fourth].map((r) => [r.duplicateOf, r.retryOf, r.duplicateBy])).toEqual([
      [null, null, null],
      [null, 1, null],
      [null, 1, null],
      [1, null, 'body'],
    ]);
    // By idempotency id too: a new signature or timestamp in the headers does not matter, the bytes are the same.
    tracker.check(5, HOOK, body('{"id":"x"}'), 'x').answered(429);
    expect(tracker.check(6, HOOK, body('{"id":"x"}'), 'x')).toMatchObject({ duplicateOf: null, retryOf: 5 });
    // Still unanswered (in flight): not after a failure, so a duplicate.
    tracker.check(7, HOOK, body('{"b":2}'), undefined);
    expect(tracker.check(8, HOOK, body('{"b":2}'), undefined)).toMatchObject({ duplicateOf: 7, retryOf: null });
  });

  it('the same payload at another path is a delivery of its own (one event to each of a sender\'s hooks), not a repeat', () => {
    const tracker = createDuplicateTracker();
    tracker.check(1, '/a', body('{"a":1}'), undefined).answered(200);
    tracker.check(2, '/a', body('{"id":"x"}'), 'x').answered(200);
    expect(tracker.check(3, '/b', body('{"a":1}'), undefined)).toMatchObject({ duplicateOf: null, retryOf: null });
    expect(tracker.check(4, '/b', body('{"id":"x"}'), 'x')).toMatchObject({ duplicateOf: null, retryOf: null, conflictsWith: null });
    // Back at the first path, each is a repeat again.
    expect(tracker.check(5, '/a', body('{"a":1}'), undefined)).toMatchObject({ duplicateOf: 1, duplicateBy: 'body' });
    expect(tracker.check(6, '/a', body('{"id":"x"}'), 'x')).toMatchObject({ duplicateOf: 2, duplicateBy: 'idempotency-id' });
  });

  it('a long path is remembered by a short key, and repeats at it are still found', () => {
    const long = (tail: string) => `/hook/${'p'.repeat(15 * 1024)}${tail}`;
    // An ordinary path is its own key; a long one is bounded, and two sharing a prefix stay apart.
    expect(placeOf(HOOK)).toBe(HOOK);
    expect(placeOf(long('a')).length).toBeLessThanOrEqual(256);
    expect(placeOf(long('a'))).not.toBe(placeOf(long('b')));
    const tracker = createDuplicateTracker();
    tracker.check(1, long('a'), body('{"a":1}'), undefined).answered(200);
    tracker.check(2, long('a'), body('{"id":"x"}'), 'x').answered(200);
    expect(tracker.check(3, long('a'), body('{"a":1}'), undefined)).toMatchObject({ duplicateOf: 1, duplicateBy: 'body' });
    expect(tracker.check(4, long('a'), body('{"id":"x"}'), 'x')).toMatchObject({ duplicateOf: 2, duplicateBy: 'idempotency-id' });
    expect(tracker.check(5, long('b'), body('{"a":1}'), undefined)).toMatchObject({ duplicateOf: null, retryOf: null });
    expect(tracker.check(6, long('b'), body('{"id":"x"}'), 'x')).toMatchObject({ duplicateOf: null, retryOf: null, conflictsWith: null });
  });

  it('ignores empty bodies and forgets the oldest past its capacity', () => {
    const tracker = createDuplicateTracker(2);
    expect(tracker.check(1, HOOK, Buffer.alloc(0), undefined).duplicateOf).toBeNull();
    expect(tracker.check(2, HOOK, Buffer.alloc(0), undefined).duplicateOf).toBeNull();
    tracker.check(3, HOOK, body('a'), undefined);
    tracker.check(4, HOOK, body('b'), undefined);
    tracker.check(5, HOOK, body('c'), undefined);
    expect(tracker.check(6, HOOK, body('a'), undefined).duplicateOf).toBeNull();
    expect(tracker.check(7, HOOK, body('c'), undefined).duplicateOf).toBe(5);
  });
});

describe('signatures', () => {
  const hmacSha256Hex = (secret: string, body: Buffer): string => createHmac('sha256', secret).update(body).digest('hex');
  const verifyHmacHex = (secret: string, body: Buffer, signature: string): boolean =>
    getScheme('metaplane').verify({ body, headers: { 'x-metaplane-sig': signature }, secret, now: 0, toleranceSeconds: 300 }).verdict === 'valid';

  it('verifies a hex HMAC-SHA256 of the exact bytes', () => {
    const bytes = Buffer.from('{"id":"inc_1"}');
    const signature = hmacSha256Hex('s3cret', bytes);
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyHmacHex('s3cret', bytes, signature)).toBe(true);
    // The text as sent is compared, as the senders' own verifiers do (signing/compare.ts).
    expect(verifyHmacHex('s3cret', bytes, signature.toUpperCase())).toBe(false);
    expect(verifyHmacHex('other', bytes, signature)).toBe(false);
    expect(verifyHmacHex('s3cret', Buffer.from('{"id":"inc_2"}'), signature)).toBe(false);
    expect(verifyHmacHex('s3cret', bytes, 'zz')).toBe(false);
    expect(verifyHmacHex('s3cret', bytes, signature.slice(2))).toBe(false);
  });
});

describe('redaction', () => {
  it('masks Authorization, Cookie and signature headers, keeping the scheme', () => {
    const masked = maskHeaders(
      { authorization: 'Bearer abc.def', cookie: 'sid=1', 'x-metaplane-sig': 'deadbeef', 'x-custom-signature': 'v1=aa', 'content-type': 'application/json' },
      ['x-metaplane-sig'],
    );
    expect(masked).toEqual({ authorization: 'Bearer ••••', cookie: '••••', 'x-metaplane-sig': '••••', 'x-custom-signature': '••••', 'content-type': 'application/json' });
    expect(JSON.stringify(masked)).not.toMatch(/abc\.def|sid=1|deadbeef/);
  });
});

describe('capture store', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('resolves each append only once its line is in the file, coalescing concurrent lines', async () => {
    dir = await mkdtemp(join(tmpdir(), 'whk-store-'));
    const file = join(dir, 'captures.ndjson');
    const store = await openCaptureStore(file);
    const appends = Array.from({ length: 500 }, (_, i) => store.append(JSON.stringify({ i })).then(async () => (await readFile(file, 'utf8')).includes(`{"i":${i}}\n`)));
    expect(new Set(await Promise.all(appends))).toEqual(new Set([true]));
    await store.close();
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l).i).sort((a, b) => a - b)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    await expect(store.append('{}')).rejects.toThrow(/closed/);
  });

  it('writes the lines appended so far when told to flush, in that very call, and once only', async () => {
    dir = await mkdtemp(join(tmpdir(), 'whk-store-'));
    const file = join(dir, 'flushed.ndjson');
    const store = await openCaptureStore(file);
    const settled: string[] = [];
    const first = store.append('{"a":1}').then(() => settled.push('a'));
    const second = store.append('{"b":2}').then(() => settled.push('b'));
    store.flush();
    // In the file before the call returns, not at the end of the turn.
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}\n{"b":2}\n');
    await Promise.all([first, second]);
    expect(settled).toEqual(['a', 'b']);
    // The turn's own write, still to come, finds nothing to write again.
    await new Promise((resolve) => setImmediate(resolve));
    store.flush();
    await store.close();
    expect(await readFile(file, 'utf8')).toBe('{"a":1}\n{"b":2}\n');
  });

  it('ends every line with one newline, given with it or without, in a group or alone past the size of a group', async () => {
    dir = await mkdtemp(join(tmpdir(), 'whk-store-'));
    const file = join(dir, 'newlines.ndjson');
    const store = await openCaptureStore(file);
    // Past a million characters a line is written alone, from its own buffer.
    const long = JSON.stringify({ long: 'é'.repeat(1_100_000) });
    const given = ['{"a":1}', '{"b":"ü"}\n', '', long, `${long}\n`];
    const placements = await Promise.all(given.map((line) => placed(store, line)));
    await store.close();
    const expected = given.map((line) => (line.endsWith('\n') ? line : `${line}\n`));
    expect(await readFile(file, 'utf8')).toBe(expected.join(''));
    // Each place counts the line's bytes without its newline.
    expect(placements.map((p) => p.bytes)).toEqual(expected.map((line) => Buffer.byteLength(line) - 1));
  });

  it('writes a line given in pieces piece by piece, and the line itself when the pieces are not it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'whk-store-'));
    const file = join(dir, 'parts.ndjson');
    const store = await openCaptureStore(file);
    const first = await store.append('{"a":"é"}', ['{"a":', '"é"}']);
    // Pieces left from a line since made again (longer): the line is written, not them.
    await store.append('{"b":2,"c":3}', ['{"b":2}']);
    await store.close();
    expect(await readFile(file, 'utf8')).toBe('{"a":"é"}\n{"b":2,"c":3}\n');
    expect(first?.bytes).toBe(Buffer.byteLength('{"a":"é"}'));
  });

  it('tells each line where it went: its first byte and its length, multi-byte characters counted as bytes', async () => {
    dir = await mkdtemp(join(tmpdir(), 'whk-store-'));
    const file = join(dir, 'placed.ndjson');
    // A line there already (of a record: a file of other lines is refused), 17 bytes with its newline.
    await writeFile(file, '{"receivedAt":1}\n');
    const store = await openCaptureStore(file);
    const texts = ['{"a":"é"}', '{"b":"✓✓"}', '{"c":1}'];
    // One turn: the three lines share one write, and each learns its own place in it.
    const placements = await Promise.all(texts.map((text) => placed(store, text)));
    // A later turn: a write of its own, placed after the first.
    const later = await placed(store, '{"d":"ü"}');
    await store.close();
    const bytes = await readFile(file);
    expect([...placements, later].map(({ offset, bytes: length }) => bytes.subarray(offset, offset + length).toString('utf8'))).toEqual([...texts, '{"d":"ü"}']);
    expect(placements[0]).toEqual({ offset: 17, bytes: 10 });
    expect(later.offset + later.bytes + 1).toBe(bytes.length);
  });

  it('places the lines of an all-ASCII write by their lengths, and a later one with a multi-byte character after them', async () => {
    dir = await mkdtemp(join(tmpdir(), 'whk-store-'));
    const file = join(dir, 'ascii.ndjson');
    const store = await openCaptureStore(file);
    const texts = ['{"a":1}', '{"bb":"two"}', '{"ccc":[3]}'];
    const placements = await Promise.all(texts.map((text) => placed(store, text)));
    const later = await Promise.all(['{"d":"ä"}', '{"e":5}'].map((text) => placed(store, text)));
    await store.close();
    const bytes = await readFile(file);
    expect(placements).toEqual([
      { offset: 0, bytes: 7 },
      { offset: 8, bytes: 12 },
      { offset: 21, bytes: 11 },
    ]);
    expect(later).toEqual([
      { offset: 33, bytes: 10 },
      { offset: 44, bytes: 7 },
    ]);
    expect([...placements, ...later].map(({ offset, bytes: length }) => bytes.subarray(offset, offset + length).toString('utf8'))).toEqual([...texts, '{"d":"ä"}', '{"e":5}']);
  });

  it('places lines of one turn that fill several writes, one of them longer than a write, multi-byte characters among them', async () => {
    dir = await mkdtemp(join(tmpdir(), 'whk-store-'));
    const file = join(dir, 'writes.ndjson');
    const store = await openCaptureStore(file);
    // Lines are joined into writes of about a million characters: 600 lines of 2,000 characters fill
    // more than one, and a line of 1.5 million (each a 3-byte character) goes in a write of its own.
    const small = Array.from({ length: 600 }, (_, n) => `{"n":${n},"s":"${(n % 7 === 0 ? 'é' : 'a').repeat(2_000)}"}`);
    const texts = [...small.slice(0, 300), `{"long":"${'✓'.repeat(1_500_000)}"}`, ...small.slice(300)];
    const placements = await Promise.all(texts.map((text) => placed(store, text)));
    await store.close();
    const bytes = await readFile(file);
    const read = placements.map(({ offset, bytes: length }) => bytes.subarray(offset, offset + length).toString('utf8'));
    expect(read.every((text, i) => text === texts[i])).toBe(true);
    expect(bytes.length).toBe(texts.reduce((sum, text) => sum + Buffer.byteLength(text) + 1, 0));
  });
  // Logrotate moves the file away (and may put an empty one in its place): lines written through the
  // open descriptor went to the moved file, where nothing reads the path, or were lost with it once
  // compressed and unlinked.
  it('writes to the file its path names: one moved away and made anew, or replaced, is switched to before the next lines, said once each', async () => {
    dir = await mkdtemp(join(tmpdir(), 'whk-store-'));
    const file = join(dir, 'rot.ndjson');
    const told: string[] = [];
    const store = await openCaptureStore(file, { onRemade: (change) => told.push(`${change}: ${existsSync(file) ? readFileSync(file, 'utf8') : 'none'}`) });
    const first = await placed(store, '{"a":1}');
    renameSync(file, `${file}.1`);
    writeFileSync(file, '');
    // After the switch, places in the new file are not told: the inspector's reader reads the first.
    expect(await Promise.all([store.append('{"b":2}'), store.append('{"c":3}')])).toEqual([undefined, undefined]);
    renameSync(file, `${file}.2`);
    expect(await store.append('{"d":4}')).toBeUndefined();
    await store.close();
    expect(first).toEqual({ offset: 0, bytes: 7 });
    expect(readFileSync(`${file}.1`, 'utf8')).toBe('{"a":1}\n');
    expect(readFileSync(`${file}.2`, 'utf8')).toBe('{"b":2}\n{"c":3}\n');
    expect(readFileSync(file, 'utf8')).toBe('{"d":4}\n');
    // Told before the lines went in, once per change.
    expect(told).toEqual(['replaced: ', 'moved: ']);
  });
  // It said "moved" of a file removed at its path while a hard link kept it elsewhere.
  it('says a file removed at its path is removed, even while another name of it is left (a hard link)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'whk-store-'));
    const file = join(dir, 'linked.ndjson');
    writeFileSync(file, '');
    linkSync(file, `${file}.kept`);
    const told: string[] = [];
    const store = await openCaptureStore(file, { onRemade: (change) => told.push(change) });
    await store.append('{"a":1}');
    unlinkSync(file);
    await store.append('{"b":2}');
    await store.close();
    expect(told).toEqual(['removed']);
    expect([readFileSync(`${file}.kept`, 'utf8'), readFileSync(file, 'utf8')]).toEqual(['{"a":1}\n', '{"b":2}\n']);
  });
  // Two listeners saving to one file: one looked at the file's end while the other's line was going
  // in, took it for a write cut short, and appended a newline that landed after that line's end (an
  // empty line, and a warning for a line never torn). Virtual time: the store looks again in 10 ms.
  it('waits for the end of a line another process is writing, and ends one it left standing, told apart from its own lines cut short', async () => {
    vi.useFakeTimers();
    try {
      dir = await mkdtemp(join(tmpdir(), 'whk-store-'));
      const file = join(dir, 'shared.ndjson');
      const told: string[] = [];
      const store = await openCaptureStore(file, { onTornLine: (offset, others) => told.push(`torn at ${offset}, others ${others}`), onOtherWriter: () => told.push('other writer') });
      const first = store.append('{"a":1}');
      vi.advanceTimersByTime(0);
      expect(await first).toEqual({ offset: 0, bytes: 7 });
      // The other process's line, half in the file.
      appendFileSync(file, '{"other":');
      const second = store.append('{"b":2}');
      vi.advanceTimersByTime(0);
      store.flush();
      expect(readFileSync(file, 'utf8')).toBe('{"a":1}\n{"other":');
      appendFileSync(file, '1}\n');
      vi.advanceTimersByTime(10);
      // Not placed: another writer's line may come between the look at the file's end and the write.
      expect(await second).toBeUndefined();
      expect(readFileSync(file, 'utf8')).toBe('{"a":1}\n{"other":1}\n{"b":2}\n');
      // A line left standing through a look: ended, and said to be another's.
      appendFileSync(file, '{"x":');
      const third = store.append('{"c":3}');
      vi.advanceTimersByTime(0);
      vi.advanceTimersByTime(10);
      await third;
      // On close nothing looks again: a line still unended is ended at once.
      appendFileSync(file, '{"y":');
      const last = store.append('{"d":4}');
      vi.advanceTimersByTime(0);
      await store.close();
      await last;
      expect(readFileSync(file, 'utf8')).toBe('{"a":1}\n{"other":1}\n{"b":2}\n{"x":\n{"c":3}\n{"y":\n{"d":4}\n');
      expect(told).toEqual(['other writer', 'torn at 33, others true', 'torn at 47, others true']);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('capture lines', () => {
  const base = (): CaptureRecord =>
    captureRecord(
      { a: 1 },
      { path: '/h', query: { bodyBase64: 'x","body":null,"y":"' }, headers: { 'x-a': '"bodyBase64":"' }, mapped: { bodyBase64: 'z', body: null } },
    );

  it('embeds the body text as is and reads back the same record, whatever the other fields hold', () => {
    const record = base();
    const { line } = serialize(record, '{"a":1}');
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual(JSON.parse(JSON.stringify(record)));
  });

  it('gives the line in the pieces it made it of, and none when it stringified the record whole', () => {
    const record = base();
    const { line, parts } = serialize(record, '{"a":1}');
    expect(parts?.join('')).toBe(line);
    expect(serialize(record, undefined).parts).toBeUndefined();
  });

  it('leaves the record as it was, a frozen one too (its placeholders are set on a copy)', () => {
    const record = base();
    const before = JSON.stringify(record);
    expect(serialize(record, '{"a":1}').line).toBe(before);
    expect(JSON.stringify(record)).toBe(before);
    const frozen = Object.freeze(base());
    expect(serialize(frozen, '{"a":1}').line).toBe(before);
    expect(JSON.stringify(frozen)).toBe(before);
  });

  it('splices the body in at its own place when earlier fields spell out the placeholders', () => {
    const spelled = '"bodyBase64":"","body":0';
    const record = captureRecord({ a: 1 }, { path: `/${spelled}`, query: { bodyBase64: '', body: '0' }, headers: { bodybase64: spelled, bodyBase64: '', body: '0' } });
    const { line } = serialize(record, '{"a":1}');
    expect(JSON.parse(line)).toEqual(JSON.parse(JSON.stringify(record)));
  });

  it('a body too deep to serialize is dropped with an issue, not thrown', () => {
    const record = base();
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    record.body = deep;
    const written = serialize(record, undefined);
    const parsed = JSON.parse(written.line) as CaptureRecord;
    expect(written.record).toEqual(parsed);
    expect(record.body).toBe(deep);
    expect(parsed.body).toBeNull();
    expect(parsed.valid).toBe(false);
    // Said in whk's words, not the engine's ("Maximum call stack size exceeded").
    expect(parsed.issues[0]?.message).toBe('the parsed body cannot be recorded (nested too deep to write out again as JSON); bodyBase64 holds it');
  });

  it("a map hook's value JSON cannot hold (a BigInt, a cycle) is dropped with a warning; the body and its verdict stay", () => {
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    for (const mapped of [10n, cycle]) {
      for (const bodyJson of ['{"a":1}', undefined]) {
        const record = { ...base(), valid: true, mapped };
        const written = serialize(record, bodyJson);
        const parsed = JSON.parse(written.line) as CaptureRecord;
        expect(parsed).toEqual(written.record);
        expect(parsed).toMatchObject({ body: { a: 1 }, valid: true, issues: [] });
        expect(parsed).not.toHaveProperty('mapped');
        expect(parsed.warnings).toEqual([expect.stringMatching(/^map: its value cannot be recorded \([^\n]+\)$/)]);
      }
    }
  });

  // The body kept 12345678901234567890 (its own text), mapped beside it 12345678901234567000.
  it("writes the integers past 2^53 of a map hook's value with the digits the body sent, as the body is written", () => {
    const text = '{"id":12345678901234567890,"n":[-98765432109876543210]}';
    const body = JSON.parse(text) as unknown;
    const mapped = { ok: true, values: { id: 12345678901234567890, n: -98765432109876543210 }, mapped: { oid: 12345678901234567890 }, problems: [] };
    const written = serialize(captureRecord(body, { mapped }), text);
    expect(written.line).toContain(`"body":${text},`);
    expect(written.line.endsWith('"mapped":{"ok":true,"values":{"id":12345678901234567890,"n":-98765432109876543210},"mapped":{"oid":12345678901234567890},"problems":[]}}')).toBe(true);
    expect(written.parts?.join('')).toBe(written.line);
    expect(JSON.parse(written.line)).toEqual(JSON.parse(JSON.stringify(written.record)));
    // Not drawn from the body (no text gives its digits): written as JSON reads it.
    const other = serialize(captureRecord(body, { mapped: { x: 2 ** 60 } }), text);
    expect(other.line.endsWith(`"mapped":{"x":${2 ** 60}}}`)).toBe(true);
  });

  it('shows a header value as the UTF-8 its bytes are, else as read', () => {
    const asNodeReadsIt = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');
    expect(readableHeader(asNodeReadsIt('Café – 5 €'))).toBe('Café – 5 €');
    expect(readableHeader('plain ascii')).toBe('plain ascii');
    // Latin-1 bytes that are not UTF-8 (a lone 0xE9) stay as Node read them.
    expect(readableHeader('caf\u00e9')).toBe('caf\u00e9');
  });

  it('keeps hostile header and query names as data', () => {
    const headers = copyHeaders(['__proto__', 'x', 'Set-Cookie', 'a=1', 'set-cookie', 'b=2', 'X-Dup', '1', 'x-dup', '2']);
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    expect(Object.keys(headers)).toEqual(['__proto__', 'set-cookie', 'x-dup']);
    expect(headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(headers['x-dup']).toBe('1, 2');
    expect(splitUrl('/p?__proto__=1&a=2&a=3')).toEqual({ path: '/p', query: JSON.parse('{"__proto__":"1","a":["2","3"]}') });
    expect(splitUrl('/plain/path')).toEqual({ path: '/plain/path', query: {} });
  });

  // What the sender asked for is the finding: a URL parser would record /t/../../etc/passwd as /etc/passwd.
  it('records the path as the client sent it, dot segments, escapes and backslashes included', () => {
    expect(splitUrl('/t/../../etc/passwd')).toEqual({ path: '/t/../../etc/passwd', query: {} });
    expect(splitUrl('/p/./q/..?a=1')).toEqual({ path: '/p/./q/..', query: { a: '1' } });
    expect(splitUrl('/a%20b/%2e%2e/c\\d?x=%20y')).toEqual({ path: '/a%20b/%2e%2e/c\\d', query: { x: ' y' } });
    expect(splitUrl('http://proxy.example/p/../q?x=1')).toEqual({ path: '/q', query: { x: '1' } });
  });

  // Read as a URL, '*' was recorded '/*', a path the sender never sent; and the URL a signature
  // covers was http://h:9000*, no URL at all (Twilio's check parses it).
  it('keeps a * target (OPTIONS *: the server as a whole) as *, its URL the origin alone', () => {
    expect(splitUrl('*')).toEqual({ path: '*', query: {} });
    expect(addressedUrl({ host: '127.0.0.1:9000' }, '*')).toBe('http://127.0.0.1:9000');
    expect(addressedUrl({ host: '127.0.0.1:9000' }, '/*')).toBe('http://127.0.0.1:9000/*');
  });

  it('keeps the query as sent beside the parsed one; a record without it has its query written from the parsed one', () => {
    expect(rawQueryOf('/p?a=y%20z&b=1&a=2&flag')).toBe('a=y%20z&b=1&a=2&flag');
    expect(rawQueryOf('/p?')).toBe('');
    expect(rawQueryOf('/p?x=1#frag')).toBe('x=1');
    expect(rawQueryOf('http://proxy.example/p?x=%2B')).toBe('x=%2B');
    expect(rawQueryOf('/p')).toBeUndefined();
    expect(recordQuery({ query: { a: ['y z', '2'] }, rawQuery: 'a=y%20z&a=2' })).toBe('?a=y%20z&a=2');
    expect(recordQuery({ query: { a: ['y z', '2'] } })).toBe('?a=y+z&a=2');
    expect(recordQuery({ query: {} })).toBe('');
  });

  it('reads a target of the path a client sends as a path, never as //host', () => {
    expect(splitUrl('//evil.example/hook?a=1')).toEqual({ path: '//evil.example/hook', query: { a: '1' } });
    expect(splitUrl('//?a=1')).toEqual({ path: '//', query: { a: '1' } });
    for (const target of ['//', '///', '//x', '//x/y?q']) expect(targetUrl(target, 'http://o.invalid')?.pathname).toBe(target.replace(/\?.*/, ''));
    expect(targetUrl('http://127.0.0.1:9/api/about?x=1', 'http://o.invalid')?.pathname).toBe('/api/about');
    expect(targetUrl('http://[/', 'http://o.invalid')).toBeNull();
    expect(splitUrl('http://[/')).toEqual({ path: 'http://[/', query: {} });
  });
});

describe('forwardPath', () => {
  it.each([
    ['http://127.0.0.1:3000/app', '/hooks/gh?x=1', '/app/hooks/gh?x=1'],
    ['http://127.0.0.1:3000/app/', '/hooks/gh', '/app/hooks/gh'],
    ['http://127.0.0.1:3000', '/hooks/gh?x=1', '/hooks/gh?x=1'],
    ['http://127.0.0.1:3000/app?a=1', '/hooks?b=2', '/app/hooks?a=1&b=2'],
    ['http://127.0.0.1:3000/app', '/', '/app'],
    ['http://127.0.0.1:3000/app', '/?x=%20y', '/app?x=%20y'],
    ['http://127.0.0.1:3000/app', 'http://proxy.example/p?q=1', '/app/p?q=1'],
    // A fragment (no part of a request-target, which Node takes) is left out: the app's query went behind it.
    ['http://127.0.0.1:3000/app?k=v', '/h#frag', '/app/h?k=v'],
    ['http://127.0.0.1:3000/app?k=v', '/h?q=1#frag?x', '/app/h?k=v&q=1'],
    // The asterisk-form (OPTIONS *) as such where the app URL names no path; else that path, as for '/'.
    ['http://127.0.0.1:3000', '*', '*'],
    ['http://127.0.0.1:3000/', '*', '*'],
    ['http://127.0.0.1:3000/app', '*', '/app'],
    ['http://127.0.0.1:3000/?a=1', '*', '/?a=1'],
  ])('%s + %s → %s', (app, target, path) => {
    expect(forwardPath(new URL(app), target)).toBe(path);
  });
});
