import { describe, expect, it } from 'vitest';
import { SlotRing } from '../../src/inspector/slot-ring.js';

/** What the ring holds, oldest first, read by id through slotOf as the catalogue reads it. */
function contents(ring: SlotRing<{ n: number }>): [number, number, number | null, string | null][] {
  const out: [number, number, number | null, string | null][] = [];
  for (let id = ring.oldestId; id < ring.nextId; id++) {
    const slot = ring.slotOf(id) as number;
    out.push([id, ring.rowStarts[slot] as number, ring.seqAt(slot), ring.idempotencyIds[slot] ?? null]);
  }
  return out;
}

describe('slot ring', () => {
  it('keeps records in id order across wrap-arounds and growth, each slot its own values', () => {
    const ring = new SlotRing<{ n: number }>(4);
    const expected: [number, number, number | null, string | null][] = [];
    let id = 1;
    // Pushes and drops in an uneven rhythm, so the ring grows while wrapped around (the oldest
    // record past the middle of its arrays) as well as while not.
    for (let step = 0; step < 300; step++) {
      const seq = step % 5 === 0 ? null : step * 10;
      const key = step % 3 === 0 ? `key-${step}` : null;
      expect(ring.nextId).toBe(id);
      ring.push(step * 100, step % 2 === 0 ? { n: step } : `line ${step}`, step * 7, step + 1, seq, key);
      expected.push([id++, step * 100, seq, key]);
      if (step % 4 === 3) {
        ring.dropOldest();
        expected.shift();
      }
      if (step % 17 === 0) expect(contents(ring)).toEqual(expected);
    }
    expect(contents(ring)).toEqual(expected);
    expect(ring.count).toBe(expected.length);
  });

  it('walks from a record to the next with `after`, and ends at the newest', () => {
    const ring = new SlotRing<never>(4);
    for (let i = 0; i < 6; i++) ring.push(i, null, 0, 0, i, null);
    ring.dropOldest();
    ring.dropOldest();
    ring.push(6, null, 0, 0, 6, null);
    ring.push(7, null, 0, 0, 7, null);
    const starts: number[] = [];
    for (let slot: number | undefined = ring.slotOf(ring.oldestId); slot !== undefined; slot = ring.after(slot)) starts.push(ring.rowStarts[slot] as number);
    expect(starts).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('answers undefined for ids it does not keep, and lets go of dropped records', () => {
    const ring = new SlotRing<{ n: number }>(2);
    ring.push(0, { n: 1 }, 0, 0, 1, 'a');
    ring.push(1, { n: 2 }, 0, 0, 2, 'b');
    const oldest = ring.slotOf(1) as number;
    ring.dropOldest();
    expect(ring.slotOf(1)).toBeUndefined();
    expect(ring.slotOf(3)).toBeUndefined();
    expect(ring.slotOf(2)).toBeDefined();
    // The dropped slot holds nothing the collector would have to keep.
    expect(ring.helds[oldest]).toBeNull();
    expect(ring.idempotencyIds[oldest]).toBeNull();
  });

  it('does not allocate once it holds what is kept', () => {
    const ring = new SlotRing<never>(4);
    for (let i = 0; i < 8; i++) ring.push(i, null, 0, 0, i, null);
    const columns = (): unknown[] => [ring.rowStarts, ring.offsets, ring.lengths, ring.seqs, ring.helds, ring.idempotencyIds];
    const before = columns();
    for (let i = 8; i < 1000; i++) {
      ring.dropOldest();
      ring.push(i, null, 0, 0, i, null);
    }
    // Every column is the very array it was: none was made again.
    columns().forEach((column, i) => expect(column).toBe(before[i]));
    expect(contents(ring).map(([, start]) => start)).toEqual([992, 993, 994, 995, 996, 997, 998, 999]);
  });
});
