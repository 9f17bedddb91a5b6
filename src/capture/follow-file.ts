// Follows the records appended to a capture file after it was read (whk inspect while whk listen
// still saves to it), as the receiver's page shows new requests. It reads on from where the first
// read stopped, whole lines only: a line still being written is read once its newline comes. It
// follows the file it opened: one cut short or replaced at its path is said, once, and no longer read.
import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { readFailure } from '../util/file-errors.js';
import { formatBytes } from '../util/units.js';
import { createLineSplitter, LineTooLongError, type Line, type LineSplitter } from '../validate/lines.js';
import { readCaptureLine, type ResumePoint, type SkippedLine } from './read.js';
import { MAX_RECORD_BYTES, type CaptureRecord } from './record.js';
import type { Placement } from './store.js';

export interface FollowHandlers {
  /** A record appended, and where its line is. */
  record(record: CaptureRecord, placement: Placement): void;
  /** An appended line that is not a whole record, left out. */
  skipped(line: SkippedLine): void;
  /** Why the file is no longer followed (cut short, replaced, removed, unreadable). */
  stopped(why: string): void;
}

export interface FileFollower {
  /** Reads on from where the first read stopped, checking every `everyMs` (default 250 ms). */
  start(from: ResumePoint, everyMs?: number): void;
  /** Where the lines read so far end (the page holds the file up to there); undefined before start(). */
  end(): number | undefined;
  /** The file as opened (it stays the one read, whatever is later put at its path). */
  readonly handle: FileHandle;
  close(): Promise<void>;
}

// whk's choice: a quarter of a second is as soon as a reader of the page notices, and a stat of the
// file four times a second costs nothing.
const EVERY_MS = 250;
const CHUNK_BYTES = 1024 * 1024;

/** Opens `file` to follow it; undefined when it cannot be opened for reading. */
export async function openFollower(file: string, on: FollowHandlers): Promise<FileFollower | undefined> {
  const handle = await open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0)).catch(() => undefined);
  if (!handle) return undefined;
  const opened = await handle.stat();
  let position = 0;
  let splitter: LineSplitter | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  // The end of the last whole line (after its newline): the page holds the file up to there.
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
    if (!now || now.ino !== opened.ino || now.dev !== opened.dev) return stop(`'${file}' was ${now ? 'replaced' : 'removed'}: the page keeps showing the file it read; start whk inspect again to read the new one`);
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
  };
  return {
    handle,
    start(from, everyMs = EVERY_MS) {
      position = from.offset;
      ended = from.offset;
      splitter = createLineSplitter({ maxLineBytes: MAX_RECORD_BYTES, after: from });
      let busy = false;
      timer = setInterval(() => {
        if (busy) return;
        busy = true;
        check()
          .catch((error: unknown) => stop(error instanceof LineTooLongError ? `line ${error.line} of '${file}' is longer than ${formatBytes(MAX_RECORD_BYTES)}, so not a capture record: the page no longer follows the file` : `cannot read '${file}' on (${readFailure(error)}): the page no longer follows the file`))
          .finally(() => (busy = false));
      }, everyMs);
      timer.unref();
    },
    end: () => (splitter ? ended : undefined),
    async close() {
      closed = true;
      clearInterval(timer);
      timer = undefined;
      await handle.close();
    },
  };
}
