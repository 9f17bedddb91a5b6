// The receiver core over real sockets: decoding, parsing, limits, hostile input, answers,
// duplicates, signatures, forwarding and captures.
import { createHmac, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { connect, createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, createGzip, deflateSync, gzipSync } from 'node:zlib';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { listKinds } from '../../src/kinds/index.js';
import { metricAlert } from '../../src/kinds/metric-alert.js';
import { travisCi } from '../../src/kinds/travis-ci.js';
import type { Kind } from '../../src/kinds/types.js';
import { isRecord } from '../../src/util/json.js';
import { ANSWERS_WAIT_MS } from '../../src/receiver/client-errors.js';
import { FORWARD_TIMEOUT_MS } from '../../src/receiver/forward.js';
import { DEFAULT_MAX_BODY, startReceiver, type Receiver, type ReceiverEvent, type ReceiverOptions, type ReceiverSummary } from '../../src/receiver/server.js';
import { isCaptureRecord, type CaptureRecord } from '../../src/capture/record.js';
import { summaryLines } from '../../src/ui/render-listen.js';
import { inflatedDuring } from '../helpers/inflate.js';
import { startServer, type TestServer } from '../helpers/server.js';

// A stand-in for an at-least-once, signing sender (the shape of a Metaplane incident), so these
// tests exercise the Kind seams (idempotencyId, delivery.signature) whatever kinds are registered.
const signedKind: Kind = {
  id: 'test-signed',
  title: 'a signing, at-least-once test sender',
  follows: 'test',
  bodyOrigin: 'sender-code',
  variants: [{ id: 'default', description: 'the only one' }],
  defaultVariant: 'default',
  schema: z.object({ id: z.string(), idempotencyId: z.string(), status: z.enum(['opened', 'resolved']) }).loose() as z.ZodType<unknown>,
  looksLike: (payload) => isRecord(payload) && 'idempotencyId' in payload,
  sample: () => ({ id: 'inc_1', idempotencyId: 'aWQtMQ==', status: 'opened' }),
  delivery: { ...metricAlert.delivery, success: '2xx', atLeastOnce: true, signature: { scheme: 'metaplane' } },
  idempotencyId: (payload) => (isRecord(payload) && typeof payload['idempotencyId'] === 'string' ? payload['idempotencyId'] : undefined),
  doubts: [],
};
const KINDS: readonly Kind[] = [metricAlert as Kind, signedKind];

const hmacSha256Hex = (secret: string, body: Buffer): string => createHmac('sha256', secret).update(body).digest('hex');
const alert = (seed = 1): Buffer => Buffer.from(JSON.stringify(metricAlert.sample({ seed })));
const incident = (fields: Record<string, unknown> = {}): Buffer => Buffer.from(JSON.stringify({ id: 'inc_1', idempotencyId: 'aWQtMQ==', status: 'opened', ...fields }));

let receiver: Receiver | undefined;
let app: TestServer | undefined;
let dir: string | undefined;
// What whk says of a method Node's parser does not know, after naming it.
const UNKNOWN_METHOD = "any token is a method in HTTP (RFC 9110 §9.1), but Node's HTTP parser takes only the 35 it knows (GET, POST, PUT, PATCH, DELETE, WebDAV's and a few more)";
const events: ReceiverEvent[] = [];

async function start(options: ReceiverOptions = {}): Promise<Receiver> {
  receiver = await startReceiver({ kinds: KINDS, onEvent: (event) => events.push(event), ...options });
  return receiver;
}

async function post(body: Buffer | string, headers: Record<string, string> | string[] = {}, path = '/hook', method = 'POST') {
  const response = await request(`${receiver?.url}${path}`, { method: method as 'POST', body, headers });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, text };
}

function last(): CaptureRecord {
  const record = receiver?.requests.at(-1);
  if (!record) throw new Error('no request recorded');
  return record;
}

beforeEach(() => {
  events.length = 0;
});

afterEach(async () => {
  await receiver?.close();
  await app?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  receiver = undefined;
  app = undefined;
  dir = undefined;
});

describe('receiver: listening', () => {
  it('binds 127.0.0.1 on a free port and accepts any method and path', async () => {
    const r = await start();
    expect(r.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(r.port).toBeGreaterThan(0);
    for (const [method, path] of [['POST', '/a'], ['PUT', '/deep/path?x=1&x=2&y=3'], ['DELETE', '/'], ['PATCH', '/p']] as const) {
      expect((await post(alert(), {}, path, method)).status).toBe(200);
    }
    expect(r.requests.map((q) => `${q.method} ${q.path}`)).toEqual(['POST /a', 'PUT /deep/path', 'DELETE /', 'PATCH /p']);
    expect(r.requests[1]?.query).toEqual({ x: ['1', '2'], y: '3' });
    expect(r.requests.every(isCaptureRecord)).toBe(true);
    expect(events.filter((e) => e.type === 'request')).toHaveLength(4);
  });
});

describe('receiver: decoding', () => {
  const cases: [string, (b: Buffer) => Buffer, string | undefined, string][] = [
    ['gzip with the header', gzipSync, 'gzip', 'gzip'],
    ['gzip without the header (sniffed)', gzipSync, undefined, 'gzip (sniffed)'],
    ['deflate with the header', deflateSync, 'deflate', 'deflate'],
    ['br with the header', brotliCompressSync, 'br', 'br'],
    // The record's list is the header's, an identity in it too.
    ['gzip with identity listed', gzipSync, 'identity, gzip', 'identity, gzip'],
    ['plain with no header', (b) => b, undefined, 'identity'],
  ];
  it.each(cases)('%s', async (_name, encode, header, encoding) => {
    await start();
    const raw = encode(alert());
    const answer = await post(raw, header ? { 'content-encoding': header, 'content-type': 'application/json' } : { 'content-type': 'application/json' });
    expect(answer.status).toBe(200);
    const record = last();
    expect(record).toMatchObject({ encoding, kind: 'metric-alert', valid: true, truncated: false, size: raw.length, decodedSize: alert().length });
    expect(Buffer.from(record.bodyBase64, 'base64').equals(raw)).toBe(true);
    expect(record.body).toEqual(JSON.parse(alert().toString()));
  });

  it('brotli and deflate without a header are not guessed: recorded as not JSON', async () => {
    await start();
    await post(brotliCompressSync(alert()));
    expect(last()).toMatchObject({ encoding: 'identity', valid: false, body: null });
    expect(last().issues[0]?.message).toMatch(/not valid JSON/);
  });

  // It was "not valid JSON: Unexpected token" with "4056 bytes followed the deflate data": raw
  // deflate read from the JSON's first bytes ("{\n ").
  it('pretty-printed JSON labelled deflate is said to be no deflate data, not decoded into garbage', async () => {
    await start();
    const pretty = Buffer.from(JSON.stringify(metricAlert.sample({ seed: 1 }), null, 2));
    expect((await post(pretty, { 'content-encoding': 'deflate', 'content-type': 'application/json' })).status).toBe(200);
    expect(last()).toMatchObject({ encoding: 'deflate', valid: false, body: null, warnings: [] });
    expect(last().issues).toEqual([{ path: '$', message: expect.stringMatching(/^cannot decode deflate body: it has no zlib header, and read as raw deflate its data ends after \d+ of its \d+ bytes; the body as sent reads as JSON: it looks like it was not deflate-encoded$/) }]);
  });

  it('bad gzip bytes are recorded invalid, and the receiver carries on', async () => {
    await start();
    const bad = Buffer.concat([gzipSync(alert()).subarray(0, 40), Buffer.from('garbage')]);
    expect((await post(bad, { 'content-encoding': 'gzip' })).status).toBe(200);
    expect(last()).toMatchObject({ valid: false, body: null, encoding: 'gzip', kind: null });
    expect(last().issues[0]?.message).toMatch(/cannot decode gzip body/);
    expect((await post(alert())).status).toBe(200);
    expect(last().valid).toBe(true);
  });

  it('gzip data with a newline after it: the alert is recorded valid, with a warning naming the byte', async () => {
    await start();
    const raw = Buffer.concat([gzipSync(alert()), Buffer.from('\n')]);
    expect((await post(raw, { 'content-encoding': 'gzip', 'content-type': 'application/json' })).status).toBe(200);
    expect(last()).toMatchObject({ encoding: 'gzip', kind: 'metric-alert', valid: true, size: raw.length, decodedSize: alert().length, body: JSON.parse(alert().toString()) });
    expect(last().warnings).toEqual([expect.stringMatching(/^1 byte followed the gzip data \(decoded without it\): strict receivers refuse the body: Go's compress\/gzip/)]);
    expect(Buffer.from(last().bodyBase64, 'base64').equals(raw)).toBe(true);
  });

  it('gzip bytes under Content-Encoding: identity are recorded as they came (not JSON), with a warning', async () => {
    await start();
    const raw = gzipSync(alert());
    expect((await post(raw, { 'content-encoding': 'identity', 'content-type': 'application/json' })).status).toBe(200);
    expect(last()).toMatchObject({ encoding: 'identity', valid: false, body: null, decodedSize: raw.length });
    expect(last().warnings).toEqual(["the body starts with gzip's magic bytes 1f 8b, though Content-Encoding says identity: recorded as it came, not inflated"]);
    expect(receiver?.summary()).toMatchObject({ gzip: 0, encodings: { identity: 1 } });
  });
});

describe('receiver: parsing and validation', () => {
  it('reads past a trailing comma, warning with its line; the body is not JSON, so invalid for a sender of strict JSON', async () => {
    await start();
    const text = JSON.stringify(metricAlert.sample({ seed: 2 }), null, 2).replace(/\n}$/, ',\n}');
    await post(text);
    const line = text.split('\n').length - 1;
    expect(last()).toMatchObject({ valid: false, kind: 'metric-alert', issues: [{ path: '$', message: `not valid JSON: line ${line}: a trailing comma before '}' (whk read past it to check the rest; metric-alert payloads are strict JSON)` }] });
    expect(last().warnings).toEqual([`line ${line}: repaired a trailing comma before '}' (not valid JSON)`]);
  });

  // A body of no kind with stray commas was `unknown`, counted neither valid nor invalid, as if it parsed.
  it('a body no kind claims read past a trailing comma is invalid, not unknown: no JSON parser takes it', async () => {
    await start();
    await post('{"a":1,}', { 'content-type': 'application/json' });
    expect(last()).toMatchObject({ valid: false, kind: null, issues: [{ path: '$', message: expect.stringMatching(/^not valid JSON: line 1: a trailing comma before '}' \(whk read past it; no kind claims the body/) }] });
    expect(receiver?.summary()).toMatchObject({ valid: 0, invalid: 1, unknown: 0 });
  });

  it('a form field whose JSON has stray commas: warned, and invalid for a sender of strict JSON', async () => {
    await start({ kinds: listKinds() });
    const payload = JSON.stringify(travisCi.sample({ seed: 1 })).replace(/}$/, ',}');
    await post(`payload=${encodeURIComponent(payload)}`, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(last()).toMatchObject({ valid: false, kind: 'travis-ci', issues: [{ path: '$', message: expect.stringMatching(/^not valid JSON: line 1: a trailing comma before '}'/) }] });
    expect(last().warnings).toContain("line 1: repaired a trailing comma before '}' (not valid JSON)");
  });

  it('malformed JSON is invalid with the parser message, body null, raw bytes kept', async () => {
    await start();
    await post('{"type": "METRIC_ALERT", "firedAt": ');
    expect(last()).toMatchObject({ valid: false, body: null, kind: null });
    expect(last().issues[0]).toEqual({ path: '$', message: expect.stringMatching(/not valid JSON/) });
    expect(Buffer.from(last().bodyBase64, 'base64').toString()).toBe('{"type": "METRIC_ALERT", "firedAt": ');
  });

  it('schema issues carry JSON paths; --kind forces the kind', async () => {
    await start({ kind: 'metric-alert' });
    const payload = { ...metricAlert.sample({ seed: 3 }), type: 'OTHER' };
    await post(JSON.stringify(payload));
    expect(last()).toMatchObject({ valid: false, kind: 'metric-alert', kindSource: 'given' });
    expect(last().issues).toContainEqual({ path: '$.type', message: expect.stringContaining('METRIC_ALERT') });
  });

  it('--expect makes any other kind a failure', async () => {
    await start({ expect: 'test-signed' });
    await post(alert());
    expect(last()).toMatchObject({ valid: false, kind: 'metric-alert' });
    expect(last().issues[0]?.message).toBe("expected kind 'test-signed', got 'metric-alert'");
    await post(incident());
    expect(last().valid).toBe(true);
    expect(receiver?.summary()).toMatchObject({ unexpected: 1, invalid: 1, valid: 1 });
  });

  it('hostile JSON never crashes it: __proto__ keys, deep nesting, odd header and query names', async () => {
    await start();
    await post('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}', ['__proto__', 'x'], '/h?__proto__=1&constructor=2');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(last()).toMatchObject({ valid: false, kind: null, query: { constructor: '2' } });
    expect(Object.keys(last().query)).toContain('__proto__');
    expect(Object.keys(last().headers)).toContain('__proto__');
    const depth = 200_000;
    for (const deep of ['['.repeat(depth) + ']'.repeat(depth), '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)]) {
      expect((await post(deep)).status).toBe(200);
      expect(last().valid).toBe(false);
    }
    // Forced to a kind, the schema meets the deep value itself.
    const forced = await startReceiver({ kinds: KINDS, kind: 'metric-alert' });
    try {
      const deep = '{"type":' + '['.repeat(depth) + ']'.repeat(depth) + '}';
      const answer = await request(`${forced.url}/`, { method: 'POST', body: deep });
      await answer.body.text();
      expect(answer.statusCode).toBe(200);
      expect(forced.requests[0]?.valid).toBe(false);
      // Unterminated and deep: the parser's error position search must not blow the stack either.
      const broken = await request(`${forced.url}/`, { method: 'POST', body: '['.repeat(depth) });
      await broken.body.text();
      expect(broken.statusCode).toBe(200);
      expect(forced.requests[1]?.issues[0]?.message).toMatch(/not valid JSON/);
    } finally {
      await forced.close();
    }
  });

  it('deep nesting in a body with an idempotency id is recorded and answered, and compared by content', async () => {
    dir = await mkdtemp(join(tmpdir(), 'whk-recv-'));
    const file = join(dir, 'deep.ndjson');
    await start({ save: file });
    // About 10 kB: deep enough to overflow a recursive JSON.stringify, well within any body limit.
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const first = `{"id":"inc_1","idempotencyId":"ZGVlcA==","status":"opened","labels":${deep}}`;
    expect((await post(first)).status).toBe(200);
    expect(last()).toMatchObject({ kind: 'test-signed', idempotencyId: 'ZGVlcA==', status: 200 });
    // The same content in other bytes is a reformatted repeat, not a conflict.
    expect((await post(`{ "labels": ${deep}, "status": "opened", "idempotencyId": "ZGVlcA==", "id": "inc_1" }`)).status).toBe(200);
    expect(last()).toMatchObject({ duplicateOf: 1, duplicateBy: 'idempotency-id' });
    expect((last().notes ?? []).join(' ')).toMatch(/same idempotencyId and content as request #1/);
    await receiver?.close();
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as CaptureRecord).seq)).toEqual([1, 2]);
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
  });

  // A JSON Lines body 10,000 deep was recorded body null, invalid, "(Maximum call stack size
  // exceeded)": its array was stringified again, where a JSON body's own text is spliced in.
  it('a JSON Lines body nested 10,000 deep is recorded as the array of its lines, as the same bytes as JSON are', async () => {
    dir = await mkdtemp(join(tmpdir(), 'whk-recv-'));
    const file = join(dir, 'deep-lines.ndjson');
    await start({ save: file });
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    for (const type of ['application/x-ndjson', 'application/jsonl', 'application/json']) expect((await post(deep, { 'content-type': type })).status).toBe(200);
    // Two lines, CRLF and indented, a blank line between: their texts are the array's.
    expect((await post(`{ "a": [1,\t2] }\r\n\r\n  ${deep}\r\n`, { 'content-type': 'application/x-ndjson' })).status).toBe(200);
    await receiver?.close();
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    const records = lines.map((line) => JSON.parse(line) as CaptureRecord);
    for (const record of records) expect(record).toMatchObject({ valid: false, issues: [], kind: null });
    expect(records.map((record) => record.shape?.body)).toEqual(['json array', 'json array', 'json array', 'json array']);
    expect(lines[0]).toContain(`"body":[${deep}],`);
    expect(lines[1]).toContain(`"body":[${deep}],`);
    expect(lines[2]).toContain(`"body":${deep},`);
    expect(lines[3]).toContain(`"body":[{ "a": [1,\t2] },${deep}],`);
    expect((records[3]?.body as unknown[]).length).toBe(2);
    expect((records[3]?.body as unknown[])[0]).toEqual({ a: [1, 2] });
  });
});

describe('receiver: limits', () => {
  it('an oversize body gets 413 and is still recorded, truncated and flagged', async () => {
    dir = await mkdtemp(join(tmpdir(), 'whk-recv-'));
    const save = join(dir, 'c.ndjson');
    await start({ save, limits: { maxBodyBytes: 1024 } });
    const big = Buffer.from(JSON.stringify({ data: 'x'.repeat(5000) }));
    const answer = await post(big);
    expect(answer.status).toBe(413);
    const record = last();
    expect(record).toMatchObject({ status: 413, truncated: true, valid: false, size: big.length, body: null });
    expect(Buffer.from(record.bodyBase64, 'base64').equals(big.subarray(0, 1024))).toBe(true);
    expect((await post(alert())).status).toBe(413);
    expect((await post('{"small":true}')).status).toBe(200);
    await receiver?.close();
    const lines = (await readFile(save, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as CaptureRecord);
    expect(lines.map((l) => l.status)).toEqual([413, 413, 200]);
  });

  // It was `truncated: true` with all its bytes held, so replay and verify --capture refused it as
  // incomplete; and a gzip body over the limit on the wire was recorded as `identity`.
  it('a gzip body refused only once inflated is held whole, not truncated; one over the limit on the wire keeps its encoding', async () => {
    await start({ limits: { maxBodyBytes: 1024 } });
    const small = gzipSync(JSON.stringify({ pad: 'x'.repeat(2000) }));
    expect(small.length).toBeLessThan(1024);
    const refusedInflated = await post(small, { 'content-encoding': 'gzip' });
    expect(refusedInflated.status).toBe(413);
    // The answer says why as the record does: the sender sent fewer bytes than the limit.
    expect(JSON.parse(refusedInflated.text)).toEqual({ error: 'body exceeds the limit of 1024 bytes once decompressed (its Content-Encoding undone)' });
    expect(last()).toMatchObject({ status: 413, truncated: false, encoding: 'gzip', size: small.length, bodyBase64: small.toString('base64') });
    expect(last().issues[0]?.message).toMatch(/decompressed body exceeds `maxBody`/);
    const large = gzipSync(randomBytes(3000));
    const refusedOnWire = await post(large, { 'content-encoding': 'gzip' });
    expect(refusedOnWire.status).toBe(413);
    expect(JSON.parse(refusedOnWire.text)).toEqual({ error: 'body exceeds the limit of 1024 bytes' });
    expect(last()).toMatchObject({ status: 413, truncated: true, encoding: 'gzip', size: large.length });
    expect(receiver?.summary()).toMatchObject({ truncated: 1, refusedOnceInflated: 1, gzip: 2, encodings: { gzip: 2 } });
  });

  it('a gzip bomb (1 GB of zeros) is refused with 413 without inflating it, memory stays low', async () => {
    const bomb = await gzipZeros(1024);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    await start();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
    try {
      const { bytes } = await inflatedDuring(async () => {
        const answer = await post(bomb, { 'content-encoding': 'gzip' });
        expect(answer.status).toBe(413);
        // The sniffed path is guarded the same way.
        expect((await post(bomb)).status).toBe(413);
      });
      // Each of the two inflated just past the limit (one 16 KB zlib chunk at most), not its 1 GB.
      expect(bytes).toBeGreaterThan(2 * DEFAULT_MAX_BODY);
      expect(bytes).toBeLessThanOrEqual(2 * (DEFAULT_MAX_BODY + 64 * 1024));
    } finally {
      clearInterval(sampler);
    }
    expect(peak - baseline).toBeLessThan(150 * 1024 * 1024);
    expect(receiver?.requests.map((r) => [r.status, r.truncated, r.encoding, r.decodedSize])).toEqual([
      // Every byte on the wire is held: refused once inflated, not truncated.
      [413, false, 'gzip', null],
      [413, false, 'gzip (sniffed)', null],
    ]);
    expect(last().issues[0]?.message).toMatch(/decompressed body exceeds `maxBody`/);
  });

  it('drops a connection whose headers never finish (header timeout)', async () => {
    // A second receiver with a longer limit, whose slow connection starts first: the configured
    // limits, not the order of connections or a default, decide which is dropped first.
    const patient = await startReceiver({ kinds: KINDS, limits: { headersTimeoutMs: 1500 } });
    try {
      const onPatient = await halfSentHeaders(patient.port);
      await start({ limits: { headersTimeoutMs: 300 } });
      const started = performance.now();
      const slow = await halfSentHeaders(receiver?.port ?? 0);
      await slow.closed;
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
      expect(onPatient.isOpen()).toBe(true);
      expect(slow.reply()).toMatch(/^HTTP\/1\.1 408/);
      expect(receiver?.count).toBe(0);
      // Said and counted, as the parser's refusals are: the sender was told 408 by whk.
      expect(receiver?.summary().refused).toEqual({ headerTimeout: 1, parser: 0 });
      expect(events.flatMap((event) => (event.type === 'warning' ? [event.message] : []))).toEqual([
        'a request was refused with 408 before whk could read it: its headers did not all arrive within `headerTimeout` (300ms); not recorded',
      ]);
      await onPatient.closed;
      expect(onPatient.reply()).toMatch(/^HTTP\/1\.1 408/);
      expect(patient.count).toBe(0);
    } finally {
      await patient.close();
    }
  });

  // A 408 for headers that stalled behind a request still being answered (held by `delay`) waits for
  // that answer as the parser's refusals do: written at once, the sender took it for its request's.
  it('a request answered after a delay, then one whose headers stall past the header timeout: the answer, then the 408, in order', async () => {
    await start({ respond: { delayMs: 1500 }, limits: { headersTimeoutMs: 300 } });
    const reply = await exchange(receiver?.port ?? 0, 'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}POST /b HTTP/1.1\r\nHost: x\r\n');
    expect(reply.match(/HTTP\/1\.1 \d{3} [A-Za-z ]+\r\n/g)).toEqual(['HTTP/1.1 200 OK\r\n', 'HTTP/1.1 408 Request Timeout\r\n']);
    expect(reply.slice(reply.lastIndexOf('\r\n\r\n') + 4)).toBe(JSON.stringify({ error: "its headers did not all arrive within whk's header timeout (300ms)" }));
    // The 408 came while the answer was held (its warning first), and the record says it followed.
    const told = events.map((event) => (event.type === 'warning' ? event.message : event.type));
    expect(told).toEqual(['a request was refused with 408 before whk could read it: its headers did not all arrive within `headerTimeout` (300ms); not recorded', 'request']);
    expect(last().warnings).toEqual(['the bytes that came after this request on its connection were refused with 408 (its headers did not all arrive within `headerTimeout` (300ms)), written after this 200, and the connection closed']);
    expect(last().unseen).toBeUndefined();
  });

  // A connection that sends nothing is dropped by the header timeout, by Node's check (a 408) or by
  // whk's guard (receiver/connections.ts), whichever fires first: held, a few hundred of them would
  // use up the open files and leave no sender able to connect.
  it('drops a connection that sends nothing by the header timeout, and answers the next one', async () => {
    await start({ limits: { headersTimeoutMs: 300 } });
    const started = performance.now();
    const silent = connect(receiver?.port ?? 0, '127.0.0.1');
    // Read what comes: whichever timer drops it first, Node's header timeout writes a 408 before
    // closing, and a socket that reads nothing never reaches the end of the stream, nor 'close'.
    silent.resume();
    await once(silent, 'connect');
    await once(silent, 'close');
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect((await post('{}')).status).toBe(200);
  });

  // Node's parser refused these before whk saw them: answered 400 or 431 with nothing printed, so the
  // user of a sender told 400 (or one given an https:// URL) had nothing to go on.
  it('says why a request that is not HTTP/1.1 was refused: TLS to the plain port, bare LF, headers or a path past the limit, HTTP/2', async () => {
    await start();
    const refused = async (bytes: string | Buffer): Promise<string> => {
      const socket = connect(receiver?.port ?? 0, '127.0.0.1');
      let reply = '';
      socket.on('data', (chunk: Buffer) => (reply += chunk.toString('latin1')));
      socket.write(bytes);
      await once(socket, 'close');
      return reply.split('\r\n')[0] ?? '';
    };
    const hello = Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03]);
    expect(await refused(hello)).toBe('HTTP/1.1 400 Bad Request');
    expect(await refused('POST /lf HTTP/1.1\nHost: x\nContent-Length: 2\n\n{}')).toBe('HTTP/1.1 400 Bad Request');
    expect(await refused(`POST /big HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    // Node's limit counts the request line: a path past it is no header, and was said to be one.
    expect(await refused(`POST /${'p'.repeat(65_536)} HTTP/1.1\r\nHost: x\r\n\r\n`)).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    // HTTP/2 with prior knowledge (curl --http2-prior-knowledge): its preface, then an empty SETTINGS frame.
    expect(await refused(Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]))).toBe('HTTP/1.1 400 Bad Request');
    const warnings = events.flatMap((event) => (event.type === 'warning' ? [event.message] : []));
    expect(warnings).toEqual([
      expect.stringMatching(/^a request was refused with 400 before whk could read it: it is TLS .*https:\/\/ URL.*; not recorded$/),
      expect.stringMatching(/^a request was refused with 400 before whk could read it: not valid HTTP\/1\.1 \(Expected CRLF after version\); not recorded$/),
      ...Array.from({ length: 2 }, () => "a request was refused with 431 before whk could read it: its request line and headers are larger than Node's limit (maxHeaderSize, 16 KiB by default): a path and query that long, or header fields; not recorded"),
      'a request was refused with 400 before whk could read it: it is HTTP/2 (its preface, sent with prior knowledge and without TLS), and whk listen speaks HTTP/1.1: let the sender use HTTP/1.1; not recorded',
    ]);
    expect(receiver?.count).toBe(0);
    expect(receiver?.summary().refused).toEqual({ headerTimeout: 0, parser: 5 });
    // A sender that goes away mid-request is no refusal: nothing more is said of it here.
    const gone = connect(receiver?.port ?? 0, '127.0.0.1');
    gone.resume();
    gone.end('POST /gone HTTP/1.1\r\nHost: x\r\n');
    await once(gone, 'close');
    expect((await post('{}')).status).toBe(200);
    expect(events.filter((event) => event.type === 'warning')).toHaveLength(5);
  });

  // Node answered an HTTP/1.1 request without Host 400 itself: the request never reached whk, so
  // nothing was printed or recorded, and the sender's user had nothing to go on.
  it('records a request without a Host header, with a warning that a server must refuse it (HTTP/1.0 needs none)', async () => {
    await start();
    const reply = await exchange(receiver?.port ?? 0, 'POST /nohost HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}');
    expect(reply.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(last()).toMatchObject({ path: '/nohost', status: 200, body: {} });
    expect(last().warnings).toEqual(["no Host header: HTTP/1.1 requires one, and a server must refuse such a request with 400 (RFC 9112 §3.2; Node's does)"]);
    await exchange(receiver?.port ?? 0, 'POST /old HTTP/1.0\r\nContent-Length: 2\r\n\r\n{}');
    expect(last()).toMatchObject({ path: '/old', warnings: [] });
    expect(events.filter((event) => event.type === 'warning' || event.type === 'error')).toEqual([]);
  });

  // Node keeps a chunked body's trailer fields apart from the headers: they vanished unsaid.
  it('says a chunked body ended with trailer fields, which the record does not keep; the body is whole', async () => {
    await start();
    const chunked = 'POST /trailers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sig\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\nX-Sig: abc\r\nX-Other: 1\r\nx-sig: again\r\n\r\n';
    expect((await exchange(receiver?.port ?? 0, chunked)).split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(last()).toMatchObject({ path: '/trailers', body: {}, headers: { trailer: 'X-Sig' } });
    expect(last().warnings).toEqual(["the body ended with trailer fields (x-sig, x-other): not recorded, the record keeps the request's header fields only"]);
    await exchange(receiver?.port ?? 0, 'POST /none HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n');
    expect(last()).toMatchObject({ path: '/none', warnings: [] });
  });

  // Node's parser takes `gzip, chunked` (chunked last) and undoes only chunked: the gzip came to whk
  // unsaid, inflated only because its bytes begin 1f 8b, while Go's net/http and nginx answer 501.
  it('says a Transfer-Encoding names a coding other than chunked, and reads the body as if no other were named', async () => {
    await start();
    const port = receiver?.port ?? 0;
    const json = Buffer.from('{"a":1}');
    const chunkedRequest = (path: string, transfer: string, body: Buffer): Buffer =>
      Buffer.concat([Buffer.from(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: ${transfer}\r\nConnection: close\r\n\r\n${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
    const warning = (header: string, codings: string): string =>
      `Transfer-Encoding: "${header}" names a transfer coding other than chunked (${codings}), which a server that does not understand it should refuse with 501 (RFC 9112 §6.1; Go's net/http and nginx do): whk undid only chunked, as Node does, and read the body as if no other were named: by its Content-Encoding, else gzip's magic bytes`;
    expect((await exchange(port, chunkedRequest('/gzip', 'gzip, chunked', gzipSync(json)))).split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(last()).toMatchObject({ path: '/gzip', body: { a: 1 }, encoding: 'gzip (sniffed)', bodyBase64: gzipSync(json).toString('base64') });
    expect(last().warnings).toEqual([warning('gzip, chunked', 'gzip')]);
    // Not gzip: nothing to sniff, so the deflate data is the body, not JSON.
    await exchange(port, chunkedRequest('/deflate', 'Deflate , chunked', deflateSync(json)));
    expect(last()).toMatchObject({ path: '/deflate', body: null, encoding: 'identity', valid: false });
    expect(last().warnings).toEqual([warning('Deflate , chunked', 'deflate')]);
    await exchange(port, chunkedRequest('/plain', 'Chunked', json));
    expect(last()).toMatchObject({ path: '/plain', body: { a: 1 }, warnings: [] });
    // chunked not last: Node's parser refuses it before whk sees a request (the README says so).
    expect((await exchange(port, chunkedRequest('/last', 'chunked, gzip', gzipSync(json)))).split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(last()).toMatchObject({ path: '/plain' });
  });

  // Node answered 417 itself to an Expect other than 100-continue: nothing printed, nothing recorded.
  it('records a request whose Expect is not 100-continue, with a warning; 100-continue is answered as before', async () => {
    await start();
    const reply = await exchange(receiver?.port ?? 0, 'POST /expect HTTP/1.1\r\nHost: x\r\nExpect: signed-receipt\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}');
    expect(reply.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(last()).toMatchObject({ path: '/expect', status: 200, body: {} });
    expect(last().warnings).toEqual(['Expect: "signed-receipt" asks for what HTTP does not define (only 100-continue): a server may refuse it with 417 (RFC 9110 §10.1.1; Node\'s does)']);
    const continued = await exchange(receiver?.port ?? 0, 'POST /continue HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}');
    expect(continued).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
    expect(last()).toMatchObject({ path: '/continue', warnings: [] });
  });

  // Node dropped a CONNECT's connection without an answer, and printed nothing.
  it('refuses a CONNECT with 501 and says why (whk is no proxy); the receiver goes on', async () => {
    await start();
    const reply = await exchange(receiver?.port ?? 0, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
    expect(reply.split('\r\n')[0]).toBe('HTTP/1.1 501 Not Implemented');
    expect(events.flatMap((event) => (event.type === 'warning' ? [event.message] : []))).toEqual([
      "a request was refused with 501 before whk could read it: CONNECT example.com:443 asks for a proxy tunnel, and whk listen is no proxy (is it set as the sender's HTTP proxy?); not recorded",
    ]);
    expect(receiver?.count).toBe(0);
    expect((await post('{}')).status).toBe(200);
    // One whose sender neither reads nor hangs up does not keep close() waiting.
    const held = connect(receiver?.port ?? 0, '127.0.0.1');
    held.on('error', () => undefined);
    held.pause();
    held.write('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\nbytes for the tunnel');
    await vi.waitFor(() => expect(events.filter((event) => event.type === 'warning')).toHaveLength(2));
    await receiver?.close();
    held.destroy();
  });

  // A body sent without Content-Length is no body in HTTP: the parser reads it as the next request and
  // refuses that (400). The refusal was written at once and the connection closed, before whk's own
  // answer to the first: the sender took that 400 for it, and the 200 recorded was never sent. The
  // first is answered (and recorded as answered), then the refusal, in order, then the close.
  it('a body without Content-Length, and bytes after a request: answered, then the refusal with its reason, in order; the record says so', async () => {
    await start();
    const exchange = async (bytes: string): Promise<{ heads: string[]; refusal: string; warnings: string[]; unseen: boolean }> => {
      const seen = events.length;
      const socket = connect(receiver?.port ?? 0, '127.0.0.1');
      let reply = '';
      socket.on('data', (chunk: Buffer) => (reply += chunk.toString('latin1')));
      socket.write(bytes);
      await once(socket, 'close');
      const request = await vi.waitFor(() => {
        const found = events.slice(seen).find((event) => event.type === 'request');
        if (!found || found.type !== 'request') throw new Error('no request yet');
        return found;
      });
      const heads = reply.match(/HTTP\/1\.1 \d{3} [A-Za-z ]+\r\n/g) ?? [];
      return { heads, refusal: reply.slice(reply.lastIndexOf('\r\n\r\n') + 4), warnings: request.record.warnings, unseen: request.record.unseen === true };
    };
    const answered = ['HTTP/1.1 200 OK\r\n', 'HTTP/1.1 400 Bad Request\r\n'];
    const written = 'written after this 200, and the connection closed';
    const unframed = (status: string): string =>
      `no Content-Length (nor chunked Transfer-Encoding): HTTP reads this request as having no body, and the bytes the sender sent after it as another request, which whk's HTTP server refused with 400 (not valid HTTP/1.1 (${status})), ${written}`;
    expect(await exchange('POST /new HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n{"a":1}')).toEqual({
      heads: answered,
      refusal: JSON.stringify({ error: 'not valid HTTP/1.1 (Invalid method encountered)' }),
      warnings: [unframed('Invalid method encountered')],
      unseen: false,
    });
    expect(await exchange('POST /framed HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}POST /b HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n')).toEqual({
      heads: answered,
      refusal: JSON.stringify({ error: 'not valid HTTP/1.1 (Invalid header token)' }),
      warnings: [`the bytes that came after this request on its connection were refused with 400 (not valid HTTP/1.1 (Invalid header token)), ${written}`],
      unseen: false,
    });
    // HTTP/1.0 without keep-alive: the connection closes with the answer, and nothing after it is answered.
    const old = await exchange('POST /old HTTP/1.0\r\nHost: x\r\nContent-Type: application/json\r\n\r\n{"a":1}');
    expect([old.heads, old.unseen]).toEqual([['HTTP/1.1 200 OK\r\n'], false]);
    expect(old.warnings).toEqual([`no Content-Length (nor chunked Transfer-Encoding): HTTP reads this request as having no body, and the bytes the sender sent after it as another request, which whk's HTTP server refused with 400 (not valid HTTP/1.1 (Data after \`Connection: close\`)), left unanswered: the connection closed with this 200`]);
    // That sender got its 200: its `{}` again is a duplicate of request 2, no retry.
    expect((await post('{}', {}, '/framed')).status).toBe(200);
    expect([last().retryOf, last().duplicateOf]).toEqual([null, 2]);
  });

  // The refusal waited for the answers owed before it with no bound of its own: a client that sent a
  // request and bytes that are none, then never read its answer, held the connection as long as it
  // liked. The wait ends past the longest an answer may take (here the app's, FORWARD_TIMEOUT_MS)
  // and ANSWERS_WAIT_MS more, in virtual time: the connection closed, the refusal unwritten.
  it('a refusal behind an answer the sender never reads: closed unwritten once the answer is past its time', async () => {
    // More than a loopback connection's buffers hold: the answer stays unwritten while the client does not read.
    const large = Buffer.alloc(64 * 1024 * 1024, 'a');
    const bigApp = createServer((req, res) => req.resume().on('end', () => res.end(large)));
    await new Promise<void>((resolve) => bigApp.listen(0, '127.0.0.1', resolve));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const r = await start({ forwardTo: `http://127.0.0.1:${(bigApp.address() as AddressInfo).port}`, limits: { maxBodyBytes: 100 * 1024 * 1024 } });
      const answered = new Promise<void>((resolve) => r.subscribe((event) => event.type === 'request' && resolve()));
      const socket = connect(r.port, '127.0.0.1', () => socket.write('POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}FOO / HTTP/1.1\r\nHost: x\r\n\r\n'));
      socket.on('error', () => undefined);
      const closed = once(socket, 'close');
      await answered;
      await vi.advanceTimersByTimeAsync(FORWARD_TIMEOUT_MS + ANSWERS_WAIT_MS);
      let reply = '';
      socket.on('data', (chunk: Buffer) => (reply += chunk.toString('latin1')));
      await closed;
      expect(reply.startsWith('HTTP/1.1 200 OK\r\n')).toBe(true);
      expect(reply.length).toBeLessThan(large.length);
      expect(reply).not.toContain('400 Bad Request');
    } finally {
      vi.useRealTimers();
      bigApp.closeAllConnections();
      await new Promise<void>((resolve) => bigApp.close(() => resolve()));
    }
  });

  // A malformed chunk stops Node's parser mid-body: the request is refused (400) and said so, and
  // is no sender that went away before its body ended, as it was also reported.
  it('a body with a malformed chunk: refused and said why, not reported as a sender that went away', async () => {
    await start();
    const socket = connect(receiver?.port ?? 0, '127.0.0.1');
    let reply = '';
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString('latin1')));
    socket.write('POST /chunked HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\nZZ\r\n');
    await once(socket, 'close');
    expect(reply.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    // The request's own handler learns of the cut after the refusal: a request that follows is answered after both.
    expect((await post('{}')).status).toBe(200);
    expect(events.flatMap((event) => (event.type === 'warning' || event.type === 'aborted' ? [event.type === 'warning' ? event.message : 'aborted'] : []))).toEqual([
      'a request was refused with 400 before whk could read it: not valid HTTP/1.1 (Invalid character in chunk size); not recorded',
    ]);
    expect(receiver?.summary().aborted).toBe(0);
    // A sender that goes away mid-body is still told as one.
    const gone = connect(receiver?.port ?? 0, '127.0.0.1');
    gone.resume();
    gone.end('POST /gone HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{"a"');
    await once(gone, 'close');
    await vi.waitFor(() => expect(receiver?.summary().aborted).toBe(1));
    expect(events.filter((event) => event.type === 'aborted')).toHaveLength(1);
  });

  // Any token is a method in HTTP; Node's parser refuses those it does not know with 400, which
  // was said as "not valid HTTP/1.1 (Invalid method encountered)": the sender's request was valid.
  it('a method Node does not know: refused 400 and said to be an unknown method, named (or one not in capitals)', async () => {
    await start();
    const refusedWith = async (bytes: string): Promise<string> => {
      const seen = events.length;
      const reply = await exchange(receiver?.port ?? 0, bytes);
      // The last answer: a request before it on the connection is answered first.
      expect(reply.match(/HTTP\/1\.1 \d{3} [A-Za-z ]+\r\n/g)?.at(-1)).toBe('HTTP/1.1 400 Bad Request\r\n');
      const warnings = events.slice(seen).flatMap((event) => (event.type === 'warning' ? [event.message] : []));
      expect(warnings).toHaveLength(1);
      return warnings[0] ?? '';
    };
    const refused = (problem: string): string => `a request was refused with 400 before whk could read it: ${problem}; not recorded`;
    expect(await refusedWith('FOO / HTTP/1.1\r\nHost: x\r\n\r\n')).toBe(refused(`an unknown method, "FOO": ${UNKNOWN_METHOD}`));
    expect(await refusedWith('get / HTTP/1.1\r\nHost: x\r\n\r\n')).toBe(refused('the method "get" is not in capitals: methods are case-sensitive (RFC 9110 §9.1), and Node\'s HTTP parser knows only GET'));
    // Behind a request on the same connection: the method of the line refused, not of the first.
    expect(await refusedWith('GET / HTTP/1.1\r\nHost: x\r\n\r\nPOSTX / HTTP/1.1\r\nHost: x\r\n\r\n')).toBe(refused(`an unknown method, "POSTX": ${UNKNOWN_METHOD}`));
  });

  // Only a connection's first request was answered its refusal: one that came after an answer written
  // whole on a kept-alive connection was said to be "refused with 400" and met a silent close.
  it('answers a refusal on a kept-alive connection whose earlier answers were all written', async () => {
    await start();
    const socket = connect(receiver?.port ?? 0, '127.0.0.1');
    let reply = '';
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString('latin1')));
    socket.write('GET /first HTTP/1.1\r\nHost: x\r\n\r\n');
    await vi.waitFor(() => expect(reply).toMatch(/\r\n\r\n\{.*\}$/s));
    const first = reply;
    socket.write('FOO / HTTP/1.1\r\nHost: x\r\n\r\n');
    await once(socket, 'close');
    expect(reply.slice(first.length).split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
  });

  // Node's answer to what its parser refused was a status and an empty body, as was whk's to a CONNECT:
  // the warning was printed where the receiver runs, and the sender, often elsewhere, had no word of it.
  it("answers what the parser refused, and a CONNECT, with the reason in the body", async () => {
    await start();
    const answered = async (bytes: string): Promise<{ head: string; error: unknown }> => {
      const [head = '', body = ''] = Buffer.from(await exchange(receiver?.port ?? 0, bytes), 'latin1').toString('utf8').split('\r\n\r\n');
      expect(head).toContain(`\r\nContent-Length: ${Buffer.byteLength(body)}`);
      return { head: head.split('\r\n')[0] ?? '', error: (JSON.parse(body) as { error: unknown }).error };
    };
    expect(await answered('FOO / HTTP/1.1\r\nHost: x\r\n\r\n')).toEqual({ head: 'HTTP/1.1 400 Bad Request', error: `an unknown method, "FOO": ${UNKNOWN_METHOD}` });
    expect(await answered(`POST /big HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)).toEqual({
      head: 'HTTP/1.1 431 Request Header Fields Too Large',
      error: "its request line and headers are larger than Node's limit (maxHeaderSize, 16 KiB by default): a path and query that long, or header fields",
    });
    expect(await answered('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n')).toEqual({
      head: 'HTTP/1.1 501 Not Implemented',
      error: "CONNECT asks for a proxy tunnel, and whk listen is no proxy (is it set as the sender's HTTP proxy?)",
    });
  });

  it('records the request-target as the sender sent it, not as a URL parser would rewrite it', async () => {
    await start();
    const socket = connect(receiver?.port ?? 0, '127.0.0.1');
    await once(socket, 'connect');
    let reply = '';
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString()));
    socket.write('POST /hooks/../../etc/passwd?x=1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}');
    await once(socket, 'close');
    expect(reply).toMatch(/^HTTP\/1\.1 2\d\d/);
    expect(last()).toMatchObject({ path: '/hooks/../../etc/passwd', query: { x: '1' } });
  });

  // The asterisk-form names the server as a whole, not a path: read as a URL it was recorded '/*',
  // a path the sender never sent (and one a --route of '/*' matched).
  it('records a request to the server as a whole (OPTIONS *, even POST *) with the path * it sent', async () => {
    await start();
    const options = await exchange(receiver?.port ?? 0, 'OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(options.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(last()).toMatchObject({ method: 'OPTIONS', path: '*', query: {} });
    await exchange(receiver?.port ?? 0, 'POST * HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}');
    expect(last()).toMatchObject({ method: 'POST', path: '*', body: {}, status: 200 });
    await exchange(receiver?.port ?? 0, 'POST /*?a=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}');
    expect(last()).toMatchObject({ path: '/*', query: { a: '1' } });
  });

  // Node kept a request's first thousand or so headers and dropped the rest unsaid: a signature sent
  // after them was missing from the record, and verified as missing.
  it('keeps every header of a request, however many (the header block is bounded by its size): a signature sent last verifies', async () => {
    await start({ secret: 'sh' });
    const body = incident().toString();
    // Small ones, to stay under the 16 KiB: x0 to x1mb.
    const many = Array.from({ length: 2100 }, (_, i) => `x${i.toString(36)}: 1\r\n`).join('');
    const sig = hmacSha256Hex('sh', Buffer.from(body));
    const reply = await exchange(receiver?.port ?? 0, `POST /many HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n${many}X-Metaplane-Sig: ${sig}\r\n\r\n${body}`);
    expect(reply.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(Object.keys(last().headers)).toHaveLength(2105);
    expect(last().headers).toMatchObject({ x0: '1', x1mb: '1', 'x-metaplane-sig': sig });
    expect(last().signature).toMatchObject({ scheme: 'metaplane', verdict: 'valid' });
  });

  // The sender times out under --delay and delivers again before whk's wait is over: its first
  // answer will never reach it, so this is its retry. It was called a duplicate of a request still
  // unanswered.
  it('a repeat from a sender that hung up during --delay is its retry, even before the first is answered', async () => {
    dir = await mkdtemp(join(tmpdir(), 'whk-recv-'));
    const file = join(dir, 'retry.ndjson');
    const delayed = await startReceiver({ kinds: KINDS, save: file, respond: { delayMs: 1500 } });
    receiver = delayed;
    const socket = connect(delayed.port, '127.0.0.1');
    await once(socket, 'connect');
    await new Promise<void>((resolve) => socket.write(`POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{"id": 42}`, () => resolve()));
    // Hung up well inside the first request's wait; the receiver reads the close at once on loopback.
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = await request(`${delayed.url}/hook`, { method: 'POST', body: '{"id": 42}', headers: { 'content-type': 'application/json' } });
    await again.body.dump();
    await delayed.waitFor(2);
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as CaptureRecord);
    expect(lines.map((r) => [r.seq, r.unseen, r.retryOf, r.duplicateOf])).toEqual([
      [1, true, null, null],
      [2, undefined, 1, null],
    ]);
    expect([delayed.summary().retries, delayed.summary().duplicates.total]).toEqual([1, 0]);
  });

  // --delay 596h: its close's grace (10 s plus the delay) was past what a Node timer holds, so Node
  // printed a TimeoutOverflowWarning and would have cut at once.
  it('a --delay at its most gives a close grace a timer can hold: no TimeoutOverflowWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const longest = await startReceiver({ kinds: KINDS, respond: { delayMs: 2 ** 31 - 1 } });
      await longest.close();
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  // A sender whose own timeout runs out while whk waits (--delay, a slow --forward-to app) never
  // sees the answer: recorded as answered, it would read as a delivery the sender counts as failed.
  it('a sender that hangs up before the answer is recorded with a warning that it never saw it (--delay, --forward-to)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'whk-recv-'));
    const file = join(dir, 'gone.ndjson');
    let release = (): void => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    app = await startServer(() => ({ status: 202 }));
    const slowApp = createServer((req, res) => {
      req.resume();
      void held.then(() => res.writeHead(201).end('late'));
    });
    await new Promise<void>((resolve) => slowApp.listen(0, '127.0.0.1', resolve));
    try {
      const hangUpAfterBody = async (port: number, path: string): Promise<void> => {
        const socket = connect(port, '127.0.0.1');
        await once(socket, 'connect');
        await new Promise<void>((resolve) => socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`, () => resolve()));
        socket.destroy();
      };
      // The receiver must have read the hang-up before it answers: a delay far longer than that takes.
      const delayed = await startReceiver({ kinds: KINDS, save: file, respond: { delayMs: 1000 } });
      await hangUpAfterBody(delayed.port, '/delayed');
      await delayed.waitFor(1);
      // That sender saw no answer, so no success: the same body again is its retry, not a duplicate.
      const again = await request(`${delayed.url}/delayed`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      await again.body.dump();
      // The 200 nobody saw is not counted as answered: only the one the second sender got.
      expect([delayed.summary().statuses, delayed.summary().unseen]).toEqual([{ 200: 1 }, 1]);
      await delayed.close();
      const forwarding = await startReceiver({ kinds: KINDS, save: file, forwardTo: `http://127.0.0.1:${(slowApp.address() as AddressInfo).port}` });
      await hangUpAfterBody(forwarding.port, '/forwarded');
      // The app answers only once the sender is gone (and the receiver has had time to read that).
      await new Promise((resolve) => setTimeout(resolve, 500));
      release();
      await forwarding.waitFor(1);
      await forwarding.close();
      const lines = (await readFile(file, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as CaptureRecord);
      expect(lines.map((r) => [r.path, r.status, r.unseen, r.retryOf, r.duplicateOf])).toEqual([['/delayed', 200, true, null, null], ['/delayed', 200, undefined, 1, null], ['/forwarded', 201, true, null, null]]);
      expect(lines[0]?.warnings.join(' ')).toMatch(/^the sender closed the connection while whk held its answer \(`delay`\), \d+ ms after its body arrived: it never saw this 200$/);
      expect(lines[2]?.warnings.join(' ')).toMatch(/^the sender had closed the connection when whk answered, \d+ ms after its body arrived: it never saw this 201$/);
      expect(lines[1]?.warnings).toEqual([]);
      // One that waited for its answer has no such warning.
      const patient = await startReceiver({ kinds: KINDS, respond: { delayMs: 50 } });
      receiver = patient;
      expect((await post('{}')).status).toBe(200);
      expect(last().warnings).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => slowApp.close(() => resolve()));
    }
  });

  /** A receiver that holds every answer for --delay's longest (596 h), saving to `name`, and a connection to it. */
  async function heldForever(name: string): Promise<{ file: string; delayed: Receiver; socket: Socket }> {
    dir = await mkdtemp(join(tmpdir(), 'whk-recv-'));
    const file = join(dir, name);
    const delayed = await startReceiver({ kinds: KINDS, save: file, respond: { delayMs: 596 * 3_600_000 } });
    receiver = delayed;
    const socket = connect(delayed.port, '127.0.0.1');
    await once(socket, 'connect');
    return { file, delayed, socket };
  }

  // README (--delay): a sender that closes its side after its request (a half-close) sends the FIN a
  // hang-up sends, so whk reads it as one that gave up: recorded unseen, and never answered.
  it('a sender that half-closes after its request under --delay is read as one that gave up: recorded unseen, no answer written', async () => {
    const { file, delayed, socket } = await heldForever('half-closed.ndjson');
    let reply = '';
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString('latin1')));
    const closed = once(socket, 'close');
    socket.end('POST /half HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
    await delayed.waitFor(1);
    await closed;
    expect(reply).toBe('');
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as CaptureRecord);
    expect(lines.map((r) => [r.path, r.status, r.unseen])).toEqual([['/half', 200, true]]);
    expect(delayed.summary().unseen).toBe(1);
  });

  // A sender that gave up (curl -m 1) under --delay 596h: its wait went on for the whole delay, holding
  // close() with it, and the record was written only when whk cut it at last, blaming whk.
  it('a sender that hangs up during --delay ends that wait at once: recorded as its hang-up, and close() waits for nothing', async () => {
    const { file, delayed, socket } = await heldForever('gave-up.ndjson');
    await new Promise<void>((resolve) => socket.write('POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}', () => resolve()));
    socket.destroy();
    await delayed.waitFor(1);
    await delayed.close();
    expect(delayed.summary()).toMatchObject({ unseen: 1, dropped: { shutdown: 0 } });
    const [record] = (await readFile(file, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as CaptureRecord);
    expect(record?.warnings).toEqual([expect.stringMatching(/^the sender closed the connection while whk held its answer \(`delay`\), \d+ ms after its body arrived: it never saw this 200$/)]);
  });

  // whk cuts the stalled body itself: the sender, still there, is answered 408, and the cut is
  // whk's, not told (nor counted) as a sender that went away.
  it('drops a request whose body stalls (idle timeout) without recording it: answered 408, counted as dropped by whk', async () => {
    await start({ limits: { idleTimeoutMs: 300 } });
    const socket = connect(receiver?.port ?? 0, '127.0.0.1');
    await once(socket, 'connect');
    socket.write('POST /stall HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"partial":');
    let reply = '';
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString('latin1')));
    socket.on('error', () => {});
    await once(socket, 'close');
    expect(reply.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    await vi.waitFor(() => expect(receiver?.summary().dropped).toEqual({ idleTimeout: 1, requestTimeout: 0, shutdown: 0 }));
    expect(receiver?.count).toBe(0);
    expect(receiver?.summary().aborted).toBe(0);
    expect(events.filter((event) => event.type === 'dropped' || event.type === 'aborted')).toEqual([
      { type: 'dropped', method: 'POST', path: '/stall', size: 11, limit: 'idleTimeout', limitMs: 300, answered: true },
    ]);
  });

  it('drops a live body past the request-time limit: answered 408, counted as dropped by whk, not as the sender gone', async () => {
    // The limit is never below the header and idle timeouts together: 200 + 300 < 800.
    await start({ limits: { headersTimeoutMs: 200, idleTimeoutMs: 300, requestTimeoutMs: 800 } });
    const socket = connect(receiver?.port ?? 0, '127.0.0.1');
    await once(socket, 'connect');
    let reply = '';
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.write('POST /trickle HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n');
    // A byte every 50 ms: never silent for the idle timeout, never done within the request time.
    const trickle = setInterval(() => socket.writable && socket.write('a'), 50);
    try {
      await once(socket, 'close');
    } finally {
      clearInterval(trickle);
    }
    expect(reply.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    await vi.waitFor(() => expect(receiver?.summary().dropped).toEqual({ idleTimeout: 0, requestTimeout: 1, shutdown: 0 }));
    expect(receiver?.summary().aborted).toBe(0);
    expect(events.filter((event) => event.type === 'dropped' || event.type === 'aborted' || event.type === 'warning')).toEqual([
      expect.objectContaining({ type: 'dropped', method: 'POST', path: '/trickle', limit: 'requestTimeout', limitMs: 800, answered: true }),
    ]);
  });

  // A body whk cut off as it stopped (close({ now }), a second Ctrl-C, the grace run out) was told,
  // and counted, as its sender gone away: the sender would be looked for in the wrong place.
  it.each([
    ['close({ now })', {}, true],
    ['the close\'s grace run out', { closeGraceMs: 0 }, false],
  ] as const)('a body cut off by %s is counted and said as whk\'s cut at shutdown, not the sender gone', async (_, options, now) => {
    await start(options);
    const socket = connect(receiver?.port ?? 0, '127.0.0.1');
    let reply = '';
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString('latin1')));
    socket.on('error', () => {});
    const closed = once(socket, 'close');
    // The 100 Continue says whk has the request: it is in flight, its body half sent.
    socket.write('POST /slow HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 20\r\n\r\n{"a":');
    while (!reply.includes('100 Continue')) await once(socket, 'data');
    const summary = await receiver?.close({ now });
    await closed;
    expect(summary?.aborted).toBe(0);
    expect(summary?.dropped).toEqual({ idleTimeout: 0, requestTimeout: 0, shutdown: 1 });
    expect(events.filter((event) => event.type === 'dropped' || event.type === 'aborted')).toEqual([{ type: 'dropped', method: 'POST', path: '/slow', size: 5, limit: 'shutdown', answered: false }]);
  });

  it('receives a body that trickles in for longer than the idle timeout, never silent that long', async () => {
    await start({ limits: { idleTimeoutMs: 400 } });
    const socket = connect(receiver?.port ?? 0, '127.0.0.1');
    await once(socket, 'connect');
    socket.on('error', () => {});
    const pieces = ['{"a":', '1', ',"b"', ':', '"x"', ',"c"', ':[', '1,', '2,', '3', ']', '}'];
    const answer = new Promise<string>((resolve) => {
      socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1')));
      socket.once('close', () => resolve('(connection closed without an answer)'));
    });
    socket.write(`POST /trickle HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${pieces.join('').length}\r\n\r\n`);
    // 600 ms in all, a piece every 50 ms: the silence, not the whole, is what the timeout measures.
    for (const piece of pieces) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      socket.write(piece);
    }
    expect(await answer).toMatch(/^HTTP\/1\.1 200 /);
    socket.destroy();
    expect(receiver?.requests.map((r) => [r.path, r.body])).toEqual([['/trickle', { a: 1, b: 'x', c: [1, 2, 3] }]]);
    expect(receiver?.summary().aborted).toBe(0);
  });
});

describe('receiver: programmable answers', () => {
  it('answers a --respond sequence (last repeats) with Retry-After on failures, after the delay', async () => {
    await start({ respond: { statuses: [500, 503, 200], retryAfterSeconds: 7, delayMs: 100 } });
    const answers = [];
    for (let i = 0; i < 4; i++) {
      const started = Date.now();
      const answer = await post(alert(i + 1));
      answers.push([answer.status, answer.headers['retry-after']]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    }
    expect(answers).toEqual([[500, '7'], [503, '7'], [200, undefined], [200, undefined]]);
    expect(receiver?.requests.map((r) => r.status)).toEqual([500, 503, 200, 200]);
    expect(receiver?.summary().statuses).toEqual({ '500': 1, '503': 1, '200': 2 });
  });

  it('fails a seeded fraction: the same seed fails the same requests', async () => {
    const run = async (seed: number) => {
      const r = await start({ respond: { failRate: 0.5 }, seed });
      const statuses = [];
      for (let i = 0; i < 20; i++) statuses.push((await post(alert(i + 1))).status);
      await r.close();
      return statuses;
    };
    const first = await run(11);
    expect(await run(11)).toEqual(first);
    expect(first).toContain(500);
    expect(first).toContain(200);
  });
});

describe('receiver: duplicates and signatures', () => {
  it('reports repeated bodies and idempotency ids, and flags one id with different bytes', async () => {
    await start();
    await post(alert(5));
    await post(alert(5));
    await post(incident());
    await post(incident());
    await post(incident({ status: 'resolved' }));
    expect(receiver?.requests.map((r) => [r.seq, r.duplicateOf, r.duplicateBy, r.idempotencyId, r.valid])).toEqual([
      [1, null, null, null, true],
      [2, 1, 'body', null, true],
      [3, null, null, 'aWQtMQ==', true],
      [4, 3, 'idempotency-id', 'aWQtMQ==', true],
      // A conflict repeats nothing: its issue names #3, and it is no duplicate of it.
      [5, null, null, 'aWQtMQ==', false],
    ]);
    expect(last().issues[0]).toEqual({ path: '$.idempotencyId', message: expect.stringMatching(/same idempotencyId as request #3 but different bytes/) });
    expect(receiver?.summary().duplicates).toEqual({ total: 2, byIdempotencyId: 1, byBody: 1, conflicts: 1 });
    expect(summaryLines(receiver?.summary() as ReceiverSummary)).toEqual(expect.arrayContaining(['  duplicates: 2 (1 same idempotencyId, 1 identical body)', '  idempotencyId conflicts: 1 (an id seen before, with other content: invalid)']));
  });

  it('a payload sent to another path is not a repeat (one event to each of two hooks); to the same path with another query it is', async () => {
    await start();
    await post(alert(5), {}, '/staging');
    await post(alert(5), {}, '/production');
    await post(incident(), {}, '/staging');
    await post(incident(), {}, '/production');
    await post(alert(5), {}, '/staging?attempt=2');
    expect(receiver?.requests.map((r) => [r.seq, r.path, r.duplicateOf, r.duplicateBy, r.valid])).toEqual([
      [1, '/staging', null, null, true],
      [2, '/production', null, null, true],
      [3, '/staging', null, null, true],
      [4, '/production', null, null, true],
      [5, '/staging', 1, 'body', true],
    ]);
  });

  it('verifies x-metaplane-sig: valid, invalid, missing', async () => {
    await start({ secret: 'sh' });
    const body = incident();
    await post(body, { 'x-metaplane-sig': hmacSha256Hex('sh', body) });
    await post(body, { 'x-metaplane-sig': hmacSha256Hex('wrong', body) });
    await post(body);
    await post(alert());
    expect(receiver?.requests.map((r) => [r.signature?.verdict ?? null, r.valid])).toEqual([
      ['valid', true],
      ['invalid', false],
      ['missing', false],
      // metric alerts are not signed, and carried no signature header: nothing to verify
      [null, true],
    ]);
    expect(receiver?.summary().signatures).toEqual({ valid: 1, invalid: 1, expired: 0, replayed: 0, missing: 1, unchecked: 0 });
  });

  it('without a secret, a signed incident is counted as not checked in the summary the API gives (and --json prints)', async () => {
    await start();
    const body = incident();
    await post(body, { 'x-metaplane-sig': hmacSha256Hex('sh', body) });
    await post(body);
    expect(receiver?.requests.map((r) => r.signature ?? null)).toEqual([null, null]);
    expect(receiver?.summary().signatures).toEqual({ valid: 0, invalid: 0, expired: 0, replayed: 0, missing: 0, unchecked: 1 });
  });

  it("with verify, a signed message is remembered only once accepted: the sender's retry of a refused one in the same second is valid, a copy after a 2xx replayed", async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    // Virtual time stands still: every attempt carries the same id and signed timestamp, as a retry within the second does.
    const at = Date.UTC(2026, 10, 30, 12, 0, 0);
    await start({ verify: [{ scheme: 'standard-webhooks', secret }], reject: true, respond: { statuses: [500, 503, 200] }, now: () => at });
    const body = alert();
    const headers = { 'content-type': 'application/json', 'webhook-id': 'msg_1', 'webhook-timestamp': String(at / 1000), 'webhook-signature': new StandardWebhook(secret).sign('msg_1', new Date(at), body.toString()) };
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(body, headers)).status);
    // Two refusals and the retry accepted; the same bytes after that acceptance are a replay (--reject: 401).
    expect(statuses).toEqual([500, 503, 200, 401]);
    expect(receiver?.requests.map((r) => [r.signature?.verdict, r.retryOf, r.duplicateOf])).toEqual([
      ['valid', null, null],
      ['valid', 1, null],
      ['valid', 1, null],
      ['replayed', null, 1],
    ]);
    expect(receiver?.requests[3]?.signature?.reason).toBe(`message id msg_1 with timestamp ${at / 1000} was accepted 0 s ago`);
    expect(receiver?.summary().signatures).toMatchObject({ valid: 3, replayed: 1 });
  });
});

describe('receiver: forwarding', () => {
  it("forwards the original bytes and headers and answers with the app's answer", async () => {
    app = await startServer(() => ({ status: 201, body: '{"app":"ok"}', headers: { 'x-app': 'yes', 'content-type': 'application/json' } }));
    await start({ forwardTo: `${app.url}/hook?src=whk` });
    const raw = gzipSync(alert());
    const answer = await post(raw, { 'content-encoding': 'gzip', authorization: 'Bearer t0k', 'x-custom': 'c' }, '/incoming');
    expect(answer).toMatchObject({ status: 201, text: '{"app":"ok"}' });
    expect(answer.headers['x-app']).toBe('yes');
    const seen = app.requests[0];
    // The request's own path and query go after the app URL's (issue 18).
    expect(seen?.url).toBe('/hook/incoming?src=whk');
    expect(seen?.body.equals(raw)).toBe(true);
    expect(seen?.headers).toMatchObject({ 'content-encoding': 'gzip', authorization: 'Bearer t0k', 'x-custom': 'c' });
    expect(last()).toMatchObject({ status: 201, valid: true, forward: { status: 201, error: null } });
  });

  // It went as 'OPTIONS / HTTP/1.1': forwardPath read '*' as no path, and undici sends no '*' target.
  it('forwards a request to the server as a whole (OPTIONS *) as such to an app URL of no path, and to the path of one that has one', async () => {
    app = await startServer(() => ({ status: 204, headers: { allow: 'OPTIONS, POST' } }));
    const optionsStar = 'OPTIONS * HTTP/1.1\r\nHost: x\r\nX-Probe: 1\r\nConnection: close\r\n\r\n';
    await start({ forwardTo: app.url });
    const reply = await exchange(receiver?.port ?? 0, optionsStar);
    expect(reply.split('\r\n')[0]).toBe('HTTP/1.1 204 No Content');
    expect(reply.toLowerCase()).toContain('allow: options, post');
    expect(app.requests[0]).toMatchObject({ method: 'OPTIONS', url: '*', headers: { 'x-probe': '1' } });
    expect(app.requests[0]?.headers['via']).toMatch(/^1\.1 whk-/);
    expect(last()).toMatchObject({ method: 'OPTIONS', path: '*', status: 204, forward: { status: 204, error: null } });
    await receiver?.close();
    await start({ forwardTo: `${app.url}/app` });
    await exchange(receiver?.port ?? 0, optionsStar);
    expect(app.requests[1]).toMatchObject({ method: 'OPTIONS', url: '/app' });
  });

  it('answers 502 to an app status past 599, which is no HTTP status (relayed as such before)', async () => {
    const app = createNetServer((socket) => {
      socket.on('error', () => undefined);
      socket.once('data', () => socket.end('HTTP/1.1 999 Weird\r\nContent-Length: 0\r\n\r\n'));
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    try {
      const host = `127.0.0.1:${(app.address() as AddressInfo).port}`;
      await start({ forwardTo: `http://${host}/app` });
      expect((await post(alert())).status).toBe(502);
      expect(last()).toMatchObject({ status: 502, forward: { status: null, error: `${host} answered something that is not HTTP/1.1 (status 999: a status is 100 to 599, RFC 9110 §15)` } });
    } finally {
      app.close();
    }
  });

  it('answers 502 and records why when the app is down', async () => {
    const down = await startServer();
    const url = down.url;
    await down.close();
    await start({ forwardTo: url });
    const answer = await post(alert());
    expect(answer.status).toBe(502);
    expect(last()).toMatchObject({ status: 502, forward: { status: null, error: `connection refused by ${new URL(url).host}` } });
  });
});

describe('receiver: closing with pipelined requests in flight', () => {
  // The first answer after close() began said Connection: close, and Node dropped the answers queued
  // behind it on that connection: those requests were recorded as answered 200, never sent.
  it('answers every request already read on the connection, the last one closing it', async () => {
    let read = 0;
    let allRead: () => void = () => {};
    const reading = new Promise<void>((resolve) => (allRead = resolve));
    await start({ respond: { delayMs: 100 }, map: () => (++read === 3 ? allRead() : undefined) });
    const socket = connect(receiver?.port ?? 0, '127.0.0.1');
    let reply = '';
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString()));
    const closed = once(socket, 'close');
    const one = (n: number): string => `POST /p${n} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{"n":${n}}`;
    socket.write(one(1) + one(2) + one(3));
    await reading;
    const summary = await receiver?.close();
    await closed;
    expect(summary?.requests).toBe(3);
    expect(reply.match(/HTTP\/1\.1 200/g)).toHaveLength(3);
    expect(reply.match(/connection: close/gi)).toHaveLength(1);
  });
});

describe('receiver: closing as the answers to pipelined requests are given (listen --count)', () => {
  // Node's closeIdleConnections took the connection for idle once all six were read, and cut it with
  // the answers queued behind the first: one answer went out, six records said 200.
  it('sends every answer it records before closing the connection', async () => {
    let closing: Promise<unknown> | undefined;
    await start({ onEvent: (event) => void (event.type === 'request' && event.record.seq === 3 && (closing = receiver?.close())) });
    const socket = connect(receiver?.port ?? 0, '127.0.0.1');
    let reply = '';
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString()));
    const closed = once(socket, 'close');
    const one = (n: number): string => `POST /p${n} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{"n":${n}}`;
    socket.write([1, 2, 3, 4, 5, 6].map(one).join(''));
    await closed;
    const summary = (await closing) as ReceiverSummary;
    expect(summary.requests).toBeGreaterThanOrEqual(3);
    expect(reply.match(/HTTP\/1\.1 200/g)).toHaveLength(summary.requests);
    expect(summary.unseen).toBe(0);
  });
});

describe('receiver: closing with a forward in flight', () => {
  it('cuts a forward the app never answers at the grace, and records it (close() does not wait out the forward timeout)', async () => {
    // An app that takes requests and never answers; the forward's own timeout (30 s) is the test's.
    const silent = createServer(() => {});
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    try {
      const r = await start({ forwardTo: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/hook`, closeGraceMs: 100 });
      const arrived = once(silent, 'request');
      const sending = post(alert()).catch((error: unknown) => error);
      await arrived;
      await r.close();
      expect(await sending).toBeInstanceOf(Error);
      expect(last()).toMatchObject({ status: 502, forward: { status: null, error: expect.stringMatching(/^cut off: the receiver was closing/) } });
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  // An OPTIONS * goes by node:http, not the forwarder's undici agent, whose destroy() cut the others.
  it('cuts an OPTIONS * forward the app never answers at the grace as well', async () => {
    const silent = createServer(() => {});
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    try {
      const r = await start({ forwardTo: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, closeGraceMs: 100 });
      const arrived = once(silent, 'request');
      const reply = exchange(r.port, 'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n');
      const [seen] = (await arrived) as [{ url: string }];
      expect(seen.url).toBe('*');
      await r.close();
      await reply;
      expect(last()).toMatchObject({ method: 'OPTIONS', path: '*', status: 502, forward: { status: null, error: expect.stringMatching(/^cut off: the receiver was closing/) } });
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});

describe('receiver: captures and waiting', () => {
  it('answers only after the record is in the file; waitFor resolves and times out', async () => {
    dir = await mkdtemp(join(tmpdir(), 'whk-recv-'));
    const save = join(dir, 'c.ndjson');
    const r = await start({ save });
    await expect(r.waitFor(1, { timeoutMs: 50 })).rejects.toThrow(/timed out after 50 ms: 0 of 1/);
    const waiting = r.waitFor(3);
    for (let i = 1; i <= 3; i++) {
      await post(alert(i), { 'x-n': String(i) });
      const lines = (await readFile(save, 'utf8')).trimEnd().split('\n');
      expect(lines).toHaveLength(i);
      expect(JSON.parse(lines[i - 1] as string).headers['x-n']).toBe(String(i));
    }
    expect((await waiting).map((q) => q.seq)).toEqual([1, 2, 3]);
    const pending = r.waitFor(10);
    const summary = await r.close();
    await expect(pending).rejects.toThrow(/closed: 3 of 10/);
    expect(summary).toMatchObject({ requests: 3, valid: 3, kinds: { 'metric-alert': 3 } });
  });

  it('runs the map hook and records what it returns', async () => {
    await start({ map: (body) => (isRecord(body) ? body['type'] : undefined) });
    await post(alert());
    expect(last().mapped).toBe('METRIC_ALERT');
  });

  it('rejects bad options with usage errors', async () => {
    // The core names the field; the CLI renders it as --kind (test/reliability/bad-input.test.ts).
    await expect(startReceiver({ kinds: KINDS, kind: 'nope' })).rejects.toThrow(/`kind`: unknown kind 'nope'/);
    await expect(startReceiver({ kinds: KINDS, kind: 'nope' })).rejects.toMatchObject({ field: 'kind' });
    await expect(startReceiver({ kinds: KINDS, expect: 'metric-alrt' })).rejects.toMatchObject({ hint: expect.stringMatching(/^did you mean 'metric-alert'\? known kinds: /) });
    await expect(startReceiver({ kinds: KINDS, forwardTo: 'ftp://x' })).rejects.toThrow("invalid `forwardTo` 'ftp://x': only http and https are supported");
    const first = await start();
    await expect(startReceiver({ port: first.port })).rejects.toThrow(/is in use/);
  });
});

// The real senders' payloads, from fixtures/, with every registered kind.
describe('receiver: the real kinds', () => {
  const fixture = (path: string): Promise<Buffer> => readFile(fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url)));
  const startReal = (options: ReceiverOptions = {}) => start({ kinds: listKinds(), ...options });

  it('impressions: a gzipped batch without Content-Encoding is sniffed and validated as one payload', async () => {
    await startReal();
    const batch = await fixture('impressions/default.json');
    expect((await post(gzipSync(batch), { 'content-type': 'application/json' })).status).toBe(200);
    expect(last()).toMatchObject({ kind: 'impressions', kindSource: 'detected', valid: true, encoding: 'gzip (sniffed)', decodedSize: batch.length });
    expect(Array.isArray(last().body)).toBe(true);
    expect(receiver?.summary()).toMatchObject({ gzip: 1, kinds: { impressions: 1 } });
  });

  it('hertzbeat-alarm: the template trailing comma is repaired and reported as a warning with its line', async () => {
    await startReal();
    await post(await fixture('hertzbeat-alarm/grouped-trailing-comma.json'));
    expect(last()).toMatchObject({ kind: 'hertzbeat-alarm', valid: true });
    expect(last().warnings).toEqual([expect.stringMatching(/^line 20: repaired a trailing comma/)]);
  });

  it('metaplane-incident: re-deliveries by idempotencyId, a conflicting one, and x-metaplane-sig verdicts', async () => {
    await startReal({ secret: 'whsec' });
    const opened = await fixture('metaplane-incident/opened.json');
    const sign = (body: Buffer, secret = 'whsec') => ({ 'x-metaplane-sig': hmacSha256Hex(secret, body), 'content-type': 'application/json' });
    await post(opened, sign(opened));
    await post(opened, sign(opened));
    // Same idempotencyId, different bytes: the contract says that cannot happen.
    const altered = Buffer.from(JSON.stringify({ ...JSON.parse(opened.toString()), acknowledged: true }));
    await post(altered, sign(altered));
    await post(opened, sign(opened, 'not-the-secret'));
    await post(opened);
    expect(receiver?.requests.map((r) => [r.kind, r.duplicateOf, r.duplicateBy, r.signature?.verdict])).toEqual([
      ['metaplane-incident', null, null, 'valid'],
      ['metaplane-incident', 1, 'idempotency-id', 'valid'],
      ['metaplane-incident', null, null, 'valid'],
      ['metaplane-incident', 1, 'idempotency-id', 'invalid'],
      ['metaplane-incident', 1, 'idempotency-id', 'missing'],
    ]);
    expect(receiver?.requests.map((r) => r.valid)).toEqual([true, true, false, false, false]);
    expect(receiver?.requests[2]?.issues).toContainEqual({ path: '$.idempotencyId', message: expect.stringMatching(/different bytes/) });
    expect(receiver?.requests[0]?.idempotencyId).toBe(JSON.parse(opened.toString()).idempotencyId);
    expect(receiver?.summary()).toMatchObject({ duplicates: { total: 3, byIdempotencyId: 3, byBody: 0, conflicts: 1 }, signatures: { valid: 3, invalid: 1, missing: 1, unchecked: 0 } });
  });

  it('every kind\'s sample arrives valid and detected', async () => {
    await startReal();
    for (const kind of listKinds()) {
      const payload = kind.sample({ seed: 4 });
      await post(JSON.stringify(payload));
      expect(last()).toMatchObject({ kind: kind.id, kindSource: 'detected', valid: true });
    }
  });
});

/** `megabytes` MB of zeros, gzipped as a stream (never held whole). */
/** A connection that sends the start of a request's headers and never the rest. */
async function halfSentHeaders(port: number): Promise<{ closed: Promise<unknown>; isOpen: () => boolean; reply: () => string }> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  let reply = '';
  let open = true;
  socket.on('data', (chunk: Buffer) => (reply += chunk.toString()));
  const closed = once(socket, 'close').then(() => (open = false));
  socket.write('POST /slow HTTP/1.1\r\nHost: x\r\n');
  return { closed, isOpen: () => open, reply: () => reply };
}

async function gzipZeros(megabytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = once(gzip, 'end');
  const chunk = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < megabytes; i++) if (!gzip.write(chunk)) await once(gzip, 'drain');
  gzip.end();
  await ended;
  return Buffer.concat(out);
}

/** Writes raw bytes on a connection of its own and returns all it was answered, once closed. */
async function exchange(port: number, bytes: string | Buffer): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  let reply = '';
  socket.on('data', (chunk: Buffer) => (reply += chunk.toString('latin1')));
  socket.write(bytes);
  await once(socket, 'close');
  return reply;
}
