// The list the receiver's watches and the sender's abort hooks keep their entries in: values in the
// order added, each removed once through its node, in any order.
import { describe, expect, it } from 'vitest';
import { LinkedList } from '../../src/util/linked-list.js';

describe('LinkedList', () => {
  it('lists values in the order added, and leaves out each removed, first, middle or last', () => {
    const list = new LinkedList<string>();
    expect(list.values()).toEqual([]);
    const nodes = ['a', 'b', 'c', 'd', 'e'].map((value) => list.add(value));
    expect(list.values()).toEqual(['a', 'b', 'c', 'd', 'e']);
    list.remove(nodes[2]!);
    expect(list.values()).toEqual(['a', 'b', 'd', 'e']);
    list.remove(nodes[0]!);
    list.remove(nodes[4]!);
    expect(list.values()).toEqual(['b', 'd']);
    list.add('f');
    expect(list.values()).toEqual(['b', 'd', 'f']);
  });

  it('takes a node removed twice as once, and lets go of its value', () => {
    const list = new LinkedList<{ id: number }>();
    const first = list.add({ id: 1 });
    list.add({ id: 2 });
    list.remove(first);
    list.remove(first);
    expect(list.values()).toEqual([{ id: 2 }]);
    expect(first.value).toBeNull();
  });

  it('tells whether a node has another after it', () => {
    const list = new LinkedList<number>();
    const one = list.add(1);
    expect(list.hasAfter(one)).toBe(false);
    const two = list.add(2);
    expect(list.hasAfter(one)).toBe(true);
    expect(list.hasAfter(two)).toBe(false);
    list.remove(two);
    expect(list.hasAfter(one)).toBe(false);
    list.remove(one);
    expect(list.hasAfter(one)).toBe(false);
    expect(list.values()).toEqual([]);
  });

  it('gives a copy of its values: a caller may remove nodes while it goes through them', () => {
    const list = new LinkedList<number>();
    const nodes = [1, 2, 3].map((value) => list.add(value));
    const seen: number[] = [];
    for (const value of list.values()) {
      seen.push(value);
      for (const node of nodes) list.remove(node);
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(list.values()).toEqual([]);
  });
});
