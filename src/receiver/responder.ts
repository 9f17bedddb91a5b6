// What the receiver answers: a fixed status, a sequence whose last value repeats, a seeded
// failure rate, a delay and a Retry-After header on failures. Pure apart from the injected seed.
import { createRandom } from '../util/prng.js';

export interface ResponsePlan {
  /** Statuses answered in turn; the last one repeats. Default [200]. */
  statuses?: readonly number[];
  /** Probability (0..1) that a request is answered `failStatus` instead. */
  failRate?: number;
  /** The status answered for a --fail-rate failure. Default 500. */
  failStatus?: number;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Seconds put in a Retry-After header on every answer that is not 2xx. */
  retryAfterSeconds?: number;
}

export interface Answer {
  status: number;
  delayMs: number;
  headers: Record<string, string>;
}

export interface Responder {
  next(): Answer;
}

export function createResponder(plan: ResponsePlan, seed: number): Responder {
  const statuses = plan.statuses && plan.statuses.length > 0 ? plan.statuses : [200];
  const random = createRandom(seed);
  let index = 0;
  return {
    next() {
      let status = statuses[Math.min(index, statuses.length - 1)] as number;
      index++;
      // Draw on every request, so which requests fail depends only on the seed and their order.
      if (plan.failRate && random.next() < plan.failRate) status = plan.failStatus ?? 500;
      return { status, delayMs: plan.delayMs ?? 0, headers: retryAfter(status, plan.retryAfterSeconds) };
    },
  };
}

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/** Retry-After for an answer that is not 2xx, when asked for. */
export function retryAfter(status: number, seconds: number | undefined): Record<string, string> {
  return seconds !== undefined && !isSuccess(status) ? { 'retry-after': String(seconds) } : {};
}
