// whk listen's CI mode ending (--count, --timeout) over a real receiver: a request counts once it
// arrived whole, though a --forward-to app (or a --delay) still holds its answer. The --timeout's
// clock is the test's own: it "passes" when the test says, so nothing here depends on real time.
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { ciEnding, type Sleep } from '../../src/commands/ci-ending.js';
import { startReceiver, type Receiver } from '../../src/receiver/server.js';

/** An app that takes requests and answers none until `release()`. */
async function holdingApp() {
  const held: ServerResponse[] = [];
  const came: Array<() => void> = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      held.push(res);
      came.shift()?.();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/app`,
    /** Resolves once the app holds a request. */
    nextRequest: () => new Promise<void>((resolve) => came.push(resolve)),
    release: () => held.splice(0).forEach((res) => res.writeHead(200).end('{}')),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())).then(() => undefined),
  };
}

/** A --timeout that passes when the test calls `pass()`. */
function handTimer(): { sleep: Sleep; pass: () => void } {
  let pass = (): void => {};
  return { sleep: () => new Promise<void>((resolve) => (pass = resolve)), pass: () => pass() };
}

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/**
 * A receiver forwarding to a holding app, its CI ending (`count`, a 1 s --timeout) started, one
 * request sent and held by the app, then the --timeout passed.
 */
async function heldAtTheTimeout(count: number | undefined) {
  const app = await holdingApp();
  const receiver: Receiver = await startReceiver({ forwardTo: app.url });
  cleanup.push(() => app.close(), () => receiver.close({ now: true }));
  const stop = new AbortController();
  const timer = handTimer();
  const ending = ciEnding(receiver, count, 1000, stop.signal, timer.sleep);
  const appHasIt = app.nextRequest();
  const answer = request(`${receiver.url}/x`, { method: 'POST', body: '{"a":1}' });
  await appHasIt;
  timer.pass();
  return { app, receiver, ending, answer, stop };
}

describe('listen CI mode: a request counts once it arrived', () => {
  it('--count 1 --timeout: a request whose answer the app still holds at the timeout has arrived (count, not "0 of 1 arrived")', async () => {
    const { app, receiver, ending, answer, stop } = await heldAtTheTimeout(1);
    expect(await ending).toEqual({ reason: 'count' });
    expect(receiver.arrived).toBe(1);
    // The run's close then waits for the answer to go out: the sender gets it whole, and it is recorded.
    const closed = receiver.close();
    app.release();
    expect((await answer).statusCode).toBe(200);
    expect((await closed).statuses).toEqual({ '200': 1 });
    stop.abort();
  });

  it('--timeout alone: a held request means one arrived in the window', async () => {
    const { app, ending, answer, stop } = await heldAtTheTimeout(undefined);
    expect(await ending).toEqual({ reason: 'window' });
    app.release();
    await answer;
    stop.abort();
  });

  it('--count 2 --timeout: one arrived and held, the other never came: "1 of 2 requests arrived"', async () => {
    const { app, ending, answer, stop } = await heldAtTheTimeout(2);
    expect(await ending).toEqual({ reason: 'timeout', message: 'timed out after 1s: 1 of 2 requests arrived' });
    app.release();
    await answer;
    stop.abort();
  });
});
