// waitFor's promises: each follows the request events until its count is met, its time runs out
// or the receiver closes.
import type { CaptureRecord } from '../capture/record.js';
import { CheckFailedError } from '../errors.js';
import type { Listener, ReceiverEvent } from './events.js';

export interface Waiters {
  /** Resolves with the records once `n` requests were answered; rejects after `timeoutMs`. */
  wait(n: number, timeoutMs: number | undefined): Promise<CaptureRecord[]>;
  rejectAll(error: (n: number) => Error): void;
}

/** waitFor's promises, each a subscriber of the request events until its count is met. */
export function createWaiters(subscribe: (listener: Listener<ReceiverEvent>) => () => void, count: () => number, records: () => readonly CaptureRecord[]): Waiters {
  const pending = new Set<(error: (n: number) => Error) => void>();
  return {
    wait(n, timeoutMs) {
      if (count() >= n) return Promise.resolve([...records()]);
      return new Promise((resolve, reject) => {
        const end = (error?: Error): void => {
          unsubscribe();
          clearTimeout(timer);
          pending.delete(fail);
          if (error) reject(error);
          else resolve([...records()]);
        };
        const fail = (error: (n: number) => Error): void => end(error(n));
        const unsubscribe = subscribe((event) => {
          if (event.type === 'request' && count() >= n) end();
        });
        const timer = timeoutMs === undefined ? undefined : setTimeout(() => end(new CheckFailedError(`timed out after ${timeoutMs} ms: ${count()} of ${n} requests arrived`)), timeoutMs);
        pending.add(fail);
      });
    },
    rejectAll(error) {
      for (const fail of pending) fail(error);
    },
  };
}
