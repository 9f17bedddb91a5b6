// Drives the real @inquirer/prompts with scripted answers (through @inquirer/testing's render), so
// wizard tests exercise the real prompts' key handling, defaults and validation.
import { render } from '@inquirer/testing';
import { createPrompter, type Prompter, type PromptRunner } from '../../src/ui/prompts.js';
import { until } from './wait.js';

/**
 * An answer per prompt: a select's value, an input's text ('' keeps the default), a confirm's boolean.
 * `{ refused, says }`: typed into an input, which must refuse it with a message containing `says`;
 * the next answer is then typed into the same prompt.
 */
export type Answer = string | boolean | { abort: true } | { refused: string; says: string };

export interface ScriptedPrompter {
  prompter: Prompter;
  /** The messages of the prompts shown, in order. */
  asked: string[];
  /** Answers not used (should be empty at the end of a flow). */
  remaining: () => Answer[];
  /** The messages inputs refused answers with, in order. */
  refusals: string[];
}

export function scriptedPrompter(answers: readonly Answer[]): ScriptedPrompter {
  const queue = [...answers];
  const asked: string[] = [];
  const refusals: string[] = [];
  const runner: PromptRunner = async (prompt, config) => {
    // The prompts wrap at the terminal's width (80 here, where there is no terminal), breaking a word
    // longer than a line, such as a path under a long TMPDIR, where joining the lines cannot mend
    // it: as wide as a line may need to be, for the time of the prompt (cli-width reads CLI_WIDTH).
    const width = process.env['CLI_WIDTH'];
    process.env['CLI_WIDTH'] = '1000';
    try {
      return await answerPrompt(prompt, config);
    } finally {
      if (width === undefined) delete process.env['CLI_WIDTH'];
      else process.env['CLI_WIDTH'] = width;
    }
  };
  const answerPrompt: PromptRunner = async (prompt, config) => {
    const cfg = config as { message: string; choices?: { value: string }[]; default?: unknown };
    asked.push(cfg.message);
    let answer = queue.shift();
    if (answer === undefined) throw new Error(`no scripted answer for prompt: ${cfg.message}`);
    const { answer: result, events, getScreen } = await render(prompt as never, config as never);
    while (typeof answer === 'object' && 'refused' in answer) {
      const { refused, says } = answer;
      events.type(refused);
      events.keypress('enter');
      // The prompt's error ('> why', from the last line it starts: the text may hold '> ' too), its wrapped lines joined again.
      const error = () => {
        const lines = getScreen().split('\n').map((line) => line.trim());
        const start = lines.findLastIndex((line) => line.startsWith('> '));
        return start === -1 ? '' : lines.slice(start).join(' ');
      };
      refusals.push(await until(() => error().includes(says) && error()));
      for (const _ of refused) events.keypress('backspace');
      answer = queue.shift();
      if (answer === undefined) throw new Error(`no scripted answer after '${refused}' was refused at: ${cfg.message}`);
    }
    if (typeof answer === 'object') {
      events.keypress({ name: 'c', ctrl: true } as never);
      return result as never;
    }
    if (cfg.choices) {
      const values = cfg.choices.map((c) => c.value);
      const target = values.indexOf(String(answer));
      if (target < 0) throw new Error(`'${String(answer)}' is not a choice of '${cfg.message}': ${values.join(', ')}`);
      const start = cfg.default === undefined ? 0 : Math.max(0, values.indexOf(String(cfg.default)));
      for (let i = start; i < target; i++) events.keypress('down');
      for (let i = start; i > target; i--) events.keypress('up');
    } else if (typeof answer === 'boolean') {
      events.type(answer ? 'y' : 'n');
    } else if (answer !== '') {
      events.type(answer);
    }
    events.keypress('enter');
    const timeout = setTimeout(() => {
      throw new Error(`prompt '${cfg.message}' did not accept '${String(answer)}': ${getScreen()}`);
    }, 2000);
    try {
      return (await result) as never;
    } finally {
      clearTimeout(timeout);
    }
  };
  return { prompter: createPrompter({}, runner), asked, remaining: () => [...queue], refusals };
}
