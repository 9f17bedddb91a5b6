// The digits of the integers past 2^53 a payload is to carry, by path: those of the user's own JSON
// (--data) and those `set` assignments give, so the payload written again (number-texts.ts,
// stringifyWithTexts) goes out with the digits given, not JSON.parse's nearest double.
import { formatPath, parseAssignment } from './json-path.js';
import { inexactNumberTexts } from './number-texts.js';

const NO_TEXTS: ReadonlyMap<string, string> = new Map();

/**
 * The texts of `base` (a payload's, by path) as `set`'s assignments leave them, in order: what an
 * assignment replaces is dropped, the digits of its value's own such integers are added at its path.
 */
export function assignedNumberTexts(set: readonly string[], base: ReadonlyMap<string, string> = NO_TEXTS): ReadonlyMap<string, string> {
  if (set.length === 0) return base;
  const texts = new Map(base);
  for (const raw of set) {
    const { path, value } = parseAssignment(raw);
    const at = formatPath(path);
    for (const key of [...texts.keys()]) if (key === at || key.startsWith(`${at}.`) || key.startsWith(`${at}[`)) texts.delete(key);
    // A value that is not JSON is kept as a string: no number in it.
    if (typeof value === 'string') continue;
    for (const [key, digits] of inexactNumberTexts(raw.slice(raw.indexOf('=') + 1))) texts.set(`${at}${key.slice(1)}`, digits);
  }
  return texts;
}

/** The texts of one payload's, for a batch of `count` of them: each element's at its index. */
export function textsOfEach(texts: ReadonlyMap<string, string>, count: number): ReadonlyMap<string, string> {
  if (texts.size === 0) return texts;
  const each = new Map<string, string>();
  for (let index = 0; index < count; index++) for (const [key, digits] of texts) each.set(`$[${index}]${key.slice(1)}`, digits);
  return each;
}
