// The digits a sender wrote for the numbers JSON.parse cannot keep exact (integers past 2^53, read
// as the nearest double): a scan of the JSON text that names each by its path, in the '$.a[0].b'
// form pretty lines and issues use, so what is drawn from the parsed body can show the number sent.
// A scan, not a parse: it trusts the text to be the JSON the body was parsed from (the caller checks
// each number against the parsed one), skips what it does not need, takes the trailing commas a
// lenient repair allows, and stops at anything else, keeping what it found before.
import { firstInexactInteger, isInexactInteger } from './deep-json.js';
import { formatPath, type PathSegment } from './json-path.js';
import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, isJsonSpace, OPEN_BRACE, OPEN_BRACKET, QUOTE } from './json-codes.js';

interface Frame {
  /** The container this one is in, and its key or index there (none for the outermost). */
  parent: Frame | undefined;
  at: PathSegment | undefined;
  array: boolean;
  /** An array's next index. */
  index: number;
  /** An object's key of the value read next; undefined while a key is awaited. */
  key: string | undefined;
  /** An array's value since its last comma: a doubled comma (HertzBeat 1.7.0's, repaired as one) moves no index. */
  filled: boolean;
}

const BYTE_ORDER_MARK = 0xfeff;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const isNumberChar = (code: number): boolean => (code >= ZERO && code <= NINE) || code === 0x2e || code === 0x65 || code === 0x45 || code === 0x2b || code === MINUS;
const isLetter = (code: number): boolean => code >= 0x61 && code <= 0x7a;

/** Each inexact number's source text by its path; empty when the text holds none. */
export function inexactNumberTexts(text: string): Map<string, string> {
  const found = new Map<string, string>();
  let top: Frame | undefined;
  // Where the value starting now sits in its container: its key or index.
  const place = (frame: Frame): PathSegment => (frame.array ? frame.index : (frame.key ?? ''));
  // A value starts in the container on top: the next comma moves its index on.
  const filled = (): void => {
    if (top) top.filled = true;
  };
  // A byte order mark before the JSON, which the receiver strips and reads past (receiver/content.ts).
  for (let at = text.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : 0; at < text.length; ) {
    const code = text.charCodeAt(at);
    if (isJsonSpace(code) || code === COLON) at++;
    else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      filled();
      top = { parent: top, at: top === undefined ? undefined : place(top), array: code === OPEN_BRACKET, index: 0, key: undefined, filled: false };
      at++;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      top = top?.parent;
      at++;
    } else if (code === COMMA) {
      if (top?.array && top.filled) top.index++;
      else if (top && !top.array) top.key = undefined;
      if (top) top.filled = false;
      at++;
    } else if (code === QUOTE) {
      const end = stringEnd(text, at);
      if (end === -1) return found;
      // A string where a key is awaited is that key; elsewhere it is a value, not needed.
      if (top && !top.array && top.key === undefined) top.key = JSON.parse(text.slice(at, end)) as string;
      else filled();
      at = end;
    } else if (code === MINUS || (code >= ZERO && code <= NINE)) {
      let end = at + 1;
      while (end < text.length && isNumberChar(text.charCodeAt(end))) end++;
      const token = text.slice(at, end);
      if (isInexactInteger(Number(token))) found.set(formatPath(pathOf(top, place)), token);
      filled();
      at = end;
    } else if (isLetter(code)) {
      filled();
      while (at < text.length && isLetter(text.charCodeAt(at))) at++;
    } else return found;
  }
  return found;
}

/** The path of the value starting now: the containers' places, outermost first, and its own. */
function pathOf(top: Frame | undefined, place: (frame: Frame) => PathSegment): PathSegment[] {
  if (top === undefined) return [];
  const segments = [place(top)];
  for (let frame: Frame | undefined = top; frame?.at !== undefined; frame = frame.parent) segments.push(frame.at);
  return segments.reverse();
}

/** Where the string starting at `start` (its opening quote) ends, past its closing quote; -1 if it does not. */
function stringEnd(text: string, start: number): number {
  for (let at = text.indexOf('"', start + 1); at !== -1; at = text.indexOf('"', at + 1)) {
    // Escaped when an odd number of backslashes stands before it.
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at + 1;
  }
  return -1;
}

/**
 * The text sent of the number at `path`, when there is one and it reads as that number (the parsed
 * one): a text scanned from other bytes than the body was parsed from is never used.
 */
export function numberTextFor(texts: ReadonlyMap<string, string> | undefined, path: string, value: number): string | undefined {
  const sent = texts?.get(path);
  return sent !== undefined && Number(sent) === value ? sent : undefined;
}

/**
 * `value` as JSON.stringify writes it (compact, or laid out by `indent` spaces as
 * JSON.stringify(value, null, indent) does), but each integer past 2^53 written with its text from
 * `texts` (by path) where that text reads as it; `inexact`: the first such number with no text,
 * written as the nearest double (undefined when there is none).
 */
export function stringifyWithTexts(value: unknown, texts: ReadonlyMap<string, string>, indent = 0): { text: string; inexact: string | undefined } {
  // With no texts (the body holds no such number, as most do), JSON.stringify itself.
  if (texts.size === 0) return { text: JSON.stringify(value, null, indent), inexact: firstInexactInteger(value) };
  let inexact: string | undefined;
  // The members of a container, laid out: on one line, or one per line at the depth's indent.
  const laidOut = (open: string, members: string[], close: string, depth: number): string => {
    if (members.length === 0) return `${open}${close}`;
    if (indent === 0) return `${open}${members.join(',')}${close}`;
    const inner = `\n${' '.repeat(indent * (depth + 1))}`;
    return `${open}${inner}${members.join(`,${inner}`)}\n${' '.repeat(indent * depth)}${close}`;
  };
  const write = (node: unknown, segments: PathSegment[]): string => {
    if (isInexactInteger(node)) {
      const sent = numberTextFor(texts, formatPath(segments), node);
      if (sent !== undefined) return sent;
      inexact ??= String(node);
    }
    if (node === null || typeof node !== 'object') return JSON.stringify(node) ?? 'null';
    if (Array.isArray(node)) return laidOut('[', node.map((item: unknown, index) => write(item, [...segments, index])), ']', segments.length);
    const members = Object.entries(node).filter(([, member]) => member !== undefined);
    const colon = indent === 0 ? ':' : ': ';
    return laidOut('{', members.map(([key, member]) => `${JSON.stringify(key)}${colon}${write(member, [...segments, key])}`), '}', segments.length);
  };
  return { text: write(value, []), inexact };
}

/** Texts found by path in a value, as the paths of the same numbers where that value sits at `at` in another ('$.examples[0]'). */
export function textsUnder(texts: ReadonlyMap<string, string>, at: string): Map<string, string> {
  return new Map([...texts].map(([path, text]) => [`${at}${path.slice(1)}`, text]));
}

/** Texts found by path under `at` ('$.examples[0]'), as paths of the value there. */
export function textsWithin(texts: ReadonlyMap<string, string>, at: string): Map<string, string> {
  const inside = (path: string): boolean => path.startsWith(at) && (path.length === at.length || path[at.length] === '.' || path[at.length] === '[');
  return new Map([...texts].filter(([path]) => inside(path)).map(([path, text]) => [`$${path.slice(at.length)}`, text]));
}

/**
 * The texts of a value drawn from a body with `texts` (a mapping's extracted fields), by its own
 * paths: each integer past 2^53 in it takes the text the body gave that number, when the body gave
 * it one text (two texts that read as one double cannot say which was drawn).
 */
export function textsByValue(value: unknown, texts: ReadonlyMap<string, string>): Map<string, string> {
  const byNumber = new Map<number, string | null>();
  for (const text of texts.values()) {
    const number = Number(text);
    const known = byNumber.get(number);
    byNumber.set(number, known === undefined || known === text ? text : null);
  }
  const found = new Map<string, string>();
  const stack: [unknown, PathSegment[]][] = [[value, []]];
  while (stack.length > 0) {
    const [node, segments] = stack.pop() as [unknown, PathSegment[]];
    const text = isInexactInteger(node) ? byNumber.get(node) : undefined;
    if (text) found.set(formatPath(segments), text);
    if (node !== null && typeof node === 'object') for (const [key, child] of Object.entries(node)) stack.push([child, [...segments, Array.isArray(node) ? Number(key) : key]]);
  }
  return found;
}
