// The public check(): the core of `whk check` (a contract run), as plain data.
import type { ContractInput } from '../check/contract.js';
import type { ContractReport } from '../check/result.js';

export type { ContractInput } from '../check/contract.js';
export type { CheckResult, CheckDelivery, CheckRequest, CheckCommand, ContractReport } from '../check/result.js';

export interface CheckOptions {
  /** Aborting stops the run (and a sender command in progress). */
  signal?: AbortSignal;
  /** Working directory and environment of sender commands (default: this process's). */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs a contract (a parsed value, or the path of a contract file) and resolves with the report;
 * a check that fails is in the report, a bad contract throws an InputError naming its JSON path.
 */
export async function check(contract: ContractInput | string, options: CheckOptions = {}): Promise<ContractReport> {
  const [{ loadContract, parseContract }, { runContract }] = await Promise.all([import('../check/contract.js'), import('../check/run.js')]);
  const parsed = typeof contract === 'string' ? (await loadContract(contract)).contract : parseContract(contract);
  return runContract(parsed, options);
}
