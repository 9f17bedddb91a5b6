// The real wait behind retry waits, stream ticks and listen's CI timeout: a wait past a Node timer's
// bound (2^31 - 1 ms) waits in full. Fake timers fire such a timer at 1 ms, as Node does.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { retryDelay } from '../../src/delivery/policy.js';
import { MAX_DURATION_MS } from '../../src/util/checks.js';
import { sleep } from '../../src/util/sleep.js';

function watch(wait: Promise<void>): { done: () => boolean } {
  let done = false;
  void wait.then(() => (done = true));
  return { done: () => done };
}

describe('sleep', () => {
  beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => void vi.useRealTimers());

  it("waits the whole of a retry schedule's wait past 2^31 - 1 ms (--retry-delay 596h, its second retry), not 1 ms", async () => {
    const wait = retryDelay({ maxAttempts: 3, initialDelayMs: MAX_DURATION_MS, backoff: 'exponential' }, 3);
    expect(wait).toBe(2 * MAX_DURATION_MS);
    const sleeping = watch(sleep(wait));
    await vi.advanceTimersByTimeAsync(1000);
    expect(sleeping.done()).toBe(false);
    await vi.advanceTimersByTimeAsync(MAX_DURATION_MS);
    expect(sleeping.done()).toBe(false);
    await vi.advanceTimersByTimeAsync(wait - MAX_DURATION_MS - 1001);
    expect(sleeping.done()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(sleeping.done()).toBe(true);
  });

  it('waits a wait within the bound in one timer, and ends a long one at once when its signal aborts', async () => {
    const short = watch(sleep(MAX_DURATION_MS));
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(MAX_DURATION_MS);
    expect(short.done()).toBe(true);
    const controller = new AbortController();
    const long = watch(sleep(10 * MAX_DURATION_MS, controller.signal));
    await vi.advanceTimersByTimeAsync(3 * MAX_DURATION_MS);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(long.done()).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});
