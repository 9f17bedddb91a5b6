// The one real wait behind the waits whk takes from user input: a retry's wait (a schedule's doubled
// waits are held to any flag's bound, policy.ts), a stream's ticks and drain, listen's CI timeout.
import { MAX_DURATION_MS } from './checks.js';
import { onAbort } from './on-abort.js';

/**
 * Resolves after `ms`, or at once when `signal` aborts (or `ms` is not above 0). A wait longer than
 * a Node timer holds (2^31 - 1 ms, about 24.8 days) is waited in steps: one timer that long fires at
 * once (Node warns TimeoutOverflowWarning and waits 1 ms).
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || !(ms > 0)) return resolve();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = (): void => {
      clearTimeout(timer);
      forget?.();
      resolve();
    };
    const wait = (left: number): void => {
      const step = Math.min(left, MAX_DURATION_MS);
      timer = setTimeout(() => (left > step ? wait(left - step) : done()), step);
    };
    const forget = signal ? onAbort(signal, done) : undefined;
    wait(ms);
  });
}
