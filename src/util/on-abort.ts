// One 'abort' listener per signal, however many waits and attempts are pending under it: Node warns
// of a leak past ten listeners on one signal (a run at --concurrency 50 has fifty retry waits at
// once), and adding and removing an EventTarget listener each time costs more than the bookkeeping.
// The pending callbacks are a linked list, not a Set: with a Set, each attempt's closures (and the
// request they hold) outlived the young generation (linked-list.ts).
import { LinkedList } from './linked-list.js';

const waiting = new WeakMap<AbortSignal, LinkedList<() => void>>();

/** Calls `callback` when the signal aborts; returns the function that forgets it. */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  const pending = waiting.get(signal) ?? listen(signal);
  const node = pending.add(callback);
  return () => pending.remove(node);
}

/** The signal's list of callbacks, and its one listener: every callback pending when it aborts, each once (one may forget another as it runs). */
function listen(signal: AbortSignal): LinkedList<() => void> {
  const pending = new LinkedList<() => void>();
  signal.addEventListener('abort', () => pending.values().forEach((call) => call()), { once: true });
  waiting.set(signal, pending);
  return pending;
}
