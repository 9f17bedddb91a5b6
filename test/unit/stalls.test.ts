import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStallWatch } from '../../src/receiver/stalls.js';

describe('stall watch (bodies that send nothing for the idle timeout)', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('drops a silent body after the idle timeout, never before, and at most a quarter later', () => {
    const watch = createStallWatch(1000);
    const drop = vi.fn();
    watch.watch(drop);
    vi.advanceTimersByTime(1000);
    expect(drop).not.toHaveBeenCalled();
    vi.advanceTimersByTime(250);
    expect(drop).toHaveBeenCalledTimes(1);
    // Dropped once: it is no longer watched.
    vi.advanceTimersByTime(5000);
    expect(drop).toHaveBeenCalledTimes(1);
    watch.close();
  });

  it('a body that keeps sending is never dropped; its silence counts from its last bytes', () => {
    const watch = createStallWatch(1000);
    const drop = vi.fn();
    const reading = watch.watch(drop);
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(900);
      reading.quiet = 0;
    }
    expect(drop).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(drop).not.toHaveBeenCalled();
    vi.advanceTimersByTime(250);
    expect(drop).toHaveBeenCalledTimes(1);
    watch.close();
  });

  it('a body no longer watched (it is in) is not dropped, and a closed watch drops nothing', () => {
    const watch = createStallWatch(1000);
    const done = vi.fn();
    watch.unwatch(watch.watch(done));
    const pending = vi.fn();
    watch.watch(pending);
    watch.close();
    vi.advanceTimersByTime(10_000);
    expect(done).not.toHaveBeenCalled();
    expect(pending).not.toHaveBeenCalled();
  });

  it('an idle timeout that does not divide into four still waits at least the whole of it', () => {
    const watch = createStallWatch(1003);
    const drop = vi.fn();
    // Watched just before a sweep: the first sweep counts almost nothing of its silence.
    vi.advanceTimersByTime(249);
    watch.watch(drop);
    vi.advanceTimersByTime(1002);
    expect(drop).not.toHaveBeenCalled();
    vi.advanceTimersByTime(260);
    expect(drop).toHaveBeenCalledTimes(1);
    watch.close();
  });
});
