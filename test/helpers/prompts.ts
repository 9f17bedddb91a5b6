// Drives the real @inquirer/prompts with scripted answers (through @inquirer/testing's render), so
// wizard tests exercise the real prompts' key handling, defaults and validation.
import { render } from '@inquirer/testing';
import { createPrompter, type Prompter, type PromptRunner } from '../../src/ui/prompts.js';

/** An answer per prompt: a select's value, an input's text ('' keeps the default), a confirm's boolean. */
export type Answer = string | boolean | { abort: true };

export interface ScriptedPrompter {
  prompter: Prompter;
  /** The messages of the prompts shown, in order. */
  asked: string[];
  /** Answers not used (should be empty at the end of a flow). */
  remaining: () => Answer[];
}

export function scriptedPrompter(answers: readonly Answer[]): ScriptedPrompter {
  const queue = [...answers];
  const asked: string[] = [];
  const runner: PromptRunner = async (prompt, config) => {
    const cfg = config as { message: string; choices?: { value: string }[]; default?: unknown };
    asked.push(cfg.message);
    const answer = queue.shift();
    if (answer === undefined) throw new Error(`no scripted answer for prompt: ${cfg.message}`);
    const { answer: result, events, getScreen } = await render(prompt as never, config as never);
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
  return { prompter: createPrompter({}, runner), asked, remaining: () => [...queue] };
}
