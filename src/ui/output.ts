// The one seam for printing: results to stdout, everything else (logs, progress, errors) to stderr.
// Colours only when the stream is a terminal and NO_COLOR / --no-color / CI do not say otherwise.
// Result lines are coalesced into one write per event-loop turn (a run of thousands of deliveries
// or requests would otherwise pay a system call per line), or over `holdMs` for a caller that prints
// thousands of lines a second; anything on stderr flushes them first.
// Every line passes through terminal-text.ts: what came from a request or a file cannot drive the terminal.
import { Chalk, type ChalkInstance } from 'chalk';
import { jsonText, terminalText } from './terminal-text.js';

export interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export interface OutputOptions {
  json?: boolean | undefined;
  quiet?: boolean | undefined;
  color?: boolean | undefined;
  /**
   * Hold result lines up to this long (ms) and write them together; default 0: to the end of the
   * event-loop turn. For output nobody watches live: a bulk send in a pipe or a file.
   */
  holdMs?: number | undefined;
}

export interface Output {
  readonly json: boolean;
  readonly quiet: boolean;
  /** Colours for stderr text. */
  readonly paint: ChalkInstance;
  /** Colours for stdout text (results). */
  readonly paintResult: ChalkInstance;
  /** Spinners and live lines are allowed (stderr is a terminal, not CI, not quiet, not json). */
  readonly live: boolean;
  readonly streams: Streams;
  /** A result line on stdout. */
  result(line: string): void;
  /** A JSON value as one line on stdout. */
  jsonLine(value: unknown): void;
  /** Progress or information on stderr (silenced by --quiet). */
  info(line: string): void;
  /** A warning on stderr (kept under --quiet). */
  warn(line: string): void;
  /** An error line on stderr. */
  error(line: string): void;
  /** Writes the result lines still pending now (before writing to the streams directly). */
  flush(): void;
  /** Flushes, then waits until stdout has taken what it holds: a long run of lines keeps pace with a slow reader. */
  drained(): Promise<void>;
}

/**
 * Whether a CI runner is running whk: no colour, no live line. CI set to anything but '', '0' or
 * 'false' (any case): `CI=false` is someone saying it is not CI, not that it is (whk's choice).
 */
export function inCi(env: NodeJS.ProcessEnv): boolean {
  const value = env['CI'];
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return Boolean(stream.isTTY) && !inCi(env) && env['TERM'] !== 'dumb';
}

// Past this many pending characters the results are written at once, not at the end of the turn.
const FLUSH_AT = 64 * 1024;

export function createOutput(streams: Streams, options: OutputOptions = {}): Output {
  let pending = '';
  let scheduled: { timer: NodeJS.Timeout } | { immediate: NodeJS.Immediate } | undefined;
  const holdMs = options.holdMs ?? 0;
  const flush = (): void => {
    if (scheduled) {
      if ('timer' in scheduled) clearTimeout(scheduled.timer);
      else clearImmediate(scheduled.immediate);
      scheduled = undefined;
    }
    if (pending === '') return;
    const text = pending;
    pending = '';
    streams.stdout.write(text);
  };
  const result = (text: string): void => {
    pending += text;
    if (pending.length >= FLUSH_AT) flush();
    // The timer keeps the process alive until it fires: held lines are written before a natural exit.
    else scheduled ??= holdMs > 0 ? { timer: setTimeout(flush, holdMs) } : { immediate: setImmediate(flush) };
  };
  const toStderr = (text: string): void => {
    flush();
    streams.stderr.write(terminalText(text, paint.level > 0));
  };
  const json = options.json ?? false;
  const quiet = options.quiet ?? false;
  const paint = new Chalk({ level: colorEnabled(streams.stderr, streams.env, options.color) ? 1 : 0 });
  const paintResult = new Chalk({ level: colorEnabled(streams.stdout, streams.env, options.color) && !json ? 1 : 0 });
  const live = Boolean(streams.stderr.isTTY) && !inCi(streams.env) && !quiet && !json;
  return {
    json,
    quiet,
    paint,
    paintResult,
    live,
    streams,
    result: (line) => result(`${terminalText(line, paintResult.level > 0)}\n`),
    jsonLine: (value) => result(`${jsonText(value)}\n`),
    info: (line) => {
      if (!quiet) toStderr(`${line}\n`);
    },
    warn: (line) => toStderr(`${paint.yellow('warning:')} ${line}\n`),
    error: (line) => toStderr(`${paint.red('error:')} ${line}\n`),
    flush,
    async drained() {
      flush();
      const stdout = streams.stdout as NodeJS.WritableStream & { writableNeedDrain?: boolean };
      // A reader that went away (a closed pipe) never drains: 'close' and 'error' end the wait too.
      if (stdout.writableNeedDrain) await new Promise<void>((resolve) => {
        const done = (): void => {
          for (const event of ['drain', 'close', 'error']) stdout.removeListener(event, done);
          resolve();
        };
        for (const event of ['drain', 'close', 'error']) stdout.once(event, done);
      });
    },
  };
}
