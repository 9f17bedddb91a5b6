// JSON parsing that also accepts what real senders emit by mistake: HertzBeat's template can leave
// a trailing comma before '}' or ']' (and 1.7.0 emitted ',,'). Strict first; a repair is a warning,
// and only texts up to MAX_REPAIR_LENGTH are repaired (whk's choice, see there).
import { BIDI_CONTROLS } from '../inspector/page/controls.js';
import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COMMA, isJsonSpace, NEWLINE, QUOTE } from './json-codes.js';

export interface ParseWarning {
  /** 1-based line of the repaired character, counted from the start of the text. */
  line: number;
  /** What was repaired: "a trailing comma before '}'", "a doubled comma". */
  what: string;
  message: string;
}

/** How a repair is told: `repaired <what> (not valid JSON)`; repairOf reads it back. */
const repairMessage = (what: string): string => `repaired ${what} (not valid JSON)`;
const REPAIR_WARNING = /^line (\d+): repaired (.+) \(not valid JSON\)$/;

/** A repair as a warning line ("line 3: repaired …"), as the receiver records it. */
export function repairWarning(warning: ParseWarning, firstLine = 1): string {
  return `line ${firstLine + warning.line - 1}: ${warning.message}`;
}

/** The repair a recorded warning line tells of; undefined for any other warning. */
export function repairOf(warning: string): { line: number; what: string } | undefined {
  const match = REPAIR_WARNING.exec(warning);
  return match ? { line: Number(match[1]), what: match[2] as string } : undefined;
}

export type ParseResult =
  | { ok: true; value: unknown; warnings: ParseWarning[] }
  | ParseFailure;

/** Why a text is not JSON: where, and in words ("not valid JSON: …", or "empty body: not JSON" for white space alone). */
export interface ParseFailure {
  ok: false;
  line: number;
  message: string;
  /** The text is empty or white space alone: it has no line to point at. */
  empty?: true;
}

/**
 * A file (or stdin) that is not JSON, told one way by every command that reads one (send --data,
 * map, a contract, a mapping file, a JSON Schema), with the line first as the receiver tells a body:
 * "contract 'x.json': line 3: not valid JSON: Unexpected token 'x'"; "contract 'x.json' is empty: not JSON".
 */
export function notJsonFile(what: string, name: string, failure: ParseFailure): string {
  const file = `${what === '' ? '' : `${what} `}'${name}'`;
  return failure.empty ? `${file} is empty: not JSON` : `${file}: line ${failure.line}: ${failure.message}`;
}

export function parseJsonLenient(text: string): ParseResult {
  try {
    return { ok: true, value: JSON.parse(text), warnings: [] };
  } catch (strictError) {
    if (text.length > MAX_REPAIR_LENGTH) return { ok: false, ...describeUnrepaired(strictError, text) };
    const repaired = repairCommas(text);
    if (repaired.warnings.length > 0) {
      try {
        return { ok: true, value: JSON.parse(repaired.text), warnings: repaired.warnings };
      } catch {
        // fall through: report the original error, which points at the real problem
      }
    }
    const { line, message, empty } = describeParseError(strictError, text);
    return { ok: false, line, message, ...(empty ? { empty } : {}) };
  }
}

/** Strict JSON, nothing repaired: a line that should be whk's own output (a capture record) is whole or it is not JSON. */
export function parseJsonStrict(text: string): ParseResult {
  try {
    return { ok: true, value: JSON.parse(text), warnings: [] };
  } catch (error) {
    const { line, message, empty } = describeParseError(error, text);
    return { ok: false, line, message, ...(empty ? { empty } : {}) };
  }
}

/**
 * The longest text (in UTF-16 code units, about 1 MB) whose commas are repaired: whk's choice, not
 * HertzBeat's. The repair walks the text one character at a time in JavaScript; on a 10 MB body it
 * held the receiver's event loop for ~0.4 s while every other request waited. The bodies it exists
 * for (HertzBeat's rendered template, one group of alerts) are typically a few kilobytes; a longer
 * text that is not strict JSON is reported as it is.
 */
export const MAX_REPAIR_LENGTH = 1024 * 1024;

/** The strict error of a text too long to repair, saying so when the error sits at a comma. */
function describeUnrepaired(error: unknown, text: string): { line: number; message: string; empty?: true } {
  const { offset, ...described } = describeParseError(error, text);
  if (!atComma(text, offset)) return described;
  return { line: described.line, message: `${described.message} (whk repairs stray commas only in a text up to ${MAX_REPAIR_LENGTH / 1024 / 1024} MiB)` };
}

/** The character at offset is a comma, or the last one before it (spaces aside) is. */
function atComma(text: string, offset: number): boolean {
  if (text.charCodeAt(offset) === COMMA) return true;
  let i = offset - 1;
  while (i >= 0 && isJsonSpace(text.charCodeAt(i))) i--;
  return text.charCodeAt(i) === COMMA;
}

// A hostile body of millions of commas must not make millions of warnings: the first few are kept
// with their lines, the rest are counted in one last warning.
export const MAX_REPAIR_WARNINGS = 20;

/**
 * Removes commas that precede '}' / ']' or another comma, outside strings, noting each line. One
 * pass, no regular expression per character: the kept text is sliced out between removed commas.
 */
function repairCommas(text: string): { text: string; warnings: ParseWarning[] } {
  const warnings: ParseWarning[] = [];
  const kept: string[] = [];
  let repaired = 0;
  let lastLine = 1;
  let from = 0;
  let line = 1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === NEWLINE) line++;
    if (inString) {
      if (ch === BACKSLASH) i++;
      else if (ch === QUOTE) inString = false;
      continue;
    }
    if (ch === QUOTE) inString = true;
    if (ch !== COMMA) continue;
    let j = i + 1;
    while (j < text.length && isJsonSpace(text.charCodeAt(j))) j++;
    const following = text.charCodeAt(j);
    if (following !== CLOSE_BRACE && following !== CLOSE_BRACKET && following !== COMMA) continue;
    repaired++;
    lastLine = line;
    if (warnings.length < MAX_REPAIR_WARNINGS) {
      const what = following === COMMA ? 'a doubled comma' : `a trailing comma before '${text[j]}'`;
      warnings.push({ line, what, message: repairMessage(what) });
    }
    if (i > from) kept.push(text.slice(from, i));
    from = i + 1;
  }
  if (repaired > warnings.length) {
    const what = `${repaired - warnings.length} more commas`;
    warnings.push({ line: lastLine, what, message: `${repairMessage(what)}; only the first ${MAX_REPAIR_WARNINGS} are listed` });
  }
  kept.push(text.slice(from));
  return { text: kept.join(''), warnings };
}

function describeParseError(error: unknown, text: string): { line: number; offset: number; message: string; empty?: true } {
  const raw = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(raw);
  // White space alone has no line to point at: the whole of it is the problem.
  if (text.trim() === '') return { line: 1, offset: 0, message: 'empty body: not JSON', empty: true };
  // V8 gives no position for "Unexpected token"; find the offending character ourselves.
  const offset = position ? Number(position[1]) : syntaxErrorOffset(text);
  // indexOf, not a loop over every character: a 10 MB text with its error at the end stays quick.
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  // U+FEFF prints as nothing: name it (a byte order mark) instead of quoting it.
  const bom = text.charCodeAt(offset) === 0xfeff ? `${offset === 0 ? 'it starts with' : 'it holds'} a byte order mark (U+FEFF)` : undefined;
  const named = describeUtf16(text) ?? bom;
  const message = named !== undefined ? `not valid JSON: ${named}` : `not valid JSON: ${visibleToken(raw.replace(/\s+(?:in JSON )?at position \d+.*$/, '').replace(/, "[\s\S]*" is not valid JSON$/, '').replace(/, [\s\S]*is not valid JSON$/, ''))}`;
  return { line, offset, message };
}

/**
 * UTF-16 read as UTF-8 (Windows PowerShell's Out-File writes it): a NUL beside each ASCII character,
 * after a byte order mark that is no UTF-8 (two U+FFFD) when there is one. V8 would say only
 * "Unexpected token", at a character that prints as nothing.
 */
export function describeUtf16(text: string): string | undefined {
  const marked = text.startsWith('\uFFFD\uFFFD');
  const rest = marked ? text.slice(2) : text;
  const nulBeside = rest.length >= 4 && ((rest[0] !== '\0' && rest[1] === '\0' && rest[3] === '\0') || (rest[0] === '\0' && rest[1] !== '\0' && rest[2] === '\0'));
  if (!nulBeside) return undefined;
  return `it is UTF-16 text (a NUL byte beside each character${marked ? ', after a UTF-16 byte order mark' : ''}), and JSON is read as UTF-8 (RFC 8259 §8.1): convert it to UTF-8`;
}

// A control or bidirectional character V8 quotes as the unexpected token prints as nothing (the
// terminal and the page drop or hide it): "Unexpected token ''". Named by its code point instead.
const INVISIBLE = new RegExp(`'?([\\u0000-\\u001f\\u007f-\\u009f${BIDI_CONTROLS}])'?`, 'g');

function visibleToken(message: string): string {
  return message.replace(INVISIBLE, (_, c: string) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

/** The offset of the first JSON syntax error in text (text.length when the input just ends). */
export function syntaxErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new SyntaxPosition(i);
  };
  const space = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const sticky = (pattern: RegExp): boolean => {
    pattern.lastIndex = i;
    if (!pattern.test(text)) return false;
    i = pattern.lastIndex;
    return true;
  };
  const string = () => {
    i++;
    for (;;) {
      const ch = text.charCodeAt(i);
      if (Number.isNaN(ch) || ch < 0x20) fail();
      if (ch === 0x22) {
        i++;
        return;
      }
      if (ch === 0x5c) {
        const escape = text[i + 1] ?? '';
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail();
          i += 6;
        } else if ('"\\/bfnrt'.includes(escape) && escape !== '') i += 2;
        else fail();
        continue;
      }
      i++;
    }
  };
  const members = (close: string, member: () => void) => {
    i++;
    space();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      member();
      space();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === close) {
        i++;
        return;
      }
      fail();
    }
  };
  const value = (): void => {
    space();
    const ch = text[i];
    if (ch === '{') {
      members('}', () => {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        if (text[i] !== ':') fail();
        i++;
        value();
      });
    } else if (ch === '[') members(']', value);
    else if (ch === '"') string();
    else if (!sticky(NUMBER) && !sticky(LITERAL)) fail();
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return text.length;
  } catch (error) {
    if (error instanceof SyntaxPosition) return error.offset;
    // Hostile nesting deeper than the stack: no position, but never a crash.
    if (error instanceof RangeError) return text.length;
    throw error;
  }
}

class SyntaxPosition {
  constructor(readonly offset: number) {}
}

/**
 * The text of an input file without the UTF-8 byte order mark some editors (Notepad, Visual Studio)
 * put first: RFC 8259 lets a parser ignore it, and every reader of a user's JSON file does, through
 * here. A request body is not a file: the receiver judges it as sent.
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A plain JSON object: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const JSON_SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * Whether a text can be one JSON value: JSON.parse takes a text only whole, so past JSON's own
 * whitespace its first and last characters must open and close the same value (a number or a
 * literal, all of it). False means JSON.parse would refuse it; true, that it has to be tried. A
 * failed JSON.parse builds an error (and its stack), which on millions of log lines costs seconds.
 */
export function mayBeJson(text: string): boolean {
  let start = 0;
  let end = text.length;
  while (start < end && JSON_SPACE.has(text.charCodeAt(start))) start++;
  while (end > start && JSON_SPACE.has(text.charCodeAt(end - 1))) end--;
  if (end - start === 0) return false;
  const first = text[start];
  const last = text[end - 1];
  if (first === '{') return last === '}';
  if (first === '[') return last === ']';
  if (first === '"') return end - start > 1 && last === '"';
  const whole = text.slice(start, end);
  return whole === 'true' || whole === 'false' || whole === 'null' || JSON_NUMBER.test(whole);
}

/** The bytes' JSON, or undefined when they are none (strict: what a receiver parses). */
export function tryParse(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
