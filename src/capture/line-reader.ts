// Reads one capture line back from where the store wrote it (its Placement), so a long live
// session can keep the place of each record instead of the record itself.
import { closeSync, constants, openSync, readSync } from 'node:fs';
import type { Placement } from './store.js';

export interface LineReader {
  /** The line's text as written (without its newline). */
  read(placement: Placement): string;
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
    close() {},
  };
}
