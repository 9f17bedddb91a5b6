// The kept records the page read last, so its detail, curl and diff of one record parse it once.
// Bounded by the size of their lines as well as by count: a record can be a line of up to 256 MiB
// (`--max-body 100mb`, the body held twice), and sixteen of those held by count alone are gigabytes.
import type { CaptureRecord } from '../capture/record.js';

const RECENT_RECORDS = 16;
// whk's choice: 32 Mi characters of lines, a few records with bodies of megabytes; a record whose line
// is longer is parsed each time it is asked for (its detail reads it once; curl and diff again).
export const RECENT_CHARS = 32 * 1024 * 1024;

export class RecentRecords {
  private readonly kept = new Map<number, { record: CaptureRecord; chars: number }>();
  private chars = 0;

  constructor(
    private readonly count = RECENT_RECORDS,
    private readonly charsBudget = RECENT_CHARS,
  ) {}

  get(id: number): CaptureRecord | undefined {
    return this.kept.get(id)?.record;
  }

  /** Keeps a record read from a line of `chars` characters (or bytes), letting the oldest go past either bound. */
  keep(id: number, record: CaptureRecord, chars: number): void {
    this.delete(id);
    if (chars > this.charsBudget) return;
    this.kept.set(id, { record, chars });
    this.chars += chars;
    for (const oldest of this.kept.keys()) {
      if (this.kept.size <= this.count && this.chars <= this.charsBudget) break;
      this.delete(oldest);
    }
  }

  delete(id: number): void {
    const held = this.kept.get(id);
    if (held === undefined) return;
    this.kept.delete(id);
    this.chars -= held.chars;
  }
}
