// The requests whose bodies came in during one turn of the event loop are processed together, one
// after another, once that turn's reading is done (setImmediate: the check phase, after the poll
// phase that read them). Interleaved with node:http's parsing and the kernel's socket work, the
// pipeline took about twice as long a request under load as in a loop of its own (CPU profiles of
// listen --save, by hand: 21.4 against 9.5 µs); run back to back, 11.1. Our reading, which the
// development machine has no hardware counters to confirm: between two requests whk's code and data
// had left the CPU's caches. Then `end` runs, after every step of the batch has gone as far as it
// could without waiting (the capture store writes their lines at once).

/**
 * Runs `step(context)` in this turn's batch, after the contexts queued before it: one step for all,
 * given each request's context, not a closure or a promise per request (the receiver's hot path:
 * handler.ts says what those cost).
 */
export type NextTurn<C> = (context: C) => void;

/** `onError`: told what the step throws for one context; the batch's others and its end still run. */
export function createTurnBatch<C>(step: (context: C) => void, end: () => void, onError: (error: unknown) => void): NextTurn<C> {
  let queued: C[] = [];
  const run = (): void => {
    const these = queued;
    queued = [];
    for (const context of these) {
      try {
        step(context);
      } catch (error) {
        onError(error);
      }
    }
    end();
  };
  return (context) => {
    if (queued.push(context) === 1) setImmediate(run);
  };
}
