// Opening the capture file to append: created readable by its owner only, never through a symbolic
// link, and refused when a file there already is no capture file (appended to, it would be spoiled).
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from '../errors.js';
import { tildeNote } from '../util/file-errors.js';
import { looksGzipped } from '../util/gzip-magic.js';
import { captureLineProblem } from './record.js';

// The file holds raw Authorization headers and signatures: created readable by its owner only, and
// never opened through a symbolic link (one planted in a shared directory would redirect the secrets).
const CREATE_MODE = 0o600;
const APPEND = constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0);

/** Opened to append, and to read its last byte when the file allows it, else append only. */
export function openForAppend(path: string): { fd: number; readable: boolean } {
  try {
    try {
      return { fd: openSync(path, APPEND | constants.O_RDWR, CREATE_MODE), readable: true };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EACCES') throw error;
      return { fd: openSync(path, APPEND | constants.O_WRONLY, CREATE_MODE), readable: false };
    }
  } catch (error) {
    throw openFailure(path, error);
  }
}

const OPEN_FAILURES: Readonly<Record<string, string>> = {
  ELOOP: 'it is a symbolic link (whk does not write secrets through one; name the file itself)',
  ENOENT: 'its directory does not exist',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of its path is not a directory',
  EACCES: 'permission denied',
};

function openFailure(path: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const why = OPEN_FAILURES[code] ?? (error instanceof Error ? error.message : String(error));
  return new InputError(`cannot open the capture file '${path}': ${why}${code === 'ENOENT' ? tildeNote(path) : ''}`, undefined, error);
}

// How much of a file that is there already is read to tell whether it is a capture file.
const HEAD_BYTES = 64 * 1024;

/**
 * Refuses (and closes) a file that is there already and is no capture file: a payload, a log, a
 * gzip given by mistake. Records appended to it would spoil it, and no capture reader
 * could read them back (its first line stops them). Its first line is judged when it ends in the
 * first 64 kB; a longer one is taken as a record (whk's choice: judging it means reading it whole).
 */
export function refuseOtherFile(fd: number, path: string): void {
  const why = otherFileReason(fd);
  if (why === undefined) return;
  closeSync(fd);
  throw new InputError(notCaptureFile(path, why), NOT_CAPTURE_HINT);
}

const NOT_CAPTURE_HINT = 'name a new file, or a capture file whk listen saved';

function notCaptureFile(path: string, why: string): string {
  return `'${path}' is not a capture file (${why}): records appended to it would spoil it`;
}

/** Why the open file is no capture file (binary, a first line that is no record), or undefined. */
function otherFileReason(fd: number): string | undefined {
  // A FIFO or a device is never read: on an empty FIFO the read would wait for ever.
  const stat = fstatSync(fd);
  if (!stat.isFile() || stat.size === 0) return undefined;
  const head = Buffer.alloc(Math.min(HEAD_BYTES, stat.size));
  const got = readSync(fd, head, 0, head.length, 0);
  const text = head.toString('utf8', 0, got);
  const start = text.search(/\S/);
  const end = text.indexOf('\n', start);
  if (head.subarray(0, got).includes(0)) return `binary data${looksGzipped(head) ? ', gzip-compressed' : ''}`;
  if (start === -1 || end === -1) return undefined;
  const problem = captureLineProblem(text.slice(start, end));
  return problem === null ? undefined : `line ${text.slice(0, start).split('\n').length}: ${problem}`;
}

/**
 * Why records could not be appended to the file at `path` when it is there already (not a capture
 * file, a symbolic link), in the words opening it would use; undefined when they could, or it is not there.
 * For a prompt that asks for the file before anything opens it.
 */
export function captureFileProblem(path: string): string | undefined {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO to read would wait for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    // The other failures (no such file, a directory, no permission) are the caller's to judge.
    return (error as NodeJS.ErrnoException).code === 'ELOOP' ? openFailure(path, error).message : undefined;
  }
  try {
    const why = otherFileReason(fd);
    return why === undefined ? undefined : `${notCaptureFile(path, why)}; ${NOT_CAPTURE_HINT}`;
  } finally {
    closeSync(fd);
  }
}
