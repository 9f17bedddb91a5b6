// deepFreeze: what the API's listener hands out cannot be changed by its caller, however deep.
import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../src/util/deep-freeze.js';

describe('deepFreeze', () => {
  it('freezes every object and array a value holds, 100,000 levels down without recursion', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}{"a":1}${']'.repeat(100_000)}`) as unknown;
    deepFreeze(deep);
    let level: unknown = deep;
    for (let i = 0; i < 100_000; i++) {
      expect(Object.isFrozen(level)).toBe(true);
      level = (level as unknown[])[0];
    }
    expect(Object.isFrozen(level)).toBe(true);
    expect(() => Object.assign(level as object, { a: 2 })).toThrow(TypeError);
  });

  it('leaves bytes as they are (freezing a Buffer with elements throws) and returns its argument', () => {
    const value = { bytes: Buffer.from('ab'), list: [{ x: 1 }] };
    expect(deepFreeze(value)).toBe(value);
    expect([Object.isFrozen(value), Object.isFrozen(value.list), Object.isFrozen(value.list[0])]).toEqual([true, true, true]);
    expect(Object.isFrozen(value.bytes)).toBe(false);
  });
});
