// The clocks of a streaming send: the drain (how long queued batches get once generation ends) and
// the wake (consumers waiting for work, woken early when there is some).
import type { Clock } from './pause.js';

/**
 * The time queued batches get once generation ends. When it is up, `signal` aborts: it ends the
 * deliveries in flight too (an attempt, a retry's wait), which could otherwise run --timeout and the
 * retry schedule past it; they are left queued, as the batches not yet sent are.
 */
export function createDrain(clock: Clock, sleep: (ms: number, signal?: AbortSignal) => Promise<void>, outer: AbortSignal) {
  const up = new AbortController();
  const ended = new AbortController();
  let deadline = Infinity;
  return {
    signal: AbortSignal.any([outer, up.signal]),
    get deadline(): number {
      return deadline;
    },
    over: (now: number): boolean => now >= deadline || up.signal.aborted,
    start(ms: number): void {
      deadline = clock() + ms;
      void sleep(ms, AbortSignal.any([outer, ended.signal])).then(() => {
        if (!ended.signal.aborted && !outer.aborted) up.abort();
      });
    },
    /** The run is over: the timer no longer holds the process. */
    end: (): void => ended.abort(),
  };
}

/** Lets waiting consumers wake early when there is new work; every pending sleep is cancelled on close. */
export function createWake(sleep: (ms: number, signal?: AbortSignal) => Promise<void>, outer: AbortSignal) {
  let current = new AbortController();
  return {
    notify(): void {
      current.abort();
      current = new AbortController();
    },
    async wait(ms: number): Promise<void> {
      await sleep(Math.max(0, ms), AbortSignal.any([outer, current.signal]));
    },
    close(): void {
      current.abort();
    },
  };
}
