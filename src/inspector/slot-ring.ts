// The catalogue's columns: one slot per kept record, oldest to newest, in a ring of arrays that are
// reused. A live session keeps its newest 50,000: as plain arrays pushed at the end and cut at the
// front, each 50,000 records grew six arrays to twice that (fresh memory each time, which this
// machine's page faults make dear) and copied them back (by hand, a catalogue alone taking 200,000
// records: 1.07 µs a record then, 0.89 with the ring). The ring doubles until it holds what is kept,
// then never allocates again. Numbers are kept in typed arrays, which the collector never walks.

/** What a slot holds in place of a capture line let go (catalogue-slots.ts says when): nothing of the record. */
export const LET_GO = Symbol('line let go');

/** What a slot holds of its record: the record itself, its capture line, null (kept by its place in the file), or LET_GO. */
export type Held<R> = R | string | null | typeof LET_GO;

export class SlotRing<R> {
  /** Where each record's row starts in the row log (row-log.ts). */
  rowStarts: Float64Array;
  /** Where each record's line is in the capture file, and its length (for one kept by its place). */
  offsets: Float64Array;
  lengths: Float64Array;
  /** Each record's seq; NaN for none. */
  seqs: Float64Array;
  helds: Held<R>[];
  idempotencyIds: (string | null)[];
  /** The slot of the oldest record kept, and its id (ids are consecutive). */
  private first = 0;
  private firstId = 1;
  private kept = 0;

  constructor(initialCapacity = 1024) {
    this.rowStarts = new Float64Array(initialCapacity);
    this.offsets = new Float64Array(initialCapacity);
    this.lengths = new Float64Array(initialCapacity);
    this.seqs = new Float64Array(initialCapacity);
    this.helds = new Array<Held<R>>(initialCapacity).fill(null);
    this.idempotencyIds = new Array<string | null>(initialCapacity).fill(null);
  }

  get count(): number {
    return this.kept;
  }

  /** The id of the oldest record kept (of the next one pushed, when none is). */
  get oldestId(): number {
    return this.firstId;
  }

  /** The id the next record pushed gets. */
  get nextId(): number {
    return this.firstId + this.kept;
  }

  /** The slot of record `id`, or undefined when it is not kept. */
  slotOf(id: number): number | undefined {
    const age = id - this.firstId;
    return age >= 0 && age < this.kept ? (this.first + age) % this.rowStarts.length : undefined;
  }

  /** The slot of the record after the one in `slot`, or undefined for the newest. */
  after(slot: number): number | undefined {
    const next = (slot + 1) % this.rowStarts.length;
    return next === (this.first + this.kept) % this.rowStarts.length ? undefined : next;
  }

  /** Keeps a new record (the ring doubles when it is full); returns its slot. */
  push(rowStart: number, held: Held<R>, offset: number, length: number, seq: number | null, idempotencyId: string | null): number {
    if (this.kept === this.rowStarts.length) this.grow();
    const slot = (this.first + this.kept) % this.rowStarts.length;
    this.rowStarts[slot] = rowStart;
    this.helds[slot] = held;
    this.offsets[slot] = offset;
    this.lengths[slot] = length;
    this.seqs[slot] = seq ?? Number.NaN;
    this.idempotencyIds[slot] = idempotencyId;
    this.kept++;
    return slot;
  }

  /** Forgets the oldest record; its objects go, so the collector can free them. */
  dropOldest(): void {
    if (this.kept === 0) return;
    this.helds[this.first] = null;
    this.idempotencyIds[this.first] = null;
    this.first = (this.first + 1) % this.rowStarts.length;
    this.firstId++;
    this.kept--;
  }

  /** The seq of the record in `slot`, or null. */
  seqAt(slot: number): number | null {
    const seq = this.seqs[slot] as number;
    return Number.isNaN(seq) ? null : seq;
  }

  /** Twice the room, the kept slots moved to its start in order. */
  private grow(): void {
    const capacity = this.rowStarts.length;
    const order = (from: number): number => (this.first + from) % capacity;
    const moved = <A extends Float64Array | unknown[]>(old: A, fresh: A): A => {
      for (let i = 0; i < this.kept; i++) fresh[i] = old[order(i)] as never;
      return fresh;
    };
    this.rowStarts = moved(this.rowStarts, new Float64Array(capacity * 2));
    this.offsets = moved(this.offsets, new Float64Array(capacity * 2));
    this.lengths = moved(this.lengths, new Float64Array(capacity * 2));
    this.seqs = moved(this.seqs, new Float64Array(capacity * 2));
    this.helds = moved(this.helds, new Array<Held<R>>(capacity * 2).fill(null));
    this.idempotencyIds = moved(this.idempotencyIds, new Array<string | null>(capacity * 2).fill(null));
    this.first = 0;
  }
}
