// What the pane says of the requests an address names that the server does not have.
import type { About } from '../wire.js';

/**
 * `missing`: the numbers not found; `digits`: the numbers as the address writes them (a number past
 * 2^53 read as one is another: #1e20 for twenty nines), said that way.
 */
export function missingText(missing: readonly number[], digits: readonly string[], about: Pick<About, 'live' | 'keep'>): string {
  const said = (id: number): string => digits.find((typed) => Number(typed) === id) ?? String(id);
  // Numbers start at 1: #0 is no request that has not arrived yet, nor one let go.
  if (missing.includes(0)) return `There is no request #${said(0)}: requests are numbered from 1.`;
  const older = about.keep === null ? '' : `, or it is older than the newest ${about.keep.toLocaleString('en')} this session keeps`;
  const why = about.live ? `it has not arrived${older}` : 'the capture file has none by that number';
  return `There is no request ${missing.map((id) => `#${said(id)}`).join(' or ')} here: ${why}.`;
}
