import { describe, expect, it } from 'vitest';
import { readAhead } from '../../src/delivery/read-ahead.js';

/** An iterator over `items` that records when each is taken, and throws at `failAt` when given. */
function counted(items: number, failAt?: number): { iterator: Iterator<number>; taken: () => number } {
  let taken = 0;
  function* source(): Generator<number> {
    for (let i = 0; i < items; i++) {
      if (i === failAt) throw new Error(`planning ${i} failed`);
      taken++;
      yield i;
    }
  }
  return { iterator: source(), taken: () => taken };
}

const drain = (ahead: Iterator<number, undefined>): number[] => {
  const out: number[] = [];
  for (let step = ahead.next(); !step.done; step = ahead.next()) out.push(step.value);
  return out;
};

describe('read ahead', () => {
  it('takes `size` items at a time, back to back, and hands them out one by one in order', () => {
    const { iterator, taken } = counted(10);
    const ahead = readAhead(iterator, 4);
    expect(ahead.next()).toEqual({ done: false, value: 0 });
    expect(taken()).toBe(4);
    expect([ahead.next().value, ahead.next().value, ahead.next().value]).toEqual([1, 2, 3]);
    expect(taken()).toBe(4);
    expect(ahead.next().value).toBe(4);
    expect(taken()).toBe(8);
    expect(drain(ahead)).toEqual([5, 6, 7, 8, 9]);
    expect(ahead.next()).toEqual({ done: true, value: undefined });
  });

  it('with size 1 takes each item only when it is asked for', () => {
    const { iterator, taken } = counted(3);
    const ahead = readAhead(iterator, 1);
    expect(taken()).toBe(0);
    expect(ahead.next().value).toBe(0);
    expect(taken()).toBe(1);
    expect(ahead.next().value).toBe(1);
    expect(taken()).toBe(2);
  });

  it("hands out the items taken before the iterator's error, then throws it, then is done", () => {
    const ahead = readAhead(counted(10, 6).iterator, 4);
    expect([0, 1, 2, 3, 4, 5].map(() => ahead.next().value)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(() => ahead.next()).toThrow('planning 6 failed');
    expect(ahead.next()).toEqual({ done: true, value: undefined });
  });

  it('throws an error of the first item at once', () => {
    const ahead = readAhead(counted(5, 0).iterator, 8);
    expect(() => ahead.next()).toThrow('planning 0 failed');
  });
});
