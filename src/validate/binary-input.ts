// Binary input met while validating a file: JSON text never holds a NUL byte, so one ends the
// reading there (files.ts), the lines before it judged first, and the file's first bytes may say
// what it is instead (UTF-16 text, gzip).
import { looksGzipped } from '../util/gzip-magic.js';
import { describeUtf16 } from '../util/json.js';

/** A NUL byte at `offset`, on the line after the last one read (the bytes before it in its chunk are read first). */
export class BinaryData extends Error {
  constructor(
    readonly offset: number,
    /** What the file is, when its first bytes say: UTF-16 (NULs beside its characters), gzip. */
    readonly what?: string,
  ) {
    super(`a NUL byte at byte ${offset}`);
  }
}

/**
 * JSON text never holds a NUL byte (not even escaped ones are raw): a NUL means binary data. The
 * bytes before it in its chunk are passed on first, so the complete lines before the NUL are read
 * and judged (a crash or a full disk leaves NULs after good lines); the line it is on is not.
 */
export async function* refuseBinary(stream: AsyncIterable<Buffer | string>, nul: { found?: BinaryData }): AsyncGenerator<Buffer | string> {
  let offset = 0;
  for await (const chunk of stream) {
    const at = typeof chunk === 'string' ? chunk.indexOf('\0') : chunk.indexOf(0);
    if (at !== -1) {
      nul.found = new BinaryData(offset + at, offset === 0 ? startWords(chunk) : undefined);
      // A file its first bytes name (UTF-16, gzip) is not read as lines at all.
      if (nul.found.what === undefined && at > 0) yield chunk.slice(0, at);
      throw nul.found;
    }
    offset += chunk.length;
    yield chunk;
  }
}

/** What a file that begins with these bytes is, in words, when they tell: UTF-16 text, or gzip. */
function startWords(chunk: Buffer | string): string | undefined {
  if (typeof chunk !== 'string' && looksGzipped(chunk)) return 'gzip-compressed data: decompress it first, e.g. gunzip -c FILE';
  return describeUtf16(chunk.slice(0, 8).toString());
}
