// Splits a byte stream into lines without holding more than one line and one chunk in memory.
// A line that spans many chunks keeps them in a list and is joined once when it ends (copying the
// partial line at every chunk made a long line cost the square of its length).
import { badUtf8Warning } from '../util/utf8.js';

export interface Line {
  /** 1-based line number. */
  number: number;
  text: string;
  /** Where the text is in the input: its first byte, and its length in bytes (no newline, CR or BOM). */
  offset: number;
  bytes: number;
  /** Where the next line starts: the byte after its newline (after its last byte, for an unended one). */
  end: number;
  /** The last line, with no newline after it: perhaps one its writer has not finished yet. */
  unended?: true;
  /** With `utf8Warnings`: a warning that its bytes are not UTF-8 (read as U+FFFD), where they are not. */
  notUtf8?: string;
}

export interface LineOptions {
  /** A line longer than this many bytes throws LineTooLongError before it is held whole. */
  maxLineBytes?: number | undefined;
  /**
   * A longer bound for lines whose first bytes `begins` accepts: validate reads a capture record's
   * line up to the longest listen writes, while its other lines keep maxLineBytes.
   */
  longer?: { maxLineBytes: number; begins: (head: string) => boolean } | undefined;
  /** Tell a line whose bytes are not UTF-8 (validate does; a capture file is whk's own UTF-8). */
  utf8Warnings?: boolean | undefined;
  /**
   * Where the input starts in its file, for a reader that resumes mid-file (whk inspect following
   * appends): its lines are numbered and placed as the file's, and only the file's line 1 may begin
   * with a byte order mark, as when the file is read from its start.
   */
  after?: { lines: number; offset: number } | undefined;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** How many of a line's first bytes `longer.begins` is given. */
const HEAD_BYTES = 32;

export class LineTooLongError extends Error {
  constructor(
    readonly line: number,
    readonly limit: number,
  ) {
    super(`line ${line} is longer than ${limit} bytes`);
  }
}

export interface LineSplitter {
  /**
   * The lines this chunk ends, in order; its unended tail is held for the next chunk. A line past
   * the limit ends the chunk's lines there, and the next call throws its LineTooLongError: the
   * lines before it are read first, as they come.
   */
  push(chunk: Buffer | string): Line[];
  /** The last line, when the input did not end with a newline. */
  end(): Line[];
}

/**
 * Lines a chunk at a time, synchronously: a reader of a large file crosses an async boundary per
 * chunk, not per line (per line, the async generator's promises cost a sixth of validating one).
 */
export function createLineSplitter(options: LineOptions = {}): LineSplitter {
  const limit = options.maxLineBytes ?? Infinity;
  const { longer } = options;
  // The bound of the line not ended yet, once it passes `limit`: decided by its first bytes.
  const boundOf = (tail: Buffer): number => {
    if (!longer || longer.maxLineBytes <= limit) return limit;
    const head = Buffer.concat([...parts.slice(0, HEAD_BYTES).map((part) => part.subarray(0, HEAD_BYTES)), tail.subarray(0, HEAD_BYTES)]).toString('utf8', 0, HEAD_BYTES);
    return longer.begins(head) ? longer.maxLineBytes : limit;
  };
  // What a line's length does not count against the bounds, as the line's text does not hold it: a
  // CR before its newline, a byte order mark before line 1 (the same JSON is as long with CRLF).
  const uncounted = (tail: Buffer, line: number): number => {
    const lastPart = parts[parts.length - 1];
    const last = tail.length > 0 ? tail[tail.length - 1] : lastPart?.[lastPart.length - 1];
    const head = line === 1 ? Buffer.concat([...parts.slice(0, 3).map((part) => part.subarray(0, 3)), tail.subarray(0, 3)]).subarray(0, 3) : undefined;
    return (last === 13 ? 1 : 0) + (head?.equals(BOM) ? 3 : 0);
  };
  // The pieces of the line not ended yet, and their length in bytes.
  let parts: Buffer[] = [];
  let held = 0;
  let number = options.after?.lines ?? 0;
  // Where, in bytes of the input, the line not ended yet starts.
  let lineStart = options.after?.offset ?? 0;
  let tooLong: LineTooLongError | undefined;
  const lineOf = (tail: Buffer): Line => {
    const whole = parts.length === 0 ? tail : Buffer.concat([...parts, tail], held + tail.length);
    parts = [];
    held = 0;
    const stop = whole.length > 0 && whole[whole.length - 1] === 13 ? whole.length - 1 : whole.length;
    const text = whole.toString('utf8', 0, stop);
    const bom = number === 1 && text.charCodeAt(0) === 0xfeff ? 3 : 0;
    const line: Line = { number, text: bom === 0 ? text : text.slice(1), offset: lineStart + bom, bytes: stop - bom, end: lineStart + whole.length + 1 };
    // Its offsets count from the line's first byte, a byte order mark's too.
    const notUtf8 = options.utf8Warnings ? badUtf8Warning(whole.subarray(0, stop), line.text, `line ${number}`) : undefined;
    if (notUtf8 !== undefined) line.notUtf8 = notUtf8;
    lineStart += whole.length + 1;
    return line;
  };
  return {
    push(piece) {
      if (tooLong) throw tooLong;
      const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
      const lines: Line[] = [];
      let start = 0;
      for (let end = chunk.indexOf(10, start); end !== -1; end = chunk.indexOf(10, start)) {
        number++;
        const size = held + end - start;
        if (size > limit && size - uncounted(chunk.subarray(start, end), number) > limit) {
          const bound = boundOf(chunk.subarray(start, end));
          if (size - uncounted(chunk.subarray(start, end), number) > bound) {
            tooLong = new LineTooLongError(number, bound);
            return lines;
          }
        }
        lines.push(lineOf(chunk.subarray(start, end)));
        start = end + 1;
      }
      if (start < chunk.length) {
        held += chunk.length - start;
        if (held > limit && held - uncounted(chunk.subarray(start), number + 1) > limit) {
          const bound = boundOf(chunk.subarray(start));
          if (held - uncounted(chunk.subarray(start), number + 1) > bound) {
            tooLong = new LineTooLongError(number + 1, bound);
            return lines;
          }
        }
        // Copy a small tail so the big chunk it came from can be collected.
        parts.push(start === 0 ? chunk : Buffer.from(chunk.subarray(start)));
      }
      return lines;
    },
    end() {
      if (tooLong) throw tooLong;
      if (held === 0) return [];
      number++;
      const line = lineOf(Buffer.alloc(0));
      return [{ ...line, end: line.end - 1, unended: true }];
    },
  };
}

/** The lines of a stream, a list per chunk read (the last list holds an unended last line). */
export async function* readLineBatches(stream: AsyncIterable<Buffer | string>, options: LineOptions = {}): AsyncGenerator<Line[]> {
  const splitter = createLineSplitter(options);
  for await (const piece of stream) yield splitter.push(piece);
  yield splitter.end();
}

/** The lines of a stream, one at a time (for readers whose every line is slow anyway). */
export async function* readLines(stream: AsyncIterable<Buffer | string>, options: LineOptions = {}): AsyncGenerator<Line> {
  for await (const lines of readLineBatches(stream, options)) yield* lines;
}
