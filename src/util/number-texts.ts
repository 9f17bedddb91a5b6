// The digits a sender wrote for the numbers JSON.parse cannot keep exact (integers past 2^53, read
// as the nearest double): a scan of the JSON text that names each by its path, in the '$.a[0].b'
// form pretty lines and issues use, so what is drawn from the parsed body can show the number sent.
// A scan, not a parse: it trusts the text to be the JSON the body was parsed from (the caller checks
// each number against the parsed one), skips what it does not need, takes the trailing commas a
// lenient repair allows, and stops at anything else, keeping what it found before.
import { isInexactInteger } from './deep-json.js';
import { formatPath, type PathSegment } from './json-path.js';

interface Frame {
  /** The container's own path. */
  segments: PathSegment[];
  array: boolean;
  /** An array's next index. */
  index: number;
  /** An object's key of the value read next; undefined while a key is awaited. */
  key: string | undefined;
}

const NUMBER_CHAR = /[0-9eE+\-.]/;
const WHITESPACE = /[\s\ufeff]/;

/** Each inexact number's source text by its path; empty when the text holds none. */
export function inexactNumberTexts(text: string): Map<string, string> {
  const found = new Map<string, string>();
  const frames: Frame[] = [];
  // The path of the value starting here: its container's and its own key or index.
  const here = (): PathSegment[] => {
    const top = frames.at(-1);
    if (top === undefined) return [];
    return [...top.segments, top.array ? top.index : (top.key ?? '')];
  };
  for (let at = 0; at < text.length; ) {
    const c = text[at] as string;
    if (WHITESPACE.test(c) || c === ':') at++;
    else if (c === '{' || c === '[') {
      frames.push({ segments: here(), array: c === '[', index: 0, key: undefined });
      at++;
    } else if (c === '}' || c === ']') {
      frames.pop();
      at++;
    } else if (c === ',') {
      const top = frames.at(-1);
      if (top?.array) top.index++;
      else if (top) top.key = undefined;
      at++;
    } else if (c === '"') {
      const end = stringEnd(text, at);
      if (end === -1) return found;
      const top = frames.at(-1);
      // A string where a key is awaited is that key; elsewhere it is a value, not needed.
      if (top && !top.array && top.key === undefined) top.key = JSON.parse(text.slice(at, end)) as string;
      at = end;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      let end = at + 1;
      while (end < text.length && NUMBER_CHAR.test(text[end] as string)) end++;
      const token = text.slice(at, end);
      if (isInexactInteger(Number(token))) found.set(formatPath(here()), token);
      at = end;
    } else if (c === 't' || c === 'f' || c === 'n') {
      while (at < text.length && /[a-z]/.test(text[at] as string)) at++;
    } else return found;
  }
  return found;
}

/** Where the string starting at `start` (its opening quote) ends, past its closing quote; -1 if it does not. */
function stringEnd(text: string, start: number): number {
  for (let at = start + 1; at < text.length; at++) {
    const c = text[at];
    if (c === '\\') at++;
    else if (c === '"') return at + 1;
  }
  return -1;
}
