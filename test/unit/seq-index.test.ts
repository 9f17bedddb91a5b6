import { describe, expect, it } from 'vitest';
import { createSeqIndex } from '../../src/inspector/seq-index.js';

describe('seq index', () => {
  it('finds the id of a seq in a live run, and forgets the oldest as it is evicted', () => {
    const index = createSeqIndex();
    for (let k = 0; k < 1000; k++) index.add(1 + k, 11 + k);
    expect(index.get(1)).toBe(11);
    expect(index.get(1000)).toBe(1010);
    expect(index.get(1001)).toBeUndefined();
    index.forget(1, 11);
    expect(index.get(1)).toBeUndefined();
    expect(index.get(2)).toBe(12);
  });

  it('gives the latest holder of a seq when sessions number from 1 again, and the earlier once that is gone', () => {
    const index = createSeqIndex();
    // Two sessions of a file (seqs 1..3 twice), a record without a seq (id 4) between them.
    [1, 2, 3].forEach((seq, k) => index.add(seq, 1 + k));
    [1, 2, 3].forEach((seq, k) => index.add(seq, 5 + k));
    expect(index.get(2)).toBe(6);
    for (const [seq, id] of [[1, 1], [2, 2], [3, 3]] as const) index.forget(seq, id);
    expect(index.get(2)).toBe(6);
    index.forget(1, 5);
    expect(index.get(1)).toBeUndefined();
  });

  it('answers the same past many runs (seqs that do not follow on) as a map of every record would', () => {
    const index = createSeqIndex();
    const expected = new Map<number, number>();
    let id = 0;
    // A live run first (kept whole when the index changes to a map), then seqs in a scattered order, repeats among them: far more runs than it keeps as runs.
    for (let seq = 1000; seq < 1100; seq++) {
      index.add(seq, ++id);
      expected.set(seq, id);
    }
    for (let k = 0; k < 500; k++) {
      const seq = (k * 37) % 101;
      index.add(seq, ++id);
      expected.set(seq, id);
    }
    for (let seq = 0; seq < 1100; seq++) expect(index.get(seq)).toBe(expected.get(seq));
    // Evicting the oldest first: their seqs are gone; a seq held again later keeps its later holder.
    for (let k = 0; k < 100; k++) index.forget(1000 + k, 1 + k);
    expect(index.get(1000)).toBeUndefined();
    expect(index.get(1099)).toBeUndefined();
    index.forget(0, 101);
    expect(index.get(0)).toBe(expected.get(0));
  });
});
