import { describe, expect, it } from 'vitest';
import { answerWindow } from '../../src/ui/text-prompt.js';
import { charColumns, cutToColumns, textColumns } from '../../src/util/display-width.js';

describe('textColumns', () => {
  it('counts a CJK character and an emoji as two columns, a combining mark as none', () => {
    expect(textColumns('abc')).toBe(3);
    expect(textColumns('界界')).toBe(4);
    expect(textColumns('😀')).toBe(2);
    expect(textColumns('ｈ')).toBe(2); // fullwidth h
    expect(textColumns('e\u0301')).toBe(1);
    expect(charColumns('\u200d')).toBe(0);
    expect(charColumns('…')).toBe(1);
  });
});

describe('cutToColumns', () => {
  it('keeps text that fits, and cuts the rest to the columns given, the last one …', () => {
    expect(cutToColumns('abc', 3)).toBe('abc');
    expect(cutToColumns('abcdef', 4)).toBe('abc…');
    expect(cutToColumns('界界界', 4)).toBe('界…');
    expect(textColumns(cutToColumns('a界界', 4))).toBeLessThanOrEqual(4);
  });
});

describe('answerWindow', () => {
  it('cuts an answer of ASCII characters to its rows, the end shown while typing', () => {
    const fit = answerWindow('a'.repeat(100), 100, 40, 2);
    expect(fit.lines).toEqual([`…${'a'.repeat(39)}`, 'a'.repeat(39)]);
    expect(fit).toMatchObject({ row: 1, column: 39 });
  });

  it('cuts an answer of wide characters by the columns they take: rows no wider than the terminal, the cursor where the end is drawn', () => {
    const fit = answerWindow('界'.repeat(100), 100, 40, 3);
    expect(fit.lines).toHaveLength(3);
    for (const line of fit.lines) expect(textColumns(line)).toBeLessThanOrEqual(40);
    expect(fit.lines[0]?.startsWith('…')).toBe(true);
    // One place left after the last character for the cursor: 19 of them on the last row.
    expect(fit.lines[2]).toBe('界'.repeat(19));
    expect(fit).toMatchObject({ row: 2, column: 38 });
  });

  it('takes a wide character that does not fit in the last column to the next row, as the terminal does', () => {
    const fit = answerWindow(`a${'界'.repeat(20)}`, 0, 40, 3);
    expect(fit.lines).toEqual([`a${'界'.repeat(19)}`, '界']);
    expect(answerWindow(`a${'界'.repeat(20)}`, 20, 40, 3)).toMatchObject({ row: 1, column: 0 });
  });

  it('leaves the cursor at the end of a row full of wide characters when the answer fits whole', () => {
    expect(answerWindow('界'.repeat(20), 20, 40, 3)).toEqual({ lines: ['界'.repeat(20)], row: 0, column: 40 });
  });

  it("puts the cursor in the middle of a long emoji answer on the character readline's UTF-16 index is at", () => {
    const emoji = Array.from({ length: 80 }, (_, i) => String.fromCodePoint(0x1f600 + i));
    const fit = answerWindow(emoji.join(''), 2 * 40, 20, 3);
    expect(fit.lines).toHaveLength(3);
    for (const line of fit.lines) expect(textColumns(line)).toBeLessThanOrEqual(20);
    expect(fit.lines[0]?.startsWith('…')).toBe(true);
    expect(fit.lines[2]?.endsWith('…')).toBe(true);
    // The character drawn at the cursor's row and column: the 41st emoji.
    const row = [...(fit.lines[fit.row] ?? '')];
    const underCursor = row.find((_, i) => textColumns(row.slice(0, i).join('')) === fit.column);
    expect(underCursor).toBe(emoji[40]);
  });
});
