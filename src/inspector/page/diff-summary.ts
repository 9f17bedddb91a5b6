// The diff's counts in words, and the note for a line's characters left out, apart from the DOM so a
// test (and the server's diff) reads them as the page writes them.

/** `n noun(s)`, the number grouped as the page's others are ('40,000'). */
export const count = (n: number, noun: string): string => `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;

/** What stands for the characters of a line left out (' … 1,234 more characters'): the server's diff weighs it against the line. */
export const moreNote = (more: number): string => ` … ${count(more, 'more character')}`;

/** How many lines of each body a cut diff compared (BodyDiff.compared), with the two ids. */
export interface ComparedPart {
  a: { id: number; lines: number };
  b: { id: number; lines: number };
}

/**
 * '1 header differs; 2 body lines differ.', or that the bodies are identical; of bodies compared
 * only in part (`compared`), where it stopped: no change in a first part is no proof of identity.
 */
export function diffSummary(headers: number, bodyLines: number, compared: ComparedPart | null = null): string {
  const differ = (n: number): string => (n === 1 ? 'differs' : 'differ');
  const headline = `${count(headers, 'header')} ${differ(headers)}; `;
  if (compared === null) return `${headline}${bodyLines === 0 ? 'bodies are identical' : `${count(bodyLines, 'body line')} ${differ(bodyLines)}`}.`;
  const lines = bodyLines === 0 ? 'no body line differs' : `${count(bodyLines, 'body line')} ${differ(bodyLines)}`;
  return `${headline}${lines} in the first ${count(compared.a.lines, 'line')} of #${compared.a.id} and ${count(compared.b.lines, 'line')} of #${compared.b.id} (compared no further).`;
}
