// The receiver's limits, and their defaults: one place for the server, the handler and the pipeline.
import { DEFAULT_BUDGET } from './budget.js';

export const DEFAULT_MAX_BODY = 10 * 1024 * 1024;

// Past the limit we keep reading (and discarding) this much, so the sender can finish writing
// and actually read our 413; a sender still going after that is cut off.
export const DRAIN_BEYOND_LIMIT = 64 * 1024 * 1024;

export interface ReceiverLimits {
  /** Largest body accepted, before and after decompression. Default 10 MB. */
  maxBodyBytes?: number;
  /** Time allowed for a request's headers to arrive. Default 10 s. */
  headersTimeoutMs?: number;
  /**
   * Time allowed for a whole request to arrive. Default 60 s; never less than the header and idle
   * timeouts together, so a stalled body is judged by `idleTimeoutMs`, not cut off earlier.
   */
  requestTimeoutMs?: number;
  /** A request whose body stalls this long is dropped. Default 30 s. */
  idleTimeoutMs?: number;
  /** Bytes all bodies in flight may hold together, as received and as inflated; past it 503. Default 512 MiB. */
  inFlightBytes?: number;
  /** Of those, bytes inflated from compressed bodies. Default 128 MiB. */
  inflatedInFlightBytes?: number;
}

/** The limits with their defaults filled in, resolved once for the server, the handler and the pipeline. */
export function resolveLimits(limits: ReceiverLimits | undefined): Required<ReceiverLimits> {
  const headersTimeoutMs = limits?.headersTimeoutMs ?? 10_000;
  const idleTimeoutMs = limits?.idleTimeoutMs ?? 30_000;
  return {
    maxBodyBytes: limits?.maxBodyBytes ?? DEFAULT_MAX_BODY,
    headersTimeoutMs,
    requestTimeoutMs: Math.max(limits?.requestTimeoutMs ?? 60_000, headersTimeoutMs + idleTimeoutMs),
    idleTimeoutMs,
    inFlightBytes: limits?.inFlightBytes ?? DEFAULT_BUDGET.totalBytes,
    inflatedInFlightBytes: limits?.inflatedInFlightBytes ?? DEFAULT_BUDGET.inflatedBytes,
  };
}
