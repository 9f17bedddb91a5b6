// The requests whose bodies came in during one turn of the event loop are processed together, one
// after another, once that turn's reading is done (setImmediate: the check phase, after the poll
// phase that read them). Interleaved with node:http's parsing and the kernel's socket work, each
// request found whk's code and data gone from the CPU's caches: the pipeline took about twice as
// long a request under load as in a loop of its own (CPU profiles of listen --save, by hand); run
// back to back, it takes what it takes alone. Then `end` runs, after every request of the batch
// has gone as far as it could without waiting (the capture store writes their lines at once).

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
