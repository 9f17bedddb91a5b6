// The requests whose bodies came in during one turn of the event loop are processed together, one
// after another, once that turn's reading is done (setImmediate: the check phase, after the poll
// phase that read them). Interleaved with node:http's parsing and the kernel's socket work, the
// pipeline took about twice as long a request under load as in a loop of its own (CPU profiles of
// listen --save, by hand: 21.4 against 9.5 µs); run back to back, 11.1. Our reading, which the
// development machine has no hardware counters to confirm: between two requests whk's code and data
// had left the CPU's caches. Then `end` runs, after every request of the batch has
// gone as far as it could without waiting (the capture store writes their lines at once).

/** Resolves at this turn's batch; every caller of one turn shares it, in the order they called. */
export type NextTurn = () => Promise<void>;

export function createTurnBatch(end: () => void): NextTurn {
  let pending: Promise<void> | null = null;
  return () =>
    (pending ??= new Promise<void>((resolve) => {
      setImmediate(() => {
        pending = null;
        resolve();
        // Queued behind the continuations the resolution just queued, so it runs after all of them.
        queueMicrotask(end);
      });
    }));
}
