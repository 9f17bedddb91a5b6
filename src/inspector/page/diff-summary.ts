// The diff's counts in words, and the note for a line's characters left out, apart from the DOM so a
// test (and the server's diff) reads them as the page writes them.

/** `n noun(s)`, the number grouped as the page's others are ('40,000'). */
export const count = (n: number, noun: string): string => `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;

/** What stands for the characters of a line left out (' … 1,234 more characters'): the server's diff weighs it against the line. */
export const moreNote = (more: number): string => ` … ${count(more, 'more character')}`;

/** '1 header differs; 2 body lines differ.', or that the bodies are identical. */
export function diffSummary(headers: number, bodyLines: number): string {
  const differ = (n: number): string => (n === 1 ? 'differs' : 'differ');
  return `${count(headers, 'header')} ${differ(headers)}; ${bodyLines === 0 ? 'bodies are identical' : `${count(bodyLines, 'body line')} ${differ(bodyLines)}`}.`;
}
