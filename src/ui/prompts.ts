// The prompt seam: the wizard asks through this interface, so tests can drive the real
// @inquirer/prompts with scripted keys. The prompt library is loaded only when a prompt is shown.

export interface Choice<T extends string> {
  value: T;
  name: string;
  description?: string;
}

export interface Prompter {
  select<T extends string>(message: string, choices: readonly Choice<T>[], defaultValue?: T): Promise<T>;
  input(message: string, options?: { default?: string; validate?: (value: string) => true | string | Promise<true | string> }): Promise<string>;
  /** Like input, but what is typed shows as * (secrets, tokens). */
  secret(message: string, options?: { validate?: (value: string) => true | string }): Promise<string>;
  confirm(message: string, defaultValue?: boolean): Promise<boolean>;
}

type Prompts = typeof import('@inquirer/prompts');
/** Runs one prompt function with its config; tests replace it to script the keys. */
export type PromptRunner = <C, R>(prompt: (config: C, context?: object) => Promise<R>, config: C) => Promise<R>;

export interface PrompterStreams {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

export function createPrompter(streams: PrompterStreams = {}, runner?: PromptRunner): Prompter {
  let loaded: Promise<Prompts> | undefined;
  const prompts = () => (loaded ??= import('@inquirer/prompts'));
  const context = { ...(streams.input ? { input: streams.input } : {}), ...(streams.output ? { output: streams.output } : {}) };
  const run: PromptRunner = runner ?? ((prompt, config) => prompt(config, context));
  return {
    async select(message, choices, defaultValue) {
      const { select } = await prompts();
      return run(select, { message, choices: choices.map((c) => ({ ...c })), ...(defaultValue === undefined ? {} : { default: defaultValue }) }) as Promise<never>;
    },
    async input(message, options = {}) {
      const { input } = await prompts();
      return run(input, { message, ...options });
    },
    async secret(message, options = {}) {
      const { password } = await prompts();
      return run(password, { message, mask: '*', ...options });
    },
    async confirm(message, defaultValue = false) {
      const { confirm } = await prompts();
      return run(confirm, { message, default: defaultValue });
    },
  };
}

/** True when the error is the prompt library's "the user pressed Ctrl-C / closed the prompt". */
export function isPromptAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}
