// The virtual time the stream and delivery tests run in (test/helpers/virtual-time.ts) is itself
// tested here, over a real local endpoint: an exact schedule is only worth what this helper is.
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { attempt } from '../../src/delivery/attempt.js';
import { prepareRequest } from '../../src/delivery/request.js';
import { serversClosedAfterEach } from '../helpers/server.js';
import { VIRTUAL_START, virtualTime, type VirtualTime } from '../helpers/virtual-time.js';

const server = serversClosedAfterEach();
let time: VirtualTime;
afterEach(async () => {
  await time.close();
});

const post = (url: string) => prepareRequest({ method: 'POST', contentType: 'application/json', gzip: 'never', signature: null }, url, Buffer.from('{}'));

describe('virtual time (test helper)', () => {
  it('stands still while a request is in flight: a sleeper due meanwhile wakes only after the answer', async () => {
    time = virtualTime();
    // The answer takes 200 ms of real time; a sleep of 10 virtual ms would end long before it
    // if time moved while the request was out.
    const slow = await server(() => ({ status: 200, delayMs: 200 }));
    const order: string[] = [];
    const woke = time.sleep(10).then(() => order.push(`woke at ${time.elapsed()}`));
    const answered = attempt(post(slow.url), 5_000, { dispatcher: time.dispatcher, now: time.clock }).then((outcome) => order.push(`${outcome.status} at ${time.elapsed()}, took ${outcome.ms}`));
    await Promise.all([woke, answered]);
    expect(order).toEqual(['200 at 0, took 0', 'woke at 10']);
  });

  it('jumps from wake-up to wake-up in order, the clock on the virtual epoch', async () => {
    time = virtualTime();
    const woke: [string, number][] = [];
    await Promise.all([
      time.sleep(300).then(() => woke.push(['late', time.clock()])),
      time.sleep(100).then(() => woke.push(['early', time.clock()])),
      time.sleep(100).then(() => woke.push(['early too', time.clock()])),
    ]);
    expect(woke).toEqual([
      ['early', VIRTUAL_START + 100],
      ['early too', VIRTUAL_START + 100],
      ['late', VIRTUAL_START + 300],
    ]);
    expect(time.elapsed()).toBe(300);
  });

  it('holds time for any undici caller, request() included, and wakes an aborted sleeper at once', async () => {
    time = virtualTime();
    const slow = await server(() => ({ status: 202, delayMs: 50, body: 'ok' }));
    const order: string[] = [];
    const woke = time.sleep(5).then(() => order.push(`woke at ${time.elapsed()}`));
    const response = await request(slow.url, { method: 'POST', body: '{}', dispatcher: time.dispatcher });
    order.push(`${response.statusCode} at ${time.elapsed()}`);
    expect(await response.body.text()).toBe('ok');
    await woke;
    expect(order).toEqual(['202 at 0', 'woke at 5']);

    const controller = new AbortController();
    const aborted = time.sleep(60_000, controller.signal);
    controller.abort();
    await aborted;
    expect(time.elapsed()).toBe(5);
  });
});
