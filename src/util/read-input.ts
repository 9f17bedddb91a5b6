// Reading a user's input file ('-' for stdin) whole, up to a cap: a missing file, a directory, a
// file past the cap (/dev/zero, a log given by mistake) or any other read failure becomes one plain
// input error (exit 2) naming the file and what it was meant to be.
import { createReadStream, existsSync } from 'node:fs';
import { InputError } from '../errors.js';
import { readFailure } from './file-errors.js';
import { looksGzipped } from './gzip-magic.js';
import { withoutBom } from './json.js';
import { formatByteLimit } from './units.js';

/** The most whk reads of one input file (a payload, a schema, a mapping, a contract). */
export const INPUT_LIMIT = 64 * 1024 * 1024;

/** `what` names the file in messages, e.g. 'mapping file' gives "cannot read mapping file 'x.json': ...". */
export async function readInput(file: string, what: string, stdin?: NodeJS.ReadableStream, limit = INPUT_LIMIT): Promise<Buffer> {
  const name = `${what ? `${what} ` : ''}'${file === '-' ? '<stdin>' : file}'`;
  const stream = file === '-' && stdin ? stdin : createReadStream(file, { highWaterMark: 256 * 1024 });
  const parts: Buffer[] = [];
  let total = 0;
  try {
    for await (const piece of stream) {
      const chunk = typeof piece === 'string' ? Buffer.from(piece) : (piece as Buffer);
      total += chunk.length;
      if (total > limit) throw new InputError(`cannot read ${name}: larger than ${formatByteLimit(limit)}, the most whk reads of an input file`);
      parts.push(chunk);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read ${name}: ${readFailure(error)}`, curlAtHint(file, error), error);
  } finally {
    if (stream !== stdin) (stream as ReturnType<typeof createReadStream>).destroy();
  }
  return Buffer.concat(parts, total);
}

/** curl's `-d @file` carried over: a missing '@alert.json' whose 'alert.json' is there. */
function curlAtHint(file: string, error: unknown): string | undefined {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !file.startsWith('@') || !existsSync(file.slice(1))) return undefined;
  return `whk takes the file's path without curl's @: ${file.slice(1)}`;
}

/**
 * An input file read as UTF-8 text (a JSON payload, schema, mapping or contract), its byte order mark
 * dropped. A gzip is said to be one: read as text, it was "not valid JSON: Unexpected token U+001F".
 */
export async function readInputText(file: string, what: string, stdin?: NodeJS.ReadableStream): Promise<string> {
  const bytes = await readInput(file, what, stdin);
  if (looksGzipped(bytes)) throw new InputError(`${what} '${file === '-' ? '<stdin>' : file}' is gzip-compressed, so not JSON`, 'decompress it first (gunzip -c FILE)');
  return withoutBom(bytes.toString('utf8'));
}
