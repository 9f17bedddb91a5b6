// The terminal as a prompt of the prompt library has it: a stream of its own to draw on, and what
// becomes of the prompt when the shell suspends whk (Ctrl-Z, then fg) or a TERM signal ends it.
import { Writable } from 'node:stream';
import { charColumns } from '../util/display-width.js';

// Shows the cursor (DECTCEM), which a list hides while it is shown.
const SHOW_CURSOR = '\x1b[?25h';

// Colour and style codes (SGR: ESC [ … m); cursor movement, which the prompts redraw with, is kept.
const SGR = /\x1b\[[0-9;]*m/g;

export interface PromptOutput {
  stream: NodeJS.WritableStream;
  /** Drops whatever the prompt draws from now on: the screen it kept count of is gone. */
  detach(): void;
}

/**
 * The terminal stream for one prompt (the library ends it when the prompt is answered), still a terminal
 * to the library (size, resize); without `colour`, with colours removed.
 */
export function promptOutput(terminal: NodeJS.WritableStream, colour: boolean): PromptOutput {
  let detached = false;
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      if (detached) return callback();
      terminal.write(colour ? chunk : chunk.toString().replace(SGR, ''), callback);
    },
  });
  for (const key of ['isTTY', 'rows', 'columns'] as const) Object.defineProperty(stream, key, { get: () => (terminal as unknown as Record<string, unknown>)[key] });
  const relay = () => stream.emit('resize');
  terminal.on('resize', relay);
  stream.once('finish', () => terminal.off('resize', relay));
  return { stream, detach: () => (detached = true) };
}

/**
 * Watches a prompt shown on `terminal` for the shell's job control and a TERM signal; the returned
 * function stops watching.
 *
 * Ctrl-Z: Node's readline stops the process, and on SIGCONT pauses its input for the prompt library to
 * resume, which it never does: the process ran out of work and the library took its exit for a force
 * close ("cancelled at the prompt"). Here the cursor a list hid is shown to the shell, the prompt's later
 * drawing (it took Ctrl-Z for a search, and redrew over the shell's lines) is dropped, and after `fg`
 * `onResume` is called, for the question to be asked anew below the shell's lines.
 *
 * TERM: the library's exit handler let the process die before the prompt showed the cursor again, which
 * stayed hidden at the shell: it is shown, then the signal raised again to end the process as before.
 */
export function watchJobControl(input: NodeJS.ReadableStream, terminal: NodeJS.WritableStream, output: PromptOutput, onResume: () => void): () => void {
  // After readline's own SIGCONT handler (added after this one), which pauses the input.
  const resume = () => setImmediate(onResume);
  const onKey = (_text: unknown, key: { name?: string; ctrl?: boolean } | undefined) => {
    if (key?.name !== 'z' || !key.ctrl || process.platform === 'win32') return;
    // readline raises SIGTSTP once this listener (added before its own) has run.
    terminal.write(SHOW_CURSOR);
    output.detach();
    process.once('SIGCONT', resume);
  };
  const onTerm = () => {
    // On a line of its own, for what the shell says of the process.
    terminal.write(`${SHOW_CURSOR}\n`);
    process.off('SIGTERM', onTerm);
    process.kill(process.pid, 'SIGTERM');
  };
  input.on('keypress', onKey);
  process.on('SIGTERM', onTerm);
  return () => {
    input.off('keypress', onKey);
    process.off('SIGCONT', resume);
    process.off('SIGTERM', onTerm);
  };
}

/**
 * Keys typed before the first question is shown (while whk starts) are dropped, and what the terminal
 * echoed of them is erased (whk's choice): they cannot answer a question not yet asked, and were read
 * as its answer (an Enter picked the first action unseen), printed above it as `abc^[[B`. The terminal
 * holds them until read: in raw mode they are read and let go before the prompt library reads its keys.
 */
export async function dropTypeAhead(input: NodeJS.ReadableStream, terminal: NodeJS.WritableStream): Promise<void> {
  const tty = input as Partial<NodeJS.ReadStream> & NodeJS.ReadableStream;
  if (!tty.isTTY || !tty.setRawMode) return;
  const wasRaw = tty.isRaw === true;
  const typed: Buffer[] = [];
  const keep = (chunk: Buffer) => void typed.push(chunk);
  tty.setRawMode(true);
  tty.on('data', keep);
  // What the terminal holds is read in the event loop's next poll; two turns make sure one has run.
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
  tty.off('data', keep);
  tty.pause();
  tty.setRawMode(wasRaw);
  if (typed.length === 0) return;
  const rows = echoedRows(Buffer.concat(typed).toString('utf8'), (terminal as { columns?: number }).columns ?? 80);
  // Back to the row the echo started on (the shell left the cursor at a line's start), cleared to the end.
  terminal.write(`${rows > 0 ? `\x1b[${rows}A` : ''}\r\x1b[J`);
}

/**
 * The rows the terminal's echo of `typed` went down from a line's start: one a line break, one a wrap;
 * counted in columns: a control character echoes as ^X, a wide character (CJK, emoji) takes two and
 * goes to the next row where one column is left, a backspace takes a column back (the terminal's erase
 * is one column, whatever the width of the character erased). Never more than the echo made, so the
 * erasing never reaches a line the shell wrote.
 */
export function echoedRows(typed: string, columns: number): number {
  let rows = 0;
  let column = 0;
  // Drawn at the cursor: first to the next row if it does not fit in what is left of this one.
  const draw = (width: number) => {
    if (width > 0 && column + width > columns) {
      rows++;
      column = 0;
    }
    column += width;
  };
  for (const char of typed) {
    if (char === '\r' || char === '\n') {
      rows++;
      column = 0;
    } else if (char === '\x7f' || char === '\b') {
      column = Math.max(0, column - 1);
    } else if (char < ' ') {
      // ^ and the letter, each a column.
      draw(1);
      draw(1);
    } else {
      draw(charColumns(char));
    }
  }
  return rows;
}

/** The terminal between two questions (holdKeys). */
export interface KeyHold {
  /**
   * Reads what the terminal still holds and drops it all, for the next question to read only keys typed
   * once it is shown; the terminal stays raw for that prompt. Rejects with PromptCancel after a Ctrl-C.
   */
  drop(): Promise<void>;
  /** As drop, then the terminal is given back as whk found it (its echo, its Ctrl-C), for the command run. */
  end(): Promise<void>;
}

/** Ctrl-C typed between two questions, said as a cancel at the prompt is (isPromptAbort). */
export class PromptCancel extends Error {
  override readonly name = 'PromptCancel';
}

// The keys a terminal turns into a signal, which raw mode hands to whk as bytes.
const CTRL_C = 0x03;
const CTRL_Z = 0x1a;

/**
 * Holds the keys typed between two questions, while whk works (a preview, a file read; whk's choice:
 * dropped, as those typed before the first): between the prompts the terminal was cooked, and echoed
 * them over the screen, `abc` and a line break above the preview, for the next prompt to read them as
 * its answer unseen (an Enter said No to the question after). Raw, the terminal echoes nothing; the
 * keys are read here and dropped. Ctrl-C cancels as at a prompt, once whk's work is done (raw, it sends
 * no SIGINT), and Ctrl-Z suspends as the terminal would.
 */
export function holdKeys(input: NodeJS.ReadableStream): KeyHold {
  const tty = input as Partial<NodeJS.ReadStream> & NodeJS.ReadableStream;
  if (!tty.isTTY || !tty.setRawMode) return { drop: async () => undefined, end: async () => undefined };
  const wasRaw = tty.isRaw === true;
  let cancelled = false;
  let holding = true;
  const raw = () => {
    if (holding) tty.setRawMode?.(true);
  };
  const suspend = () => {
    tty.setRawMode?.(wasRaw);
    process.once('SIGCONT', raw);
    process.kill(process.pid, 'SIGTSTP');
  };
  const onData = (chunk: Buffer) => {
    if (chunk.includes(CTRL_C)) cancelled = true;
    else if (chunk.includes(CTRL_Z) && process.platform !== 'win32') suspend();
  };
  raw();
  tty.on('data', onData);
  // The prompt's readline paused the input when it closed: the keys are read as they come.
  tty.resume();
  const drop = async () => {
    if (!holding) return;
    // What the terminal holds is read in the event loop's next poll; two turns make sure one has run.
    for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
    holding = false;
    tty.off('data', onData);
    process.off('SIGCONT', raw);
    tty.pause();
    if (cancelled) throw new PromptCancel('cancelled between two questions');
  };
  return {
    drop,
    end: async () => {
      try {
        await drop();
      } finally {
        tty.setRawMode?.(wasRaw);
      }
    },
  };
}

interface Key {
  ctrl?: boolean;
  meta?: boolean;
}

/** A character typed as itself: not a control key, Delete or a key with Ctrl or Alt. */
function printable(text: unknown, key: Key | undefined): text is string {
  return typeof text === 'string' && [...text].length === 1 && text >= ' ' && text !== '\x7f' && !key?.ctrl && !key?.meta;
}

/**
 * Text pasted at a prompt goes to it as one key press, not one a character: Node's readline emits a key
 * press for each character the terminal sends, and the prompt library draws the whole prompt again for
 * each, its wrapping work growing with the line: 10 kB pasted at Target URL took minutes to draw. The
 * printable characters in a row of one read are put together (readline inserts a key press's text
 * whole); a lone one, and every other key, goes as it came. The returned function stops it.
 */
export function coalescePastes(input: NodeJS.ReadableStream): () => void {
  const emit = input.emit;
  const ownEmit = Object.hasOwn(input, 'emit');
  let run: { text: string; first: unknown[] } | undefined;
  const flush = () => {
    const ended = run;
    run = undefined;
    if (ended === undefined) return;
    // One character keeps its own key (y at a yes/no question, a digit in a list).
    if ([...ended.text].length === 1) emit.call(input, 'keypress', ...ended.first);
    else emit.call(input, 'keypress', ended.text, { sequence: ended.text, name: undefined, ctrl: false, meta: false, shift: false });
  };
  input.emit = function (this: NodeJS.ReadableStream, event: string | symbol, ...args: unknown[]): boolean {
    if (event !== 'keypress') return emit.call(this, event, ...args);
    if (!printable(args[0], args[1] as Key | undefined)) {
      flush();
      return emit.call(this, event, ...args);
    }
    if (run === undefined) {
      run = { text: '', first: args };
      // The keys of one read are emitted together, before the microtasks run.
      queueMicrotask(flush);
    }
    run.text += args[0] as string;
    return true;
  } as typeof input.emit;
  return () => {
    flush();
    if (ownEmit) input.emit = emit;
    else delete (input as Partial<NodeJS.ReadableStream>).emit;
  };
}

/**
 * Draws a list shown on `terminal` again when the terminal is resized, fitted to its size then: the
 * prompt library draws only at a key, and a list made narrower stayed as drawn for the old width, its
 * lines wrapped by the terminal, until one was pressed. Up then Down (a list loops) draws it twice,
 * pointing at the same choice after. The returned function stops it.
 */
export function redrawListOnResize(input: NodeJS.ReadableStream, terminal: NodeJS.WritableStream): () => void {
  const redraw = () => {
    for (const [name, sequence] of [['up', '\x1b[A'], ['down', '\x1b[B']] as const) input.emit('keypress', undefined, { name, sequence, ctrl: false, meta: false, shift: false });
  };
  return onResize(terminal, redraw);
}

/** Calls `listener` at each resize of `terminal`; the returned function stops it. */
export function onResize(terminal: NodeJS.WritableStream, listener: () => void): () => void {
  terminal.on('resize', listener);
  return () => terminal.off('resize', listener);
}
