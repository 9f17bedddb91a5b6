// The wizard's checks of file paths as they are typed: a file to read must be one whk can read, a
// file to write must have a directory to go in. Refusing at the prompt keeps a person from answering
// every later question for a command that then fails on its first line.
import { accessSync, closeSync, constants, existsSync, openSync, readSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { readEntries, STDIN_CAPTURE } from '../capture/read.js';
import { captureFileProblem } from '../capture/open-file.js';
import { isWhkError, renameFields } from '../errors.js';
import { flagNamer } from '../options/index.js';
import { replayOptions } from '../options/replay.js';
import { secretSchemeOf } from '../delivery/replay-signing.js';
import { isTravisPrivateKey, TRAVIS_KEY_REFUSALS } from '../signing/schemes/travis.js';
import { readFailure } from '../util/file-errors.js';
import { filesNamed } from '../validate/named-files.js';

/**
 * The path as typed, trimmed, with a leading ~ read as the home directory: a shell would expand it in
 * a flag, and a prompt that took it literally refused '~/alert.json' as "no such file". Unless a file
 * has the name as typed, it is read first as a shell reads one word (whk's choice): terminals quote a
 * file dropped on them (GNOME Terminal with g_shell_quote, '/tmp/it'\''s.json'; WezTerm by default
 * escapes its spaces, /tmp/my\ file.json: its quote_dropped_files), and a person may type
 * quotes as at a shell; taken as part of the name, they made it a file that is not there. Text that is
 * not one such word loses one pair of matching quotes around it ('it's.json').
 */
export function typedPath(value: string): string {
  const typed = value.trim();
  const path = existsSync(typed) ? typed : (shellWord(typed) ?? unquoted(typed));
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

function unquoted(path: string): string {
  return /^(['"]).+\1$/s.test(path) ? path.slice(1, -1) : path;
}

/**
 * The word a POSIX shell reads from the text: quotes and backslashes taken off as it takes them off;
 * undefined when the text is not one word without expansions (a space or a $ outside quotes, a quote
 * left open, a ` or $ in double quotes).
 */
export function shellWord(text: string): string | undefined {
  let word = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
    } else if (char === '\\') {
      const next = text.charAt(++i);
      if (next === '') return undefined;
      // In double quotes a backslash escapes only $ ` " and \; before anything else it stays.
      word += quote === '"' && !'$`"\\'.includes(next) ? `\\${next}` : next;
    } else if (char === '"' || (char === "'" && quote === undefined)) {
      quote = quote === '"' ? undefined : char;
    } else if (char === '$' || char === '`' || (quote === undefined && /\s/.test(char))) {
      return undefined;
    } else {
      word += char;
    }
  }
  return quote === undefined ? word : undefined;
}

/** Said after "no such file" of a path such as ~root/x.json, which the wizard leaves as typed. */
function userTildeNote(path: string): string {
  return /^~[^/]/.test(path) ? ' (the wizard reads ~ and ~/ as your home directory, not ~user: give the full path)' : '';
}

/**
 * What a path the wizard would read or write names when it is neither a file nor a directory (whk's
 * choice: refused). A named pipe blocks whoever opens it until a program opens its other end: the
 * prompt checking it hung (Ctrl-C then left whk waiting), a key file's check hung whk whole, and the
 * command built waited, unprompted; a device such as /dev/tty is the terminal the wizard asks on.
 */
function notAFile(stat: ReturnType<typeof statSync> | undefined): string | undefined {
  if (stat === undefined || stat.isFile() || stat.isDirectory()) return undefined;
  if (stat.isFIFO()) return 'it is a named pipe (FIFO), which waits for a program at its other end; give a file (for a pipe, run the command yourself)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'it is a device, not a file';
  return 'it is a socket, not a file';
}

/** A file that exists and can be read: true, or why not in the words the commands use. */
export function checkReadableFile(value: string): true | string {
  const file = value.trim();
  if (file === '') return 'give a file name';
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return `cannot read '${file}': it is a directory`;
    const other = notAFile(stat);
    if (other !== undefined) return `cannot read '${file}': ${other}`;
    accessSync(file, constants.R_OK);
    return true;
  } catch (error) {
    return `cannot read '${file}': ${readFailure(error)}${(error as NodeJS.ErrnoException).code === 'ENOENT' ? userTildeNote(file) : ''}`;
  }
}

/** A usage error as a prompt re-asks with it: on the one line under the answer, its hint after it. */
export function saidAtPrompt(error: { message: string; hint?: string | undefined }): string {
  return error.hint ? `${error.message}; ${error.hint}` : error.message;
}

/**
 * `whk validate -` reads a payload piped to it; the wizard's stdin is the terminal it asks on, where
 * the command would wait, unprompted, for a payload typed and ended with Ctrl-D: refused (whk's choice).
 */
const STDIN_VALIDATE = "'-' is stdin, and the wizard's stdin is this terminal; give a file's path (to validate piped JSON, run e.g. whk sample github | whk validate -)";

/**
 * What `whk validate` takes for a file: a file whk can read, a directory holding payload files (the
 * .json, .ndjson and .jsonl files in it are validated), or a pattern with * in its last part.
 */
export async function checkValidateTarget(value: string): Promise<true | string> {
  const given = value.trim();
  if (given === '') return 'give a file name';
  if (given === '-') return STDIN_VALIDATE;
  try {
    const files = await filesNamed(given);
    // A file names itself: whether it can be read is said as for any file.
    return files.length === 1 && files[0] === given ? checkReadableFile(given) : true;
  } catch (error) {
    if (!isWhkError(error)) throw error;
    return saidAtPrompt(error.message.endsWith('no such file') ? { ...error, message: `${error.message}${userTildeNote(given)}` } : error);
  }
}

/**
 * A capture file to replay: readable, and its first record whole, in the words replay would use (a
 * payload, `whk sample … > am.json`, is refused here, not after the URL and the secret). Only the
 * start is read: a long session's file is checked whole by replay itself.
 */
export async function checkReplayFile(value: string): Promise<true | string> {
  if (value.trim() === '-') return saidAtPrompt(STDIN_CAPTURE);
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

/** What a secret typed at the prompt would do to the records of a capture file (replay's `secret` alone). */
export interface SecretSigning {
  /** A record has a scheme the secret signs it anew with; with none, every record given one is refused. */
  signs: boolean;
  /** The number of the first record it cannot sign, which replay then refuses (not sent). */
  firstUnsigned?: number;
}

/**
 * Which records of the capture file a secret typed at the prompt signs anew, as replay's `secret`
 * alone picks the scheme (the one that checked it when it arrived, else its kind's). Travis's is left
 * out: its secret is a PEM private key, which a one-line prompt cannot take. Read up to a record of
 * each sort; a file replay would refuse later on signs, and replay says what is wrong with it.
 */
export async function secretSigning(file: string): Promise<SecretSigning> {
  const leaveOut = () => undefined;
  const found: SecretSigning = { signs: false };
  try {
    for await (const { index, record } of readEntries(file, { skip: leaveOut, unended: leaveOut })) {
      const scheme = secretSchemeOf(record);
      if (scheme !== undefined && scheme !== 'travis') found.signs = true;
      else found.firstUnsigned ??= index;
      if (found.signs && found.firstUnsigned !== undefined) break;
    }
    return found;
  } catch (error) {
    if (!isWhkError(error)) throw error;
    return { ...found, signs: true };
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
  // 'out/' names a directory, there or not: taken, the write failed after every later question.
  if (file.endsWith('/') || file.endsWith(sep)) return `${named}: a name that ends in ${file.at(-1)} is a directory's, not a file's`;
  const directory = dirname(file);
  if (!statOf(directory)?.isDirectory()) return `${named}: its directory ${directory} does not exist${userTildeNote(file)}`;
  try {
    accessSync(existing ? file : directory, constants.W_OK);
    return true;
  } catch (error) {
    return `${named}: ${readFailure(error)}`;
  }
}

/** A file whk listen --save can append to: writable, and when it is there, a capture file (not a payload, not a link). */
export function checkCaptureFile(file: string): true | string {
  const writable = checkNewFile(file);
  return writable === true ? (captureFileProblem(file) ?? true) : writable;
}

/** A path the wizard writes a file to: one checkWritableFile takes, and not a named pipe or a device (notAFile). */
export function checkNewFile(value: string): true | string {
  const other = notAFile(statOf(value.trim()));
  return other === undefined ? checkWritableFile(value) : `cannot write '${value.trim()}': ${other}`;
}

// A PEM RSA private key runs to a few kilobytes (3.2 kB at 4096 bits): a file longer than this holds none,
// and the check does not read a large file (or /dev/zero) to its end (whk's choice).
const TRAVIS_KEY_MOST_BYTES = 64 * 1024;

/**
 * The RSA private key file travis-ci signs with (send --travis-key): empty (unsigned), a file holding
 * such a key, or a path a new key can be written to; any other file is refused in send's words.
 */
export function checkTravisKeyFile(file: string): true | string {
  if (file === '') return true;
  if (file === '-') return refusal(TRAVIS_KEY_REFUSALS.dash, file);
  if (!existsSync(file)) return checkNewFile(file);
  const readable = checkReadableFile(file);
  if (readable !== true) return readable;
  const start = readStart(file, TRAVIS_KEY_MOST_BYTES + 1);
  if (start.length <= TRAVIS_KEY_MOST_BYTES && isTravisPrivateKey(start.toString('utf8'))) return true;
  return refusal(TRAVIS_KEY_REFUSALS.noKey, file);
}

/** send's refusal of a --travis-key file, on the prompt's one line. */
function refusal(text: { message: (name: string) => string; hint: string }, file: string): string {
  return `${text.message(`--travis-key '${file}'`)}; ${text.hint}`;
}

/** Up to `most` bytes from the start of a file. */
function readStart(file: string, most: number): Buffer {
  const buffer = Buffer.alloc(most);
  const fd = openSync(file, 'r');
  try {
    let length = 0;
    while (length < most) {
      const read = readSync(fd, buffer, length, most - length, null);
      if (read === 0) break;
      length += read;
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

function statOf(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
