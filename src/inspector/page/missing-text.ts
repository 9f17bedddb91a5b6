// What the pane says of the requests an address names that the server does not have.
import type { About } from '../wire.js';

/**
 * `missing`: the numbers not found; `digits`: the numbers as the address writes them (a number past
 * 2^53 read as one is another: #1e20 for twenty nines), said that way. `newest`: the newest number the
 * session has taken, when the server said it: a live session numbers its requests in turn, so a
 * missing one up to it was let go, and one past it has not arrived; without it, either may hold.
 */
export function missingText(missing: readonly number[], digits: readonly string[], about: Pick<About, 'live' | 'keep'>, newest?: number): string {
  const said = (id: number): string => digits.find((typed) => Number(typed) === id) ?? String(id);
  const named = (ids: readonly number[]): string => ids.map((id) => `#${said(id)}`).join(' or ');
  // Numbers start at 1: #0 is no request that has not arrived yet, nor one let go.
  if (missing.includes(0)) return `There is no request #${said(0)}: requests are numbered from 1.`;
  const intro = `There is no request ${named(missing)} here`;
  if (!about.live) return `${intro}: the capture file has none by that number.`;
  const older = about.keep === null ? null : `older than the newest ${about.keep.toLocaleString('en')} this session keeps`;
  if (older === null) return `${intro}: it has not arrived.`;
  if (newest === undefined) return `${intro}: it has not arrived, or it is ${older}.`;
  const gone = missing.filter((id) => id <= newest);
  const later = missing.filter((id) => id > newest);
  if (later.length === 0) return `${intro}: ${gone.length === 1 ? 'it is' : 'they are'} ${older}.`;
  if (gone.length === 0) return `${intro}: ${later.length === 1 ? 'it has' : 'they have'} not arrived yet.`;
  return `${intro}: ${named(gone)} is ${older}, and ${named(later)} has not arrived yet.`;
}
