// Runs a contract: its checks in order, each to a plain result; a cancelled run stops between
// checks (and inside one, through the signal). Never prints; `whk check` renders the report.
import { withOwnDispatcher } from '../delivery/attempt.js';
import type { Contract, ContractCheck } from './contract.js';
import { runReceiverCheck } from './drive-receiver.js';
import type { CheckResult, ContractReport } from './result.js';
import { runSenderCheck } from './listen-for-sender.js';
import { checkListenAddresses } from './preflight.js';
import { maskUrl } from '../util/secrets.js';
import { isWhkError, messageOf } from '../errors.js';
import type { Dispatcher } from 'undici';

export interface ContractEnv {
  signal?: AbortSignal | undefined;
  /** Working directory and environment of sender commands. */
  cwd?: string | undefined;
  env?: NodeJS.ProcessEnv | undefined;
  /** Called as each check starts and ends, for live output. */
  onStart?: ((index: number, name: string) => void) | undefined;
  onResult?: ((result: CheckResult) => void) | undefined;
}

export async function runContract(contract: Contract, env: ContractEnv = {}): Promise<ContractReport> {
  const started = performance.now();
  await checkListenAddresses(contract, (i) => checkName(contract.checks[i] as ContractCheck));
  const checks: CheckResult[] = [];
  await withOwnDispatcher(async (dispatcher) => {
    for (const [i, check] of contract.checks.entries()) {
      if (env.signal?.aborted) break;
      const index = i + 1;
      const name = checkName(check);
      env.onStart?.(index, name);
      const checkStarted = performance.now();
      // A check that throws is reported as one that could not run, and the run goes on: thrown out
      // of the run, it took the report of every check before it along.
      const outcome = await runCheck(check, dispatcher, env).catch(couldNotRun);
      const result: CheckResult = { index, name, form: formOf(check), ms: Math.round(performance.now() - checkStarted), ...outcome };
      checks.push(result);
      env.onResult?.(result);
    }
  });
  const failed = checks.filter((c) => !c.ok).length;
  const cancelled = env.signal?.aborted ?? false;
  return {
    name: contract.name ?? 'whk check',
    checks,
    passed: checks.length - failed,
    failed,
    ok: failed === 0 && !cancelled,
    ms: Math.round(performance.now() - started),
    cancelled,
    notRun: contract.checks.slice(checks.length).map((check, i) => ({ index: checks.length + i + 1, name: checkName(check), form: formOf(check) })),
  };
}

type Outcome = Omit<CheckResult, 'index' | 'name' | 'form' | 'ms'>;

function runCheck(check: ContractCheck, dispatcher: Dispatcher, env: ContractEnv): Promise<Outcome> {
  if (check.send) return runReceiverCheck(check.send, { dispatcher, signal: env.signal });
  return runSenderCheck(check.listen as NonNullable<ContractCheck['listen']>, check.run as string, { signal: env.signal, cwd: env.cwd, env: env.env });
}

function couldNotRun(error: unknown): Outcome {
  const hint = isWhkError(error) && error.hint !== undefined ? ` (${error.hint})` : '';
  const why = `${messageOf(error)}${hint}`;
  return { ok: false, summary: 'could not run', problems: [why], error: why };
}

function formOf(check: ContractCheck): CheckResult['form'] {
  return check.send ? 'receiver' : 'sender';
}

export function checkName(check: ContractCheck): string {
  if (check.name) return check.name;
  // A name is printed, and kept in the JSON and JUnit reports CI keeps: a password in a URL is masked, as send masks it.
  if (check.send) return `receiver ${check.send.kind} → ${maskUrl(check.send.url)}`;
  return `sender ${check.listen?.expect.kind ?? 'webhooks'}: ${maskUrl(check.run ?? '')}`;
}
