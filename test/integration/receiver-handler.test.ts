// A request's steps (handler.ts) when one of them throws, whk's own bug: that request is answered 500
// and reported, it no longer counts as in flight, and the receiver goes on answering the next.
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/receiver/server.js';

let receiver: Receiver | undefined;

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

/** A clock that throws at its `failAt`th reading (1-based), and reads Date.now() otherwise. */
function clockFailingAt(failAt: number): () => number {
  let readings = 0;
  return () => {
    readings++;
    if (readings === failAt) throw new Error('the clock broke');
    return Date.now();
  };
}

async function post(r: Receiver): Promise<{ status: number; body: string }> {
  const response = await request(`${r.url}/hook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
  return { status: response.statusCode, body: await response.body.text() };
}

describe('receiver: a step of a request that throws', () => {
  // The first reading is taken as the request comes in, the second once its body is in.
  it.each([
    ['as the request comes in', 1],
    ['once its body is in', 2],
  ])('%s: answered 500 and reported; the next request is answered, and close() waits for nothing', { timeout: 10_000 }, async (_when, failAt) => {
    const errors: string[] = [];
    // close() would wait this long for a request still in flight: past the test's timeout.
    const r = (receiver = await startReceiver({ now: clockFailingAt(failAt), closeGraceMs: 600_000, onEvent: (event) => void (event.type === 'error' && errors.push(event.message)) }));
    expect(await post(r)).toEqual({ status: 500, body: '{"error":"whk receiver error"}' });
    expect(errors).toEqual(['request failed: the clock broke']);
    const next = await post(r);
    expect(next.status).toBe(200);
    expect(JSON.parse(next.body)).toMatchObject({ seq: 1 });
    expect(r.count).toBe(1);
    // Both requests are done with: close() finds none in flight and resolves without waiting out its grace.
    await r.close();
  });
});
