// A kind's delivery rules as the engine applies them: the success rule, the retry schedule, the
// per-attempt timeout and the sender's auto-disabling, with the user's overrides (--retries,
// --retry-delay, --no-retry, --timeout, --no-auto-disable).
import type { AutoDisableRule, DeliveryProfile, RetryPolicy, SuccessRule } from '../kinds/types.js';
import { UsageError } from '../errors.js';
import { MAX_DURATION_MS } from '../util/checks.js';
import { formatDuration } from '../util/units.js';

export interface DeliveryPolicy {
  success: SuccessRule;
  retry: RetryPolicy;
  timeoutMs: number;
  /** The sender's rule for a webhook that keeps failing, applied across a run's deliveries (auto-disable.ts); one delivery ignores it. */
  autoDisable?: AutoDisableRule | null | undefined;
}

export interface PolicyOverrides {
  /** Retries after the first attempt (so attempts = retries + 1). */
  retries?: number | undefined;
  /** The wait before the first retry; exponential backoff doubles it from there. */
  retryDelayMs?: number | undefined;
  /** false = no retries by the schedule, whatever the profile says (a client's own re-send, as OkHttp's after a 408, still goes). */
  retry?: boolean | undefined;
  timeoutMs?: number | undefined;
  /** false = every delivery is sent, even to a webhook the sender would have disabled. */
  autoDisable?: boolean | undefined;
}

export function resolvePolicy(profile: Pick<DeliveryProfile, 'success' | 'retry' | 'timeoutMs'> & Partial<Pick<DeliveryProfile, 'autoDisable'>>, overrides: PolicyOverrides = {}): DeliveryPolicy {
  const maxAttempts = overrides.retry === false ? 1 : overrides.retries !== undefined ? overrides.retries + 1 : profile.retry.maxAttempts;
  return {
    success: profile.success,
    retry: { ...profile.retry, maxAttempts, initialDelayMs: overrides.retryDelayMs ?? profile.retry.initialDelayMs },
    timeoutMs: overrides.timeoutMs ?? profile.timeoutMs,
    autoDisable: overrides.autoDisable === false ? null : (profile.autoDisable ?? null),
  };
}

/** How each success rule reads, in `whk kinds` and in the messages of a check. */
export const SUCCESS_RULE_TEXT: Record<SuccessRule, string> = { 'exactly-200': 'status 200 only', '2xx': 'any 2xx', 'below-400': 'any status below 400' };

export function isSuccess(rule: SuccessRule, status: number): boolean {
  switch (rule) {
    case 'exactly-200':
      return status === 200;
    case '2xx':
      return status >= 200 && status < 300;
    case 'below-400':
      return status < 400;
  }
}

/** The wait before attempt number `attempt` (1-based; attempt 1 has no wait). */
export function retryDelay(retry: RetryPolicy, attempt: number): number {
  if (attempt <= 1) return 0;
  return retry.backoff === 'fixed' ? retry.initialDelayMs : retry.initialDelayMs * 2 ** (attempt - 2);
}

/**
 * A schedule whose doubled waits pass the longest wait whk takes (596h, any duration's bound) is
 * refused before anything goes: a large `retries` doubles a wait past any use, and on to no finite
 * number at all (a thousand retries from 500ms), which no countdown can show and no one waits out.
 * `whose`: whose schedule it is, e.g. 'alertmanager's'; `delayField`: the run takes a `retryDelay` (replay's does not).
 */
export function checkRetrySchedule(retry: RetryPolicy, whose: string, delayField = true): void {
  const last = retryDelay(retry, retry.maxAttempts);
  if (!(last > MAX_DURATION_MS)) return;
  let fits = 1;
  while (retryDelay(retry, fits + 2) <= MAX_DURATION_MS) fits++;
  const over = fits + 1;
  throw new UsageError(
    `${retry.maxAttempts - 1} retries: ${whose} retries double their wait from ${formatDuration(retry.initialDelayMs)}, so retry ${over} would wait ${formatDuration(retryDelay(retry, over + 1))}, past 596h, the longest wait whk takes`,
    `give \`retries\` ${fits} or fewer (the last waiting ${formatDuration(retryDelay(retry, fits + 1))})${delayField ? ', or a shorter `retryDelay`' : ''}`,
  );
}
