// What a contract run returns: one plain result per check, and the run as a whole.
import type { Attempt } from '../delivery/retry.js';
import type { CommandExit } from './command.js';

export interface CheckResult {
  /** 1-based position of the check in the contract. */
  index: number;
  /** The check's `name`, or one made from what it does. */
  name: string;
  /** A receiver contract (whk sends) or a sender contract (whk listens). */
  form: 'receiver' | 'sender';
  ok: boolean;
  /** One line on what happened. */
  summary: string;
  /** Every unmet expectation, one line each; empty when ok. */
  problems: string[];
  /**
   * Why the check could not run as it should (JUnit's <error>, not a <failure>): its problems then
   * say that, not an unmet expectation. Absent when it ran.
   */
  error?: string;
  ms: number;
  /** Receiver checks: every delivery made. */
  deliveries?: CheckDelivery[];
  /** Sender checks: every request that arrived. */
  requests?: CheckRequest[];
  /** Sender checks: the command run and how it ended. */
  command?: CheckCommand;
}

export interface CheckDelivery {
  variant: string;
  /** 1-based lifecycle stage (1 without lifecycle). */
  stage: number;
  duplicate: boolean;
  delivered: boolean;
  /** Every attempt in order, as send's and replay's deliveries give them: its status (null where no answer came), ms, error, answer. */
  attempts: Attempt[];
  /** Why the last attempt got no answer; null when it did. */
  error: string | null;
  /** The first bytes of the last attempt's response body, when it failed with one; else null. */
  answer: string | null;
  /** The body went on past `answer`. */
  answerCut?: true;
  ok: boolean;
  /** @deprecated Each attempt's `status` in `attempts`: their earlier name, kept for the scripts that read it. */
  statuses: (number | null)[];
  /** @deprecated Each attempt's `error` in `attempts`: their earlier name, kept for the scripts that read it. */
  errors: (string | null)[];
}

export interface CheckRequest {
  seq: number;
  method: string;
  path: string;
  kind: string | null;
  valid: boolean;
  encoding: string;
  issues: { path: string; message: string }[];
}

export interface CheckCommand {
  /** The command line as run ({url} filled in). */
  line: string;
  /** How it ended; null when it was still running at the end and had to be stopped. */
  exit: CommandExit | null;
  /** whk stopped it (its expectations were met, or `within` ran out). */
  stopped: boolean;
  /** The tail of its stdout and stderr. */
  output: string;
}

export interface ContractReport {
  name: string;
  checks: CheckResult[];
  passed: number;
  failed: number;
  ok: boolean;
  ms: number;
  /** The run was cancelled (Ctrl-C) before every check had run. */
  cancelled: boolean;
  /** The checks a cancel left unrun, in order (none when every check ran). */
  notRun: Pick<CheckResult, 'index' | 'name' | 'form'>[];
}
