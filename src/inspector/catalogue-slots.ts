// The catalogue's records as slots (catalogue.ts says why, slot-ring.ts how): what a slot holds of
// its record (the record, its line, or its place in the capture file), and the entry made of a slot
// when asked for, which reads a record kept by its line or its place back.
import type { CaptureRecord } from '../capture/record.js';
import { serialize } from '../capture/serialize.js';
import type { LineReader } from '../capture/line-reader.js';
import type { Placement } from '../capture/store.js';
import type { Row } from './wire.js';
import { decodeRow, type RowTuple } from './page/row-wire.js';
import { createRowLog } from './row-log.js';
import { LET_GO, SlotRing } from './slot-ring.js';
import { RecentRecords } from './recent-records.js';

export interface Entry {
  readonly id: number;
  /** The record (for one kept as its line or its place, parsed again; the last few read are cached). */
  readonly record: CaptureRecord;
  readonly row: Row;
  /** The row as JSON (its values in order: page/row-wire.ts), made once: what the page's event stream sends. */
  readonly rowJson: string;
  /** The record's idempotency id, kept beside the row so the indexes never read a kept record. */
  readonly idempotencyId: string | null;
  /** The record's capture line: the one kept as is (not parsed and made again), else made from the record. */
  readonly line: string;
  /** Its line was let go (HELD_LINES_CHARS): the record can no longer be read, its row stays. */
  readonly letGo: boolean;
  /** About how large the record is (its line's characters or bytes, or its body's base64), told without reading it. */
  readonly heldSize: number;
  /** The record as a worker thread reads it (answer-thread.ts): its line's bytes, not parsed here, or the record held whole. */
  heldForWorker(): Promise<HeldRecord>;
}

/** A record posted to a worker thread: its line's bytes (read back from `offset`, checked against the row there), or the record itself. */
export type HeldRecord = { record: CaptureRecord } | { line: Uint8Array; readBack?: { id: number; offset: number; time: string; seq: number | null } };

/** The record a worker reads from what was posted to it, as CatalogueEntry.record reads it here. */
export function recordOfHeld(held: HeldRecord): CaptureRecord {
  if ('record' in held) return held.record;
  const text = Buffer.from(held.line.buffer, held.line.byteOffset, held.line.byteLength).toString('utf8');
  return withLists(held.readBack ? checkedRecord(text, held.readBack) : (JSON.parse(text) as CaptureRecord));
}

// whk's choice: the capture lines a live session without a capture file holds (it has nowhere to read
// them back from) take at most this many characters, 128 to 256 MiB as V8 keeps a string in one or two
// bytes a character; past it the oldest lines are let go, their rows kept. 50,000 webhooks of 2 KiB fit,
// so only large bodies meet it: held by count alone, 50 of 8 MB took `listen --ui` past a 1 GiB heap.
export const HELD_LINES_CHARS = 128 * 1024 * 1024;

export interface Slots {
  /** Evicts the oldest records until one more fits. */
  makeRoom(): void;
  /** The id the next record pushed gets. */
  nextId(): number;
  /** Keeps a record's row and what it holds of it; returns its entry. */
  push(rowJson: string, seq: number | null, idempotencyId: string | null, held: CaptureRecord | string | Placement): CatalogueEntry;
  has(id: number): boolean;
  get(id: number): CatalogueEntry | undefined;
  /** The entries kept, oldest first. */
  all(): CatalogueEntry[];
  /** The kept rows as one JSON array, oldest first, in UTF-8 (row-log.ts json). */
  rowsJson(): Buffer;
}

/**
 * The kept records in id order, one slot per record in the columns of a ring (slot-ring.ts): where
 * its row starts in the row log, and the record whole, as its line, or as its place in the capture
 * file (two numbers). A live session keeps tens of thousands, and every object kept per record is
 * copied on its way to the old generation, then marked by every full collection, in the process the
 * receiver shares: with a capture file a record costs no object here at all (numbers in typed
 * arrays, its row in the log's bytes), and an entry is a view made when asked for.
 */
export function createSlots(
  retain: number,
  reader: LineReader | undefined,
  evicted: (id: number, seq: number | null, idempotencyId: string | null) => void,
  linesBudget = HELD_LINES_CHARS,
): Slots {
  // The rows' JSON, in a log of bytes (row-log.ts); a slot keeps where its row starts.
  const rows = createRowLog();
  const ring = new SlotRing<CaptureRecord>();
  const recentlyRead = new RecentRecords();
  // The characters of the lines held, and the oldest record that may still hold one (ids only grow).
  let linesChars = 0;
  let oldestLine = ring.oldestId;
  const letGoOfLines = (): void => {
    // The newest line is held whatever its size: it was made for the page, which is about to show it.
    while (linesChars > linesBudget && oldestLine < ring.nextId - 1) {
      const slot = ring.slotOf(oldestLine++) as number;
      const held = ring.helds[slot];
      if (typeof held !== 'string') continue;
      linesChars -= held.length;
      ring.helds[slot] = LET_GO;
      recentlyRead.delete(oldestLine - 1);
    }
  };
  const rowAt = (slot: number): (() => string) => {
    const from = ring.rowStarts[slot] as number;
    const next = ring.after(slot);
    const to = next === undefined ? rows.end : (ring.rowStarts[next] as number);
    return () => rows.text(from, to);
  };
  const entryAt = (id: number, slot: number, rowJson: string | (() => string) = rowAt(slot)): CatalogueEntry => {
    const held = ring.helds[slot] ?? { offset: ring.offsets[slot] as number, bytes: ring.lengths[slot] as number };
    return new CatalogueEntry(id, rowJson, ring.idempotencyIds[slot] ?? null, held, reader, recentlyRead);
  };
  const evictOldest = (): void => {
    const id = ring.oldestId;
    const slot = ring.slotOf(id) as number;
    recentlyRead.delete(id);
    evicted(id, ring.seqAt(slot), ring.idempotencyIds[slot] ?? null);
    const held = ring.helds[slot];
    if (typeof held === 'string') linesChars -= held.length;
    ring.dropOldest();
    oldestLine = Math.max(oldestLine, ring.oldestId);
    const next = ring.slotOf(id + 1);
    rows.dropBefore(next === undefined ? rows.end : (ring.rowStarts[next] as number));
  };
  return {
    makeRoom() {
      while (ring.count >= Math.max(1, retain)) evictOldest();
    },
    nextId: () => ring.nextId,
    push(rowJson, seq, idempotencyId, held) {
      const placement = typeof held !== 'string' && isPlacement(held) ? held : undefined;
      const id = ring.nextId;
      const slot = ring.push(rows.append(rowJson), placement ? null : (held as CaptureRecord | string), placement?.offset ?? 0, placement?.bytes ?? 0, seq, idempotencyId);
      if (typeof held === 'string') {
        linesChars += held.length;
        letGoOfLines();
      }
      return entryAt(id, slot, rowJson);
    },
    has: (id) => ring.slotOf(id) !== undefined,
    get(id) {
      const slot = ring.slotOf(id);
      return slot === undefined ? undefined : entryAt(id, slot);
    },
    all() {
      const entries: CatalogueEntry[] = [];
      for (let id = ring.oldestId; id < ring.nextId; id++) entries.push(entryAt(id, ring.slotOf(id) as number));
      return entries;
    },
    rowsJson: () => rows.json(),
  };
}

const rowOf = (rowJson: string): Row => decodeRow(JSON.parse(rowJson) as RowTuple);

/** One kept record as an entry: made from its slot when asked for, never kept by the catalogue. */
export class CatalogueEntry implements Entry {
  constructor(
    readonly id: number,
    /** The row's JSON, or how to read it from the row log when asked for. */
    private rowText: string | (() => string),
    readonly idempotencyId: string | null,
    private readonly held: CaptureRecord | string | Placement | typeof LET_GO,
    private readonly reader: LineReader | undefined,
    private readonly recentlyRead: RecentRecords,
  ) {}

  /** Holds the parsed record itself (not a line or a place). */
  get whole(): boolean {
    return typeof this.held === 'object' && !isPlacement(this.held);
  }

  get letGo(): boolean {
    return this.held === LET_GO;
  }

  get line(): string {
    return typeof this.held === 'string' ? this.held : serialize(this.record, undefined).line;
  }

  get rowJson(): string {
    if (typeof this.rowText !== 'string') this.rowText = this.rowText();
    return this.rowText;
  }

  get row(): Row {
    return rowOf(this.rowJson);
  }

  get heldSize(): number {
    const held = this.held;
    if (held === LET_GO) return 0;
    if (typeof held === 'string') return held.length;
    return isPlacement(held) ? held.bytes : held.bodyBase64.length;
  }

  async heldForWorker(): Promise<HeldRecord> {
    const held = this.held;
    // Read here, so a record let go throws as `record` does.
    if (held === LET_GO || (typeof held !== 'string' && !isPlacement(held))) return { record: this.record };
    if (typeof held === 'string') return { line: Buffer.from(held) };
    const { row } = this;
    return { line: await (this.reader as LineReader).bytes(held), readBack: { id: this.id, offset: held.offset, time: row.time, seq: row.seq } };
  }

  get record(): CaptureRecord {
    const held = this.held;
    if (held === LET_GO) throw new UnreadableRecord(`request #${this.id} is no longer held: with no capture file to read it back from, the page holds the lines of its newest requests only, up to ${HELD_LINES_CHARS / 1024 / 1024} Mi characters (a capture file keeps them all)`);
    if (typeof held !== 'string' && !isPlacement(held)) return held;
    let record = this.recentlyRead.get(this.id);
    if (record === undefined) {
      record = withLists(typeof held === 'string' ? (JSON.parse(held) as CaptureRecord) : readBack(this.reader as LineReader, held, this.row));
      this.recentlyRead.keep(this.id, record, typeof held === 'string' ? held.length : held.bytes);
    }
    return record;
  }
}

/**
 * The record with the lists the inspector reads, empty when it has none: the capture reader asks
 * only for what a request is re-sent from, so a hand-made or older record may lack them.
 */
export function withLists(record: CaptureRecord): CaptureRecord {
  if (Array.isArray(record.issues) && Array.isArray(record.warnings)) return record;
  return { ...record, issues: Array.isArray(record.issues) ? record.issues : [], warnings: Array.isArray(record.warnings) ? record.warnings : [] };
}

function isPlacement(held: CaptureRecord | Placement): held is Placement {
  return 'offset' in held && !('receivedAt' in held);
}

/** A kept record that can no longer be read (its detail says why): never another shown in its place. */
export class UnreadableRecord extends Error {}

/** The record at its place in the capture file, which must still be the one the row shows. */
function readBack(reader: LineReader, placement: Placement, row: Row): CaptureRecord {
  return checkedRecord(reader.read(placement), { id: row.id, offset: placement.offset, time: row.time, seq: row.seq });
}

function checkedRecord(line: string, expected: { id: number; offset: number; time: string; seq: number | null }): CaptureRecord {
  let record: CaptureRecord | undefined;
  try {
    record = JSON.parse(line) as CaptureRecord;
  } catch {
    record = undefined;
  }
  if (record?.receivedAt !== expected.time || (record.seq ?? null) !== expected.seq) {
    throw new UnreadableRecord(`the capture file changed: request #${expected.id} is no longer at byte ${expected.offset}`);
  }
  return record;
}
