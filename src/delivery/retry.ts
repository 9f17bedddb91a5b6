// One delivery: attempts under a kind's policy (success rule, retry schedule, timeout per attempt).
// The clock and the sleep are injectable so retry schedules are tested without waiting.
import { attempt, attemptInCall, startCall, type AttemptEnv, type AttemptOutcome, type ClientCall } from './attempt.js';
import { isSuccess, retryDelay, type DeliveryPolicy } from './policy.js';
import { signedForNow, withHeader, type PreparedRequest } from './request.js';
import { resendStep } from './resends.js';
import { sleep as realSleep } from '../util/sleep.js';

export type Attempt = AttemptOutcome;

export interface DeliverEnv extends AttemptEnv {
  /** Waits between attempts; resolves early when the signal aborts. */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  /**
   * Called after every attempt with whether it succeeded; `resending`: the sender's HTTP client sends
   * it again by itself, so the sender's own code never sees this answer (delivery protection skips it).
   */
  onAttempt?: ((attempt: Attempt, ok: boolean, resending: boolean) => void) | undefined;
  /** Asked before each retry; false stops retrying (the integration has paused). */
  mayRetry?: (() => boolean) | undefined;
  /** Told before each wait between attempts: how long, and the attempt that failed (live countdowns). */
  onWait?: ((ms: number, after: Attempt) => void) | undefined;
}

export interface DeliverOutcome {
  attempts: Attempt[];
  delivered: boolean;
  /** Retrying stopped early: cancelled, or mayRetry said no. */
  interrupted: boolean;
}

/**
 * PagerDuty and Datadog retry 5xx and 429 (Jira a few 4xx more), Alertmanager 5xx only; each of them
 * retries timeouts and connection failures. Bitbucket Cloud retries 5xx answers and nothing else.
 */
function retryable(policy: DeliveryPolicy, outcome: Attempt): boolean {
  const rule = policy.retry.retryOn ?? 'any-failure';
  if (rule === 'any-failure') return true;
  if (outcome.status === null) return rule !== '5xx-answers';
  return outcome.status >= 500 || (rule === 'server-errors' && outcome.status === 429) || (policy.retry.alsoRetried ?? []).includes(outcome.status);
}

/**
 * The request of attempt n: the same bytes and headers, signed at the attempt's time (request.ts
 * signedForNow), plus the attempt header where the sender sends one.
 */
function requestFor(request: PreparedRequest, policy: DeliveryPolicy, n: number): PreparedRequest {
  const header = policy.retry.attemptHeader;
  const count = header?.counts === 'attempts' ? n : n - 1;
  const signed = signedForNow(request);
  return header && count > 0 ? withHeader(signed, header.name, String(count)) : signed;
}

export async function deliver(request: PreparedRequest, policy: DeliveryPolicy, env: DeliverEnv = {}): Promise<DeliverOutcome> {
  const sleep = env.sleep ?? realSleep;
  const attempts: Attempt[] = [];
  for (let n = 1; n <= policy.retry.maxAttempts; n++) {
    if (n > 1) {
      if (env.mayRetry && !env.mayRetry()) return { attempts, delivered: false, interrupted: true };
      const wait = retryDelay(policy.retry, n);
      env.onWait?.(wait, attempts[attempts.length - 1] as Attempt);
      await sleep(wait, env.signal);
      // Asked again: another delivery's failure may have paused the integration during the wait.
      if (env.mayRetry && !env.mayRetry()) return { attempts, delivered: false, interrupted: true };
    }
    if (env.signal?.aborted) return { attempts, delivered: false, interrupted: true };
    const sent = requestFor(request, policy, n);
    // The answer explains a failure; an accepted attempt's body is nobody's business here.
    const keepAnswer = (status: number): boolean => !isSuccess(policy.success, status);
    let outcome: Attempt;
    let call: ClientCall | undefined;
    if (sent.resends) ({ outcome, call } = await attemptInCall(startCall(sent), policy.timeoutMs, env, keepAnswer));
    else outcome = await attempt(sent, policy.timeoutMs, env, keepAnswer);
    let ok = outcome.status !== null && isSuccess(policy.success, outcome.status);
    // The sender's HTTP client sends the request of the last answer again by itself after some answers
    // (OkHttp after a 408): each is one more attempt, at once, which the sender's retry policy does not
    // count. It goes on with the call: after a redirect the redirected URL is asked again (OkHttp's
    // followUpRequest returns userResponse.request), and redirects and re-sends share one limit. Each
    // re-send has a deadline of its own (whk's choice, as for any attempt).
    while (!ok && call && sent.resends) {
      const step = resendStep(sent.resends, outcome, call.prior, call.resends, call.redirects);
      if (step.kind === 'answer') break;
      if (step.kind === 'error') {
        // The redirects it followed stay with it: the error counts them.
        const { resent, redirects } = outcome;
        outcome = { status: null, ms: outcome.ms, error: step.error, ...(resent === undefined ? {} : { resent }), ...(redirects === undefined ? {} : { redirects }) };
        break;
      }
      attempts.push(outcome);
      env.onAttempt?.(outcome, false, true);
      if (env.signal?.aborted) return { attempts, delivered: false, interrupted: true };
      const next = await attemptInCall({ ...call, resends: call.resends + 1, prior: outcome.status }, policy.timeoutMs, env, keepAnswer);
      outcome = { ...next.outcome, resent: step.why };
      call = next.call;
      ok = outcome.status !== null && isSuccess(policy.success, outcome.status);
    }
    attempts.push(outcome);
    env.onAttempt?.(outcome, ok, false);
    if (ok) return { attempts, delivered: true, interrupted: false };
    if (!retryable(policy, outcome)) break;
  }
  return { attempts, delivered: false, interrupted: false };
}
