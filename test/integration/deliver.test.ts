import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { deliver } from '../../src/delivery/retry.js';
import { prepareSend } from '../../src/delivery/plan.js';
import { resolvePolicy } from '../../src/delivery/policy.js';
import { prepareRequest } from '../../src/delivery/request.js';
import { sendKind, sendPrepared } from '../../src/delivery/chains.js';
import { metricAlert } from '../../src/kinds/metric-alert.js';
import { sentry } from '../../src/kinds/sentry.js';
import { fakeKind, incidentLike } from '../helpers/kinds.js';
import { serversClosedAfterEach, startServer } from '../helpers/server.js';
import { FME_GZIP } from '../../src/kinds/harness-fme.js';
import { virtualTime } from '../helpers/virtual-time.js';

const server = serversClosedAfterEach();

/** Records the waits asked for instead of waiting. */
function fakeSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}

describe('attempts per profile and status (real local server)', () => {
  it('metric-alert: 500 then 200 is two attempts about 300 ms apart, delivered', async () => {
    const endpoint = await server([500, 200]);
    const [result] = await sendKind({ kind: metricAlert, url: endpoint.url, seed: 1 });
    expect(result?.attempts.map((a) => a.status)).toEqual([500, 200]);
    expect(result?.delivered).toBe(true);
    // The default sleep really waits ...
    const gap = (endpoint.requests[1]?.at ?? 0) - (endpoint.requests[0]?.at ?? 0);
    expect(gap).toBeGreaterThanOrEqual(280);
    expect(endpoint.requests[1]?.body).toEqual(endpoint.requests[0]?.body);

    // ... and in virtual time the schedule is exact: the retry goes out 300 ms after the first attempt.
    const time = virtualTime();
    const sentAt: number[] = [];
    const timed = await server((_, i) => {
      sentAt.push(time.elapsed());
      return i === 0 ? 500 : 200;
    });
    try {
      const [again] = await sendKind({ kind: metricAlert, url: timed.url, seed: 1 }, { sleep: time.sleep, dispatcher: time.dispatcher });
      expect(again?.attempts.map((a) => a.status)).toEqual([500, 200]);
      expect(sentAt).toEqual([0, 300]);
    } finally {
      await time.close();
    }
  });

  it('metric-alert: 201 is a failure (200 exactly), retried once, then given up', async () => {
    const endpoint = await server([201]);
    const { sleep, waits } = fakeSleep();
    const [result] = await sendKind({ kind: metricAlert, url: endpoint.url, seed: 1 }, { sleep });
    expect(result?.attempts.map((a) => a.status)).toEqual([201, 201]);
    expect(result?.delivered).toBe(false);
    expect(waits).toEqual([300]);
    expect(endpoint.requests).toHaveLength(2);
  });

  it('a 3xx is a failure for 200-only and not followed', async () => {
    const endpoint = await server(() => ({ status: 302, headers: { location: '/elsewhere' } }));
    const [result] = await sendKind({ kind: metricAlert, url: endpoint.url, seed: 1, retry: false });
    expect(result?.attempts).toEqual([{ status: 302, ms: expect.any(Number), error: null }]);
    expect(endpoint.requests.map((r) => r.url)).toEqual(['/']);
  });

  it('below-400 without retry: 404 is one attempt and a failure; 302 is a success', async () => {
    const hertzbeatLike = fakeKind({ success: 'below-400', retry: { maxAttempts: 1, initialDelayMs: 0, backoff: 'fixed' }, timeoutMs: 6000 });
    const notFound = await server([404]);
    const [failed] = await sendKind({ kind: hertzbeatLike, url: notFound.url, seed: 1 });
    expect(failed?.attempts.map((a) => a.status)).toEqual([404]);
    expect(failed?.delivered).toBe(false);
    const redirect = await server([302]);
    const [ok] = await sendKind({ kind: hertzbeatLike, url: redirect.url, seed: 1 });
    expect(ok?.delivered).toBe(true);
  });

  it('sentry-issue-alert: a 302 it does not follow is no error to Sentry (raise_for_status), so delivered; a 404 is not', async () => {
    const redirect = await server(() => ({ status: 302, headers: { location: '/elsewhere' } }));
    const [moved] = await sendKind({ kind: sentry, url: redirect.url, seed: 1 });
    expect(moved?.attempts.map((a) => a.status)).toEqual([302]);
    expect(moved?.delivered).toBe(true);
    expect(redirect.requests.map((r) => r.url)).toEqual(['/']);
    const notFound = await server([404]);
    const [failed] = await sendKind({ kind: sentry, url: notFound.url, seed: 1 });
    expect(failed?.delivered).toBe(false);
  });

  it('2xx with exponential backoff: 5 attempts waiting 1 s, 2 s, 4 s, 8 s (injected sleep)', async () => {
    const backoff = fakeKind({ success: '2xx', retry: { maxAttempts: 5, initialDelayMs: 1000, backoff: 'exponential' } });
    const endpoint = await server([503]);
    const { sleep, waits } = fakeSleep();
    const [result] = await sendKind({ kind: backoff, url: endpoint.url, seed: 1 }, { sleep });
    expect(result?.attempts).toHaveLength(5);
    expect(waits).toEqual([1000, 2000, 4000, 8000]);
    expect(endpoint.requests).toHaveLength(5);
  });

  it('2xx with real short backoff: 500, 500, 204 is delivered on the third attempt', async () => {
    const backoff = fakeKind({ success: '2xx', retry: { maxAttempts: 5, initialDelayMs: 20, backoff: 'exponential' } });
    const endpoint = await server([500, 500, 204]);
    const [result] = await sendKind({ kind: backoff, url: endpoint.url, seed: 1 });
    expect(result?.attempts.map((a) => a.status)).toEqual([500, 500, 204]);
    expect(result?.delivered).toBe(true);
    const gaps = endpoint.requests.slice(1).map((r, i) => r.at - (endpoint.requests[i]?.at ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(18);
    expect(gaps[1]).toBeGreaterThanOrEqual(38);
  });

  it('--retries and --retry-delay override the profile', async () => {
    const endpoint = await server([500]);
    const { sleep, waits } = fakeSleep();
    const [result] = await sendKind({ kind: metricAlert, url: endpoint.url, seed: 1, retries: 3, retryDelayMs: 50 }, { sleep });
    expect(result?.attempts).toHaveLength(4);
    expect(waits).toEqual([50, 50, 50]);
  });

  it('server-errors plus named 4xx: those are retried, others final; a retry-count header rides only on retries', async () => {
    const policy = {
      success: '2xx' as const,
      retry: { maxAttempts: 4, initialDelayMs: 0, backoff: 'fixed' as const, retryOn: 'server-errors' as const, alsoRetried: [409], attemptHeader: { name: 'X-Retry-Count', counts: 'retries' as const } },
      timeoutMs: 5_000,
    };
    const endpoint = await server([409, 502, 200]);
    const request = prepareRequest({ method: 'POST', contentType: 'application/json', gzip: 'never', signature: null }, endpoint.url, Buffer.from('{"a":1}'), { headers: [['X-Id', 'same']] });
    const outcome = await deliver(request, policy, { sleep: fakeSleep().sleep });
    expect(outcome.attempts.map((a) => a.status)).toEqual([409, 502, 200]);
    expect(endpoint.requests.map((r) => [r.headers['x-retry-count'], r.headers['x-id']])).toEqual([
      [undefined, 'same'],
      ['1', 'same'],
      ['2', 'same'],
    ]);
    // The prepared request itself is untouched: a replay of it starts again without the header.
    expect(request.headers).not.toHaveProperty('X-Retry-Count');

    const refusing = await server([408, 200]);
    const final = await deliver({ ...request, url: refusing.url }, policy, { sleep: fakeSleep().sleep });
    expect(final.attempts.map((a) => a.status)).toEqual([408]);
    expect(final.delivered).toBe(false);
  });

  it('an attempt-number header numbers every attempt from 1, replacing a given header of that name in any case', async () => {
    const policy = {
      success: '2xx' as const,
      retry: { maxAttempts: 3, initialDelayMs: 0, backoff: 'fixed' as const, attemptHeader: { name: 'X-Attempt-Number', counts: 'attempts' as const } },
      timeoutMs: 5_000,
    };
    const endpoint = await server([500, 500, 200]);
    const request = prepareRequest({ method: 'POST', contentType: 'application/json', gzip: 'never', signature: null }, endpoint.url, Buffer.from('{"a":1}'), { headers: [['x-attempt-number', '9']] });
    const outcome = await deliver(request, policy, { sleep: fakeSleep().sleep });
    expect(outcome.delivered).toBe(true);
    // node joins a repeated header with ', ': one value each means the given header was replaced.
    expect(endpoint.requests.map((r) => r.headers['x-attempt-number'])).toEqual(['1', '2', '3']);
    expect(request.headers).toEqual(expect.objectContaining({ 'x-attempt-number': '9' }));
  });

  it('5xx answers only (Bitbucket): 500 and 503 are retried; 404, 429 and a refused connection are final', async () => {
    const fiveXx = fakeKind({ success: '2xx', retry: { maxAttempts: 3, initialDelayMs: 0, backoff: 'fixed', retryOn: '5xx-answers' } });
    const recovering = await server([500, 503, 200]);
    const [delivered] = await sendKind({ kind: fiveXx, url: recovering.url, seed: 1 });
    expect(delivered?.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
    for (const status of [404, 429]) {
      const final = await server([status]);
      const [result] = await sendKind({ kind: fiveXx, url: final.url, seed: 1 });
      expect(result?.attempts.map((a) => a.status), String(status)).toEqual([status]);
      expect(final.requests).toHaveLength(1);
    }
    const closed = await startServer();
    await closed.close();
    const [refused] = await sendKind({ kind: fiveXx, url: closed.url, seed: 1 });
    expect(refused?.attempts).toHaveLength(1);
  });

  it('an attempt-number header numbers each attempt on the wire from 1, the bytes unchanged', async () => {
    const numbered = fakeKind({ success: '2xx', retry: { maxAttempts: 3, initialDelayMs: 0, backoff: 'fixed', attemptHeader: { name: 'X-Attempt-Number', counts: 'attempts' } } });
    const attempts = await server([500, 500, 200]);
    const [result] = await sendKind({ kind: numbered, url: attempts.url, seed: 1 });
    expect(result?.delivered).toBe(true);
    expect(attempts.requests.map((r) => r.headers['x-attempt-number'])).toEqual(['1', '2', '3']);
    expect(new Set(attempts.requests.map((r) => r.body.toString())).size).toBe(1);
    // --retries extends the count; the planned (dry-run) request shows the first attempt's.
    const more = await server([500]);
    await sendKind({ kind: numbered, url: more.url, seed: 1, retries: 4 });
    expect(more.requests.map((r) => r.headers['x-attempt-number'])).toEqual(['1', '2', '3', '4', '5']);
    expect(prepareSend({ kind: numbered, url: more.url, seed: 1 })[0]?.request.headers['X-Attempt-Number']).toBe('1');
    // A kind that does not number its attempts sends no such header.
    const plain = await server([500, 200]);
    await sendKind({ kind: fakeKind({ success: '2xx', retry: { maxAttempts: 2, initialDelayMs: 0, backoff: 'fixed' } }), url: plain.url, seed: 1 });
    expect(plain.requests.map((r) => r.headers['x-attempt-number'])).toEqual([undefined, undefined]);
  });
});

// A client that asks for gzip (Go's Transport for Grafana) inflates a gzipped answer before the sender
// reads it: the attempt's answer was the compressed bytes, escaped.
describe("a gzipped answer, as the sender's client reads it", () => {
  it('is inflated for a kind whose client asks for gzip, and left as it came for one whose client does not', async () => {
    const gzipped = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(503, { 'content-encoding': 'gzip', 'content-type': 'text/plain' }).end(gzipSync('db down, try later')));
    });
    await new Promise<void>((resolve) => gzipped.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(gzipped.address() as AddressInfo).port}/hook`;
      const [grafana] = await sendKind({ kind: (await import('../../src/kinds/grafana.js')).grafana, url, seed: 1 });
      expect(grafana?.attempts[0]).toMatchObject({ status: 503, answer: 'db down, try later' });
      const [alertmanager] = await sendKind({ kind: (await import('../../src/kinds/alertmanager.js')).alertmanager, url, seed: 1, retry: false });
      expect(alertmanager?.attempts[0]?.answer?.startsWith('\x1f')).toBe(true);
    } finally {
      await new Promise<void>((resolve) => gzipped.close(() => resolve()));
    }
  });
});

describe('a run cancelled part way', () => {
  it('marks a delivery stopped in its wait before a retry (retriesCancelled), not one cut off in flight nor one that ran its course', async () => {
    const failing = await server([500, 500, 500]);
    const controller = new AbortController();
    const results = await sendKind({ kind: metricAlert, url: failing.url, seed: 1, retryDelayMs: 60_000 }, { signal: controller.signal, onWait: () => controller.abort() });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ delivered: false, retriesCancelled: true, attempts: [{ status: 500 }] });
    const spent = await sendKind({ kind: metricAlert, url: failing.url, seed: 1, retry: false }, { signal: new AbortController().signal });
    expect(spent[0]?.delivered).toBe(false);
    expect(spent[0]).not.toHaveProperty('retriesCancelled');
  });
});

describe('failures are attempt errors, not crashes', () => {
  it('connection refused', async () => {
    const closed = await startServer();
    await closed.close();
    const { sleep } = fakeSleep();
    const [result] = await sendKind({ kind: metricAlert, url: closed.url, seed: 1 }, { sleep });
    expect(result?.delivered).toBe(false);
    expect(result?.attempts).toHaveLength(2);
    expect(result?.attempts[0]).toMatchObject({ status: null, error: `connection refused by 127.0.0.1:${closed.port}` });
  });

  it('a timeout per attempt', async () => {
    // An endpoint that never answers: the attempt can only end by its own deadline.
    const silent = createServer((req) => req.resume());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const [result] = await sendKind({ kind: metricAlert, url: `http://127.0.0.1:${port}/`, seed: 1, timeoutMs: 150, retry: false });
      expect(result?.attempts).toEqual([{ status: null, ms: expect.any(Number), error: 'timed out after 150ms' }]);
      expect(result?.attempts[0]?.ms).toBeGreaterThanOrEqual(140);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('a connection the server drops before answering', async () => {
    const rude = createServer((req) => req.socket.destroy());
    await new Promise<void>((resolve) => rude.listen(0, '127.0.0.1', resolve));
    const { port } = rude.address() as AddressInfo;
    try {
      const [result] = await sendKind({ kind: metricAlert, url: `http://127.0.0.1:${port}/`, seed: 1, retry: false });
      expect(result?.attempts[0]?.error).toBe(`connection closed by 127.0.0.1:${port} before it answered`);
    } finally {
      rude.close();
    }
  });

  it('a TLS error (https to a plain http server)', async () => {
    const plain = await server([200]);
    const [result] = await sendKind({ kind: metricAlert, url: plain.url.replace('http:', 'https:'), seed: 1, retry: false });
    expect(result?.attempts[0]?.error).toMatch(/^TLS error with 127\.0\.0\.1:\d+: .*wrong version number/);
  });

  it('a cancelled delivery stops retrying', async () => {
    const endpoint = await server([500]);
    const controller = new AbortController();
    const outcome = await deliver(prepareRequest(metricAlert.delivery, endpoint.url, Buffer.from('{}')), resolvePolicy(metricAlert.delivery), {
      signal: controller.signal,
      onAttempt: () => controller.abort(),
    });
    expect(outcome).toMatchObject({ delivered: false, interrupted: true });
    expect(endpoint.requests).toHaveLength(1);
  });
});

describe('encoding, signing and at-least-once', () => {
  const gzipKind = fakeKind({ gzip: FME_GZIP });

  it('gzipped bodies arrive with Content-Encoding: gzip and inflate to the JSON sent', async () => {
    const endpoint = await server([200]);
    const [result] = await sendKind({ kind: gzipKind, url: endpoint.url, seed: 7 });
    const received = endpoint.requests[0];
    expect(received?.headers['content-encoding']).toBe('gzip');
    expect(received?.headers['content-type']).toBe('application/json');
    expect(result).toMatchObject({ gzip: true, bytes: received?.body.length });
    expect(JSON.parse(gunzipSync(received?.body ?? Buffer.alloc(0)).toString())).toEqual(metricAlert.sample({ seed: 7 }));
  });

  it('the signature header is the HMAC of the exact bytes received', async () => {
    const endpoint = await server([200]);
    await sendKind({ kind: incidentLike, url: endpoint.url, seed: 3, secret: 'topsecret', gzip: 'always' });
    const received = endpoint.requests[0];
    expect(received?.headers['x-metaplane-sig']).toBe(createHmac('sha256', 'topsecret').update(received?.body ?? '').digest('hex'));
  });

  it('--duplicates 1 re-sends every delivery byte-identical, with the same idempotency id', async () => {
    const endpoint = await server([200]);
    const results = await sendKind({ kind: incidentLike, url: endpoint.url, seed: 3, count: 3, duplicates: 1 });
    expect(results.map((r) => r.duplicate)).toEqual([false, true, false, true, false, true]);
    expect(endpoint.requests).toHaveLength(6);
    for (let i = 0; i < 6; i += 2) {
      expect(endpoint.requests[i + 1]?.body.equals(endpoint.requests[i]?.body ?? Buffer.alloc(0))).toBe(true);
      expect(results[i + 1]?.idempotencyId).toBe(results[i]?.idempotencyId);
    }
    expect(new Set(results.map((r) => r.idempotencyId)).size).toBe(3);
  });

  it('--duplicates copies only a delivery that was delivered: one that failed its retries gets none, its next stage still goes', async () => {
    // The first incident's opened fails both attempts (500, 500); the rest are accepted.
    const endpoint = await server([500, 500, 200]);
    const { sleep } = fakeSleep();
    const results = await sendKind({ kind: incidentLike, url: endpoint.url, seed: 3, count: 2, lifecycle: true, duplicates: 1 }, { sleep });
    expect(results.map((r) => [r.stage, r.duplicate, r.delivered])).toEqual([
      [1, false, false],
      [2, false, true],
      [2, true, true],
      [1, false, true],
      [1, true, true],
      [2, false, true],
      [2, true, true],
    ]);
    expect(endpoint.requests).toHaveLength(8);
  });

  it('--duplicates 0.5 duplicates some, reproducibly for a seed', async () => {
    const plan = (seed: number) => prepareSend({ kind: incidentLike, url: 'http://127.0.0.1:1/', seed, count: 40, duplicates: 0.5 }).map((d) => d.duplicate);
    const duplicates = plan(11).filter(Boolean).length;
    expect(duplicates).toBeGreaterThan(8);
    expect(duplicates).toBeLessThan(32);
    expect(plan(11)).toEqual(plan(11));
  });

  it('--lifecycle sends each stage in order, with its own idempotency id', async () => {
    const endpoint = await server([200]);
    const results = await sendKind({ kind: incidentLike, url: endpoint.url, seed: 5, count: 2, lifecycle: true }, { concurrency: 2 });
    expect(results).toHaveLength(4);
    const bodies = endpoint.requests.map((r) => JSON.parse(r.body.toString()) as { integrationId: string });
    const opening = bodies.filter((b) => !b.integrationId.endsWith('-resolved'));
    // Two incidents opened, so the ordering check below runs for each of them.
    expect(opening).toHaveLength(2);
    for (const opened of opening) {
      const openedAt = bodies.indexOf(opened);
      const resolvedAt = bodies.findIndex((b) => b.integrationId === `${opened.integrationId}-resolved`);
      expect(resolvedAt).toBeGreaterThan(openedAt);
    }
    expect(results[1]?.idempotencyId).toBe(`${results[0]?.idempotencyId}-resolved`);
  });

  it('--count with --concurrency delivers every payload; results keep plan order', async () => {
    const endpoint = await server(() => ({ status: 200, delayMs: 10 }));
    const results = await sendKind({ kind: metricAlert, url: endpoint.url, seed: 100, count: 20 }, { concurrency: 5 });
    expect(results).toHaveLength(20);
    expect(endpoint.requests).toHaveLength(20);
    const planned = prepareSend({ kind: metricAlert, url: endpoint.url, seed: 100, count: 20 });
    expect(results.map((r) => r.bytes)).toEqual(planned.map((p) => p.request.body.length));
    expect(new Set(endpoint.requests.map((r) => r.body.toString())).size).toBe(20);
  });

  it('the user bytes go out verbatim', async () => {
    const endpoint = await server([200]);
    const body = '{ "type": "METRIC_ALERT",\n  "odd spacing": true }\n';
    await sendKind({ kind: metricAlert, url: endpoint.url, body });
    expect(endpoint.requests[0]?.body.toString()).toBe(body);
  });
});

describe('sendPrepared (replay)', () => {
  it('re-sends captured bytes and headers as they are, minus the hop-by-hop ones', async () => {
    const endpoint = await server([200]);
    const body = gzipSync(Buffer.from('{"captured":true}'));
    const result = await sendPrepared({
      kind: 'metaplane-incident',
      policy: resolvePolicy(metricAlert.delivery, { retry: false }),
      request: {
        method: 'PUT',
        url: `${endpoint.url}/replayed?x=1`,
        gzip: true,
        body,
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-metaplane-sig': 'abc', host: 'elsewhere.example', connection: 'keep-alive', 'content-length': '999', 'transfer-encoding': 'chunked' },
      },
    });
    expect(result).toMatchObject({ delivered: true, gzip: true, bytes: body.length, kind: 'metaplane-incident' });
    const received = endpoint.requests[0];
    expect(received).toMatchObject({ method: 'PUT', url: '/replayed?x=1' });
    expect(received?.body.equals(body)).toBe(true);
    expect(received?.headers).toMatchObject({ 'content-encoding': 'gzip', 'x-metaplane-sig': 'abc', host: `127.0.0.1:${endpoint.port}`, 'content-length': String(body.length) });
  });
});
