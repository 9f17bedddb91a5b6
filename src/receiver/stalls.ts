// Bodies that stall: a request whose body sends nothing for the idle timeout is dropped. One sweep
// looks at every body being read, instead of a socket timeout set and cleared per request: that
// took a timer, a listener, and a timer refresh on every read of the socket, about 3% of the
// receiver's instructions per request (valgrind, by hand, against the same receiver without it).

/** A body being read: how many sweeps have passed since its last bytes came, and what is dropped if it stalls. */
export interface Reading {
  quiet: number;
  readonly request: { destroy(): void };
}

export interface StallWatch {
  /** Watches the body of `request` (destroyed if it stalls); nothing is made per request but the reading. */
  watch(request: Reading['request']): Reading;
  /** The body is in (or the request is gone): no longer watched. */
  unwatch(reading: Reading): void;
  /** Stops the sweep. */
  close(): void;
}

// A body is dropped after SWEEPS sweeps of silence, sweeps idleMs / SWEEPS apart: between idleMs and
// 1.25 × idleMs after its last bytes (whk's choice: the limit is a floor, never cut short).
const SWEEPS = 4;

export function createStallWatch(idleMs: number): StallWatch {
  const readings = new Set<Reading>();
  const sweep = (): void => {
    for (const reading of readings) {
      if (++reading.quiet <= SWEEPS) continue;
      readings.delete(reading);
      reading.request.destroy();
    }
  };
  // Unreferenced: the sweep never keeps a process alive by itself.
  const timer = setInterval(sweep, Math.max(1, Math.ceil(idleMs / SWEEPS)));
  timer.unref();
  return {
    watch(request) {
      const reading = { quiet: 0, request };
      readings.add(reading);
      return reading;
    },
    unwatch: (reading) => void readings.delete(reading),
    close: () => clearInterval(timer),
  };
}
