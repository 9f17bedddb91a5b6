// Reading a user's input file ('-' for stdin) whole: a missing file, a directory or any other read
// failure becomes one plain input error (exit 2) naming the file and what it was meant to be.
import { readFile } from 'node:fs/promises';
import { buffer } from 'node:stream/consumers';
import { InputError } from '../errors.js';

export function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : error instanceof Error ? error.message : String(error);
}

/** `what` names the file in messages, e.g. 'mapping file' gives "cannot read mapping file 'x.json': ...". */
export async function readInput(file: string, what: string, stdin?: NodeJS.ReadableStream): Promise<Buffer> {
  try {
    return file === '-' && stdin ? await buffer(stdin) : await readFile(file);
  } catch (error) {
    throw new InputError(`cannot read ${what ? `${what} ` : ''}'${file === '-' ? '<stdin>' : file}': ${readFailure(error)}`, undefined, error);
  }
}
