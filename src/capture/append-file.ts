// The file the capture store appends to, kept the one its path names. A file moved away (logrotate),
// replaced or removed while whk listens still takes writes through the open descriptor, where no
// reader of the path finds them: before each group of lines the path is looked at again, and the
// file now there (or one made anew) is switched to. The file's end is made ready for the next line
// (a torn last line is ended first).
import { closeSync, fstatSync, lstatSync, readSync, writeSync, type Stats } from 'node:fs';
import { openForAppend, refuseOtherFile } from './open-file.js';

/** How the file at the path stopped being the open one. */
export type FileChange = 'removed' | 'moved' | 'replaced';

export interface StoreOptions {
  /**
   * The file ended inside a line (a write cut short: a full disk, a crash mid-write), found on
   * open or after a failed write; `offset` is where the torn line ends. The next record is put
   * on a line of its own. `others`: the line was not whk's (there before it opened the file, or
   * appended by another process), and stood still while whk waited for its end: cut short, or
   * still being written.
   */
  onTornLine?: ((offset: number, others: boolean) => void) | undefined;
  /** The file grew by bytes whk did not write: another process appends to it too. Told once. */
  onOtherWriter?: (() => void) | undefined;
  /**
   * The path no longer names the open file (nothing written to it would be found there): removed or
   * moved (a file is made anew at the path), or replaced (the file now there is appended to). Told
   * before the next lines are written, which go to the file at the path.
   */
  onRemade?: ((change: FileChange) => void) | undefined;
}

export interface AppendFile {
  /**
   * Where the next group's first byte goes: the end of the file at the path (switched to first when
   * it is not the open one), a torn last line ended. Null: the file ends inside another process's
   * line, perhaps still being written; ask again in LOOK_AGAIN_MS (`force`: end it now).
   */
  end(force: boolean): number | null;
  /** Writes all of `data` from `start` (what end() said); undefined when it did, else where it was cut. */
  write(data: Buffer, start: number): WriteCut | undefined;
  /** A write failed: the file may end inside a line. */
  failed(): void;
  /**
   * Places in the file are told: not once another file took over (the reader reads the first one),
   * nor once another process appends too (a place is the file's end before whk's write, which
   * another write may come before).
   */
  readonly placing: boolean;
  close(): void;
}

/** A write that failed, and how many of its bytes went into the file before it did. */
export interface WriteCut {
  written: number;
  error: unknown;
}

const NEWLINE = 0x0a;

// Another process's line at the file's end may be mid-write: its bytes reach the file as the kernel
// copies them, and whk's appended newline would land after the line's end (an empty line, and a
// torn-line warning for a line never torn). No call tells a line being written from one left cut
// short, so whk waits (whk's choice): ended → no newline needed; grown → wait again, at most
// MAX_LOOKS times; still for LOOK_AGAIN_MS → taken as torn and ended with a newline.
export const LOOK_AGAIN_MS = 10;
const MAX_LOOKS = 10;

/** The file at `path` opened to append to (refused when it is no capture file), and its stat. */
function openChecked(path: string): { fd: number; readable: boolean; opened: Stats } {
  const { fd, readable } = openForAppend(path);
  if (readable) refuseOtherFile(fd, path);
  return { fd, readable, opened: fstatSync(fd) };
}

export function openAppendFile(path: string, options: StoreOptions): AppendFile {
  // `opened`: the open file, as the path must still name it (dev and ino: one descriptor's never change).
  let { fd, readable, opened } = openChecked(path);
  // Does the file perhaps end inside a line? Checked on open, after any failed write, and when the
  // file's length is not where whk's last write left it (truncated, or appended to by another hand).
  let mayBeTorn = readable;
  // Whether the bytes it may end inside are another's (there before whk opened the file, or appended
  // since by another hand) rather than whk's own write cut short.
  let othersBytes = true;
  let knownEnd = opened.size;
  let remade = false;
  let shared = false;
  // The file's size when seen to end inside another's line, and how many looks in a row saw so.
  let seenTornAt: number | null = null;
  let looks = 0;

  /** Whether to wait for the end of another's line the file ends inside, at `size`; false once it stood still. */
  const waitFor = (size: number): boolean => {
    if (size !== seenTornAt && looks < MAX_LOOKS) {
      seenTornAt = size;
      looks++;
      return true;
    }
    seenTornAt = null;
    looks = 0;
    return false;
  };

  // A failure to open the file now at the path fails the write (the request is answered 500).
  const switchTo = (change: FileChange): Stats => {
    const next = openChecked(path);
    closeSync(fd);
    ({ fd, readable, opened } = next);
    knownEnd = opened.size;
    mayBeTorn = readable;
    othersBytes = true;
    remade = true;
    options.onRemade?.(change);
    return opened;
  };

  // One lstat per group, in place of the fstat it replaced: the path is looked at, not the descriptor.
  const atPath = (): Stats => {
    let stat: Stats | undefined;
    try {
      stat = lstatSync(path, { throwIfNoEntry: false });
    } catch {
      // The path cannot be looked at (a directory made unsearchable): the open file is all there is.
      return fstatSync(fd);
    }
    // A name fewer than at open is this one removed (another may be left: a hard link); as many, renamed.
    if (stat === undefined) return switchTo(fstatSync(fd).nlink < opened.nlink ? 'removed' : 'moved');
    return stat.ino === opened.ino && stat.dev === opened.dev ? stat : switchTo('replaced');
  };

  // whk's own write failed: the line the file may end inside is whk's, ended at once.
  const failed = (): void => {
    mayBeTorn = readable;
    othersBytes = false;
  };

  return {
    end(force) {
      const stat = atPath();
      if (stat.size !== knownEnd && stat.isFile()) {
        mayBeTorn = readable;
        othersBytes = stat.size > knownEnd;
        if (othersBytes && !shared) {
          shared = true;
          options.onOtherWriter?.();
        }
      }
      if (!mayBeTorn) return stat.size;
      const torn = tornLineEnd(fd, stat);
      if (torn !== null && othersBytes && !force && waitFor(stat.size)) return null;
      mayBeTorn = false;
      seenTornAt = null;
      looks = 0;
      return torn === null ? stat.size : endTornLine(fd, torn, othersBytes, options.onTornLine);
    },
    write(data, start) {
      const cut = writeAll(fd, data);
      knownEnd = start + data.length;
      // Part of the group may be in the file: what comes next must not be appended onto it.
      if (cut) failed();
      return cut;
    },
    failed,
    get placing() {
      return !remade && !shared;
    },
    close() {
      closeSync(fd);
    },
  };
}

/** The file's length once its torn last line, ending at `offset` (its size), is ended; told where. */
function endTornLine(fd: number, offset: number, others: boolean, onTornLine: StoreOptions['onTornLine']): number {
  const cut = writeAll(fd, Buffer.from('\n'));
  if (cut) throw cut.error;
  onTornLine?.(offset, others);
  return offset + 1;
}

/** Where a torn last line ends (the file's size), or null when the file is empty or ends a line. */
function tornLineEnd(fd: number, stat: Stats): number | null {
  if (!stat.isFile() || stat.size === 0) return null;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, stat.size - 1);
  return last[0] === NEWLINE ? null : stat.size;
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
