// The bounded Map the duplicate tracker and the signature verifier's replay memory
// share: at most `capacity` entries, the oldest set going first.
import { describe, expect, it } from 'vitest';
import { setBounded } from '../../src/util/bounded-map.js';

describe('setBounded', () => {
  it('lets the oldest go past the bound, and a key set again keeps its place', () => {
    const map = new Map<string, number>();
    setBounded(map, 'a', 1, 2);
    setBounded(map, 'b', 2, 2);
    setBounded(map, 'a', 3, 2);
    expect([...map]).toEqual([['a', 3], ['b', 2]]);
    setBounded(map, 'c', 4, 2);
    expect([...map]).toEqual([['b', 2], ['c', 4]]);
  });
});
