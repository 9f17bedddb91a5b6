// One 'abort' listener per signal, however many waits and attempts are pending under it: Node warns
// of a leak past ten listeners on one signal (a run at --concurrency 50 has fifty retry waits at
// once), and adding and removing an EventTarget listener each time costs more than the bookkeeping.

const waiting = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `callback` when the signal aborts; returns the function that forgets it. */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let callbacks = waiting.get(signal);
  if (!callbacks) {
    const created = new Set<() => void>();
    signal.addEventListener('abort', () => [...created].forEach((call) => call()), { once: true });
    waiting.set(signal, created);
    callbacks = created;
  }
  const set = callbacks;
  set.add(callback);
  return () => void set.delete(callback);
}
