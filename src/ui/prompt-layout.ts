// How the prompts' texts take the terminal's rows and columns: the lines a text wraps to as the prompt
// library wraps it, and a question, a refusal or a choice cut to fit. Counted in the terminal's columns
// (display-width.ts): a CJK character or an emoji takes two.
import { charColumns, charsWithin, cutToColumns, startWithin, textColumns } from '../util/display-width.js';

/** The terminal's size, when the output is one. */
export interface TerminalSize {
  rows?: number;
  columns?: number;
}

/**
 * The lines text takes wrapped at word ends, as the prompt library wraps it (wrap-ansi 6, `hard`, not
 * trimmed), by the terminal's columns: a space is put after a full line at the next one's start, and a
 * word wider than the line is cut where the columns end (started on the current line when that does not
 * take more lines), a wide character left one column going to the next line.
 */
export function linesOf(text: string, columns: number | undefined): number {
  if (columns === undefined || columns < 1) return 1;
  let lines = 1;
  let used = 0;
  for (const [index, word] of text.split(' ').entries()) {
    if (index > 0) {
      if (used >= columns) [lines, used] = [lines + 1, 0];
      used++;
    }
    const width = textColumns(word);
    if (width > columns) {
      [lines, used] = cutWord(word, columns, lines, used);
      continue;
    }
    if (used > 0 && width > 0 && used + width > columns) [lines, used] = [lines + 1, 0];
    used += width;
  }
  return lines;
}

/** A word wider than the line (a path, a URL, CJK text, which has no spaces) laid out as wrap-ansi cuts it: the lines and the columns used after it. */
function cutWord(word: string, columns: number, lines: number, used: number): [number, number] {
  const width = textColumns(word);
  if (Math.floor((width - 1) / columns) < 1 + Math.floor((width - (columns - used) - 1) / columns)) [lines, used] = [lines + 1, 0];
  const chars = [...word];
  for (const [index, char] of chars.entries()) {
    const charWidth = charColumns(char);
    if (used + charWidth > columns) [lines, used] = [lines + 1, 0];
    used += charWidth;
    if (used === columns && index < chars.length - 1) [lines, used] = [lines + 1, 0];
  }
  return [lines, used];
}

/**
 * Text in at most `rows` lines of the terminal (at least one), as the prompt library wraps it, cut with
 * '…' after the last word that fits; a word wider than a line (which the library cuts too), or a first
 * word too wide for the rows, is cut where the rows end.
 */
export function fitLines(text: string, columns: number | undefined, rows: number | undefined): string {
  const most = Math.max(1, rows ?? 1);
  if (rows === undefined || linesOf(text, columns) <= most) return text;
  const fits = (kept: string) => linesOf(`${kept}…`, columns) <= most;
  let fitted = '';
  for (const word of text.split(' ')) {
    const next = fitted === '' ? word : `${fitted} ${word}`;
    if (fits(next)) {
      fitted = next;
      continue;
    }
    if (fitted === '' || textColumns(word) > (columns ?? Infinity)) {
      // Its characters, as many as fit: CJK text, with no space, was cut to '…' alone.
      const chars = [...next];
      fitted = chars.slice(0, largest([...fitted].length, chars.length, (count) => fits(chars.slice(0, count).join('')))).join('');
    }
    break;
  }
  return `${fitted}…`;
}

/**
 * A yes/no question within the terminal's rows, with its (y/N), one spare row under it: where it is
 * taller, its middle is cut, marked '…' (the end says what is asked).
 */
export function shortened(message: string, terminal: TerminalSize): string {
  const { rows, columns } = terminal;
  const fits = (text: string) => rows === undefined || linesOf(`? ${text} (y/N) `, columns) <= Math.max(1, rows - 2);
  if (fits(message)) return message;
  // The most columns kept that fit: two thirds from the start, one from the end, in whole characters
  // (cut by UTF-16 units, an emoji's halves showed as two '�').
  const chars = [...message];
  const kept = (count: number) => `${chars.slice(0, charsWithin(chars, Math.ceil((count * 2) / 3))).join('')}…${trailing(chars, Math.floor(count / 3))}`;
  return kept(largest(0, textColumns(message), (count) => fits(kept(count))));
}

/** The last characters of `chars` that take at most `columns`, not starting with a mark without the character it goes on. */
function trailing(chars: string[], columns: number): string {
  let start = startWithin(chars, columns);
  while (start < chars.length && charColumns(chars[start] ?? '') === 0) start++;
  return chars.slice(start).join('');
}

/** The largest count from `low` to `high` that `fits` (true for each up to it, false past it); `low` at least. */
export function largest(low: number, high: number, fits: (count: number) => boolean): number {
  while (low < high) {
    const count = Math.ceil((low + high) / 2);
    if (fits(count)) low = count;
    else high = count - 1;
  }
  return low;
}

/** A choice's description on one line of the terminal (sources run to several), cut with '…'. */
export function oneLine(text: string, columns: number | undefined): string {
  return cut(text.replace(/\s+/g, ' '), columns);
}

/** Text narrower than the terminal: cut with '…' where it would reach the last column (counted in columns, as the answers are). */
export function cut(text: string, columns: number | undefined): string {
  return columns === undefined ? text : cutToColumns(text, Math.max(2, columns - 1));
}
