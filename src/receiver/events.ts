// What the receiver reports, and the tiny typed emitter that hands each event to every subscriber
// (the terminal printer, waitFor, the API's onRequest, the inspector page). A subscriber that
// throws is reported, never fatal: it must not take the receiver or its requests down.
import type { CaptureRecord } from '../capture/record.js';
import type { Placement } from '../capture/store.js';
import { callDropping, isThenable } from '../util/thenable.js';

export type ReceiverEvent =
  /**
   * A request was recorded (when a capture file is kept) and answered; `line` is the record's line
   * and `placement` where it went in the capture file, when one is kept (a subscriber that keeps
   * records can keep the place, or the line, instead of the record); `decoded`: the body's bytes after
   * Content-Encoding, when it was decoded.
   */
  | { type: 'request'; record: CaptureRecord; line?: string | undefined; placement?: Placement | undefined; decoded?: Buffer | undefined }
  /** The sender went away before the body ended: not recorded, not answered. */
  | { type: 'aborted'; method: string; path: string; size: number }
  /**
   * whk cut the request itself before its body ended: the body sent nothing for `idleTimeout`, or the
   * whole request took longer than the request-time limit (`limitMs`). Not recorded; `answered`:
   * the sender was answered 408 (not when an earlier answer on its connection was still due).
   */
  | { type: 'dropped'; method: string; path: string; size: number; limit: 'idleTimeout' | 'requestTimeout'; limitMs: number; answered: boolean }
  /** whk cut the request's connection as it stopped (close({ now }), a second Ctrl-C, or the close's grace run out) before its body ended: not answered, not recorded. */
  | { type: 'dropped'; method: string; path: string; size: number; limit: 'shutdown'; answered: false }
  | { type: 'error'; message: string; seq: number | null }
  /** Something to know that harms no request (a torn line found in the capture file and ended). */
  | { type: 'warning'; message: string };

export type Listener<E> = (event: E) => void;

export interface Emitter<E> {
  /** Calls `listener` with every later event, in order; returns the function that stops it. */
  subscribe(listener: Listener<E>): () => void;
  emit(event: E): void;
}

// The error hook has no caller to throw to: one that throws, or (written async) rejects, is dropped
// (callDropping), not left unhandled to end the process.
export function createEmitter<E>(onListenerError: (error: unknown) => unknown): Emitter<E> {
  // Wrapped, so one function subscribed twice is two subscriptions, each ended on its own.
  const listeners = new Set<{ listener: Listener<E> }>();
  return {
    subscribe(listener) {
      const entry = { listener };
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },
    emit(event) {
      for (const { listener } of listeners) {
        try {
          // An async subscriber (the API's `onRequest: async (record) => ...`) fails by rejecting:
          // reported like a throw, not an unhandled rejection that ends the process.
          const result: unknown = listener(event);
          if (isThenable(result)) result.then(undefined, (error: unknown) => callDropping(onListenerError, error));
        } catch (error) {
          callDropping(onListenerError, error);
        }
      }
    },
  };
}

/**
 * A subscriber's work done later on the events it was handed (a turn's requests together, after the
 * answers), held to the emitter's contract: one that throws is reported and the rest still done; with
 * no caller to throw to, a report that throws too is dropped rather than ending the process.
 */
export function eachReported<T>(items: readonly T[], work: (item: T) => void, onError: (error: unknown) => unknown): void {
  for (const item of items) {
    try {
      work(item);
    } catch (error) {
      callDropping(onError, error);
    }
  }
}
