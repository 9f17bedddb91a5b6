// OkHttp's own re-sends (HertzBeat 1.6.0–1.8.x) against a real local receiver: after a 408, or a 503
// with Retry-After: 0, the same request goes again at once and shows as one more attempt; the JDK
// clients of the other release lines take the 408 or 503 as the answer.
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDispatcher } from '../../src/delivery/attempt.js';
import { prepareSend } from '../../src/delivery/plan.js';
import { deliver, type DeliverOutcome } from '../../src/delivery/retry.js';
import { hertzbeatAlarm } from '../../src/kinds/hertzbeat-alarm.js';
import { closedAfterEach, serversClosedAfterEach, type Responder, type TestServer } from '../helpers/server.js';

const server = serversClosedAfterEach();

/** A receiver that reads each request and drops the connection without an answer. */
const startDropping = closedAfterEach(async () => {
  let requests = 0;
  const dropping = createServer((req) => {
    requests++;
    req.resume().on('end', () => req.socket.destroy());
  });
  await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(dropping.address() as AddressInfo).port}`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => dropping.close(() => resolve())),
  };
});

async function sendAs(senderVersion: string, respond: Responder): Promise<{ outcome: DeliverOutcome; endpoint: TestServer }> {
  const endpoint = await server(respond);
  const planned = prepareSend({ kind: hertzbeatAlarm, url: `${endpoint.url}/hook`, seed: 1, senderVersion })[0];
  if (!planned) throw new Error('nothing planned');
  const dispatcher = createDispatcher();
  try {
    return { outcome: await deliver(planned.request, planned.policy, { dispatcher }), endpoint };
  } finally {
    await dispatcher.destroy();
  }
}

/** Answers the i-th request with answers[i] (the last one repeats). */
const inTurn =
  (...answers: { status: number; headers?: Record<string, string>; body?: string }[]): Responder =>
  (_request, i) =>
    answers[Math.min(i, answers.length - 1)] ?? 200;

const statuses = (outcome: DeliverOutcome) => outcome.attempts.map((a) => a.status);

describe('HertzBeat on OkHttp (1.7.0) re-sends by itself', () => {
  it('408 then 200: delivered in two requests, the same bytes, each an attempt', async () => {
    const { outcome, endpoint } = await sendAs('1.7.0', inTurn({ status: 408, body: 'too slow' }, { status: 200 }));
    expect(outcome.delivered).toBe(true);
    expect(outcome.attempts).toEqual([
      { status: 408, ms: expect.any(Number), error: null, answer: 'too slow' },
      { status: 200, ms: expect.any(Number), error: null, resent: 'OkHttp sent it again after the 408' },
    ]);
    expect(endpoint.requests).toHaveLength(2);
    expect(endpoint.requests[1]?.body.equals(endpoint.requests[0]?.body ?? Buffer.alloc(0))).toBe(true);
    expect(endpoint.requests.map((r) => [r.method, r.url, r.headers['user-agent']])).toEqual([
      ['POST', '/hook', 'okhttp/4.12.0'],
      ['POST', '/hook', 'okhttp/4.12.0'],
    ]);
  });

  it('503 with Retry-After: 0 then 200: delivered in two requests', async () => {
    const { outcome, endpoint } = await sendAs('1.7.0', inTurn({ status: 503, headers: { 'retry-after': '0' } }, { status: 200 }));
    expect(outcome.delivered).toBe(true);
    expect(statuses(outcome)).toEqual([503, 200]);
    expect(outcome.attempts[0]?.retryAfter).toBe('0');
    expect(endpoint.requests).toHaveLength(2);
  });

  it('503 with Retry-After: 1: no re-send, the 503 is the answer', async () => {
    const { outcome, endpoint } = await sendAs('1.7.0', inTurn({ status: 503, headers: { 'retry-after': '1' } }, { status: 200 }));
    expect(outcome.delivered).toBe(false);
    expect(statuses(outcome)).toEqual([503]);
    expect(endpoint.requests).toHaveLength(1);
  });

  it('408 twice: sent again once, and the second 408 is the answer', async () => {
    const { outcome, endpoint } = await sendAs('1.8.0', inTurn({ status: 408 }, { status: 408 }, { status: 200 }));
    expect(outcome.delivered).toBe(false);
    expect(statuses(outcome)).toEqual([408, 408]);
    expect(endpoint.requests).toHaveLength(2);
  });

  it('a 408 with Retry-After: 5 is the answer; with two Retry-Afters the last one counts, as OkHttp reads it', async () => {
    const later = await sendAs('1.6.0', inTurn({ status: 408, headers: { 'retry-after': '5' } }, { status: 200 }));
    expect(statuses(later.outcome)).toEqual([408]);
    const twice = await sendAs('1.6.0', (_request, i) => (i === 0 ? { status: 408, headers: { 'retry-after': ['5', '0'] } } : 200));
    expect(statuses(twice.outcome)).toEqual([408, 200]);
  });

  it('a receiver that alternates 408 and 503 (Retry-After: 0) gets 21 requests, then OkHttp gives up', async () => {
    const { outcome, endpoint } = await sendAs('1.7.0', (_request, i) => (i % 2 === 0 ? 408 : { status: 503, headers: { 'retry-after': '0' } }));
    expect(endpoint.requests).toHaveLength(21);
    expect(outcome.delivered).toBe(false);
    expect(outcome.attempts.at(-1)).toMatchObject({ status: null, error: 'sent again 20 times (the last after a 408): OkHttp gives up' });
  });
});

describe('OkHttp goes on with the call it re-sends: the redirected URL, one limit, the answer just before', () => {
  /** /hook is redirected with `status` to /moved, whose i-th request gets answers[i] (the last repeats). */
  const moved = (status: number, ...answers: Parameters<typeof inTurn>): Responder => {
    const later = inTurn(...answers);
    let asked = 0;
    return (request) => (request.url === '/hook' ? { status, headers: { location: '/moved' } } : later(request, asked++));
  };

  it('a 408 after a 307 is sent again to the redirected URL, not the first one', async () => {
    const { outcome, endpoint } = await sendAs('1.7.0', moved(307, { status: 408 }, { status: 200 }));
    expect(outcome.delivered).toBe(true);
    expect(statuses(outcome)).toEqual([408, 200]);
    expect(outcome.attempts[1]?.resent).toBe('OkHttp sent it again after the 408');
    expect(endpoint.requests.map((r) => [r.method, r.url])).toEqual([
      ['POST', '/hook'],
      ['POST', '/moved'],
      ['POST', '/moved'],
    ]);
  });

  it('a 503 with Retry-After: 0 after a 302 is sent again as the GET the redirect made', async () => {
    const { outcome, endpoint } = await sendAs('1.6.0', moved(302, { status: 503, headers: { 'retry-after': '0' } }, { status: 200 }));
    expect(statuses(outcome)).toEqual([503, 200]);
    expect(endpoint.requests.map((r) => [r.method, r.url])).toEqual([
      ['POST', '/hook'],
      ['GET', '/moved'],
      ['GET', '/moved'],
    ]);
  });

  it('redirects and re-sends share the 20 follow-ups: a receiver alternating 307 and 408 gets 21 requests', async () => {
    const { outcome, endpoint } = await sendAs('1.7.0', (_request, i) => (i % 2 === 0 ? { status: 307, headers: { location: '/hook' } } : 408));
    expect(endpoint.requests).toHaveLength(21);
    expect(outcome.delivered).toBe(false);
    // Each 408 came after a 307, not after a 408: OkHttp sends it again every time.
    expect(statuses(outcome)).toEqual([...Array<number>(10).fill(408), null]);
    expect(outcome.attempts.at(-1)?.error).toMatch(/^redirected or sent again more than 20 times in all \(10 redirects, 10 re-sends; the last 307 to http:\/\/127\.0\.0\.1:\d+\/hook\): OkHttp gives up$/);
  });

  it('the limit reached by a re-send after a redirect keeps that redirect: the attempts list as many as the error counts', async () => {
    const { outcome, endpoint } = await sendAs('1.7.0', (_request, i) => (i % 2 === 0 ? 408 : { status: 307, headers: { location: '/hook' } }));
    expect(endpoint.requests).toHaveLength(21);
    const last = outcome.attempts.at(-1);
    expect(last?.error).toMatch(/^redirected or sent again more than 20 times in all \(10 redirects, 10 re-sends; the last after a 408\): OkHttp gives up$/);
    expect(last?.redirects).toEqual([{ status: 307, to: expect.stringMatching(/\/hook$/) }]);
    expect(outcome.attempts.reduce((n, attempt) => n + (attempt.redirects?.length ?? 0), 0)).toBe(10);
  });

  it('the limit reached by a re-send says both counts', async () => {
    const redirect = { status: 307, headers: { location: '/hook' } };
    const unavailableNow = { status: 503, headers: { 'retry-after': '0' } };
    const { outcome, endpoint } = await sendAs('1.7.0', (_request, i) => (i === 0 ? redirect : i % 2 === 1 ? 408 : unavailableNow));
    expect(endpoint.requests).toHaveLength(21);
    expect(outcome.attempts.at(-1)).toMatchObject({ status: null, error: 'redirected or sent again more than 20 times in all (1 redirect, 19 re-sends; the last after a 503): OkHttp gives up' });
  });

  it('a 408 whose answer just before was a 3xx is sent again, even when a 408 came before that', async () => {
    const { outcome, endpoint } = await sendAs('1.8.0', inTurn({ status: 408 }, { status: 307, headers: { location: '/hook' } }, { status: 408 }, { status: 200 }));
    expect(outcome.delivered).toBe(true);
    expect(statuses(outcome)).toEqual([408, 408, 200]);
    expect(endpoint.requests).toHaveLength(4);
  });
});

describe('a failed exchange is not sent again (OkHttp to a host of one address, with Connection: close)', () => {
  it('the receiver drops the connection before answering: one request, the delivery fails', async () => {
    const endpoint = await startDropping();
    const planned = prepareSend({ kind: hertzbeatAlarm, url: `${endpoint.url}/hook`, seed: 1, senderVersion: '1.7.0' })[0];
    if (!planned) throw new Error('nothing planned');
    const dispatcher = createDispatcher();
    try {
      const outcome = await deliver(planned.request, planned.policy, { dispatcher });
      expect(outcome.delivered).toBe(false);
      expect(statuses(outcome)).toEqual([null]);
      expect(endpoint.requests()).toBe(1);
    } finally {
      await dispatcher.destroy();
    }
  });
});

describe('the other release lines take a 408 or 503 as the answer', () => {
  it.each(['1.9.0', '1.5.0'])('%s (the JDK HttpClient, HttpURLConnection): one request', async (version) => {
    for (const answer of [{ status: 408 }, { status: 503, headers: { 'retry-after': '0' } }]) {
      const { outcome, endpoint } = await sendAs(version, inTurn(answer, { status: 200 }));
      expect(outcome.delivered).toBe(false);
      expect(statuses(outcome)).toEqual([answer.status]);
      expect(endpoint.requests).toHaveLength(1);
    }
  });
});
