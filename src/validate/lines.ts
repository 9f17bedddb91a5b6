// Splits a byte stream into lines without holding more than one line and one chunk in memory.
// A line that spans many chunks keeps them in a list and is joined once when it ends (copying the
// partial line at every chunk made a long line cost the square of its length).

export interface Line {
  /** 1-based line number. */
  number: number;
  text: string;
}

export interface LineOptions {
  /** A line longer than this many bytes throws LineTooLongError before it is held whole. */
  maxLineBytes?: number | undefined;
}

export class LineTooLongError extends Error {
  constructor(
    readonly line: number,
    readonly limit: number,
  ) {
    super(`line ${line} is longer than ${limit} bytes`);
  }
}

export async function* readLines(stream: AsyncIterable<Buffer | string>, options: LineOptions = {}): AsyncGenerator<Line> {
  const limit = options.maxLineBytes ?? Infinity;
  // The pieces of the line not ended yet, and their length in bytes.
  let parts: Buffer[] = [];
  let held = 0;
  let number = 0;
  const lineOf = (tail: Buffer): string => {
    const whole = parts.length === 0 ? tail : Buffer.concat([...parts, tail], held + tail.length);
    parts = [];
    held = 0;
    const stop = whole.length > 0 && whole[whole.length - 1] === 13 ? whole.length - 1 : whole.length;
    return whole.toString('utf8', 0, stop);
  };
  for await (const piece of stream) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    let start = 0;
    for (let end = chunk.indexOf(10, start); end !== -1; end = chunk.indexOf(10, start)) {
      number++;
      if (held + end - start > limit) throw new LineTooLongError(number, limit);
      yield { number, text: lineOf(chunk.subarray(start, end)) };
      start = end + 1;
    }
    if (start < chunk.length) {
      held += chunk.length - start;
      if (held > limit) throw new LineTooLongError(number + 1, limit);
      // Copy a small tail so the big chunk it came from can be collected.
      parts.push(start === 0 ? chunk : Buffer.from(chunk.subarray(start)));
    }
  }
  if (held > 0) {
    number++;
    yield { number, text: lineOf(Buffer.alloc(0)) };
  }
}
