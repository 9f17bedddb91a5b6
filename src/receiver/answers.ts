// The answers whk makes itself, whatever the script says: 413 for a body over the limit, 503 when
// the bodies in flight fill the memory budget, 401 for a bad signature under --reject.
import type { SignatureCheck } from './signature.js';

export interface Answer {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer | string;
  delayMs: number;
}

/** 413 for a body over the limit: on the wire, or (`inflated`) once its Content-Encoding is undone (a small gzip of a huge body). */
export function refusal(maxBody: number, cutOff: boolean, inflated = false): Answer {
  const headers = { 'content-type': 'application/json', ...(cutOff ? { connection: 'close' } : {}) };
  const error = `body exceeds the limit of ${maxBody} bytes${inflated ? ' once decompressed (its Content-Encoding undone)' : ''}`;
  return { status: 413, headers, body: JSON.stringify({ error }), delayMs: 0 };
}

// whk's choice: a second is long enough for the bodies in flight to be answered and let go.
export const BUSY_RETRY_AFTER_SECONDS = 1;

/** 503 when the bodies in flight fill the memory budget: the sender is to deliver again shortly. */
export function busyAnswer(cutOff: boolean): Answer {
  return {
    status: 503,
    headers: { 'content-type': 'application/json', 'retry-after': String(BUSY_RETRY_AFTER_SECONDS), ...(cutOff ? { connection: 'close' } : {}) },
    body: JSON.stringify({ error: 'whk is busy: too many request bodies in flight; retry later' }),
    delayMs: 0,
  };
}

/** 401 for a request whose signature is not valid (--reject): the sender's reaction is what is tested. */
export function rejection(check: SignatureCheck | null): Answer {
  const error = check === null ? 'signature required' : `signature ${check.verdict}: ${check.reason}`;
  return { status: 401, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error }), delayMs: 0 };
}
