// The receiver's pipeline without sockets: a request as data in, the record, the answer and the
// capture line out, each step's finding in its place; and the emitter subscribers follow.
import { createHmac } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { CaptureRecord } from '../../src/capture/record.js';
import { getKind, listKinds } from '../../src/kinds/index.js';
import { metricAlert } from '../../src/kinds/metric-alert.js';
import { createDuplicateTracker, type DuplicateTracker } from '../../src/receiver/duplicates.js';
import { createEmitter } from '../../src/receiver/events.js';
import { createPipeline, type IncomingRequest, type PipelineConfig } from '../../src/receiver/pipeline.js';
import { createResponder } from '../../src/receiver/responder.js';
import { createForwarder } from '../../src/receiver/forward.js';
import { startServer } from '../helpers/server.js';

const config = (overrides: Partial<PipelineConfig> = {}): PipelineConfig => ({
  kinds: listKinds(),
  kind: undefined,
  expect: undefined,
  strict: false,
  secret: undefined,
  schemeKeys: {},
  maxBody: 1024 * 1024,
  drainLimit: 1024,
  now: () => Date.UTC(2026, 0, 5),
  duplicates: createDuplicateTracker(),
  responder: createResponder({}, 1),
  forwarder: null,
  shaping: { delayMs: 0, retryAfterSeconds: undefined },
  map: undefined,
  captureLines: true,
  ...overrides,
});

let seq = 0;
const incoming = (bytes: Buffer, headers: Record<string, string> = {}, size = bytes.length): IncomingRequest => ({
  seq: ++seq,
  receivedAt: '2026-01-05T00:00:00.000Z',
  method: 'POST',
  target: '/hook',
  path: '/hook',
  query: {},
  headers: { 'content-type': 'application/json', ...headers },
  bytes,
  size,
});

const alert = Buffer.from(JSON.stringify(metricAlert.sample({ seed: 3 })));

describe('receiver pipeline', () => {
  it('turns a request into its record, answer and capture line', async () => {
    const processed = await createPipeline(config())(incoming(gzipSync(alert), { 'content-encoding': 'gzip' }));
    expect(processed.record).toMatchObject({ encoding: 'gzip', kind: 'metric-alert', kindSource: 'detected', valid: true, status: 200, decodedSize: alert.length, signature: null, duplicateOf: null });
    expect(processed.record.body).toEqual(JSON.parse(alert.toString()));
    expect(processed.answer).toMatchObject({ status: 200, delayMs: 0 });
    expect(JSON.parse(String(processed.answer.body))).toEqual({ seq: processed.record.seq, kind: 'metric-alert', valid: true });
    expect(JSON.parse(processed.line?.text ?? '')).toEqual(JSON.parse(JSON.stringify(processed.record)));
    expect(processed).toMatchObject({ unexpected: false, conflict: false, cutOff: false });
  });

  it('a pretty-printed body goes into its capture line as its own text, on one line', async () => {
    const body = { ...metricAlert.sample({ seed: 3 }), note: 'line one\nline two\r\n\tindented' };
    // CRLF line ends and tab indentation, as some senders write.
    const pretty = JSON.stringify(body, null, '\t').replaceAll('\n', '\r\n');
    const processed = await createPipeline(config())(incoming(Buffer.from(`\r\n${pretty}\r\n`)));
    const line = processed.line?.text ?? '';
    expect(line).not.toMatch(/[\r\n]/);
    // The text itself, its space after each colon kept, not the parsed value stringified again.
    expect(line).toContain('"body":{"type": "METRIC_ALERT","firedAt": ');
    expect(JSON.parse(line)).toEqual(JSON.parse(JSON.stringify(processed.record)));
    expect(JSON.parse(line).body).toEqual(body);
  });

  it('builds no capture line when no file is kept', async () => {
    expect((await createPipeline(config({ captureLines: false }))(incoming(alert))).line).toBeUndefined();
  });

  it('refuses a body over the limit with 413 and records its first bytes, without consuming a scripted answer', async () => {
    const run = createPipeline(config({ maxBody: 10, responder: createResponder({ statuses: [503, 201] }, 1) }));
    const refused = await run(incoming(alert.subarray(0, 10), {}, 500));
    expect(refused.answer.status).toBe(413);
    expect(refused.record).toMatchObject({ truncated: true, valid: false, status: 413, size: 500 });
    expect(Buffer.from(refused.record.bodyBase64, 'base64').equals(alert.subarray(0, 10))).toBe(true);
    expect(refused.cutOff).toBe(false);
    const farOver = await run(incoming(alert.subarray(0, 10), {}, 10 + 1024 + 1));
    expect(farOver).toMatchObject({ cutOff: true, answer: { status: 413, headers: { connection: 'close' } } });
    expect((await run(incoming(Buffer.from('{}')))).answer.status).toBe(503);
  });

  it('--delay and --retry-after hold and mark every answer: whk\'s 413 and 401, the script\'s, a failed forward\'s 502 and the app\'s own (an own Retry-After kept)', async () => {
    const shaping = { delayMs: 1500, retryAfterSeconds: 7 };
    const run = createPipeline(config({ maxBody: 10, shaping }));
    const tooLarge = await run(incoming(alert.subarray(0, 10), {}, 500));
    expect(tooLarge.answer).toMatchObject({ status: 413, delayMs: 1500, headers: { 'retry-after': '7' } });
    const body = Buffer.from(JSON.stringify(getKind('pagerduty-incident').sample({ seed: 1 })));
    const signed = createPipeline(config({ secret: 'k', reject: true, shaping }));
    expect((await signed(incoming(body))).answer).toMatchObject({ status: 401, delayMs: 1500, headers: { 'retry-after': '7' } });
    const scripted = createPipeline(config({ shaping, responder: createResponder({ statuses: [500, 200] }, 1) }));
    expect((await scripted(incoming(alert))).answer).toMatchObject({ status: 500, delayMs: 1500, headers: { 'retry-after': '7' } });
    const ok = (await scripted(incoming(alert))).answer;
    expect(ok).toMatchObject({ status: 200, delayMs: 1500 });
    expect(ok.headers['retry-after']).toBeUndefined();

    const app = await startServer((request) => (request.url.startsWith('/own') ? { status: 429, headers: { 'retry-after': '60' } } : 503));
    const closed = await startServer();
    await closed.close();
    try {
      for (const [url, status, retryAfter] of [[`${app.url}/app`, 503, '7'], [`${app.url}/own`, 429, '60'], [closed.url, 502, '7']] as const) {
        const forwarder = await createForwarder(url);
        try {
          const answer = (await createPipeline(config({ shaping, forwarder }))(incoming(alert))).answer;
          expect(answer).toMatchObject({ status, delayMs: 1500, headers: { 'retry-after': retryAfter } });
        } finally {
          await forwarder.close();
        }
      }
    } finally {
      await app.close();
    }
  });

  it('records an undecodable body as invalid and still answers as scripted', async () => {
    const processed = await createPipeline(config())(incoming(Buffer.from('not br'), { 'content-encoding': 'br' }));
    expect(processed.record).toMatchObject({ encoding: 'br', valid: false, body: null, decodedSize: null, status: 200 });
    expect(processed.record.issues[0]?.message).toMatch(/cannot decode br/);
  });

  it('adds the signature and duplicate verdicts as issues of their own', async () => {
    const kind = getKind('pagerduty-incident');
    const body = Buffer.from(JSON.stringify(kind.sample({ seed: 1 })));
    const run = createPipeline(config({ secret: 'k' }));
    const good = `v1=${createHmac('sha256', 'k').update(body).digest('hex')}`;
    const first = await run(incoming(body, { 'x-pagerduty-signature': good }));
    expect(first.record).toMatchObject({ kind: 'pagerduty-incident', valid: true, signature: { scheme: 'pagerduty', header: 'x-pagerduty-signature', verdict: 'valid' } });
    // Well-formed, made with another secret.
    const again = await run(incoming(body, { 'x-pagerduty-signature': `v1=${createHmac('sha256', 'other').update(body).digest('hex')}` }));
    expect(again.record).toMatchObject({ valid: false, duplicateOf: first.record.seq, duplicateBy: 'idempotency-id', signature: { verdict: 'invalid' } });
    expect(again.record.issues.map((issue) => issue.message)).toEqual([expect.stringMatching(/^signature x-pagerduty-signature does not match/)]);
    const missing = await run(incoming(body));
    expect(missing.record.signature?.verdict).toBe('missing');
  });

  it('verifies a body of no signing kind by the scheme whose header came', async () => {
    const body = Buffer.from('{"zen":"Keep it logically awesome."}');
    const run = createPipeline(config({ secret: 'k' }));
    const signed = await run(incoming(body, { 'x-hub-signature-256': `sha256=${createHmac('sha256', 'k').update(body).digest('hex')}` }));
    expect(signed.record).toMatchObject({ kind: null, signature: { scheme: 'github', header: 'x-hub-signature-256', verdict: 'valid' }, issues: [] });
    const unsigned = await run(incoming(Buffer.from('{"zen":"again"}')));
    expect(unsigned.record.signature).toBeNull();
  });

  it('gives the map hook the record as found so far, and turns a throwing hook into a warning', async () => {
    const seen: CaptureRecord[] = [];
    const mapped = await createPipeline(config({ map: (body, record) => (seen.push(record), (body as { id?: unknown }).id ?? 'none') }))(incoming(alert));
    expect(mapped.record.mapped).toBe((JSON.parse(alert.toString()) as { id?: unknown }).id ?? 'none');
    expect(seen[0]).toMatchObject({ kind: 'metric-alert', status: 0 });
    const thrown = await createPipeline(
      config({
        map: () => {
          throw new Error('no such field');
        },
      }),
    )(incoming(alert));
    expect(thrown.record.warnings).toEqual(['map: no such field']);
    expect('mapped' in thrown.record).toBe(false);
  });

  it('flags a kind other than the expected one', async () => {
    const processed = await createPipeline(config({ expect: 'sentry-issue-alert' }))(incoming(alert));
    expect(processed.unexpected).toBe(true);
    expect(processed.record.valid).toBe(false);
  });
});

describe('receiver pipeline: a step that throws', () => {
  // A tracker that fails as the real one did on a body nested too deep for a recursive stringify.
  const failing: DuplicateTracker = {
    check: () => {
      throw new RangeError('Maximum call stack size exceeded');
    },
  };

  it('still records the request, invalid with an issue naming the failure, and answers 500', async () => {
    // A plain body (answered at once) and a gzipped one (after a promise): both paths are caught.
    for (const request of [incoming(alert), incoming(gzipSync(alert), { 'content-encoding': 'gzip' })]) {
      const processed = await createPipeline(config({ duplicates: failing }))(request);
      expect(processed.record).toMatchObject({ seq: request.seq, valid: false, status: 500, body: null, bodyBase64: request.bytes.toString('base64') });
      expect(processed.record.issues).toEqual([{ path: '$', message: expect.stringMatching(/^whk failed while handling this request \(internal error: Maximum call stack size exceeded\)/) }]);
      expect(processed.answer).toMatchObject({ status: 500, delayMs: 0 });
      expect(JSON.parse(String(processed.answer.body))).toEqual({ error: 'whk receiver error' });
      expect(JSON.parse(processed.line?.text ?? '')).toMatchObject({ seq: request.seq, status: 500, valid: false });
    }
  });

  it('a step that throws after the duplicates were checked still tells the payload its 500: the repeat is a retry', async () => {
    // A responder that fails on the first request only (whk's own bug), plain and gzipped.
    for (const encoding of [undefined, 'gzip']) {
      let calls = 0;
      const responder = {
        next: () => {
          if (++calls === 1) throw new Error('responder bug');
          return 200;
        },
      };
      const run = createPipeline(config({ duplicates: createDuplicateTracker(), responder }));
      const send = () => (encoding ? incoming(gzipSync(alert), { 'content-encoding': encoding }) : incoming(alert));
      const first = await run(send());
      expect(first.answer.status).toBe(500);
      first.duplicateCheck?.answered(first.record.status);
      const again = await run(send());
      expect(again.record).toMatchObject({ retryOf: first.record.seq, duplicateOf: null });
    }
  });
});

describe('receiver events', () => {
  it('hands every event to every subscriber until it unsubscribes; a throwing one is reported, the rest still called', () => {
    const problems: unknown[] = [];
    const emitter = createEmitter<number>((error) => problems.push(error));
    const a: number[] = [];
    const b: number[] = [];
    const stopA = emitter.subscribe((n) => a.push(n));
    emitter.subscribe(() => {
      throw new Error('subscriber bug');
    });
    emitter.subscribe((n) => b.push(n));
    emitter.emit(1);
    stopA();
    emitter.emit(2);
    expect(a).toEqual([1]);
    expect(b).toEqual([1, 2]);
    expect(problems.map((p) => (p as Error).message)).toEqual(['subscriber bug', 'subscriber bug']);
  });

  it('counts one function subscribed twice as two subscriptions', () => {
    const emitter = createEmitter<number>(() => {});
    const seen: number[] = [];
    const listener = (n: number) => seen.push(n);
    const stopFirst = emitter.subscribe(listener);
    emitter.subscribe(listener);
    emitter.emit(1);
    stopFirst();
    emitter.emit(2);
    expect(seen).toEqual([1, 1, 2]);
  });
});
