// `whk wizard` (and `whk` alone on a terminal): ask, then run the equivalent command line through
// the same program the flags use, and print that command so it can be pasted into CI.
import { writeFile } from 'node:fs/promises';
import type { CliContext, WizardContext, WizardOptions } from '../context.js';
import { CancelledError, InputError, UsageError } from '../errors.js';
import { colorEnabled } from '../ui/output.js';
import { createPrompter, isPromptAbort, type Prompter } from '../ui/prompts.js';
import { runWizardFlow } from '../ui/wizard.js';
import { writeFailure } from '../util/read-input.js';
import { shellJoin } from '../util/shell.js';

export function needsTerminal(context: CliContext): boolean {
  return !context.stdin.isTTY || !context.stderr.isTTY;
}

export async function runWizard(context: WizardContext, prompter?: Prompter, options: WizardOptions = {}): Promise<number> {
  if (!prompter && needsTerminal(context)) {
    throw new UsageError('the wizard needs a terminal', 'use the flags instead, e.g. whk send metric-alert --url http://127.0.0.1:9000/hook (see whk --help)');
  }
  const show = (text: string) => void context.stderr.write(`${text}\n`);
  const color = colorEnabled(context.stderr, context.env, options.color);
  let plan;
  try {
    plan = await runWizardFlow({ prompter: prompter ?? createPrompter({ input: context.stdin, output: context.stderr, color }), show });
  } catch (error) {
    if (isPromptAbort(error)) throw new CancelledError('cancelled at the prompt');
    throw error;
  }
  if (plan.save) {
    await saveCopy(plan.save.path, plan.save.payload);
    show(`saved the payload to ${plan.save.path}`);
  }
  // `whk wizard --no-color` (or --json, --quiet) runs a command that says so: it is part of what was asked.
  const args = [...plan.args, ...(options.json ? ['--json'] : []), ...(options.quiet ? ['--quiet'] : []), ...(options.color === false ? ['--no-color'] : [])];
  show(`equivalent command: whk ${shellJoin(args)}`);
  if (plan.declined) return 0;
  return context.runArgs(args);
}

async function saveCopy(path: string, payload: unknown): Promise<void> {
  try {
    await writeFile(path, `${JSON.stringify(payload, null, 2)}\n`);
  } catch (error) {
    // The prompt checked the path; it can still go (a directory removed since, a full disk).
    throw new InputError(`cannot write '${path}': ${writeFailure(error, path)}`, undefined, error);
  }
}
