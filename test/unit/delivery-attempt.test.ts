// attempt(): Ctrl-C reaches every attempt in flight through one 'abort' listener on the signal, not
// one per attempt (a run of thousands of concurrent deliveries would add and remove each).
import { getEventListeners } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ANSWER_BYTES, attempt, attemptText, createDispatcher } from '../../src/delivery/attempt.js';
import { prepareRequest, type PreparedRequest } from '../../src/delivery/request.js';
import { metricAlert } from '../../src/kinds/metric-alert.js';

describe('attempts under one signal (real local server that never answers)', () => {
  it('share one abort listener, all end cancelled when it aborts, and a later one ends at once', async () => {
    const arrived: IncomingMessage[] = [];
    let onArrival = (): void => {};
    const silent = createServer((req) => {
      arrived.push(req);
      onArrival();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/hook`;
    const dispatcher = createDispatcher();
    try {
      const request = prepareRequest(metricAlert.delivery, url, Buffer.from('{}'));
      const controller = new AbortController();
      const inFlight = Array.from({ length: 5 }, () => attempt(request, 120_000, { signal: controller.signal, dispatcher }));
      await new Promise<void>((resolve) => {
        onArrival = () => void (arrived.length === 5 && resolve());
        onArrival();
      });
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
      controller.abort();
      const outcomes = await Promise.all(inFlight);
      expect(outcomes.map((outcome) => [outcome.status, outcome.error])).toEqual(Array.from({ length: 5 }, () => [null, 'cancelled']));
      expect(await attempt(request, 120_000, { signal: controller.signal, dispatcher })).toMatchObject({ status: null, error: 'cancelled' });
      expect(arrived).toHaveLength(5);
    } finally {
      await dispatcher.destroy();
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('attemptText', () => {
  it('puts the answer on one line: whitespace runs as one space, other controls as \\xNN escapes, bidirectional ones as \\uXXXX', () => {
    expect(attemptText({ status: 500, ms: 1, error: null, answer: ' \u001b[2J\tdown\r\n  now\u0007\u0085 ' })).toBe('500 «\\x1b[2J down now\\x07\\x85»');
    expect(attemptText({ status: 503, ms: 1, error: null, answer: '\n\t' })).toBe('503');
    // Escaped, not left for the terminal to drop: a check's JUnit report carries the line unfiltered.
    expect(attemptText({ status: 500, ms: 1, error: null, answer: 'ok \u202edeliver\u2066' })).toBe('500 «ok \\u202edeliver\\u2066»');
    expect(attemptText({ status: null, ms: 1, error: 'connection refused by h:1' })).toBe('connection refused by h:1');
    expect(attemptText({ status: 500, ms: 1, error: null, answer: 'x'.repeat(ANSWER_BYTES), answerCut: true })).toBe(`500 «${'x'.repeat(ANSWER_BYTES)}…»`);
    expect(attemptText({ status: 500, ms: 1, error: null, answer: 'x'.repeat(ANSWER_BYTES) })).toBe(`500 «${'x'.repeat(ANSWER_BYTES)}»`);
  });
});

describe("the answer kept from a receiver's body (real local server)", () => {
  it('is cut before a character it would split, and marked cut only when the body went on', async () => {
    const bodies = [
      // 'é' is two bytes, its second the 201st: kept whole or not at all, never half (read as U+FFFD).
      `${'x'.repeat(ANSWER_BYTES - 1)}é and more`,
      // 👍 is four bytes, from the 199th to the 202nd.
      `${'x'.repeat(ANSWER_BYTES - 2)}👍`,
      'x'.repeat(ANSWER_BYTES),
      'x'.repeat(ANSWER_BYTES + 1),
    ];
    let next = 0;
    const server = createServer((_req, res) => res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(bodies[next++]));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const dispatcher = createDispatcher();
    try {
      const request = prepareRequest(metricAlert.delivery, url, Buffer.from('{}'));
      const outcomes = [];
      for (let i = 0; i < bodies.length; i++) outcomes.push(await attempt(request, 10_000, { dispatcher }));
      expect(outcomes.map(({ answer, answerCut }) => [answer, answerCut])).toEqual([
        ['x'.repeat(ANSWER_BYTES - 1), true],
        ['x'.repeat(ANSWER_BYTES - 2), true],
        ['x'.repeat(ANSWER_BYTES), undefined],
        ['x'.repeat(ANSWER_BYTES), true],
      ]);
    } finally {
      await dispatcher.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

// undici refuses a '*' target ('path must be an absolute URL or start with a slash'): the attempt
// ended at once with that as its error. Sent past undici, it ends as any attempt does.
describe('an attempt to the server as a whole (OPTIONS *, real local server)', () => {
  const star = (url: string): PreparedRequest => ({ method: 'OPTIONS', url, target: '*', headers: { 'user-agent': 'whk-test' }, body: Buffer.alloc(0), gzip: false });

  it('goes in the asterisk form; its answer is kept, a refused connection and Ctrl-C said as for any attempt', async () => {
    const seen: string[] = [];
    let silent = false;
    let onArrival = (): void => {};
    const server = createServer((req, res) => {
      seen.push(`${req.method ?? ''} ${req.url ?? ''}`);
      onArrival();
      if (!silent) res.writeHead(503, { 'content-type': 'text/plain' }).end('not now');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await attempt(star(`http://127.0.0.1:${port}`), 10_000)).toMatchObject({ status: 503, error: null, answer: 'not now' });
      expect(seen).toEqual(['OPTIONS *']);
      silent = true;
      const controller = new AbortController();
      const cancelled = attempt(star(`http://127.0.0.1:${port}`), 120_000, { signal: controller.signal });
      await new Promise<void>((resolve) => (onArrival = resolve));
      controller.abort();
      expect(await cancelled).toMatchObject({ status: null, error: 'cancelled' });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(await attempt(star(`http://127.0.0.1:${port}`), 10_000)).toMatchObject({ status: null, error: `connection refused by 127.0.0.1:${port}` });
  });
});
