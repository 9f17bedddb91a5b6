// Fuzzing the receiving path with fast-check: random bytes, encodings (applied, claimed wrongly or
// not at all), header combinations and hostile JSON shapes go through decode → parse → detect →
// validate, both on the pure functions and through the receiver core over real sockets. No throw
// may escape, and every request must yield exactly one well-formed record (in the capture file too).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listKinds } from '../../src/kinds/index.js';
import { decodeBody } from '../../src/receiver/decode.js';
import { inspectBody } from '../../src/receiver/inspect.js';
import { startReceiver, type Receiver, type ReceiverEvent } from '../../src/receiver/server.js';
import type { CaptureRecord } from '../../src/capture/record.js';
import { validatePayload } from '../../src/validate/payload.js';
import { mutate } from '../helpers/mutate.js';

const KINDS = listKinds();
// Hostile keys (__proto__, constructor) must stay data: the shared prototypes may not change.
const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).join();
const expectPrototypesIntact = (): void => {
  expect(Object.getOwnPropertyNames(Object.prototype).join()).toBe(PROTOTYPE_KEYS);
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
};
const MAX_BODY = 256 * 1024;
const CODINGS = ['none', 'gzip', 'deflate', 'deflate-raw', 'br'] as const;
type Coding = (typeof CODINGS)[number];

function encode(bytes: Buffer, coding: Coding): Buffer {
  if (coding === 'gzip') return gzipSync(bytes);
  if (coding === 'deflate') return deflateSync(bytes);
  if (coding === 'deflate-raw') return deflateRawSync(bytes);
  if (coding === 'br') return brotliCompressSync(bytes);
  return bytes;
}


const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', '\u0000', 'type', 'data', 'alerts');
const hugeNumber = fc.constantFrom('1e400', '-1e400', '1e-400', '123456789012345678901234567890', '-0', '0.1e-999999', '9007199254740993');
const jsonish = fc.jsonValue({ maxDepth: 4 });

/** JSON texts (and near-JSON) of every shape the receiver might meet. */
const bodyText: fc.Arbitrary<string | Buffer> = fc.oneof(
  jsonish.map((v) => JSON.stringify(v)),
  fc.dictionary(hostileKey, jsonish, { maxKeys: 5 }).map((o) => JSON.stringify(o)),
  fc.tuple(hostileKey, hugeNumber).map(([key, n]) => `{"${key}": ${n}, "n": [${n}]}`),
  fc.tuple(fc.integer({ min: 1, max: 100_000 }), fc.boolean(), fc.constantFrom('[', '{"a":')).map(([depth, closed, open]) =>
    open.repeat(depth) + (open === '[' ? '' : '1') + (closed ? (open === '[' ? ']' : '}').repeat(depth) : ''),
  ),
  fc.tuple(fc.nat(KINDS.length - 1), fc.nat(1000), fc.nat(), jsonish, fc.boolean()).map(([k, seed, pick, value, remove]) => {
    const kind = KINDS[k];
    return JSON.stringify(mutate(kind?.sample({ seed }), pick, value, remove));
  }),
  fc.tuple(fc.nat(KINDS.length - 1), fc.nat(1000), fc.constantFrom(',}', ',]', ',,', '\uFEFF', '  \n')).map(([k, seed, junk]) => {
    const text = JSON.stringify(KINDS[k]?.sample({ seed }), null, 1);
    return junk === '\uFEFF' ? junk + text : text.replace(/\n}/, `${junk}\n}`);
  }),
  fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)),
  fc.constant(''),
  // JSON Lines, some lines broken or blank; and text in Latin-1 (an é is one byte, no UTF-8).
  fc.array(fc.oneof(jsonish.map((v) => JSON.stringify(v)), fc.constantFrom('', ' ', '{', '1,2', '\r')), { maxLength: 6 }).map((lines) => lines.join('\n')),
  fc.tuple(fc.nat(KINDS.length - 1), fc.nat(1000)).map(([k, seed]) => Buffer.from(JSON.stringify(KINDS[k]?.sample({ seed })).replace(/a/, '\u00e9'), 'latin1')),
  fc.array(fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom('caf%E9', '100%', '%C3%A9', 'é', '%zz', '+', '%ED%A0%80')), { maxLength: 5 }).map((fields) => fields.map(([name, value]) => `${name}=${value}`).join('&')),
);

const claimedEncoding = fc.oneof(
  fc.constant<'actual' | undefined>('actual'),
  fc.constant(undefined),
  fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-gzip', 'gzip, br', 'compress', 'GZIP', '', ' , ', 'zstd'),
);

const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,40}$/).map((v) => v.trim());
// The media types whk reads bodies by, with charsets and without.
const contentType = fc.constantFrom('application/json', 'application/x-ndjson', 'application/jsonl; charset=utf-8', 'application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=ISO-8859-1', 'multipart/form-data; boundary=x', 'text/plain', 'image/png');
const headerPairs = fc.array(
  fc.oneof(
    fc.tuple(fc.constantFrom('content-type', 'x-metaplane-sig', 'authorization', 'cookie', '__proto__', 'constructor', 'x-whk-fuzz', 'content-language', 'idempotency-key'), headerValue),
    fc.tuple(fc.constant('content-type'), contentType),
  ),
  { maxLength: 6 },
);

const fuzzRequest = fc.record({
  body: bodyText,
  coding: fc.constantFrom(...CODINGS),
  claimed: claimedEncoding,
  headers: headerPairs,
  method: fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE'),
  path: fc.oneof(fc.constant('/hook'), fc.string({ maxLength: 20 }).map((s) => `/${encodeURIComponent(s)}`), fc.constant('/h?__proto__=1&constructor=x&a=1&a=2')),
});

function wireOf(r: { body: string | Buffer; coding: Coding; claimed: string | undefined }): { bytes: Buffer; encoding: string | undefined } {
  const raw = typeof r.body === 'string' ? Buffer.from(r.body) : r.body;
  const bytes = encode(raw, r.coding);
  const actual = r.coding === 'none' ? undefined : r.coding === 'deflate-raw' ? 'deflate' : r.coding;
  return { bytes, encoding: r.claimed === 'actual' ? actual : r.claimed };
}

function expectWellFormed(record: CaptureRecord): void {
  expect(typeof record.valid).toBe('boolean');
  expect(Array.isArray(record.issues)).toBe(true);
  for (const issue of record.issues) {
    expect(typeof issue.path).toBe('string');
    expect(typeof issue.message).toBe('string');
  }
  // Valid is a kind and no issues; a request no kind claims, with no issues, is unknown (neither).
  expect(record.valid).toBe(record.issues.length === 0 && record.kind !== null);
  if (record.valid) expect(record.kind).not.toBeNull();
  if (record.kind === null && record.issues.length === 0) expect(record.shape).toBeDefined();
  expect(typeof record.encoding).toBe('string');
  expect(typeof record.bodyBase64).toBe('string');
}

describe('reliability: fuzzing the pure decode → parse → detect → validate path', () => {
  it('never throws, and always says valid or why not', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzRequest, fc.option(fc.constantFrom(...KINDS.map((k) => k.id)), { nil: undefined }), async (r, kind) => {
        const { bytes, encoding } = wireOf(r);
        const decoded = await decodeBody(bytes, encoding, MAX_BODY);
        if (!decoded.ok) {
          expect(decoded.message).toMatch(/\S/);
          return;
        }
        const inspection = inspectBody(decoded.bytes, { kinds: KINDS, kind });
        expect(inspection.valid).toBe(inspection.issues.length === 0 && inspection.kind !== undefined);
        if (kind !== undefined) expect(inspection.kind?.id).toBe(kind);
        if (inspection.body !== null) {
          for (const k of KINDS) expect(() => validatePayload(inspection.body, { kind: k.id, kinds: KINDS })).not.toThrow();
        }
      }),
      { numRuns: 1000 },
    );
    expectPrototypesIntact();
  });

  it('bodies read by their Content-Type (JSON Lines, forms, multipart, text) never throw, and say valid or why not', () => {
    fc.assert(
      fc.property(bodyText, contentType, (body, type) => {
        const inspection = inspectBody(typeof body === 'string' ? Buffer.from(body) : body, { kinds: KINDS, headers: { 'content-type': type } });
        expect(inspection.valid).toBe(inspection.issues.length === 0 && inspection.kind !== undefined);
        for (const warning of inspection.warnings) expect(warning).toMatch(/\S/);
      }),
      { numRuns: 2000 },
    );
    expectPrototypesIntact();
  });
});

describe('reliability: fuzzing the receiver over real sockets', () => {
  let receiver: Receiver;
  let dir: string;
  const events: ReceiverEvent[] = [];
  let sent = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'whk-fuzz-'));
    receiver = await startReceiver({ save: join(dir, 'fuzz.ndjson'), secret: 'fuzz-secret', limits: { maxBodyBytes: MAX_BODY }, onEvent: (e) => events.push(e) });
  });

  afterAll(async () => {
    await receiver.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('every request gets an answer and exactly one well-formed record; no error escapes', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzRequest, async (r) => {
        const { bytes, encoding } = wireOf(r);
        const headers: string[] = r.headers.flat();
        if (encoding !== undefined) headers.push('content-encoding', encoding);
        const before = receiver.count;
        const response = await request(`${receiver.url}${r.path}`, { method: r.method as 'POST', body: bytes, headers });
        await response.body.dump();
        sent++;
        expect([200, 413]).toContain(response.statusCode);
        expect(receiver.count).toBe(before + 1);
        const record = receiver.requests.at(-1) as CaptureRecord;
        expect(record.seq).toBe(before + 1);
        expect(record.status).toBe(response.statusCode);
        expectWellFormed(record);
        expect(events.filter((e) => e.type === 'error')).toEqual([]);
      }),
      { numRuns: 500 },
    );
    await receiver.close();
    const lines = (await readFile(join(dir, 'fuzz.ndjson'), 'utf8')).split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(sent);
    const records = lines.map((line) => JSON.parse(line) as CaptureRecord);
    records.forEach(expectWellFormed);
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: sent }, (_, i) => i + 1));
    // The file holds what the receiver saw: the same fields in the same order, the same body value.
    records.forEach((record, i) => {
      const seen = receiver.requests[i] as CaptureRecord;
      expect(Object.keys(record)).toEqual(Object.keys(seen).filter((key) => seen[key] !== undefined));
      const same = (value: unknown): string | undefined => {
        try {
          return JSON.stringify(value);
        } catch {
          return undefined; // too deep to compare this way
        }
      };
      const expected = same(seen.body);
      if (expected !== undefined) expect(same(record.body)).toBe(expected);
    });
    expectPrototypesIntact();
  });
});
