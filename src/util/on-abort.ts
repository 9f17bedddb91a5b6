// One 'abort' listener per signal, however many waits and attempts are pending under it: Node warns
// of a leak past ten listeners on one signal (a run at --concurrency 50 has fifty retry waits at
// once), and adding and removing an EventTarget listener each time costs more than the bookkeeping.
// The pending callbacks are a linked list, not a Set: by hand (--trace-gc-nvp, `whk send` of 30,000
// metric alerts), with a Set 1,614 bytes a delivery outlived their scavenge and were promoted to the
// old generation (each attempt's closures and the request they hold), and scavenges took 238 ms; with
// the list, 225 bytes and 126 to 159 ms, as with no registration at all (226).

/** A pending callback; the list's head has none. */
interface Pending {
  call: (() => void) | null;
  prev: Pending | null;
  next: Pending | null;
}

const waiting = new WeakMap<AbortSignal, Pending>();

/** Calls `callback` when the signal aborts; returns the function that forgets it. */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let head = waiting.get(signal);
  if (!head) {
    const created: Pending = { call: null, prev: null, next: null };
    signal.addEventListener('abort', () => callAll(created), { once: true });
    waiting.set(signal, created);
    head = created;
  }
  const node: Pending = { call: callback, prev: head, next: head.next };
  if (head.next) head.next.prev = node;
  head.next = node;
  return () => {
    if (node.prev === null) return;
    node.prev.next = node.next;
    if (node.next) node.next.prev = node.prev;
    node.prev = node.next = node.call = null;
  };
}

/** Every callback pending when the signal aborted, each once (one may forget another as it runs). */
function callAll(head: Pending): void {
  const calls: (() => void)[] = [];
  for (let node = head.next; node; node = node.next) if (node.call) calls.push(node.call);
  for (const call of calls) call();
}
