// Groups streamed events into batches the way Harness FME sends impressions: whatever accumulated
// is flushed every flush interval, and a batch that reaches the size cap is flushed at once.
// Pure: time is passed in, so tests run it in virtual time.

export class Batcher<E> {
  #current: E[] = [];
  #nextFlushAt: number;

  constructor(
    private readonly maxSize: number,
    private readonly flushIntervalMs: number,
    start: number,
  ) {
    this.#nextFlushAt = start + flushIntervalMs;
  }

  /** Adds events; returns the batches that became full. */
  add(events: readonly E[]): E[][] {
    const full: E[][] = [];
    for (const event of events) {
      this.#current.push(event);
      if (this.#current.length >= this.maxSize) full.push(this.#take());
    }
    return full;
  }

  /** The batch due at `now` by the flush interval (none when nothing accumulated). */
  due(now: number): E[][] {
    if (now < this.#nextFlushAt) return [];
    // Catch up without a burst of empty flushes after a stall.
    while (this.#nextFlushAt <= now) this.#nextFlushAt += this.flushIntervalMs;
    return this.#current.length > 0 ? [this.#take()] : [];
  }

  /** Everything left, at the end of a stream. */
  flush(): E[][] {
    return this.#current.length > 0 ? [this.#take()] : [];
  }

  /** Milliseconds until the next interval flush. */
  msUntilFlush(now: number): number {
    return Math.max(0, this.#nextFlushAt - now);
  }

  #take(): E[] {
    const batch = this.#current;
    this.#current = [];
    return batch;
  }
}
