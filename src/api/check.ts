// The public check(): the core of `whk check` (a contract run), as plain data.
import { stat } from 'node:fs/promises';
import type { ContractInput } from '../check/contract.js';
import { UsageError } from '../errors.js';
import { checkShape } from './shape.js';
import type { ContractReport } from '../check/result.js';

export type { ContractInput } from '../check/contract.js';
export type { CheckResult, CheckDelivery, CheckRequest, CheckCommand, ContractReport } from '../check/result.js';

export interface CheckOptions {
  /** Aborting stops the run (and a sender command in progress). */
  signal?: AbortSignal;
  /**
   * Working directory and environment of sender commands (default: this process's); a relative
   * contract path is read from `cwd` too, and `env` is also where `secretEnv` is read from.
   */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs a contract (a parsed value, or the path of a contract file) and resolves with the report;
 * a check that fails is in the report, a bad contract throws an InputError naming its JSON path.
 */
export async function check(contract: ContractInput | string, given?: CheckOptions): Promise<ContractReport> {
  const options = checkShape('check()', given, { signal: 'signal', cwd: 'text', env: 'object' });
  const [{ loadContract, parseContract }, { runContract }] = await Promise.all([import('../check/contract.js'), import('../check/run.js')]);
  // `cwd` first: a relative contract path is read from it, as the contract's commands run there.
  if (options.cwd !== undefined) await checkDirectory(options.cwd);
  const parsed = typeof contract === 'string' ? (await loadContract(contract, { env: options.env, cwd: options.cwd })).contract : parseContract(contract, { env: options.env });
  return runContract(parsed, options);
}

/** A `cwd` that is not a directory would fail every sender command as "spawn /bin/sh ENOENT", naming the shell. */
async function checkDirectory(cwd: string): Promise<void> {
  const found = await stat(cwd).catch(() => undefined);
  if (!found?.isDirectory()) throw new UsageError(`invalid \`cwd\` '${cwd}': ${found ? 'it is not a directory' : 'no such directory'}`);
}
