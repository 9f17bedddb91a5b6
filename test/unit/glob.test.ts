// Path patterns (listen's routes, replay --path): * matches any characters, slashes too; the rest
// is literal. Matched without backtracking, so a sender's path cannot make it slow.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob } from '../../src/util/glob.js';

// The meaning, spelled out as the regular expression it replaces (fine for short texts).
const reference = (pattern: string, text: string): boolean =>
  new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^]*')}$`).test(text);

describe('compileGlob', () => {
  it.each([
    ['/hook', '/hook', true],
    ['/hook', '/hook/', false],
    ['/hooks/*', '/hooks/a/b', true],
    ['/hooks/*', '/hooks', false],
    ['*', '', true],
    ['**', 'anything', true],
    ['/a*b*c', '/abc', true],
    ['/a*b*c', '/aXbYc', true],
    ['/a*b*c', '/acb', false],
    ['/ab*ba', '/aba', false],
    ['/*/*/*/end', '/x/y/z/end', true],
    ['/*/*/*/end', '////end', true],
    ['/*/*/*/end', '///end', false],
    ['/a.b', '/axb', false],
  ])('%s against %s: %s', (pattern, text, matches) => {
    expect(compileGlob(pattern).test(text)).toBe(matches);
  });

  it('means what the regular expression meant', () => {
    const alphabet = fc.constantFrom('a', 'b', '/', '*');
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 8 }), fc.string({ unit: fc.constantFrom('a', 'b', '/'), maxLength: 12 }), (pattern, text) => {
        expect(compileGlob(pattern).test(text)).toBe(reference(pattern, text));
      }),
      { numRuns: 3000 },
    );
  });

  it('answers at once for a hostile text (no timing asserted: a backtracking matcher would outlast the test timeout by hours)', () => {
    const hostile = '/'.repeat(200_000) + 'a'.repeat(200_000);
    expect(['/*/*/*/end', '*a*a*a*a*a*b', '/*/*/*/*/*/*/*/*/x'].map((pattern) => compileGlob(pattern).test(hostile))).toEqual([false, false, false]);
    expect(compileGlob('/*/*/*a').test(hostile)).toBe(true);
  });
});
