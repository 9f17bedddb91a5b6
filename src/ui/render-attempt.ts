// One attempt on a delivery's line (send and replay alike): what came back, how long it took, and
// what the sender's HTTP client did by itself on the way (a re-send, redirects followed).
import { attemptNotes, attemptText, cutOffInFlight, type AttemptOutcome } from '../delivery/attempt.js';
import type { Output } from './output.js';
import type { SuccessRule } from '../kinds/types.js';
import { SUCCESS_RULE_TEXT } from '../delivery/policy.js';

/**
 * `408 (3ms)`; `200 (2ms, OkHttp sent it again after the 408)`; `200 (5ms, after 302 → http://127.0.0.1:9000/moved)`;
 * `200 (9ms, after 3 redirects, the last 307 → http://127.0.0.1:9000/c)`.
 */
export function attemptLine(attempt: AttemptOutcome): string {
  return `${attemptText(attempt)} (${[`${attempt.ms}ms`, ...attemptNotes(attempt)].join(', ')})`;
}

/**
 * A delivery's mark and last word: delivered, failed, or cut off in flight by Ctrl-C (its answer
 * never read). A 2xx that failed says the kind's success rule (`kind`: its id), which a 2xx alone
 * does not explain: `failed (not a success for metric-alert: status 200 only)`. `successOf` gives a
 * kind's rule by its id, from the kinds the caller has loaded (send loads one kind, not the registry).
 */
export function verdictWord(
  output: Output,
  result: { kind?: string | null; delivered: boolean; attempts: readonly AttemptOutcome[]; retriesCancelled?: true },
  successOf: (kind: string) => SuccessRule | undefined,
): { mark: string; verdict: string } {
  const c = output.paintResult;
  if (result.delivered) return { mark: c.green('✔'), verdict: c.green('delivered') };
  if (cutOffInFlight(result)) return { mark: c.yellow('–'), verdict: c.yellow('cut off in flight') };
  if (result.retriesCancelled) return { mark: c.yellow('–'), verdict: c.yellow('cancelled before its retry') };
  const status = result.attempts.at(-1)?.status ?? null;
  const rule = result.kind == null ? undefined : successOf(result.kind);
  const why = status !== null && status >= 200 && status < 300 && rule !== undefined ? ` (not a success for ${result.kind}: ${SUCCESS_RULE_TEXT[rule]})` : '';
  return { mark: c.red('✖'), verdict: c.red(`failed${why}`) };
}
