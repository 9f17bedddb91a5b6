// One attempt on a delivery's line (send and replay alike): what came back, how long it took, and
// what the sender's HTTP client did by itself on the way (a re-send, redirects followed).
import { attemptText, type AttemptOutcome } from '../delivery/attempt.js';

/**
 * `408 (3ms)`; `200 (2ms, OkHttp sent it again after the 408)`; `200 (5ms, after 302 → http://127.0.0.1:9000/moved)`;
 * `200 (9ms, after 3 redirects, the last 307 → http://127.0.0.1:9000/c)`.
 */
export function attemptLine(attempt: AttemptOutcome): string {
  const notes = [`${attempt.ms}ms`];
  if (attempt.resent !== undefined) notes.push(attempt.resent);
  const last = attempt.redirects?.at(-1);
  if (last) notes.push(`${attempt.redirects?.length === 1 ? 'after' : `after ${attempt.redirects?.length} redirects, the last`} ${last.status} → ${last.to}`);
  return `${attemptText(attempt)} (${notes.join(', ')})`;
}
