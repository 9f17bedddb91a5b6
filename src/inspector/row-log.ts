// The rows' JSON of the records the inspector keeps, one after another in one buffer of UTF-8 bytes
// (each row followed by a comma), not one string each. A live session keeps tens of thousands: as
// strings, every one was copied twice on its way to the old generation and marked by every full
// collection, in the process the receiver answers senders from (by hand, /proc CPU: ~3 µs a request
// at 50,000 rows). Rows are added newest last and dropped oldest first, so the kept bytes are one run.
// Offsets are absolute (they only grow), so a row's place stays valid when the bytes are moved.

export interface RowLog {
  /** Appends a row; returns where it starts (its end is where the next starts, or `end`). */
  append(rowJson: string): number;
  /** The row between two offsets (`to`: where the next row starts, or `end`). */
  text(from: number, to: number): string;
  /** Forgets the bytes before `offset` (the rows dropped): their room is reused. */
  dropBefore(offset: number): void;
  /** Where the next row will start. */
  readonly end: number;
  /**
   * The rows kept, as one JSON array in UTF-8: a copy of the bytes, never decoded. Read as a string,
   * an answer of 10,000 rows cost the page ~11 ms of CPU a request (by hand), decoded then encoded
   * again; copied, ~0.3 ms. A copy, since the log's own bytes move under an answer still being written.
   */
  json(): Buffer;
}

const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
// A UTF-16 code unit takes at most 3 bytes of UTF-8 (a surrogate pair, two units, takes 4).
const MAX_BYTES_PER_UNIT = 3;

// A session's first thousands of rows fit without a move (a megabyte is little beside the receiver).
const INITIAL_BYTES = 1024 * 1024;

export function createRowLog(initialBytes = INITIAL_BYTES): RowLog {
  let bytes = Buffer.allocUnsafe(initialBytes);
  /** The absolute offset of bytes[0]. */
  let base = 0;
  /** The absolute offset of the oldest byte kept. */
  let start = 0;
  let end = 0;
  /** Room for `needed` more bytes: the kept run moved to the front, into a larger buffer when it must. */
  const makeRoom = (needed: number): void => {
    if (end - base + needed <= bytes.length) return;
    const kept = end - start;
    // Grown by half at least once what it must hold passes three quarters of it: a move then comes only
    // after a quarter of the buffer has been appended, few allocations take it to a session's size
    // (started at 64 kB and grown less, it cost the open page 7% more instructions a request in the
    // first 15,000), and it holds at most twice the rows kept.
    const size = kept + needed > bytes.length * 0.75 ? Math.ceil(Math.max(bytes.length, kept + needed) * 1.5) : bytes.length;
    if (size === bytes.length) bytes.copyWithin(0, start - base, end - base);
    else {
      const larger = Buffer.allocUnsafe(size);
      bytes.copy(larger, 0, start - base, end - base);
      bytes = larger;
    }
    base = start;
  };
  return {
    append(rowJson) {
      makeRoom(rowJson.length * MAX_BYTES_PER_UNIT + 1);
      const at = end;
      const written = bytes.write(rowJson, end - base, 'utf8');
      bytes[end - base + written] = COMMA;
      end += written + 1;
      return at;
    },
    text(from, to) {
      // A dropped row's bytes may already hold newer rows: never read as if they were still its own.
      if (from < start) throw new Error('that row is no longer kept');
      return bytes.toString('utf8', from - base, to - base - 1);
    },
    dropBefore(offset) {
      start = Math.min(Math.max(start, offset), end);
    },
    get end() {
      return end;
    },
    json() {
      if (end === start) return Buffer.from('[]');
      // The kept run without its last comma, between brackets.
      const json = Buffer.allocUnsafe(end - start + 1);
      json[0] = OPEN_BRACKET;
      bytes.copy(json, 1, start - base, end - base - 1);
      json[json.length - 1] = CLOSE_BRACKET;
      return json;
    },
  };
}
