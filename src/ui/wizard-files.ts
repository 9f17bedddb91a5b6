// The wizard's checks of file paths as they are typed: a file to read must be one whk can read, a
// file to write must have a directory to go in. Refusing at the prompt keeps a person from answering
// every later question for a command that then fails on its first line.
import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { readEntries } from '../capture/read.js';
import { captureFileProblem } from '../capture/open-file.js';
import { isWhkError, renameFields } from '../errors.js';
import { flagNamer } from '../options/index.js';
import { replayOptions } from '../options/replay.js';
import { readFailure } from '../util/file-errors.js';
import { filesNamed } from '../validate/named-files.js';

/**
 * The path as typed, trimmed, with a leading ~ read as the home directory: a shell would expand it in
 * a flag, and a prompt that took it literally refused '~/alert.json' as "no such file".
 */
export function typedPath(value: string): string {
  const path = value.trim();
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

/** A file that exists and can be read: true, or why not in the words the commands use. */
export function checkReadableFile(value: string): true | string {
  const file = value.trim();
  if (file === '') return 'give a file name';
  try {
    if (statSync(file).isDirectory()) return `cannot read '${file}': it is a directory`;
    accessSync(file, constants.R_OK);
    return true;
  } catch (error) {
    return `cannot read '${file}': ${readFailure(error)}`;
  }
}

/** A usage error as a prompt re-asks with it: on the one line under the answer, its hint after it. */
export function saidAtPrompt(error: { message: string; hint?: string | undefined }): string {
  return error.hint ? `${error.message}; ${error.hint}` : error.message;
}

/**
 * What `whk validate` takes for a file: a file whk can read, a directory holding payload files (the
 * .json, .ndjson and .jsonl files in it are validated), or a pattern with * in its last part.
 */
export async function checkValidateTarget(value: string): Promise<true | string> {
  const given = value.trim();
  if (given === '') return 'give a file name';
  try {
    const files = await filesNamed(given);
    // A file names itself: whether it can be read is said as for any file.
    return files.length === 1 && files[0] === given ? checkReadableFile(given) : true;
  } catch (error) {
    if (!isWhkError(error)) throw error;
    return saidAtPrompt(error);
  }
}

/**
 * A capture file to replay: readable, and its first record whole, in the words replay would use (a
 * payload, `whk sample … > am.json`, is refused here, not after the URL and the secret). Only the
 * start is read: a long session's file is checked whole by replay itself.
 */
export async function checkReplayFile(value: string): Promise<true | string> {
  const readable = checkReadableFile(value);
  if (readable !== true) return readable;
  try {
    for await (const _ of readEntries(value.trim(), {})) break;
    return true;
  } catch (error) {
    if (!isWhkError(error)) throw error;
    return renameFields(saidAtPrompt(error), flagNamer(replayOptions));
  }
}

/**
 * A path a file can be written to: not a directory, in a directory that exists and can be written.
 * `flag` names where the path came from in the message (`--output`), for a command that checks one.
 */
export function checkWritableFile(value: string, flag?: string): true | string {
  const file = value.trim();
  if (file === '') return 'give a file name';
  const named = `cannot write ${flag === undefined ? '' : `${flag} `}'${file}'`;
  const existing = statOf(file);
  if (existing?.isDirectory()) return `${named}: it is a directory`;
  const directory = dirname(file);
  if (!statOf(directory)?.isDirectory()) return `${named}: its directory ${directory} does not exist`;
  try {
    accessSync(existing ? file : directory, constants.W_OK);
    return true;
  } catch (error) {
    return `${named}: ${readFailure(error)}`;
  }
}

/** A file whk listen --save can append to: writable, and when it is there, a capture file (not a payload, not a link). */
export function checkCaptureFile(file: string): true | string {
  const writable = checkWritableFile(file);
  return writable === true ? (captureFileProblem(file) ?? true) : writable;
}

function statOf(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
