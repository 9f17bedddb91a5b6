// setOwn (src/util/set-own.ts): a key from data is an own entry of the object, whatever its name.
import { describe, expect, it } from 'vitest';
import { setOwn } from '../../src/util/set-own.js';

describe('setOwn', () => {
  it('keeps a key named __proto__ as data, the prototype untouched', () => {
    const target: Record<string, unknown> = {};
    setOwn(target, '__proto__', { polluted: true });
    setOwn(target, 'constructor', 'a header');
    setOwn(target, 'plain', 1);
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect((target as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.keys(target)).toEqual(['__proto__', 'constructor', 'plain']);
    expect(JSON.stringify(target)).toBe('{"__proto__":{"polluted":true},"constructor":"a header","plain":1}');
  });

  it('sets a key again in its place', () => {
    const target: Record<string, number> = {};
    setOwn(target, '__proto__', 1);
    setOwn(target, 'a', 2);
    setOwn(target, '__proto__', 3);
    setOwn(target, 'a', 4);
    expect(Object.entries(target)).toEqual([['__proto__', 3], ['a', 4]]);
  });
});
