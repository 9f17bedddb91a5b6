// Bodies that stall: a request whose body sends nothing for the idle timeout is dropped. One sweep
// looks at every body being read, instead of a socket timeout set and cleared per request: that
// took a timer, a listener, and a timer refresh on every read of the socket, about 3% of the
// receiver's instructions per request (valgrind, by hand, against the same receiver without it).
import { LinkedList, type ListNode } from '../util/linked-list.js';

/** A body being read: how many sweeps have passed since its last bytes came, and what is dropped if it stalls. */
export interface Reading<R extends Droppable = Droppable> {
  quiet: number;
  readonly request: R;
  /** Its place among the bodies watched (null: no longer watched). */
  place: ListNode<Reading<R>> | null;
  /** Set when the watch dropped it: whk cut the request, its sender did not go away. */
  stalled: boolean;
}

/** What the watch drops: a request (destroyed), unless the watch was given its own way to drop one. */
export interface Droppable {
  destroy(): void;
}

export interface StallWatch<R extends Droppable = Droppable> {
  /** Watches the body of `request` (dropped if it stalls); nothing is made per request but the reading. */
  watch(request: R): Reading<R>;
  /** The body is in (or the request is gone): no longer watched. */
  unwatch(reading: Reading<R>): void;
  /** Stops the sweep. */
  close(): void;
}

// A body is dropped after SWEEPS sweeps of silence, sweeps idleMs / SWEEPS apart: between idleMs and
// 1.25 × idleMs after its last bytes (whk's choice: the limit is a floor, never cut short).
const SWEEPS = 4;

/** `drop`: how a stalled request is dropped (the receiver answers 408 first); by default it is destroyed. */
export function createStallWatch<R extends Droppable = Droppable>(idleMs: number, drop: (request: R) => void = (request) => request.destroy()): StallWatch<R> {
  // A list, not a Set: every request is added and removed (linked-list.ts).
  const readings = new LinkedList<Reading<R>>();
  const unwatch = (reading: Reading<R>): void => {
    if (reading.place === null) return;
    readings.remove(reading.place);
    reading.place = null;
  };
  const sweep = (): void => {
    for (const reading of readings.values()) {
      // One unwatched since the copy was taken is passed over.
      if (reading.place === null || ++reading.quiet <= SWEEPS) continue;
      unwatch(reading);
      reading.stalled = true;
      drop(reading.request);
    }
  };
  // Unreferenced: the sweep never keeps a process alive by itself.
  const timer = setInterval(sweep, Math.max(1, Math.ceil(idleMs / SWEEPS)));
  timer.unref();
  return {
    watch(request) {
      const reading: Reading<R> = { quiet: 0, request, stalled: false, place: null };
      reading.place = readings.add(reading);
      return reading;
    },
    unwatch,
    close: () => clearInterval(timer),
  };
}
