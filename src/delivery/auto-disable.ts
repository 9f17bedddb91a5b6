// A sender's auto-disabling of a webhook that keeps failing (GitLab's), as a pure state machine per
// webhook (kind + URL) with an injected clock: fed the outcome of each delivery sent, it says whether
// the next one may go out, and if not, why.
import type { AutoDisableRule } from '../kinds/types.js';
import type { Clock } from './pause.js';
import { formatWholeDuration } from '../util/units.js';

export class AutoDisable {
  #failures = 0;
  #disabledUntil = -Infinity;
  #disabledForMs = 0;

  constructor(
    readonly rule: AutoDisableRule,
    private readonly clock: Clock,
  ) {}

  /** Why the sender would not send a delivery now (the webhook is disabled), or undefined if it would. */
  refusal(): string | undefined {
    const { rule } = this;
    if (rule.permanentAfter !== null && this.#failures >= rule.permanentAfter) {
      return `${rule.sender} disables a webhook for good after ${rule.permanentAfter} consecutive failures`;
    }
    if (this.#failures < rule.afterFailures || this.clock() > this.#disabledUntil) return undefined;
    return `${rule.sender} disables a webhook after ${rule.afterFailures} consecutive failures (temporarily, for ${formatWholeDuration(this.#disabledForMs)} after failure ${this.#failures}${rule.permanentAfter === null ? '' : `; for good after ${rule.permanentAfter}`})`;
  }

  /**
   * The outcome of a delivery that was sent. A success ends the streak. A failure past the threshold
   * disables the webhook for initialMs × 2^(failures past it), at most maxMs (GitLab's backoff!);
   * an outcome arriving while it is disabled (sent before, with concurrency) is not counted, as GitLab
   * counts no failure of a webhook that is not executable.
   */
  record(delivered: boolean): void {
    if (delivered) {
      this.#failures = 0;
      return;
    }
    if (this.refusal() !== undefined) return;
    const { rule } = this;
    const before = this.#failures;
    this.#failures = before + 1;
    if (this.#failures < rule.afterFailures) return;
    this.#disabledForMs = Math.min(rule.initialMs * 2 ** (before - (rule.afterFailures - 1)), rule.maxMs);
    this.#disabledUntil = this.clock() + this.#disabledForMs;
  }
}

/** One webhook's state per kind and URL, created as its first delivery comes; none for kinds without a rule. */
export function autoDisableGates(clock: Clock): (kind: string, url: string, rule: AutoDisableRule | null) => AutoDisable | undefined {
  const gates = new Map<string, AutoDisable>();
  return (kind, url, rule) => {
    if (!rule) return undefined;
    const key = `${kind} ${url}`;
    let gate = gates.get(key);
    if (!gate) gates.set(key, (gate = new AutoDisable(rule, clock)));
    return gate;
  };
}
