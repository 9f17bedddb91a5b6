// Requests that arrived whole (their body in, on their way to be recorded), counted as they come: CI
// mode's --count and --timeout count these, not the answers a --delay or a slow app still holds.
export interface Arrivals {
  readonly count: number;
  /** A request's body is in: it will be recorded and answered. */
  arrived(): void;
  /** Resolves once `n` requests have arrived. */
  reached(n: number): Promise<void>;
}

export function createArrivals(): Arrivals {
  let count = 0;
  const waiting = new Set<{ n: number; resolve: () => void }>();
  return {
    get count() {
      return count;
    },
    arrived() {
      count++;
      for (const waiter of waiting) {
        if (count < waiter.n) continue;
        waiting.delete(waiter);
        waiter.resolve();
      }
    },
    reached(n) {
      if (count >= n) return Promise.resolve();
      return new Promise((resolve) => waiting.add({ n, resolve }));
    },
  };
}
