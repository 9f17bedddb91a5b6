// Following a receiver over real sockets: any number of subscribers (and onEvent) see each request
// once it is answered; one that unsubscribes sees no more; one that throws harms nobody.
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { metricAlert } from '../../src/kinds/metric-alert.js';
import { startReceiver, type Receiver, type ReceiverEvent } from '../../src/receiver/server.js';

let receiver: Receiver | undefined;

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function post(r: Receiver): Promise<number> {
  const response = await request(`${r.url}/hook`, { method: 'POST', body: JSON.stringify(metricAlert.sample({ seed: 2 })) });
  await response.body.dump();
  return response.statusCode;
}

describe('receiver subscribers', () => {
  it('every subscriber sees every later request; an unsubscribed one stops; waitFor works beside them', async () => {
    const viaOption: ReceiverEvent[] = [];
    const r = (receiver = await startReceiver({ onEvent: (event) => viaOption.push(event) }));
    const first: number[] = [];
    const second: number[] = [];
    const stopFirst = r.subscribe((event) => {
      if (event.type === 'request') first.push(event.record.seq ?? 0);
    });
    r.subscribe((event) => {
      if (event.type === 'request') second.push(event.record.seq ?? 0);
    });
    const two = r.waitFor(2);
    expect(await post(r)).toBe(200);
    expect(await post(r)).toBe(200);
    expect((await two).map((record) => record.seq)).toEqual([1, 2]);
    stopFirst();
    expect(await post(r)).toBe(200);
    expect(first).toEqual([1, 2]);
    expect(second).toEqual([1, 2, 3]);
    expect(viaOption.map((event) => event.type)).toEqual(['request', 'request', 'request']);
  });

  it('a subscriber that throws does not change the answer, the record or the other subscribers', async () => {
    // The core does not warn through the process; the error goes to whoever asked to be told.
    const reported: string[] = [];
    const r = (receiver = await startReceiver({ onSubscriberError: (error) => reported.push(error instanceof Error ? error.message : String(error)) }));
    r.subscribe(() => {
      throw new Error('a bug in the subscriber');
    });
    const seen: ReceiverEvent[] = [];
    r.subscribe((event) => seen.push(event));
    expect(await post(r)).toBe(200);
    expect(seen.map((event) => event.type)).toEqual(['request']);
    expect(r.requests[0]?.valid).toBe(true);
    expect(reported).toEqual([expect.stringContaining('a bug in the subscriber')]);
  });
});
