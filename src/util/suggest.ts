// "Did you mean …?" for a mistyped name: the closest known name by edit distance (adjacent swaps
// count as one edit), when it is close enough to be the likely intent. Commander's rule for options.

/** Damerau–Levenshtein distance (optimal string alignment). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const above = d[i - 1] as number[];
      row[j] = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/**
 * The known name `word` begins, when it begins one alone (`--conc`: `--concurrency`, not `--count`,
 * two edits away); else the closest, if it is within 3 edits and shares most of its letters.
 */
export function closest(word: string, known: readonly string[]): string | undefined {
  const lowered = word.toLowerCase();
  const begun = lowered.replace(/^-+/, '').length >= 3 ? known.filter((name) => name.toLowerCase().startsWith(lowered)) : [];
  if (begun.length === 1) return begun[0];
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const d = distance(word.toLowerCase(), name.toLowerCase());
    const similarity = (Math.max(word.length, name.length) - d) / Math.max(word.length, name.length);
    if (d <= 3 && similarity > 0.4 && (!best || d < best.distance)) best = { name, distance: d };
  }
  return best?.name;
}

/** A hint: "did you mean 'x'? " before the list of known names, or the list alone. */
export function suggestionHint(word: string, known: readonly string[], list: string): string {
  const near = closest(word, known);
  return near === undefined ? list : `did you mean '${near}'? ${list}`;
}
