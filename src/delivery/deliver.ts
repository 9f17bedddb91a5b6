// One delivery: attempts under a kind's policy (success rule, retry schedule, timeout per attempt).
// The clock and the sleep are injectable so retry schedules are tested without waiting.
import { attempt, type AttemptEnv, type AttemptOutcome } from './http.js';
import { isSuccess, retryDelay, type DeliveryPolicy } from './policy.js';
import type { PreparedRequest } from './request.js';

export type Attempt = AttemptOutcome;

export interface DeliverEnv extends AttemptEnv {
  /** Waits between attempts; resolves early when the signal aborts. */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  /** Called after every attempt with whether it counts as an error for delivery protection. */
  onAttempt?: ((attempt: Attempt, ok: boolean) => void) | undefined;
  /** Asked before each retry; false stops retrying (the integration has paused). */
  mayRetry?: (() => boolean) | undefined;
}

export interface DeliverOutcome {
  attempts: Attempt[];
  delivered: boolean;
  /** Retrying stopped early: cancelled, or mayRetry said no. */
  interrupted: boolean;
}

export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * PagerDuty and Datadog retry only server errors: 5xx, 429, timeouts and connection failures;
 * Bitbucket Cloud only 5xx answers.
 */
function retryable(policy: DeliveryPolicy, outcome: Attempt): boolean {
  switch (policy.retry.retryOn) {
    case 'server-errors':
      return outcome.status === null || outcome.status >= 500 || outcome.status === 429;
    case '5xx':
      return outcome.status !== null && outcome.status >= 500 && outcome.status <= 599;
    default:
      return true;
  }
}

/** The request of attempt n: the same bytes and headers, with its number where the sender numbers attempts. */
function requestFor(request: PreparedRequest, policy: DeliveryPolicy, n: number): PreparedRequest {
  const header = policy.retry.attemptNumberHeader;
  if (!header || n === 1) return request;
  const lower = header.toLowerCase();
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== lower));
  return { ...request, headers: { ...headers, [header]: String(n) } };
}

export async function deliver(request: PreparedRequest, policy: DeliveryPolicy, env: DeliverEnv = {}): Promise<DeliverOutcome> {
  const sleep = env.sleep ?? realSleep;
  const attempts: Attempt[] = [];
  for (let n = 1; n <= policy.retry.maxAttempts; n++) {
    if (n > 1) {
      if (env.mayRetry && !env.mayRetry()) return { attempts, delivered: false, interrupted: true };
      await sleep(retryDelay(policy.retry, n), env.signal);
    }
    if (env.signal?.aborted) return { attempts, delivered: false, interrupted: true };
    const outcome = await attempt(requestFor(request, policy, n), policy.timeoutMs, env);
    attempts.push(outcome);
    const ok = outcome.status !== null && isSuccess(policy.success, outcome.status);
    env.onAttempt?.(outcome, ok);
    if (ok) return { attempts, delivered: true, interrupted: false };
    if (!retryable(policy, outcome)) break;
  }
  return { attempts, delivered: false, interrupted: false };
}
