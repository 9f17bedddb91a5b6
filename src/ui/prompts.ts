// The prompt seam: the wizard asks through this interface, so tests can drive the real
// @inquirer/prompts with scripted keys. The prompt library is loaded only when a prompt is shown.
import { Chalk } from 'chalk';
import { cut, fitLines, linesOf, oneLine, shortened, type TerminalSize } from './prompt-layout.js';
import type { AnswerFit, answerWindow, TextConfig } from './text-prompt.js';
import { coalescePastes, dropTypeAhead, holdKeys, onResize, PromptCancel, promptOutput, redrawListOnResize, watchJobControl, type KeyHold } from './prompt-terminal.js';

export interface Choice<T extends string> {
  value: T;
  name: string;
  description?: string;
}

export interface Prompter {
  select<T extends string>(message: string, choices: readonly Choice<T>[], defaultValue?: T): Promise<T>;
  /** `shown`: what the answered line shows for the answer taken (the path a file name is read as); by default the answer, trimmed. */
  input(message: string, options?: { default?: string; validate?: (value: string) => true | string | Promise<true | string>; shown?: (answer: string) => string }): Promise<string>;
  /** Like input, but what is typed shows as * (secrets, tokens). */
  secret(message: string, options?: { validate?: (value: string) => true | string }): Promise<string>;
  confirm(message: string, defaultValue?: boolean): Promise<boolean>;
  /** Gives the terminal back once the questions are done (holdKeys); rejects as a cancel after a Ctrl-C typed since the last answer. */
  end?(): Promise<void>;
}

type Prompts = typeof import('@inquirer/prompts');

// An answer and a refusal as the prompt library styles them (its theme's cyan and red); without colour,
// promptOutput takes it off.
const ANSWER_STYLE = new Chalk({ level: 1 }).cyan;
const ERROR_STYLE = new Chalk({ level: 1 }).red;
/** Runs one prompt function with its config; tests replace it to script the keys. */
export type PromptRunner = <C, R>(prompt: (config: C, context?: object) => Promise<R>, config: C) => Promise<R>;

export interface PrompterStreams {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** False: no colour on the prompts (--no-color, CI), whatever the prompt library makes of the environment. */
  color?: boolean;
}

export function createPrompter(streams: PrompterStreams = {}, runner?: PromptRunner): Prompter {
  let loaded: Promise<Prompts> | undefined;
  const prompts = () => (loaded ??= import('@inquirer/prompts'));
  const textPrompts = () => import('./text-prompt.js');
  const { input, output } = streams;
  const terminal = { input: input ?? process.stdin, output: output ?? process.stdout, colour: streams.color !== false };
  let typeAhead: Promise<void> | undefined;
  // The keys typed since the last answer, held until the next question (prompt-terminal.ts says why).
  let held: KeyHold | undefined;
  const run: PromptRunner =
    runner ??
    (async (prompt, config) => {
      await (typeAhead ??= dropTypeAhead(terminal.input, terminal.output));
      await held?.drop();
      const answer = await askResuming(terminal, (context, drawOn) => prompt(config, Object.assign(context, input ? { input } : {}, { output: drawOn })));
      held = holdKeys(terminal.input);
      return answer;
    });
  const size = (streams.output ?? {}) as TerminalSize;
  return {
    async select(message, choices, defaultValue) {
      const { select } = await prompts();
      const fitted = fittedChoices(choices, size, () => listLayout(size, message).compact);
      // Read at each drawing, by the terminal's size then: one made narrower while the list was shown
      // wrapped the names fitted to its old width, and the page, taller than the screen, left a copy
      // of the question in the scrollback at every key.
      const config = {
        message,
        get choices() {
          return fitted();
        },
        get pageSize() {
          return listLayout(size, message).pageSize;
        },
        // No key help on a terminal too short for it.
        get theme() {
          return listLayout(size, message).compact ? { style: { keysHelpTip: () => undefined } } : {};
        },
        ...(defaultValue === undefined ? {} : { default: defaultValue }),
      };
      const stopRedrawing = redrawListOnResize(terminal.input, terminal.output);
      try {
        return (await run(select, config)) as never;
      } finally {
        stopRedrawing();
      }
    },
    async input(message, options = {}) {
      const { textPrompt, answerWindow } = await textPrompts();
      // The library takes only an empty line for the default: spaces alone were checked as an answer
      // ("a value is required", "not a URL") though the default was offered. They are no answer either.
      const { default: offered, validate, shown = (answer: string) => answer.trim() } = options;
      const given = (value: string): string => (offered !== undefined && value.trim() === '' ? offered : value);
      // The answered line shows what the wizard goes on with (every answer is trimmed; a file name as the
      // path it is read as), not the spaces or the quotes typed.
      const transformer = (value: string, { isFinal }: { isFinal: boolean }): string => (isFinal ? ANSWER_STYLE(shown(given(value))) : value);
      const config = { message, ...(offered === undefined ? {} : { default: offered }), transformer, ...fittedToRows(terminal, size, message, offered, answerWindow), ...(validate ? { validate: (value: string) => validate(given(value)) } : {}) };
      return given(await run(textPrompt, config));
    },
    async secret(message, options = {}) {
      const { textPrompt, answerWindow } = await textPrompts();
      return run(textPrompt, { message, mask: '*', ...fittedToRows(terminal, size, message, undefined, answerWindow), ...options });
    },
    async confirm(message, defaultValue = false) {
      const { confirmPrompt } = await import('./confirm-prompt.js');
      // Read at each drawing, and drawn again at a resize: a question taller than the screen (Send … to
      // a URL of 600 characters, on a 40x10 terminal) left a copy of itself in the scrollback at each key.
      const config = {
        get message() {
          return shortened(message, size);
        },
        default: defaultValue,
        onResize: (redraw: () => void) => onResize(terminal.output, redraw),
      };
      return run(confirmPrompt, config);
    },
    async end() {
      await held?.end();
    },
  };
}

/**
 * What keeps a text prompt to the terminal's rows: its answer cut to fit under the question when the
 * question's line with it would not (text-prompt.ts says why), and a refusal under it cut to the rows
 * left (on a 20x12 terminal a refusal taller than the screen left a copy of the question at every key).
 */
function fittedToRows(terminal: PromptTerminal, size: TerminalSize, message: string, offered: string | undefined, window: typeof answerWindow): Pick<TextConfig, 'fit' | 'theme' | 'onResize'> {
  // The rows the question and its answer took as last drawn, which the refusal is drawn under.
  let drawn = 1;
  const fit = (shown: string, cursor: number): AnswerFit | undefined => {
    const { rows, columns } = size;
    // What the line shows: the answer, or before one the default offered (the cursor after it).
    const answer = shown === '' && offered !== undefined ? `(${offered})` : shown;
    drawn = linesOf(`? ${message} ${answer}`, columns);
    // The question's line, a line for a refusal under it, and a spare one.
    if (rows === undefined || columns === undefined || drawn + 2 <= rows) return undefined;
    // The question keeps to the rows that leave one for the answer (20x5: "File to validate (JSON, …"
    // took 6 lines, and each key left a copy of it in the scrollback).
    const question = fitLines(`? ${message}`, columns, rows - 3);
    const fitted = window(answer, shown === '' ? answer.length : cursor, columns, rows - linesOf(question, columns) - 2);
    drawn = linesOf(question, columns) + fitted.lines.length;
    return question === `? ${message}` ? fitted : { ...fitted, question: question.slice(2) };
  };
  const error = (text: string): string => ERROR_STYLE(fitLines(`> ${text}`, size.columns, size.rows === undefined ? undefined : size.rows - drawn - 1));
  return { fit, theme: { style: { error } }, onResize: (redraw) => onResize(terminal.output, redraw) };
}

/** What a prompt is given to be cancelled by Esc: the library reads `clearPromptOnDone` when it ends. */
interface EscapeContext {
  signal: AbortSignal;
  clearPromptOnDone: boolean;
}

/** The terminal prompts read their keys from and draw on. */
interface PromptTerminal {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  colour: boolean;
}

/** Asks, and after Ctrl-Z and `fg` asks the same question again, drawn whole (prompt-terminal.ts says why). */
async function askResuming<R>(terminal: PromptTerminal, ask: (context: EscapeContext, output: NodeJS.WritableStream) => Promise<R>): Promise<R> {
  for (;;) {
    let resumed = false;
    // A prompt ends its output stream when it is answered: each prompt gets a stream of its own.
    const output = promptOutput(terminal.output, terminal.colour);
    const controller = new AbortController();
    const stopWatching = watchJobControl(terminal.input, terminal.output, output, () => {
      resumed = true;
      controller.abort();
    });
    const stopCoalescing = coalescePastes(terminal.input);
    try {
      return await withEscape(terminal.input, controller, (context) => ask(context, output.stream));
    } catch (error) {
      if (!resumed) throw error;
    } finally {
      stopCoalescing();
      stopWatching();
    }
  }
}

/**
 * Esc cancels a prompt as Ctrl-C does (whk's choice). The prompt library gives Esc no meaning: a select
 * took it for a search of nothing and moved to its first choice (the oldest sender release, say), for
 * the next Enter to pick. A select still sees either key and redraws so as it is cancelled, which left
 * on the screen reads as that choice picked: the cancelled prompt is cleared instead.
 */
async function withEscape<R>(input: NodeJS.ReadableStream, controller: AbortController, ask: (context: EscapeContext) => Promise<R>): Promise<R> {
  const context: EscapeContext = { signal: controller.signal, clearPromptOnDone: false };
  const onKey = (_text: unknown, key: { name?: string; ctrl?: boolean } | undefined) => {
    // Ctrl-C: the library cancels the prompt itself (exit 130).
    if (key?.name === 'c' && key.ctrl) context.clearPromptOnDone = true;
    // Ctrl-D on an empty line: the prompt's readline closes (it leaves raw mode), and the library
    // rejects only when the process exits, after the event loop has run dry: too late for
    // `whk wizard` to say so, which exited 0. Once the readline has had the key, its close is read
    // here and the prompt cancelled as Esc does.
    if (key?.name === 'd' && key.ctrl) queueMicrotask(() => {
      if ((input as { isRaw?: boolean }).isRaw !== false) return;
      context.clearPromptOnDone = true;
      controller.abort();
    });
    if (key?.name !== 'escape') return;
    context.clearPromptOnDone = true;
    controller.abort();
  };
  input.on('keypress', onKey);
  try {
    return await ask(context);
  } finally {
    input.off('keypress', onKey);
  }
}

// A select shows its question, a page of choices, a blank line, the description and the key help. On a
// short terminal a page of 7 pushes the question and the cursor off the top, and every key press then
// leaves a copy of the prompt in the scrollback: the page shrinks to what fits (at least 2 lines). On a
// narrow one the question and the help wrap, and their lines count too.
const MOST_CHOICES = 7;
const KEY_HELP = '↑↓ navigate • ⏎ select';

function listLayout(terminal: TerminalSize, message: string): { pageSize: number; compact: boolean } {
  const { rows, columns } = terminal;
  if (rows === undefined) return { pageSize: MOST_CHOICES, compact: false };
  const question = linesOf(`? ${message}`, columns);
  // The blank line, the description, the help, and one spare line under it.
  const page = rows - (question + 2 + linesOf(KEY_HELP, columns) + 1);
  if (page >= 2) return { pageSize: Math.min(MOST_CHOICES, page), compact: false };
  // Too short for those (20x5: the question took 2 lines, the help 2), the list was taller than the
  // screen and left a copy of itself in the scrollback at every key: the choices alone (whk's choice).
  return { pageSize: Math.max(2, Math.min(MOST_CHOICES, rows - question - 1)), compact: true };
}

/**
 * The choices as the terminal's width now fits them (the same list while it holds): a name wider than
 * the terminal wraps, and a page (counted in lines) then shows pieces of choices; it is cut like a
 * description (after the 2-column pointer), and the answer still shows it whole.
 */
function fittedChoices<T extends string>(choices: readonly Choice<T>[], terminal: TerminalSize, compact: () => boolean): () => (Choice<T> & { short: string })[] {
  let fitted: { columns: number | undefined; described: boolean; choices: (Choice<T> & { short: string })[] } | undefined;
  return () => {
    const { columns } = terminal;
    const described = !compact();
    if (fitted !== undefined && fitted.columns === columns && fitted.described === described) return fitted.choices;
    const nameColumns = columns === undefined ? undefined : columns - 2;
    const fit = choices.map(({ description, ...c }) => ({ ...c, name: cut(c.name, nameColumns), short: c.name, ...(description === undefined || !described ? {} : { description: oneLine(description, columns) }) }));
    fitted = { columns, described, choices: fit };
    return fit;
  };
}

/** True when the error is the prompt library's "the user pressed Ctrl-C / closed the prompt". */
export function isPromptAbort(error: unknown): boolean {
  return error instanceof PromptCancel || (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError'));
}
