// Each real kind's delivery profile against a real local server (the engine's rules are covered with
// inline profiles in deliver.test.ts; here the kinds' own data must produce the documented behaviour).
import { createHmac } from 'node:crypto';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { attempt, createDispatcher, endDispatcher } from '../../src/delivery/attempt.js';
import { prepareSend } from '../../src/delivery/plan.js';
import { resolvePolicy } from '../../src/delivery/policy.js';
import { sendKind } from '../../src/delivery/chains.js';
import { hertzbeatAlarm } from '../../src/kinds/hertzbeat-alarm.js';
import { getKind } from '../../src/kinds/index.js';
import { senderChoice } from '../../src/kinds/sender-version.js';
import { impressions } from '../../src/kinds/impressions.js';
import { metaplaneIncident } from '../../src/kinds/metaplane-incident.js';
import { validatePayload } from '../../src/validate/payload.js';
import { runMain } from '../helpers/main.js';
import { serversClosedAfterEach } from '../helpers/server.js';

const server = serversClosedAfterEach();

const json = (body: Buffer | undefined): Record<string, unknown> => JSON.parse((body ?? Buffer.alloc(0)).toString()) as Record<string, unknown>;

describe('impressions', () => {
  it('--count 250: one gzipped batch of 250 valid impressions, with Content-Type and Content-Encoding', async () => {
    const endpoint = await server([200]);
    const [result] = await sendKind({ kind: impressions, url: endpoint.url, seed: 5, count: 250 });
    const received = endpoint.requests[0];
    expect(result).toMatchObject({ delivered: true, gzip: true, bytes: received?.body.length });
    expect(received?.headers['content-type']).toBe('application/json');
    expect(received?.headers['content-encoding']).toBe('gzip');
    const batch = JSON.parse(gunzipSync(received?.body ?? Buffer.alloc(0)).toString()) as unknown[];
    expect(batch).toHaveLength(250);
    expect(validatePayload(batch, { kind: 'impressions' })).toMatchObject({ valid: true });
    expect(received?.body.length).toBeLessThan(JSON.stringify(batch).length / 3);
  });

  it.each(['https://hooks.slack.com/services/T000/B000/XXXX', 'https://webhooks.fivetran.com/webhooks/6f1f3c1e'])('is sent plain to %s', (url) => {
    const [planned] = prepareSend({ kind: impressions, url, seed: 5, count: 3 });
    expect(planned?.request.gzip).toBe(false);
    expect(planned?.request.headers['Content-Encoding']).toBeUndefined();
    expect(JSON.parse(planned?.request.body.toString() ?? '')).toHaveLength(3);
  });

  it('200 only: a 204 is retried once after 300 ms, then failed', async () => {
    const endpoint = await server([204]);
    const waits: number[] = [];
    const [result] = await sendKind({ kind: impressions, url: endpoint.url, seed: 5 }, { sleep: async (ms) => void waits.push(ms) });
    expect(result?.attempts.map((a) => a.status)).toEqual([204, 204]);
    expect(result?.delivered).toBe(false);
    expect(waits).toEqual([300]);
  });
});

describe('metaplane-incident', () => {
  it('any 2xx succeeds; failures back off 1 s, 2 s, 4 s, 8 s over 5 attempts', async () => {
    const accepted = await server([202]);
    expect((await sendKind({ kind: metaplaneIncident, url: accepted.url, seed: 1 }))[0]?.delivered).toBe(true);
    const failing = await server([500]);
    const waits: number[] = [];
    const [result] = await sendKind({ kind: metaplaneIncident, url: failing.url, seed: 1 }, { sleep: async (ms) => void waits.push(ms) });
    expect(result?.attempts).toHaveLength(5);
    expect(waits).toEqual([1000, 2000, 4000, 8000]);
    expect(failing.requests).toHaveLength(5);
  });

  it('backs off for real with a short --retry-delay: 500, 500, 200', async () => {
    const endpoint = await server([500, 500, 200]);
    const [result] = await sendKind({ kind: metaplaneIncident, url: endpoint.url, seed: 1, retryDelayMs: 25 });
    expect(result?.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    const [first, second, third] = endpoint.requests.map((r) => r.at);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(23);
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(48);
  });

  it('--secret: x-metaplane-sig is the hex HMAC-SHA256 of the exact body received', async () => {
    const endpoint = await server([200]);
    await sendKind({ kind: metaplaneIncident, url: endpoint.url, seed: 2, secret: 'whsec_test' });
    const received = endpoint.requests[0];
    expect(received?.headers['x-metaplane-sig']).toMatch(/^[0-9a-f]{64}$/);
    expect(received?.headers['x-metaplane-sig']).toBe(createHmac('sha256', 'whsec_test').update(received?.body ?? '').digest('hex'));
  });

  it('--duplicates 1: every incident arrives twice, byte-identical, same idempotencyId', async () => {
    const endpoint = await server([200]);
    const results = await sendKind({ kind: metaplaneIncident, url: endpoint.url, seed: 3, count: 2, duplicates: 1, secret: 's' });
    expect(results.map((r) => r.duplicate)).toEqual([false, true, false, true]);
    const [a, aAgain, b, bAgain] = endpoint.requests;
    expect(aAgain?.body.equals(a?.body ?? Buffer.alloc(0))).toBe(true);
    expect(bAgain?.body.equals(b?.body ?? Buffer.alloc(0))).toBe(true);
    expect(aAgain?.headers['x-metaplane-sig']).toBe(a?.headers['x-metaplane-sig']);
    expect(json(aAgain?.body)['idempotencyId']).toBe(json(a?.body)['idempotencyId']);
    expect(results[0]?.idempotencyId).toBe(json(a?.body)['idempotencyId']);
    expect(json(b?.body)['id']).not.toBe(json(a?.body)['id']);
  });

  it('--lifecycle: opened then resolved for the same incident, with a new updatedAt and idempotencyId, both valid', async () => {
    const endpoint = await server([200]);
    const results = await sendKind({ kind: metaplaneIncident, url: endpoint.url, seed: 4, lifecycle: true });
    const [opened, resolved] = endpoint.requests.map((r) => json(r.body));
    expect(endpoint.requests).toHaveLength(2);
    expect(opened).toMatchObject({ status: 'opened' });
    expect(resolved).toMatchObject({ status: 'resolved', id: opened?.['id'], createdAt: opened?.['createdAt'] });
    expect(Date.parse(String(resolved?.['updatedAt']))).toBeGreaterThan(Date.parse(String(opened?.['updatedAt'])));
    expect(resolved?.['idempotencyId']).toBe(Buffer.from(`${String(opened?.['id'])}-${String(resolved?.['updatedAt'])}`).toString('base64'));
    expect(resolved?.['idempotencyId']).not.toBe(opened?.['idempotencyId']);
    for (const monitor of resolved?.['affectedMonitors'] as { resolvedAt: string }[]) expect(monitor.resolvedAt).toBe(resolved?.['updatedAt']);
    expect(results.map((r) => r.idempotencyId)).toEqual([opened?.['idempotencyId'], resolved?.['idempotencyId']]);
    for (const body of [opened, resolved]) expect(validatePayload(body, { kind: 'metaplane-incident' })).toMatchObject({ valid: true });
  });
});

describe('hertzbeat-alarm', () => {
  it('404 is one attempt and a failure (no retry); 301 is a success (below 400) where it is the answer', async () => {
    const missing = await server([404]);
    const [failed] = await sendKind({ kind: hertzbeatAlarm, url: missing.url, seed: 1 });
    expect(failed?.attempts.map((a) => a.status)).toEqual([404]);
    expect(failed?.delivered).toBe(false);
    expect(missing.requests).toHaveLength(1);
    const moved = await server([301]);
    // Up to 1.5.x HttpURLConnection does not follow a POST's redirect: the 301 is the answer.
    expect((await sendKind({ kind: hertzbeatAlarm, url: moved.url, seed: 1, senderVersion: '1.5.0' }))[0]?.delivered).toBe(true);
    // OkHttp (the default, 1.8.0) takes a 301 without a Location as the answer: below 400, delivered.
    expect((await sendKind({ kind: hertzbeatAlarm, url: moved.url, seed: 1 }))[0]?.delivered).toBe(true);
    // The JDK HttpClient (1.9.0, unreleased) follows a 301 and fails one without a Location ("Invalid redirection").
    const [bare] = await sendKind({ kind: hertzbeatAlarm, url: moved.url, seed: 1, senderVersion: '1.9.0' });
    expect(bare?.attempts).toEqual([{ status: null, ms: expect.any(Number), error: '301 without a Location: the JDK HttpClient does not deliver it' }]);
  });

  it('times out after 6000 s by default (1.8.0 passes 6 * 1000 as seconds), 6 s from 1.9.0', () => {
    expect(resolvePolicy(hertzbeatAlarm.delivery).timeoutMs).toBe(6_000_000);
    expect(resolvePolicy(senderChoice(hertzbeatAlarm, '1.9.0').delivery).timeoutMs).toBe(6000);
  });

  it('--auth-basic sends the token as given; --auth-bearer as Bearer', async () => {
    const endpoint = await server([200]);
    await sendKind({ kind: hertzbeatAlarm, url: endpoint.url, seed: 1, auth: { scheme: 'basic', token: 'YWRtaW46aGVydHpiZWF0' } });
    await sendKind({ kind: hertzbeatAlarm, url: endpoint.url, seed: 1, auth: { scheme: 'bearer', token: 'tkn' } });
    expect(endpoint.requests.map((r) => r.headers['authorization'])).toEqual(['Basic YWRtaW46aGVydHpiZWF0', 'Bearer tkn']);
  });

  it.each(['grouped', 'flat', 'entity'])('--variant %s sends a valid alarm of that generation, never gzipped', async (variant) => {
    const endpoint = await server([200]);
    const [result] = await sendKind({ kind: hertzbeatAlarm, url: endpoint.url, seed: 6, variant });
    expect(result?.gzip).toBe(false);
    expect(endpoint.requests[0]?.headers['content-encoding']).toBeUndefined();
    const body = json(endpoint.requests[0]?.body);
    expect(validatePayload(body, { kind: 'hertzbeat-alarm' })).toMatchObject({ valid: true });
    expect(body).toEqual(hertzbeatAlarm.sample({ seed: 6, variant }));
  });
});

/**
 * A receiver on a raw socket (no HTTP server library sends fewer bytes than its Content-Length says):
 * each request is answered `status` with Content-Length: 100 and 10 bytes, then the connection is
 * closed ('close') or sends nothing more ('stall').
 */
async function shortAnswer(status: number, then: 'close' | 'stall'): Promise<{ url: string; close: () => Promise<void>; allClosed: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  // Resolved each time the last open connection closes.
  let lastClosed: (() => void) | undefined;
  const endpoint = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0) lastClosed?.();
    });
    let head = '';
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (end < 0 || head.length - end - 4 < length) return;
      const answer = `HTTP/1.1 ${status} X\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n0123456789`;
      if (then === 'close') socket.end(answer);
      else socket.write(answer);
    });
  });
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  const { port } = endpoint.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    close: () => new Promise((resolve) => { for (const socket of sockets) socket.destroy(); endpoint.close(() => resolve()); }),
    allClosed: () => (sockets.size === 0 ? Promise.resolve() : new Promise((resolve) => { lastClosed = resolve; })),
  };
}

describe('a 200 whose body the receiver cuts short (Content-Length: 100, 10 bytes, then the connection closed)', () => {
  const cutShort = () => shortAnswer(200, 'close');

  it("is delivered where the sender's code goes by the status (Alertmanager drains the body; GitLab's and Travis CI's Net::HTTP ignore the early end), failed where it reads the body (Grafana's io.ReadAll, HertzBeat's String over OkHttp, Sentry's requests) or no source says (whk's choice)", async () => {
    const endpoint = await cutShort();
    try {
      const outcomes: Record<string, [boolean, string | null | undefined]> = {};
      for (const id of ['alertmanager', 'gitlab', 'travis-ci', 'grafana-alert', 'hertzbeat-alarm', 'sentry-issue-alert', 'metaplane-incident']) {
        const [result] = await sendKind({ kind: getKind(id), url: endpoint.url, seed: 1, retry: false });
        outcomes[id] = [result?.delivered ?? false, result?.attempts.at(-1)?.error];
      }
      const cut = 'connection closed by 127.0.0.1 in the middle of its answer (status 200, body cut short)';
      const said = (error: string | null | undefined): string | null => error?.replace(/:\d+ /, ' ') ?? null;
      expect(Object.fromEntries(Object.entries(outcomes).map(([id, [delivered, error]]) => [id, [delivered, said(error)]]))).toEqual({
        alertmanager: [true, null],
        gitlab: [true, null],
        'travis-ci': [true, null],
        'grafana-alert': [false, cut],
        'hertzbeat-alarm': [false, cut],
        'sentry-issue-alert': [false, cut],
        'metaplane-incident': [false, cut],
      });
    } finally {
      await endpoint.close();
    }
  });

  it.each(['harness-build', 'harness-deployment', 'harness-slo'])("is delivered for %s: Harness's WebhookSenderImpl returns on isSuccessful() without reading a 2xx body", async (id) => {
    const endpoint = await cutShort();
    try {
      const [result] = await sendKind({ kind: getKind(id), url: endpoint.url, seed: 1 });
      expect([result?.delivered, result?.attempts.length, result?.attempts.at(-1)?.error ?? null]).toEqual([true, 1, null]);
    } finally {
      await endpoint.close();
    }
  });

  it("says where a source decides it: HertzBeat's OkHttp lines read the body (documented), its HttpURLConnection and JDK HttpClient lines are whk's choice", () => {
    expect(['1.5.0', '1.6.0', '1.8.0', '1.9.0'].map((line) => senderChoice(hertzbeatAlarm, line).delivery.shortBody)).toEqual([undefined, 'fails', 'fails', undefined]);
  });

  it("Sentry's fails by its source, not whk's choice: requests reads the body in safe_urlopen and send_and_save_webhook_request raises its ChunkedEncodingError again", async () => {
    const delivery = (await runMain(['kinds', 'sentry-issue-alert'])).stdout.split('\n').find((line) => line.startsWith('  delivery')) ?? '';
    expect(delivery).toContain('; a body cut short fails the attempt;');
    expect(getKind('sentry-issue-alert').delivery.provenance.documented.some((rule) => rule.startsWith('a body cut short fails the delivery'))).toBe(true);
  });
});

describe('an answer whose body stalls (Content-Length: 100, 10 bytes, then nothing until the timeout)', () => {
  const stalls = (status: number) => shortAnswer(status, 'stall');

  const outcomes = async (url: string, ids: readonly string[]): Promise<Record<string, [boolean, number | null, string | null]>> => {
    const found: Record<string, [boolean, number | null, string | null]> = {};
    for (const id of ids) {
      const [result] = await sendKind({ kind: getKind(id), url, seed: 1, retries: 1, retryDelayMs: 0, timeoutMs: 200 });
      const last = result?.attempts.at(-1);
      found[id] = [result?.delivered ?? false, result?.attempts.length ?? 0, last?.error ?? `${last?.status}`];
    }
    return found;
  };

  it("counts by its status for Alertmanager (Retrier.Check decides before the body is drained), times out where the client reads the body first (Net::HTTP, io.ReadAll)", async () => {
    const ok = await stalls(200);
    try {
      const timedOut = 'timed out after 200ms reading the body of its 200 answer';
      expect(await outcomes(ok.url, ['alertmanager', 'gitlab', 'travis-ci', 'grafana-alert'])).toEqual({
        alertmanager: [true, 1, '200'],
        gitlab: [false, 2, timedOut],
        'travis-ci': [false, 2, timedOut],
        'grafana-alert': [false, 2, timedOut],
      });
    } finally {
      await ok.close();
    }
    // A 4xx is final for Alertmanager, stalled or not; a 5xx is retried.
    for (const [status, attempts] of [[404, 1], [503, 2]] as const) {
      const endpoint = await stalls(status);
      try {
        expect((await outcomes(endpoint.url, ['alertmanager']))['alertmanager']).toEqual([false, attempts, String(status)]);
      } finally {
        await endpoint.close();
      }
    }
  });

  it("shows the partial body of a failed answer whose status decides marked '…', as an answer past 200 bytes is: stalled (Alertmanager) or cut short (Alertmanager, GitLab)", async () => {
    const line = async (id: string, url: string): Promise<string> => (await runMain(['send', id, '--url', url, '--seed', '1', '--retries', '0', '--timeout', '200ms'])).stdout.split('\n')[0] ?? '';
    for (const [then, ids] of [['stall', ['alertmanager']], ['close', ['alertmanager', 'gitlab']]] as const) {
      for (const status of [404, 503]) {
        const endpoint = await shortAnswer(status, then);
        try {
          for (const id of ids) expect([then, id, await line(id, endpoint.url)]).toEqual([then, id, expect.stringContaining(`✖ ${id}  ${status} «0123456789…» (`)]);
        } finally {
          await endpoint.close();
        }
      }
    }
  });

  it("counts by its status for the Harness kinds (WebhookSenderImpl reads a body only to log a failure): a 503 failed once at the timeout, no retry", async () => {
    const endpoint = await stalls(503);
    try {
      for (const id of ['harness-build', 'harness-deployment', 'harness-slo']) {
        const [result] = await sendKind({ kind: getKind(id), url: endpoint.url, seed: 1, timeoutMs: 200 });
        expect([id, result?.delivered, result?.attempts.map((a) => a.status), result?.attempts.at(-1)?.error ?? null]).toEqual([id, false, [503], null]);
      }
    } finally {
      await endpoint.close();
    }
  });

  it("delivers a 2xx at its headers for the Harness kinds (WebhookSenderImpl returns on isSuccessful() and closes the answer unread), then drops the connection whose body never ends", async () => {
    const endpoint = await stalls(200);
    try {
      for (const id of ['harness-build', 'harness-deployment', 'harness-slo']) {
        // An hour's timeout: decided at the deadline, the attempt would outlast the test's own limit.
        const [result] = await sendKind({ kind: getKind(id), url: endpoint.url, seed: 1, timeoutMs: 3_600_000 });
        expect([id, result?.delivered, result?.attempts.map((a) => a.status), result?.attempts.at(-1)?.error ?? null]).toEqual([id, true, [200], null]);
      }
      // OkHttp gives up the unread rest, and the connection with it: so does whk, its dispatcher still open.
      const dispatcher = createDispatcher();
      try {
        const [planned] = prepareSend({ kind: getKind('harness-build'), url: endpoint.url, seed: 1 });
        expect(await attempt(planned?.request ?? ({} as never), 3_600_000, { dispatcher })).toMatchObject({ status: 200, error: null });
        await endpoint.allClosed();
      } finally {
        await endDispatcher(dispatcher);
      }
    } finally {
      await endpoint.close();
    }
  });

  it('whk kinds says so: the status decides for Alertmanager, a body cut short only for GitLab', async () => {
    const delivery = async (id: string): Promise<string> => (await runMain(['kinds', id])).stdout.split('\n').find((line) => line.startsWith('  delivery')) ?? '';
    expect(await delivery('alertmanager')).toContain('; a body cut short or stalled: the status decides (a stalled one at the timeout);');
    expect(await delivery('gitlab')).toContain('; a body cut short: the status decides;');
    for (const id of ['harness-build', 'harness-deployment', 'harness-slo']) expect(await delivery(id)).toContain('; a body cut short or stalled: the status decides (a 2xx at once, another status at the timeout);');
  });
});
