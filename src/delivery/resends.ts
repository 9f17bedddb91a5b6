// Whether the sender's HTTP client sends a request again by itself after an answer, the way that
// client does it (kinds/http-clients.ts: OkHttp after a 408, or a 503 with Retry-After: 0). Pure;
// retry.ts sends the request of that answer again as one more attempt.
import type { ResendRule } from '../kinds/types.js';
import type { AttemptOutcome } from './attempt.js';
import { tooManyFollowUps } from './redirects.js';

export type ResendStep = { kind: 'resend'; why: string } | { kind: 'answer' } | { kind: 'error'; error: string };

const ANSWER: ResendStep = { kind: 'answer' };

/**
 * `before`: the status of the answer before this one in the same call, a redirect's too (null for the
 * first); `resent` and `redirected`: the re-sends and redirects already made in it, which count
 * against one limit (OkHttp's MAX_FOLLOW_UPS).
 */
export function resendStep(rule: ResendRule, outcome: AttemptOutcome, before: number | null, resent: number, redirected = 0): ResendStep {
  const on = rule.on.find((entry) => entry.status === outcome.status);
  if (on === undefined || before === on.status) return ANSWER;
  const delay = retryAfterSeconds(outcome.retryAfter);
  if (delay === undefined ? on.retryAfter !== 'absent-or-0' : delay !== 0) return ANSWER;
  if (resent + redirected >= rule.max) {
    const last = `the last after a ${on.status}`;
    return { kind: 'error', error: redirected === 0 ? `sent again ${rule.max} times (${last}): ${rule.client} gives up` : tooManyFollowUps(rule.client, rule.max, redirected, resent, last) };
  }
  return { kind: 'resend', why: `${rule.client} sent it again after the ${on.status}` };
}

/**
 * A Retry-After as OkHttp's retryAfter() reads it: digits are seconds, anything else (an HTTP date,
 * a negative number) is "not now"; undefined when the answer had none.
 */
function retryAfterSeconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : Number.POSITIVE_INFINITY;
}
