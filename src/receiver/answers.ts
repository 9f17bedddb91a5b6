// The answers whk makes itself, whatever the script says: 413 for a body over the limit, 503 when
// the bodies in flight fill the memory budget, 401 for a bad signature under --reject; and --delay
// and --retry-after put on every answer, whk's own and the app's alike.
import type { SignatureCheck } from './signature.js';
import { isSuccess } from './responder.js';

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

/** --delay and --retry-after, for every answer. */
export interface AnswerShaping {
  delayMs: number;
  retryAfterSeconds: number | undefined;
}

/**
 * The answer held for --delay and, when it is not 2xx, given --retry-after's Retry-After: whk's own
 * answers (401, 413, 502) as much as the script's and the app's. One that carries a Retry-After of its
 * own keeps it (the app's, as it sent it; whk's busy 503's one second: whk's choice, its overload is
 * over in about that).
 */
export function shaped(answer: Answer, shaping: AnswerShaping): Answer {
  const delayMs = Math.max(answer.delayMs, shaping.delayMs);
  const retry = shaping.retryAfterSeconds !== undefined && !isSuccess(answer.status) && !Object.hasOwn(answer.headers, 'retry-after');
  if (delayMs === answer.delayMs && !retry) return answer;
  return { ...answer, delayMs, headers: retry ? { ...answer.headers, 'retry-after': String(shaping.retryAfterSeconds) } : answer.headers };
}
