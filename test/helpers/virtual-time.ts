// Virtual time for code that takes a clock and a sleep (streams, deliveries): time stands still
// while anything real is in flight (an HTTP exchange through `dispatcher`) and jumps to the next
// sleeper's wake-up as soon as nothing is, so a run's schedule is exact and takes no real waiting.
import { Agent, type Dispatcher } from 'undici';

interface Sleeper {
  at: number;
  wake: () => void;
}

export interface VirtualTime {
  /** Virtual epoch milliseconds, for `clock`/`now` parameters. */
  clock: () => number;
  /** Milliseconds since the virtual start. */
  elapsed: () => number;
  /** Resolves when virtual time reaches now + ms, or at once when the signal aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A keep-alive dispatcher whose exchanges hold virtual time still until they end. */
  dispatcher: Dispatcher;
  close: () => Promise<void>;
}

/** A fixed, plausible start, so ISO timestamps in events look like real ones. */
export const VIRTUAL_START = Date.parse('2026-01-05T10:00:00.000Z');

export function virtualTime(start = VIRTUAL_START): VirtualTime {
  let now = start;
  let inFlight = 0;
  let checking = false;
  const sleepers: Sleeper[] = [];

  // Runs after the microtasks of whatever just happened, so code that was woken has either gone
  // back to sleep or started an exchange before the next jump.
  const advanceWhenIdle = (): void => {
    if (checking) return;
    checking = true;
    setImmediate(() => {
      checking = false;
      if (inFlight > 0 || sleepers.length === 0) return;
      const next = Math.min(...sleepers.map((s) => s.at));
      now = Math.max(now, next);
      // Same wake-up time: in the order they went to sleep.
      for (const sleeper of sleepers.filter((s) => s.at <= now)) sleeper.wake();
    });
  };

  const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      // Like the real sleep: nothing to wait for.
      if (signal?.aborted || ms <= 0) return resolve();
      const sleeper: Sleeper = {
        at: now + ms,
        wake: () => {
          sleepers.splice(sleepers.indexOf(sleeper), 1);
          signal?.removeEventListener('abort', sleeper.wake);
          resolve();
          advanceWhenIdle();
        },
      };
      sleepers.push(sleeper);
      signal?.addEventListener('abort', sleeper.wake, { once: true });
      advanceWhenIdle();
    });

  // Holds time from the moment a request is dispatched until its response has ended or failed
  // (or dispatch threw). compose() hands the interceptor every handler in undici's own form, so
  // this works for any caller (attempt()'s bare handler, request(), fetch), and close() and
  // destroy() stay the agent's.
  const agent = new Agent({ keepAliveTimeout: 4_000 });
  const holdTime: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (options, handler) => {
    inFlight++;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      inFlight--;
      advanceWhenIdle();
    };
    try {
      return dispatch(options, {
        onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
        onRequestUpgrade: (controller, status, headers, socket) => handler.onRequestUpgrade?.(controller, status, headers, socket),
        onResponseStart: (controller, status, headers, message) => handler.onResponseStart?.(controller, status, headers, message),
        onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
        onResponseEnd: (controller, trailers) => {
          handler.onResponseEnd?.(controller, trailers);
          release();
        },
        onResponseError: (controller, error) => {
          handler.onResponseError?.(controller, error);
          release();
        },
      });
    } catch (error) {
      release();
      throw error;
    }
  };
  const dispatcher = agent.compose(holdTime);

  return { clock: () => now, elapsed: () => now - start, sleep, dispatcher, close: () => agent.close() };
}
