import { describe, expect, it } from 'vitest';
import { Batcher } from '../../src/delivery/batcher.js';
import { BoundedQueue } from '../../src/delivery/queue.js';

describe('the bounded queue', () => {
  it('drops new items when full and hands them back to be counted', () => {
    const queue = new BoundedQueue<number>(3);
    const dropped = [1, 2, 3, 4, 5].map((n) => queue.push(n)).filter((n) => n !== undefined);
    expect(dropped).toEqual([4, 5]);
    expect(queue.items()).toEqual([1, 2, 3]);
    expect(queue.shift()).toBe(1);
  });

  it('requeues at the head in order; what no longer fits is the newest', () => {
    const queue = new BoundedQueue<string>(4);
    queue.push('c');
    queue.push('d');
    queue.push('e');
    expect(queue.requeue(['a', 'b'])).toEqual(['e']);
    expect(queue.items()).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('the batcher (virtual time)', () => {
  it('flushes what accumulated every interval, and nothing when nothing came', () => {
    const batcher = new Batcher<number>(100, 10_000, 0);
    expect(batcher.add([1, 2, 3])).toEqual([]);
    expect(batcher.due(9_999)).toEqual([]);
    expect(batcher.due(10_000)).toEqual([[1, 2, 3]]);
    expect(batcher.due(20_000)).toEqual([]);
    batcher.add([4]);
    expect(batcher.msUntilFlush(25_000)).toBe(5_000);
    expect(batcher.due(30_000)).toEqual([[4]]);
  });

  it('flushes at once at the size cap', () => {
    const batcher = new Batcher<number>(2, 10_000, 0);
    expect(batcher.add([1, 2, 3, 4, 5])).toEqual([[1, 2], [3, 4]]);
    expect(batcher.flush()).toEqual([[5]]);
    expect(batcher.flush()).toEqual([]);
  });

  it('after a stall, one flush catches up instead of a burst', () => {
    const batcher = new Batcher<number>(100, 1000, 0);
    batcher.add([1]);
    expect(batcher.due(5_500)).toEqual([[1]]);
    expect(batcher.msUntilFlush(5_500)).toBe(500);
  });
});
