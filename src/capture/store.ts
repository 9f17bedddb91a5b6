// The capture file: appends NDJSON lines, coalescing the lines produced in one turn of the event
// loop into a few writes, and tells each line's caller only once its bytes are in the file. A failed
// write fails the lines it carried and never escapes; the next line starts a line of its own.
import { closeSync, constants, fstatSync, openSync, readSync, writeSync, type Stats } from 'node:fs';
import { InputError } from '../errors.js';
import { looksGzipped } from '../util/gzip-magic.js';
import { captureLineProblem } from './record.js';

/** Where a line went in the file: its first byte, and its length in bytes (without the newline). */
export interface Placement {
  offset: number;
  bytes: number;
}

export interface CaptureStore {
  /**
   * Resolves when the line has been written to the file (not merely queued), with where it went;
   * undefined once the file was made anew (its places there tell a reader of the first file nothing).
   * `parts`: the line in the pieces it was made of, copied one by one (no joined string first);
   * ignored when their lengths do not add up to the line's (a line made again without them).
   */
  append(line: string, parts?: readonly string[]): Promise<Placement | undefined>;
  /**
   * The same, told by `done(context, error, placement)` instead of a promise (error null: written):
   * the receiver's hot path, which makes no promise or closure per request (receiver/handler.ts).
   * `done` must not throw: the lines after its own in the same write would never be told.
   */
  appendThen<C>(line: string, parts: readonly string[] | undefined, context: C, done: LineDone<C>): void;
  /** Writes the lines appended so far now, not at the end of this turn of the event loop. */
  flush(): void;
  /** Writes what is queued, then closes the file. */
  close(): Promise<void>;
}

export interface StoreOptions {
  /**
   * The file ended inside a line (a write cut short: a full disk, a crash mid-write), found on
   * open or after a failed write; `offset` is where the torn line ends. The next record is put
   * on a line of its own.
   */
  onTornLine?: ((offset: number) => void) | undefined;
  /**
   * The file was removed while open (nothing written to it could be read again): it was made anew
   * at its path, and the next lines go there.
   */
  onRemade?: (() => void) | undefined;
}

/** Told once a line is in the file (error null), or could not be written. */
export type LineDone<C> = (context: C, error: unknown, placement: Placement | undefined) => void;

interface Pending {
  text: string;
  /** The text in pieces, when given so. */
  parts: readonly string[] | undefined;
  context: unknown;
  done: LineDone<unknown>;
}

const settlePromise: LineDone<{ resolve: (placement: Placement | undefined) => void; reject: (error: unknown) => void }> = (promise, error, placement) => {
  if (error === null) promise.resolve(placement);
  else promise.reject(error);
};

// Lines are joined into writes of at most about this many characters. A burst of large records is
// never built into one string: V8 caps a string near 512 MB, and 30 records of 20 MB pass it.
const WRITE_CHARS = 1 << 20;
// A group's lines are copied into one buffer kept for the store's life, large enough for any group
// (a character takes at most 3 bytes of UTF-8): no joined string and no new buffer per write (under
// load, the copy into a fresh megabyte cost more than the write), and each line's length in bytes is
// counted as it is copied. A line longer than a group is encoded on its own.
const SCRATCH_BYTES = 3 * WRITE_CHARS;
const NEWLINE = 0x0a;

export async function openCaptureStore(path: string, options: StoreOptions = {}): Promise<CaptureStore> {
  let { fd, readable } = openForAppend(path);
  if (readable) refuseOtherFile(fd, path);
  // The file was removed and made anew: places in the new one are not handed out.
  let remade = false;
  let queue: Pending[] = [];
  let scheduled: NodeJS.Immediate | null = null;
  let closed = false;
  // Does the file perhaps end inside a line? Checked on open, after any failed write, and when the
  // file's length is not where whk's last write left it (truncated, or appended to by another hand).
  let mayBeTorn = readable;
  let knownEnd: number | null = null;

  /**
   * A file removed while open (rm, a cleanup job) still takes writes, into a file nobody can open:
   * every record acknowledged after would be lost. It is made anew at its path (on failure, the
   * write fails and the request is answered 500).
   */
  const reopen = (): void => {
    const next = openForAppend(path);
    closeSync(fd);
    ({ fd, readable } = next);
    mayBeTorn = readable;
    remade = true;
    options.onRemade?.();
  };

  /**
   * Where the next line goes: the end of the file (wherever that is now: another writer may have
   * appended too), made ready for it. One fstat tells whether the file was removed (it is made anew),
   * whether it ends inside a line (that line is ended first), and its length.
   */
  const endOfFile = (): number => {
    let stat = fstatSync(fd);
    if (stat.nlink === 0) {
      reopen();
      stat = fstatSync(fd);
    }
    if (knownEnd !== null && stat.size !== knownEnd && stat.isFile()) mayBeTorn = readable;
    if (!mayBeTorn) return stat.size;
    mayBeTorn = false;
    return endTornLine(fd, stat, options.onTornLine);
  };

  const encode = lineEncoder();

  // A synchronous write into the page cache takes microseconds; the async API would wake a
  // thread-pool worker per batch, which costs more than the write itself under load.
  const write = (group: Pending[]): void => {
    let written: GroupWrite;
    try {
      const start = endOfFile();
      const { data, lengths } = encode(group);
      written = { start, lengths, cut: writeAll(fd, data), placed: !remade };
      knownEnd = start + data.length;
    } catch (error) {
      mayBeTorn = readable;
      for (const p of group) p.done(p.context, error, undefined);
      return;
    }
    // Part of the group may be in the file: what comes next must not be appended onto it.
    if (written.cut) mayBeTorn = readable;
    settle(group, written);
  };

  const flush = (): void => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    const batch = queue;
    queue = [];
    inGroups(batch, write);
  };

  const appendThen = <C>(line: string, parts: readonly string[] | undefined, context: C, done: LineDone<C>): void => {
    if (closed) {
      done(context, new Error('the capture file is closed'), undefined);
      return;
    }
    // Its newline is added as it is copied (lineEncoder): a check or a join here would copy the
    // line (a string built of pieces) into one string first, and the copy into the buffer again.
    queue.push({ text: line, parts: parts && lengthOf(parts) === line.length ? parts : undefined, context, done: done as LineDone<unknown> });
    // Lines finished in this turn of the loop (many requests' callbacks) share a few writes.
    scheduled ??= setImmediate(flush);
  };

  return {
    append: (line, parts) => new Promise<Placement | undefined>((resolve, reject) => appendThen(line, parts, { resolve, reject }, settlePromise)),
    appendThen,
    flush,
    async close() {
      if (closed) return;
      closed = true;
      flush();
      closeSync(fd);
    },
  };
}

/** The file's length once a last line it ends inside (torn) is ended, told where that line ended. */
function endTornLine(fd: number, stat: Stats, onTornLine: ((offset: number) => void) | undefined): number {
  const offset = tornLineEnd(fd, stat);
  if (offset === null) return stat.size;
  const cut = writeAll(fd, Buffer.from('\n'));
  if (cut) throw cut.error;
  onTornLine?.(offset);
  return stat.size + 1;
}

/** The lines in order, in groups of at most WRITE_CHARS characters (a longer line alone). */
function inGroups(batch: readonly Pending[], write: (group: Pending[]) => void): void {
  for (let start = 0; start < batch.length; ) {
    let end = start + 1;
    let chars = (batch[start] as Pending).text.length;
    while (end < batch.length && chars + (batch[end] as Pending).text.length <= WRITE_CHARS) chars += (batch[end++] as Pending).text.length;
    write(batch.slice(start, end));
    start = end;
  }
}

/** A group's lines as UTF-8, and each line's length in bytes, copied into the one buffer it keeps. */
function lineEncoder(): (group: readonly Pending[]) => { data: Buffer; lengths: number[] } {
  let scratch: Buffer | undefined;
  return (group) => {
    let chars = 0;
    for (let i = 0; i < group.length; i++) chars += (group[i] as Pending).text.length;
    // Each line's newline may take a byte more.
    if (chars * 3 + group.length > SCRATCH_BYTES) {
      // One long line (flush makes no longer group): its own buffer.
      const parts = group.map((p) => withNewline(Buffer.from(p.text, 'utf8')));
      return { data: parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts), lengths: parts.map((part) => part.length) };
    }
    scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES);
    const lengths = new Array<number>(group.length);
    let used = 0;
    for (let i = 0; i < group.length; i++) {
      const { text, parts } = group[i] as Pending;
      let length = 0;
      if (parts === undefined) length = scratch.write(text, used, 'utf8');
      else for (const part of parts) length += scratch.write(part, used + length, 'utf8');
      // A record's line has no newline of its own; a line given with one keeps it.
      if (length === 0 || scratch[used + length - 1] !== NEWLINE) scratch[used + length++] = NEWLINE;
      used += lengths[i] = length;
    }
    return { data: scratch.subarray(0, used), lengths };
  };
}

function lengthOf(parts: readonly string[]): number {
  let length = 0;
  for (const part of parts) length += part.length;
  return length;
}

/** The line's bytes ending in a newline. */
function withNewline(line: Buffer): Buffer {
  return line.length > 0 && line[line.length - 1] === NEWLINE ? line : Buffer.concat([line, Buffer.from([NEWLINE])]);
}

// The file holds raw Authorization headers and signatures: created readable by its owner only, and
// never opened through a symbolic link (one planted in a shared directory would redirect the secrets).
const CREATE_MODE = 0o600;
const APPEND = constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0);

/** Opened to append, and to read its last byte when the file allows it, else append only. */
function openForAppend(path: string): { fd: number; readable: boolean } {
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
  return new InputError(`cannot open the capture file '${path}': ${why}`, undefined, error);
}

// How much of a file that is there already is read to tell whether it is a capture file.
const HEAD_BYTES = 64 * 1024;

/**
 * Refuses (and closes) a file that is there already and is no capture file: a payload, a log, a
 * gzip given by mistake. Records appended to it would spoil it, and no capture reader
 * could read them back (its first line stops them). Its first line is judged when it ends in the
 * first 64 kB; a longer one is taken as a record (whk's choice: judging it means reading it whole).
 */
function refuseOtherFile(fd: number, path: string): void {
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

/** Where a torn last line ends (the file's size), or null when the file is empty or ends a line. */
function tornLineEnd(fd: number, stat: Stats): number | null {
  if (!stat.isFile() || stat.size === 0) return null;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, stat.size - 1);
  return last[0] === NEWLINE ? null : stat.size;
}

/**
 * Tells each line of a group written from byte `start` where it went. A line wholly in the file
 * before a failure is placed like any other (it is there, and says it was answered); only the
 * lines the failure cut or never reached fail. `placed` false: the lines resolve with no place.
 */
function settle(group: readonly Pending[], write: GroupWrite): void {
  const { lengths, cut, placed } = write;
  let start = write.start;
  let end = 0;
  for (let i = 0; i < group.length; i++) {
    const p = group[i] as Pending;
    const length = lengths[i] as number;
    end += length;
    if (cut && end > cut.written) p.done(p.context, cut.error, undefined);
    else p.done(p.context, null, placed ? { offset: start, bytes: length - 1 } : undefined);
    start += length;
  }
}

/** A group's write: from which byte, each line's length in bytes, where it was cut, if it was. */
interface GroupWrite {
  start: number;
  lengths: readonly number[];
  cut: WriteCut | undefined;
  /** False once the file was made anew: the lines resolve with no place. */
  placed: boolean;
}

/** A write that failed, and how many of its bytes went into the file before it did. */
interface WriteCut {
  written: number;
  error: unknown;
}

/** Writes all of `data`; undefined when it did, else where it was cut and why. */
function writeAll(fd: number, data: Buffer): WriteCut | undefined {
  let offset = 0;
  try {
    while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
    return undefined;
  } catch (error) {
    return { written: offset, error };
  }
}
