// A sender's text cut for a line of its own: at most the limit, ending with '…', never half a character.
import { describe, expect, it } from 'vitest';
import { cutText, MESSAGE_TEXT_LIMIT, SHOWN_TEXT_LIMIT, shownIssue } from '../../src/util/cut-text.js';

const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('cutText', () => {
  it('leaves a text of the limit or shorter as it is', () => {
    expect(cutText('x'.repeat(SHOWN_TEXT_LIMIT))).toBe('x'.repeat(SHOWN_TEXT_LIMIT));
    expect(cutText('abc', 3)).toBe('abc');
  });

  it('cuts a longer one to the limit, its last character …', () => {
    expect(cutText('x'.repeat(SHOWN_TEXT_LIMIT + 1))).toBe(`${'x'.repeat(SHOWN_TEXT_LIMIT - 1)}…`);
    expect(cutText('abcdef', 4)).toBe('abc…');
  });

  it('never keeps half of a surrogate pair, wherever the pair falls', () => {
    for (let at = 0; at < 8; at++) {
      const text = `${'a'.repeat(at)}${'😀'.repeat(10)}`;
      const cut = cutText(text, 6);
      expect(cut.length).toBeLessThanOrEqual(6);
      expect(cut.endsWith('…')).toBe(true);
      expect(lone.test(cut)).toBe(false);
    }
  });

  it("cuts an issue's path at 300 characters and its message, whk's words, only past 1,000", () => {
    const path = `$.${'k'.repeat(2000)}`;
    const words = `not a known kind; pass --kind to validate it as one of: ${'a-kind, '.repeat(80)}`;
    expect(words.length).toBeLessThan(MESSAGE_TEXT_LIMIT);
    expect(shownIssue(path, words, '  ')).toBe(`${path.slice(0, SHOWN_TEXT_LIMIT - 1)}…  ${words}`);
    const long = `x${'y'.repeat(5000)}`;
    expect(shownIssue('$', long)).toBe(`$ ${long.slice(0, MESSAGE_TEXT_LIMIT - 1)}…`);
  });
});
