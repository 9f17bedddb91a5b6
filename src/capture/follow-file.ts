// The capture file whk inspect shows, opened once: read from its start, then followed as records are
// appended to it (whk listen still saving to it), as the receiver's page shows new requests. The
// first read, the follower and the page's reads of a record all go through that one opening, so a
// file replaced or cut short at its path in between cannot be read in part as one and in part as the
// other. It reads on from where the first read stopped, whole lines only: a line still being written
// is read once its newline comes. One cut short or replaced at its path is said, once, and no longer read.
import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { readFailure } from '../util/file-errors.js';
import { formatBytes } from '../util/units.js';
import { createLineSplitter, LineTooLongError, type Line, type LineSplitter } from '../validate/lines.js';
import { captureReadError, lineTooLong, readCaptureLine, readEntries, type CaptureEntry, type CaptureFilter, type ResumePoint, type SkippedLine } from './read.js';
import { MAX_RECORD_BYTES, type CaptureRecord } from './record.js';
import type { Placement } from './store.js';

export interface FollowHandlers {
  /** A record appended, and where its line is. */
  record(record: CaptureRecord, placement: Placement): void;
  /** An appended line that is not a whole record, left out. */
  skipped(line: SkippedLine): void;
  /** Why the file is no longer followed (cut short, replaced, moved away, deleted, unreadable). */
  stopped(why: string): void;
}

export interface FileFollower {
  /** The file's records from its start, as readEntries gives them (its errors too), read from the file as opened. */
  read(filter: CaptureFilter): AsyncGenerator<CaptureEntry>;
  /** Reads on from where the first read stopped, checking every `everyMs` (default 250 ms). */
  start(from: ResumePoint, everyMs?: number): void;
  /**
   * Where the lines the page shows end (it holds the file up to there): during the first read, the
   * line of the last record read; then the last whole line read.
   */
  end(): number;
  /** The file as opened (it stays the one read, whatever is later put at its path). */
  readonly handle: FileHandle;
  close(): Promise<void>;
}

// whk's choice: a quarter of a second is as soon as a reader of the page notices, and a stat of the
// file four times a second costs nothing.
const EVERY_MS = 250;
const CHUNK_BYTES = 1024 * 1024;
const NOTHING = Buffer.alloc(0);

/**
 * Opens `file` to read and follow it; one that cannot be opened is an InputError in the first read's
 * words. Through a symbolic link too: it is only read (whk writes no secret through one, open-file.ts).
 */
export async function openFollower(file: string, on: FollowHandlers): Promise<FileFollower> {
  // O_NONBLOCK: a FIFO put at the path after the caller refused one would wait for a writer for ever.
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK).catch((error: unknown) => {
    throw captureReadError(file, error);
  });
  const opened = await handle.stat();
  let position = 0;
  let splitter: LineSplitter | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  // The end of the last line shown (after its newline): the page holds the file up to there.
  let ended = 0;
  const stop = (why: string): void => {
    clearInterval(timer);
    timer = undefined;
    if (!closed) on.stopped(why);
  };
  // Each line as the first read takes it: the splitter numbers and places it as the file's.
  const take = (lines: Line[]): void => {
    for (const line of lines) {
      if (line.text.trim() === '') continue;
      const read = readCaptureLine(line);
      if ('record' in read) on.record(read.record, { offset: line.offset, bytes: line.bytes });
      else on.skipped(read.skipped);
    }
  };
  const check = async (): Promise<void> => {
    const now = await stat(file).catch(() => undefined);
    // Nothing at the path, and no new file there to read yet.
    if (!now) return stop(`'${file}' ${goneFromPath((await handle.stat()).nlink, opened.nlink)}: the page keeps showing the records it read and no longer follows the file`);
    if (now.ino !== opened.ino || now.dev !== opened.dev) return stop(`'${file}' was replaced: the page keeps showing the file it read; start whk inspect again to read the new one`);
    const { size } = await handle.stat();
    // Less than was read (the unended tail too): what follows could not be told from what was.
    if (size < position) return stop(`'${file}' was cut short (to ${formatBytes(size)}, below the ${formatBytes(ended)} read): the page keeps showing the records it read; start whk inspect again to read it anew`);
    while (position < size && !closed) {
      // A buffer each time: the splitter keeps a line's unended tail as it is given.
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, size - position));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0 || closed) break;
      const chunk = buffer.subarray(0, bytesRead);
      const newline = chunk.lastIndexOf(10);
      if (newline !== -1) ended = position + newline + 1;
      position += bytesRead;
      take(splitter!.push(chunk));
    }
    // A line that passed the limit in what was read is said now, not once more is appended: the
    // splitter holds its error for the next push, and an empty one throws it.
    splitter!.push(NOTHING);
  };
  return {
    handle,
    async *read(filter) {
      for await (const entry of readEntries(file, filter, handle.createReadStream({ start: 0, autoClose: false }), true)) {
        // A download asked for while the file loads is of the records listed so far.
        ended = entry.end;
        yield entry;
      }
    },
    start(from, everyMs = EVERY_MS) {
      position = from.offset;
      ended = from.offset;
      splitter = createLineSplitter({ maxLineBytes: MAX_RECORD_BYTES, after: from });
      let busy = false;
      timer = setInterval(() => {
        if (busy) return;
        busy = true;
        check()
          .catch((error: unknown) => stop(error instanceof LineTooLongError ? `${lineTooLong(file, error.line)}: the page no longer follows the file` : `cannot read '${file}' on (${readFailure(error)}): the page no longer follows the file`))
          .finally(() => (busy = false));
      }, everyMs);
      timer.unref();
    },
    end: () => ended,
    async close() {
      closed = true;
      clearInterval(timer);
      timer = undefined;
      await handle.close();
    },
  };
}

/**
 * What became of a file its path no longer names, told by its count of names (links) now and when it
 * was opened: none left, deleted; one fewer, this name removed and another left (a hard link); as
 * many, renamed.
 */
function goneFromPath(links: number, linksWhenOpened: number): string {
  if (links === 0) return 'was deleted';
  return links < linksWhenOpened ? 'was deleted at this path (another name of the file is left)' : 'was moved away';
}
