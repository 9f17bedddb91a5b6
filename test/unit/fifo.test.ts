// The first-in, first-out list the receiver's kept records, a paused stream's queue and the page's
// idempotency links use: the same items and order as an array's push and shift, at any length.
import { describe, expect, it } from 'vitest';
import { Fifo } from '../../src/util/fifo.js';
import { BoundedQueue } from '../../src/delivery/queue.js';

describe('Fifo', () => {
  it('gives back what an array would, through many pushes and shifts (past its compaction)', () => {
    const fifo = new Fifo<number>();
    const model: number[] = [];
    let next = 0;
    // Grows to a few thousand, then drains in steps: the emptied head is dropped more than once.
    for (let round = 0; round < 40; round++) {
      const pushes = round < 20 ? 400 : 50;
      for (let i = 0; i < pushes; i++) {
        fifo.push(next);
        model.push(next++);
      }
      for (let i = 0; i < 250; i++) expect(fifo.shift()).toBe(model.shift());
      expect(fifo.length).toBe(model.length);
      expect(fifo.first()).toBe(model[0]);
      if (round % 7 === 0) expect(fifo.items()).toEqual(model);
    }
    expect(fifo.items()).toEqual(model);
  });

  it('is empty when everything was taken out: shift and first give undefined', () => {
    const fifo = new Fifo<string>();
    fifo.push('a');
    fifo.push('b');
    expect(fifo.shift()).toBe('a');
    expect(fifo.items()).toEqual(['b']);
    expect(fifo.shift()).toBe('b');
    expect(fifo.shift()).toBeUndefined();
    expect(fifo.first()).toBeUndefined();
    expect(fifo.length).toBe(0);
    expect(fifo.items()).toEqual([]);
    fifo.push('c');
    expect(fifo.items()).toEqual(['c']);
  });

  it('keeps the last N, as the receiver keeps its records: 5,000 items through a window of 1,500', () => {
    const fifo = new Fifo<{ seq: number }>(1_500);
    for (let seq = 1; seq <= 5_000; seq++) {
      fifo.push({ seq });
      expect(fifo.length).toBe(Math.min(seq, 1_500));
    }
    expect(fifo.items().map((record) => record.seq)).toEqual(Array.from({ length: 1_500 }, (_, i) => 3_501 + i));
  });

  it('keeps nothing with a limit of 0 (whk listen keeps no records: the page and the file hold them)', () => {
    const fifo = new Fifo<number>(0);
    fifo.push(1);
    expect(fifo.length).toBe(0);
    expect(fifo.items()).toEqual([]);
  });
});

describe('the bounded queue, drained past its compaction', () => {
  it('hands batches back in the order they came, and requeues at the head', () => {
    const queue = new BoundedQueue<number>(5_000);
    for (let i = 0; i < 5_000; i++) queue.push(i);
    for (let i = 0; i < 3_000; i++) expect(queue.shift()).toBe(i);
    expect(queue.requeue([-2, -1])).toEqual([]);
    expect(queue.items().slice(0, 3)).toEqual([-2, -1, 3_000]);
    expect(queue.length).toBe(2_002);
    expect(queue.items().at(-1)).toBe(4_999);
  });
});
