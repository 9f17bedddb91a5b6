// The list's count as the page words it: how many requests it shows of how many, from which on a long
// session keeps them, and how many records the search in force could not read.

/**
 * `oldest`: the id of the oldest request the page holds; `keep`: how many a live session keeps (null: all);
 * `unreadable`: records the search could not read back (the capture file changed, a line let go), which
 * match no text: said, so a miss is not taken for an absence.
 */
export function countText(shown: number, total: number, oldest: number, keep: number | null, unreadable: number): string {
  const counted = shown === total ? `${total.toLocaleString('en')} request${total === 1 ? '' : 's'}` : `${shown.toLocaleString('en')} of ${total.toLocaleString('en')} requests`;
  const unsearched = unreadable > 0 ? ` (${unreadable.toLocaleString('en')} not searched: no longer readable)` : '';
  // A long session's oldest requests are let go (main.ts dropEvicted): the count says so, or it reads short of the terminal's.
  return oldest > 1 && keep !== null ? `${counted}${unsearched} (from #${oldest}: the page keeps the newest ${keep.toLocaleString('en')})` : counted + unsearched;
}

/** The count while the path or text search in force failed: how many there are, none said to match (`total`: all the page holds). */
export function failedSearchCount(total: number): string {
  return `search failed (${total.toLocaleString('en')} request${total === 1 ? '' : 's'} in all)`;
}
