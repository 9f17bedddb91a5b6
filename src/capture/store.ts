// The capture file: appends NDJSON lines, coalescing the lines produced in one turn of the event
// loop into a few writes, and tells each line's caller only once its bytes are in the file. A failed
// write fails the lines it carried and never escapes; the next line starts a line of its own.
import { LOOK_AGAIN_MS, openAppendFile, type StoreOptions, type WriteCut } from './append-file.js';

export type { FileChange, StoreOptions } from './append-file.js';

/** Where a line went in the file: its first byte, and its length in bytes (without the newline). */
export interface Placement {
  offset: number;
  bytes: number;
}

export interface CaptureStore {
  /**
   * Resolves when the line has been written to the file (not merely queued), with where it went;
   * undefined once another file took over (made anew, or the one now at the path: its places there
   * tell a reader of the first file nothing).
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
  /**
   * Writes the lines appended so far now, not at the end of this turn of the event loop (unless the
   * file ends inside another process's line: then once it is ended, or taken as torn).
   */
  flush(): void;
  /** Writes what is queued, then closes the file. */
  close(): Promise<void>;
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
  const file = openAppendFile(path, options);
  let queue: Pending[] = [];
  let scheduled: NodeJS.Immediate | null = null;
  let closed = false;
  // Set while the file ends inside another process's line: the lines wait for a later look.
  let holding: NodeJS.Timeout | null = null;

  const encode = lineEncoder();

  // A synchronous write into the page cache takes microseconds; the async API would wake a
  // thread-pool worker per batch, which costs more than the write itself under load.
  const write = (group: Pending[], force: boolean): boolean => {
    let written: GroupWrite;
    try {
      const start = file.end(force);
      if (start === null) return false;
      const { data, lengths } = encode(group);
      written = { start, lengths, cut: file.write(data, start), placed: file.placing };
    } catch (error) {
      file.failed();
      for (const p of group) p.done(p.context, error, undefined);
      return true;
    }
    settle(group, written);
    return true;
  };

  // `force`: write even onto another's line that has not ended (on close: nothing looks again).
  const flush = (force = false): void => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    if (holding !== null) {
      if (!force) return;
      clearTimeout(holding);
      holding = null;
    }
    const batch = queue;
    queue = [];
    const written = inGroups(batch, (group) => write(group, force));
    if (written === batch.length) return;
    queue = batch.slice(written).concat(queue);
    holding = setTimeout(() => {
      holding = null;
      flush();
    }, LOOK_AGAIN_MS);
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
    flush: () => flush(),
    async close() {
      if (closed) return;
      closed = true;
      flush(true);
      file.close();
    },
  };
}

/**
 * The lines in order, in groups of at most WRITE_CHARS characters (a longer line alone), until
 * `write` holds one back (false); how many lines were written.
 */
function inGroups(batch: readonly Pending[], write: (group: Pending[]) => boolean): number {
  let start = 0;
  while (start < batch.length) {
    let end = start + 1;
    let chars = (batch[start] as Pending).text.length;
    while (end < batch.length && chars + (batch[end] as Pending).text.length <= WRITE_CHARS) chars += (batch[end++] as Pending).text.length;
    if (!write(batch.slice(start, end))) break;
    start = end;
  }
  return start;
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
  /** False once another file took over: the lines resolve with no place. */
  placed: boolean;
}
