// Repeats of one text in a row, told once with a count: a body with twenty commas repaired on one
// line warned twenty times in the very same words, one line too wide (listen) or twenty alike (validate).

export interface Run {
  text: string;
  times: number;
}

export function runsOf(texts: readonly string[]): Run[] {
  const runs: Run[] = [];
  for (const text of texts) {
    const last = runs.at(-1);
    if (last !== undefined && last.text === text) last.times++;
    else runs.push({ text, times: 1 });
  }
  return runs;
}

/** ` (×N)` after a text said N times, nothing after one said once. */
export function timesSuffix(times: number): string {
  return times > 1 ? ` (×${times})` : '';
}
