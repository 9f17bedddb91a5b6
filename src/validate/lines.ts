// Splits a byte stream into lines without holding more than one line and one chunk in memory.

export interface Line {
  /** 1-based line number. */
  number: number;
  text: string;
}

export async function* readLines(stream: AsyncIterable<Buffer | string>): AsyncGenerator<Line> {
  let carry: Buffer = Buffer.alloc(0);
  let number = 0;
  for await (const piece of stream) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    let data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    for (let end = data.indexOf(10, start); end !== -1; end = data.indexOf(10, start)) {
      number++;
      const stop = end > start && data[end - 1] === 13 ? end - 1 : end;
      yield { number, text: data.toString('utf8', start, stop) };
      start = end + 1;
    }
    // Copy the tail so the big chunk it came from can be collected.
    carry = start < data.length ? Buffer.from(data.subarray(start)) : Buffer.alloc(0);
    data = Buffer.alloc(0);
  }
  if (carry.length > 0) {
    number++;
    yield { number, text: carry.toString('utf8').replace(/\r$/, '') };
  }
}
