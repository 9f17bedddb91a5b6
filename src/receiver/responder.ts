// Which status the receiver answers: a fixed status, a sequence whose last value repeats, statuses
// per path (the first route whose pattern matches, each with a sequence of its own), a seeded failure
// rate. Pure apart from the injected seed. The delay and Retry-After are put on every answer, this
// one and whk's own alike, in one place: answers.ts shaped().
import { compileGlob } from '../util/glob.js';
import { statuses as statusList, ValueProblem, type Check } from '../util/checks.js';
import { createRandom } from '../util/prng.js';

/** Statuses answered on the paths a pattern matches (* matches any characters). */
export interface Route {
  pattern: string;
  statuses: readonly number[];
}

export interface ResponsePlan {
  /** Statuses answered in turn; the last one repeats. Default [200]. */
  statuses?: readonly number[];
  /** Per path, in place of `statuses`: the first route that matches answers. */
  routes?: readonly Route[];
  /** Probability (0..1) that a request is answered `failStatus` instead. */
  failRate?: number;
  /** The status answered for a --fail-rate failure. Default 500. */
  failStatus?: number;
  /** Wait this long before answering (every answer: answers.ts shaped()). */
  delayMs?: number;
  /** Seconds put in a Retry-After header on every answer that is not 2xx (answers.ts shaped()). */
  retryAfterSeconds?: number;
}

/** What of the plan picks the status; the rest shapes every answer, not only the scripted one. */
export type StatusPlan = Pick<ResponsePlan, 'statuses' | 'routes' | 'failRate' | 'failStatus'>;

export interface Responder {
  /** The status of the next request on `path` (the path alone, without the query). */
  next(path?: string): number;
}

/** A status sequence whose last value repeats, advanced once per request it answers. */
function sequence(statuses: readonly number[]): () => number {
  let index = 0;
  return () => statuses[Math.min(index++, statuses.length - 1)] as number;
}

export function createResponder(plan: StatusPlan, seed: number): Responder {
  const fallback = sequence(plan.statuses && plan.statuses.length > 0 ? plan.statuses : [200]);
  const routes = (plan.routes ?? []).map((route) => ({ matches: compileGlob(route.pattern), next: sequence(route.statuses) }));
  const random = createRandom(seed);
  return {
    next(path = '/') {
      let status = (routes.find((route) => route.matches.test(path))?.next ?? fallback)();
      // Draw on every request, so which requests fail depends only on the seed and their order.
      if (plan.failRate && random.next() < plan.failRate) status = plan.failStatus ?? 500;
      return status;
    },
  };
}

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/** 'PATH=STATUSES' ('/split=500,200', '/hooks/*=202'): a route; the pattern is what precedes the last '='. */
export const route: Check<Route> = (value) => {
  const text = String(value);
  const at = text.lastIndexOf('=');
  const pattern = text.slice(0, at).trim();
  if (at < 0 || !(pattern.startsWith('/') || pattern.startsWith('*'))) {
    throw new ValueProblem(`expected PATH=STATUSES, e.g. /split=500,200 or '/hooks/*=202'; got '${text}'`);
  }
  const problem = queryInPattern(pattern);
  if (problem !== undefined) throw new ValueProblem(problem);
  return { pattern, statuses: statusList(text.slice(at + 1)) };
};

/** Routes are matched against the path alone (next(path)): a pattern with a query could never match a request. */
export function queryInPattern(pattern: string): string | undefined {
  const query = pattern.indexOf('?');
  return query < 0 ? undefined : `a route matches the path alone, never the query: '${pattern}' could never match (leave out '${pattern.slice(query)}')`;
}
