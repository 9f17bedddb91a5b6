import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { createStallWatch } from '../../src/receiver/stalls.js';

/** A request as the watch sees it: what it destroys when the body stalls. */
type Destroyable = { destroy: Mock<() => void> };
const request = (): Destroyable => ({ destroy: vi.fn<() => void>() });

/** Not destroyed through `first` ms more, destroyed once by `last` ms more. */
function expectDroppedBetween(target: Destroyable, first: number, last: number): void {
  vi.advanceTimersByTime(first);
  expect(target.destroy).not.toHaveBeenCalled();
  vi.advanceTimersByTime(last - first);
  expect(target.destroy).toHaveBeenCalledTimes(1);
}

describe('stall watch (bodies that send nothing for the idle timeout)', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('drops a silent body after the idle timeout, never before, and at most a quarter later', () => {
    const watch = createStallWatch(1000);
    const silent = request();
    watch.watch(silent);
    expectDroppedBetween(silent, 1000, 1250);
    // Dropped once: it is no longer watched.
    vi.advanceTimersByTime(5000);
    expect(silent.destroy).toHaveBeenCalledTimes(1);
    watch.close();
  });

  it('a body that keeps sending is never dropped; its silence counts from its last bytes', () => {
    const watch = createStallWatch(1000);
    const sending = request();
    const reading = watch.watch(sending);
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(900);
      reading.quiet = 0;
    }
    expect(sending.destroy).not.toHaveBeenCalled();
    expectDroppedBetween(sending, 1000, 1250);
    watch.close();
  });

  it('a body no longer watched (it is in) is not dropped, and a closed watch drops nothing', () => {
    const watch = createStallWatch(1000);
    const done = request();
    watch.unwatch(watch.watch(done));
    const pending = request();
    watch.watch(pending);
    watch.close();
    vi.advanceTimersByTime(10_000);
    expect(done.destroy).not.toHaveBeenCalled();
    expect(pending.destroy).not.toHaveBeenCalled();
  });

  it('marks what it dropped as stalled (whk cut it, its sender did not go away), and drops it the way it was given', () => {
    const drop = vi.fn<(target: Destroyable) => void>();
    const watch = createStallWatch(1000, drop);
    const silent = request();
    const reading = watch.watch(silent);
    expect(reading.stalled).toBe(false);
    vi.advanceTimersByTime(1250);
    expect(reading.stalled).toBe(true);
    expect(drop).toHaveBeenCalledWith(silent);
    expect(silent.destroy).not.toHaveBeenCalled();
    watch.close();
  });

  it('an idle timeout that does not divide into four still waits at least the whole of it', () => {
    const watch = createStallWatch(1003);
    const silent = request();
    // Watched just before a sweep: the first sweep counts almost nothing of its silence.
    vi.advanceTimersByTime(249);
    watch.watch(silent);
    expectDroppedBetween(silent, 1002, 1262);
    watch.close();
  });
});
