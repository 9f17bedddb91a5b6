// How many columns of a terminal text takes, a character at a time as wcwidth counts: two for the wide
// (CJK, fullwidth forms, emoji drawn as emoji), none for combining marks and zero-width characters, one
// for the rest. A terminal may draw an emoji sequence joined by U+200D as one; its parts are counted (whk's choice).

// The main East Asian Wide and Fullwidth ranges of Unicode's EastAsianWidth.txt, and Emoji_Presentation.
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]|\p{Emoji_Presentation}/u;
// Combining marks (variation selectors among them), zero-width spaces and joiners, the BOM.
const ZERO_WIDTH = /[\p{Mn}\p{Me}\u200b-\u200f\u2060\ufeff]/u;

/** The columns one character (a code point) takes. */
export function charColumns(char: string): number {
  if (char < '\u0300') return 1;
  if (ZERO_WIDTH.test(char)) return 0;
  return WIDE.test(char) ? 2 : 1;
}

/** The columns `text` takes on one line of a terminal. */
export function textColumns(text: string): number {
  let columns = 0;
  for (const char of text) columns += charColumns(char);
  return columns;
}

/** `text` in at most `columns` columns, its end replaced by '…' where it is cut. */
export function cutToColumns(text: string, columns: number): string {
  if (textColumns(text) <= columns) return text;
  const chars = [...text];
  return `${chars.slice(0, charsWithin(chars, columns - 1)).join('')}…`;
}

/** How many of `chars` (code points), from the first, take at most `columns`. */
export function charsWithin(chars: readonly string[], columns: number): number {
  let used = 0;
  let count = 0;
  for (; count < chars.length && used + charColumns(chars[count] ?? '') <= columns; count++) used += charColumns(chars[count] ?? '');
  return count;
}

/** Where the last of `chars` before `end` that take at most `columns` start (`end` when none fits). */
export function startWithin(chars: readonly string[], columns: number, end = chars.length): number {
  let used = 0;
  let start = end;
  for (; start > 0 && used + charColumns(chars[start - 1] ?? '') <= columns; start--) used += charColumns(chars[start - 1] ?? '');
  return start;
}

/** `text` and spaces after it to `columns` columns, as padEnd pads to a length (a wide character counted as two). */
export function padToColumns(text: string, columns: number): string {
  return `${text}${' '.repeat(Math.max(0, columns - textColumns(text)))}`;
}
