// `whk wizard` (and `whk` alone on a terminal): ask, then run the equivalent command line through
// the same program the flags use, and print that command so it can be pasted into CI.
import { writeFile } from 'node:fs/promises';
import type { CliContext, WizardContext, WizardOptions } from '../context.js';
import { CancelledError, InputError, UsageError } from '../errors.js';
import { colorEnabled } from '../ui/output.js';
import { createPrompter, isPromptAbort, type Prompter } from '../ui/prompts.js';
import { runWizardFlow } from '../ui/wizard.js';
import { writeFailure } from '../util/file-errors.js';
import { isSecretName, MASK, maskUrl } from '../util/secrets.js';
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
  const asking = prompter ?? createPrompter({ input: context.stdin, output: context.stderr, color });
  let plan;
  try {
    plan = await runWizardFlow({ prompter: asking, show });
    await asking.end?.();
  } catch (error) {
    // The terminal as whk found it, whatever ended the questions: the command or the shell reads it next.
    await asking.end?.().catch(() => undefined);
    if (isPromptAbort(error)) throw new CancelledError('cancelled at the prompt');
    throw error;
  }
  if (plan.save) {
    await saveCopy(plan.save.path, plan.save.payload);
    show(`saved the payload to ${plan.save.path}`);
  }
  // `whk wizard --no-color` (or --json, --quiet) runs a command that says so: it is part of what was asked.
  const args = [...plan.args, ...(options.json ? ['--json'] : []), ...(options.quiet ? ['--quiet'] : []), ...(options.color === false ? ['--no-color'] : [])];
  const printed = printedArgs(args);
  show(`equivalent command: whk ${shellJoin(printed)}`);
  // Typed at a prompt that hid them, they stay hidden here (a terminal's scrollback, a CI log).
  if (printed.some((arg, i) => arg !== args[i])) show(`fill in each '${MASK}' with what you typed at its prompt: secrets are not printed`);
  if (plan.declined) return 0;
  return context.runArgs(args);
}

/**
 * The command's arguments as printed: the value of a flag whose name is a secret's (--secret,
 * --auth-bearer, --auth-basic; util/secrets.ts) as the mask, a URL's password masked as whk prints
 * every URL. What runs is the command with the values.
 */
export function printedArgs(args: readonly string[]): string[] {
  return args.map((arg, i) => {
    const flag = /^--([a-z][a-z0-9-]*)$/.exec(args[i - 1] ?? '')?.[1];
    if (flag === undefined) return arg;
    if (flag === 'url') return maskUrl(arg);
    return isSecretName(flag) ? MASK : arg;
  });
}

async function saveCopy(path: string, payload: unknown): Promise<void> {
  try {
    await writeFile(path, `${JSON.stringify(payload, null, 2)}\n`);
  } catch (error) {
    // The prompt checked the path; it can still go (a directory removed since, a full disk).
    throw new InputError(`cannot write '${path}': ${writeFailure(error, path)}`, undefined, error);
  }
}
