// `whk wizard` (and `whk` alone on a terminal): ask, then run the equivalent command line through
// the same program the flags use, and print that command so it can be pasted into CI.
import { writeFile } from 'node:fs/promises';
import { createProgram } from '../cli.js';
import type { CliContext } from '../context.js';
import { CancelledError, UsageError } from '../errors.js';
import { createPrompter, isPromptAbort, type Prompter } from '../ui/prompts.js';
import { runWizardFlow } from '../ui/wizard.js';
import { shellJoin } from '../util/shell.js';

export function needsTerminal(context: CliContext): boolean {
  return !context.stdin.isTTY || !context.stderr.isTTY;
}

export async function runWizard(context: CliContext, _raw?: unknown, prompter?: Prompter): Promise<number> {
  if (!prompter && needsTerminal(context)) {
    throw new UsageError('the wizard needs a terminal', 'use the flags instead, e.g. whk send metric-alert --url http://127.0.0.1:9000/hook (see whk --help)');
  }
  const show = (text: string) => void context.stderr.write(`${text}\n`);
  let plan;
  try {
    plan = await runWizardFlow({ prompter: prompter ?? createPrompter({ input: context.stdin, output: context.stderr }), show });
  } catch (error) {
    if (isPromptAbort(error)) throw new CancelledError('cancelled at the prompt');
    throw error;
  }
  if (plan.save) {
    await writeFile(plan.save.path, `${JSON.stringify(plan.save.payload, null, 2)}\n`);
    show(`saved the payload to ${plan.save.path}`);
  }
  show(`equivalent command: whk ${shellJoin(plan.args)}`);
  if (plan.declined) return 0;
  const program = createProgram(context);
  await program.parseAsync(['node', 'whk', ...plan.args]);
  return context.exitCode;
}
