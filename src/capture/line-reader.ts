// Reads one capture line back from where the store wrote it (its Placement), so a long live
// session can keep the place of each record instead of the record itself.
import { closeSync, constants, openSync, read, readSync } from 'node:fs';
import { promisify } from 'node:util';
import type { Placement } from './store.js';

const readLater = promisify(read);

export interface LineReader {
  /** The line's text as written (without its newline). */
  read(placement: Placement): string;
  /** The line's bytes, not decoded, read without holding the thread: a worker decodes and parses them (inspector/answer-thread.ts). */
  bytes(placement: Placement): Promise<Buffer>;
  close(): void;
}

/** A reader of the capture file, or undefined when it cannot be opened for reading (append-only). */
export function openLineReader(path: string): LineReader | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch {
    return undefined;
  }
  const reader = lineReaderOn(fd);
  let open = true;
  return {
    read: reader.read,
    bytes: reader.bytes,
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

/**
 * A reader of a file already open (whk inspect's, which it read and follows), so the lines read back
 * are of that file whatever is at its path now; closing it leaves the file to its owner.
 */
export function lineReaderOn(fd: number): LineReader {
  return {
    read({ offset, bytes }) {
      const buffer = Buffer.allocUnsafe(bytes);
      let got = 0;
      while (got < bytes) {
        const n = readSync(fd, buffer, got, bytes - got, offset + got);
        if (n === 0) break;
        got += n;
      }
      return buffer.toString('utf8', 0, got);
    },
    async bytes({ offset, bytes }) {
      const buffer = Buffer.allocUnsafe(bytes);
      let got = 0;
      while (got < bytes) {
        const { bytesRead } = await readLater(fd, buffer, got, bytes - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return buffer.subarray(0, got);
    },
    close() {},
  };
}
