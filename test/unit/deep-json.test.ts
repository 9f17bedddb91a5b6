// JSON text at any depth: the same text as JSON.stringify where that works, and text where it
// would overflow the stack (a sender's '[' × 5000).
import { describe, expect, it } from 'vitest';
import { isStackOverflow, stringifyDeep, toJson } from '../../src/util/deep-json.js';

const nested = (depth: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
};

describe('stringifyDeep', () => {
  it('writes what JSON.stringify writes', () => {
    const values: unknown[] = [
      null, true, 0, -1.5, 1e300, Number.NaN, Infinity, '', 'a"\\\n\u2028\u007f', [], {}, [1, 'x', null],
      { b: 1, a: [true, { c: 'd' }], u: undefined, f: () => 1, s: Symbol('s') },
      [undefined, () => 1, Symbol('s')],
      [1, , 3],
      { date: new Date(Date.UTC(2026, 0, 5)), boxed: [new String('s'), new Number(2), new Boolean(false)] },
      { toJSON: (key: string) => ({ key }) },
      { nested: { toJSON: (key: string) => `at ${key}` } },
      { '__proto__': 1, '': 2, 'é': 3 },
      nested(50),
    ];
    for (const value of values) expect(stringifyDeep(value)).toBe(JSON.stringify(value));
    expect(stringifyDeep(undefined)).toBeUndefined();
  });

  it('sorts keys at every depth when asked, so key order does not change the text', () => {
    expect(stringifyDeep({ b: { d: 1, c: 2 }, a: [{ z: 1, y: 2 }] }, { sortKeys: true })).toBe('{"a":[{"y":2,"z":1}],"b":{"c":2,"d":1}}');
  });

  it('writes values nested far deeper than JSON.stringify can go', () => {
    const deep = nested(200_000);
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    const text = stringifyDeep(deep) ?? '';
    expect(text.startsWith('{"a":[{"a":[')).toBe(true);
    expect(text).toHaveLength(200_000 / 2 * ('{"a":'.length + 1) + 200_000 / 2 * 2 + 1);
    const array = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;
    expect(stringifyDeep(array)).toBe('['.repeat(100_000) + ']'.repeat(100_000));
  });
});

describe('toJson', () => {
  it('is JSON.stringify, falling back to the deep walk only when the stack runs out', () => {
    expect(toJson({ a: [1] })).toBe('{"a":[1]}');
    expect(toJson(JSON.parse('['.repeat(50_000) + ']'.repeat(50_000)))).toHaveLength(100_000);
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    expect(() => toJson(cycle)).toThrow(TypeError);
    expect(() => toJson({ n: 1n })).toThrow(TypeError);
  });

  it('tells a stack overflow from other errors', () => {
    expect(isStackOverflow(new RangeError('Maximum call stack size exceeded'))).toBe(true);
    expect(isStackOverflow(new RangeError('Invalid string length'))).toBe(false);
    expect(isStackOverflow(new Error('Maximum call stack size exceeded'))).toBe(false);
  });
});
