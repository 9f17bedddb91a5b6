import { describe, expect, it } from 'vitest';
import { fitLines, linesOf, shortened } from '../../src/ui/prompt-layout.js';
import { textColumns } from '../../src/util/display-width.js';

// The lines the prompt library (wrap-ansi 6, hard, not trimmed) wraps these texts to, checked against it.
describe('linesOf', () => {
  it('counts the lines as the prompt library wraps them, in columns: a wide character left one column goes to the next line', () => {
    expect(linesOf('界'.repeat(21), 21)).toBe(3); // 10 a line (20 columns): counted as 42 columns of 21, 2
    expect(linesOf(`? ${'界'.repeat(30)}`, 21)).toBe(4);
    expect(linesOf('😀'.repeat(10), 20)).toBe(1);
    expect(linesOf(`${'e\u0301'.repeat(20)}`, 20)).toBe(1); // a combining mark takes no column
  });

  it('counts what the library does with spaces and long words: a space at the start of the line after a full one, a long word started on the current line', () => {
    expect(linesOf('aaaa bbbb', 4)).toBe(3); // 'aaaa', ' ', 'bbbb'
    expect(linesOf(`> cannot read ${'a'.repeat(45)}`, 20)).toBe(3); // '> cannot read aaaaaa', then 20 and 19
  });
});

describe('fitLines', () => {
  it('fits CJK text, which has no spaces, to the rows by columns, not to its first word alone', () => {
    const fitted = fitLines(`> ${'界'.repeat(60)}`, 21, 3);
    expect(fitted).toBe(`> ${'界'.repeat(29)}…`); // was '>…'
    expect(linesOf(fitted, 21)).toBe(3);
  });

  it('cuts a word wider than a line where the rows end, and keeps whole words before it', () => {
    expect(fitLines('> cannot read /a/very/long/path/to/a/file/that/is/not/there.json: no such file', 20, 3)).toBe('> cannot read /a/very/long/path/to/a/file/that/is/not/there…');
    expect(fitLines('? File to validate (JSON, or a capture file)', 20, 1)).toBe('? File to validate…');
    expect(fitLines('short', 20, 1)).toBe('short');
  });
});

describe('shortened', () => {
  const question = (url: string) => `Send metric-alert to http://127.0.0.1:9/${url} now?`;

  it('cuts a yes/no question of emoji in whole characters (cut by UTF-16 units, the halves of one showed as two �)', () => {
    const cut = shortened(question('😀'.repeat(101)), { rows: 8, columns: 30 });
    expect(cut).not.toMatch(/\p{Cs}/u);
    expect(cut).toMatch(/^Send metric-alert to http:\/\/127\.0\.0\.1:9\/😀+…😀+ now\?$/u);
    expect(linesOf(`? ${cut} (y/N) `, 30)).toBeLessThanOrEqual(6);
  });

  it('keeps two thirds of the columns from the start and one from the end, a wide character counted as two', () => {
    const cut = shortened(question(`${'界'.repeat(60)}${'a'.repeat(120)}`), { rows: 8, columns: 30 });
    const [start = '', end = ''] = cut.split('…');
    // Within a wide character of two to one.
    expect(Math.abs(textColumns(start) - 2 * textColumns(end))).toBeLessThanOrEqual(2);
    expect(linesOf(`? ${cut} (y/N) `, 30)).toBe(6);
  });
});
