// Delivery protection (SPEC section 3) as a pure state machine per integration (kind + URL):
// closed → paused → probing → closed | paused. Fed attempt outcomes; time comes from an injected clock.
import type { Attempt } from './retry.js';
import { counted, formatDuration } from '../util/units.js';

export type PauseState = 'closed' | 'paused' | 'probing';

export interface PauseOptions {
  /** false: never pause (every delivery goes out). */
  enabled: boolean;
  /** Only attempts this recent count toward the error rate. */
  windowMs: number;
  /** Fewer attempts than this in the window never pause, whatever their error rate. */
  minAttempts: number;
  /** Pause when errors / attempts in the window reach this (0..1). */
  errorRate: number;
  /** The first pause; each failed probe doubles it. */
  cooldownMs: number;
  /** The pause never grows beyond this. */
  maxCooldownMs: number;
}

export const PAUSE_DEFAULTS: PauseOptions = {
  enabled: true,
  windowMs: 60_000,
  minAttempts: 10,
  errorRate: 0.5,
  cooldownMs: 30_000,
  maxCooldownMs: 600_000,
};

export interface PauseTransition {
  integration: string;
  from: PauseState;
  to: PauseState;
  /** Clock time of the change. */
  at: number;
  reason: string;
  /** For a change to 'paused': how long until the probe. */
  cooldownMs?: number;
}

export type Clock = () => number;

/** Errors for delivery protection: non-2xx, timeouts, connection failures (whatever the success rule). */
export function isPauseError(attempt: Pick<Attempt, 'status'>): boolean {
  return attempt.status === null || attempt.status < 200 || attempt.status >= 300;
}

export type Admission = { go: true; probe: boolean } | { go: false; /** null: until the probe's outcome is recorded. */ waitMs: number | null };

export class PauseMachine {
  #state: PauseState = 'closed';
  #times: number[] = [];
  #errors: boolean[] = [];
  #head = 0;
  #errorCount = 0;
  #cooldownMs: number;
  #pausedUntil = 0;
  #pausedSince = 0;
  #pausedTotal = 0;

  constructor(
    readonly integration: string,
    readonly options: PauseOptions,
    private readonly clock: Clock,
    private readonly onChange: (transition: PauseTransition) => void = () => {},
  ) {
    this.#cooldownMs = options.cooldownMs;
  }

  get state(): PauseState {
    return this.#state;
  }

  /** May a delivery go out now? When the cooldown is over this starts the probe (paused → probing). */
  admit(): Admission {
    if (!this.options.enabled || this.#state === 'closed') return { go: true, probe: false };
    if (this.#state === 'probing') return { go: false, waitMs: null };
    const now = this.clock();
    if (now < this.#pausedUntil) return { go: false, waitMs: this.#pausedUntil - now };
    this.#change('probing', now, 'cooldown over: one probe delivery');
    return { go: true, probe: true };
  }

  /**
   * The outcome of one attempt; `probe` says whether it was the probe (by default: whether probing).
   * Other outcomes arriving while paused or probing were sent before the pause: ignored, so a late
   * failure is never taken for the probe's.
   */
  record(error: boolean, probe = this.#state === 'probing'): void {
    if (!this.options.enabled) return;
    const now = this.clock();
    if (this.#state === 'probing' && !probe) return;
    if (this.#state === 'probing') {
      if (error) {
        this.#cooldownMs = Math.min(this.#cooldownMs * 2, this.options.maxCooldownMs);
        this.#pause(now, 'the probe failed; pause extended');
      } else {
        this.#pausedTotal += now - this.#pausedSince;
        this.#cooldownMs = this.options.cooldownMs;
        this.#change('closed', now, 'the probe succeeded: delivery resumes');
      }
      return;
    }
    if (this.#state === 'paused') return;
    this.#times.push(now);
    this.#errors.push(error);
    if (error) this.#errorCount++;
    this.#evict(now);
    const attempts = this.#times.length - this.#head;
    if (attempts >= this.options.minAttempts && this.#errorCount / attempts >= this.options.errorRate) {
      this.#pausedSince = now;
      this.#pause(now, `${counted(this.#errorCount, 'error')} in ${counted(attempts, 'attempt')} within ${windowText(this.options.windowMs)}`);
    }
  }

  /** Time spent paused or probing so far. */
  pausedMs(): number {
    return this.#pausedTotal + (this.#state === 'closed' ? 0 : this.clock() - this.#pausedSince);
  }

  #pause(now: number, reason: string): void {
    this.#pausedUntil = now + this.#cooldownMs;
    // A fresh window after the pause: the errors that caused it must not trip it again on resume.
    this.#times = [];
    this.#errors = [];
    this.#head = 0;
    this.#errorCount = 0;
    this.#change('paused', now, reason, this.#cooldownMs);
  }

  #evict(now: number): void {
    const oldest = now - this.options.windowMs;
    while (this.#head < this.#times.length && (this.#times[this.#head] as number) <= oldest) {
      if (this.#errors[this.#head]) this.#errorCount--;
      this.#head++;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#times.length) {
      this.#times = this.#times.slice(this.#head);
      this.#errors = this.#errors.slice(this.#head);
      this.#head = 0;
    }
  }

  #change(to: PauseState, at: number, reason: string, cooldownMs?: number): void {
    const from = this.#state;
    this.#state = to;
    this.onChange({ integration: this.integration, from, to, at, reason, ...(cooldownMs === undefined ? {} : { cooldownMs }) });
  }
}

/** Whole seconds as seconds ('60s', as the window is given), anything else as any duration reads ('400ms'). */
function windowText(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : formatDuration(ms);
}

/** One machine per integration (kind + URL), so one failing endpoint never pauses another. */
export class PauseRegistry {
  readonly #machines = new Map<string, PauseMachine>();

  constructor(
    private readonly options: PauseOptions,
    private readonly clock: Clock,
    private readonly onChange?: (transition: PauseTransition) => void,
  ) {}

  get(kind: string, url: string): PauseMachine {
    const key = `${kind} ${url}`;
    let machine = this.#machines.get(key);
    if (!machine) {
      machine = new PauseMachine(key, this.options, this.clock, this.onChange);
      this.#machines.set(key, machine);
    }
    return machine;
  }
}
