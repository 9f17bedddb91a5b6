// `whk listen --body`: a request's decoded body as lines under its line. JSON pretty-printed, a
// form's fields one per line (the field holding JSON pretty-printed), text as it came (JSON that does
// not parse too), anything else as a hex dump. Long bodies and long lines are cut, saying how much was left out.
import { isUtf8 } from 'node:buffer';
import { numbersInText } from '../capture/body-text.js';
import { formLines } from '../capture/form-lines.js';
import { heldJsonNull, type CaptureRecord } from '../capture/record.js';
import { lineText } from '../inspector/page/line-text.js';
import { prettyLineCount, prettyLines } from '../inspector/pretty.js';
import { firstInexactInteger, isStackOverflow, nestsDeeperThan, stringifyDeep } from '../util/deep-json.js';
import { stringifyWithTexts, textsByValue, textsUnder } from '../util/number-texts.js';
import { escapeAllControls, oneLine } from '../util/hex.js';
import { hexLines } from './hex-dump.js';
import { escapedJson, WrittenJson } from './terminal-text.js';

const INDENT = '    ';
/** The most lines one body prints: the capture file keeps the whole of it. */
const MAX_LINES = 200;
/**
 * How much of a body's text is read for the digits of its integers past 2^53: more than its first
 * MAX_LINES lines hold but for long strings (a number past it keeps its note), and a 10 MB body is not
 * read whole for the lines shown.
 */
const SCAN_LIMIT = 256 * 1024;

/**
 * The lines of a body to print, as its text (not yet escaped), how many more it has past them (a long
 * body is not drawn whole), and how a line is made fit for the terminal: a map of each character (or
 * CRLF), so any run of a line is escaped as it would be within the whole line.
 */
interface Drawn {
  lines: string[];
  more: number;
  escape: (text: string) => string;
}

/**
 * `decoded`: the body's bytes after Content-Encoding, as the receiver decoded them: an integer past 2^53
 * is printed with the digits they hold (parsed, it is the nearest double).
 */
export function bodyLines(record: CaptureRecord, decoded?: Buffer): string[] {
  const { lines, more, escape } = drawnLines(record, decoded);
  const shown = lines.slice(0, MAX_LINES).map((line) => shownLine(line, escape));
  const left = more + lines.length - shown.length;
  return (left > 0 ? [...shown, `… ${left} more lines (the capture file keeps the whole body)`] : shown).map((line) => `${INDENT}${line}`);
}

/** The most characters of one line printed (about what MAX_LINES lines hold): a sender's 10 MB string is one line. */
const MAX_LINE = 16 * 1024;

/** How much of a line is escaped at a time, until what it comes to would pass MAX_LINE. */
const ESCAPED_RUN = 1024;

/**
 * The line escaped and cut at MAX_LINE characters, saying how many of the line's own it left out.
 * Only what is printed is escaped: a sender's 10 MB of control characters, escaped and split whole,
 * held the receiver's thread for seconds to print 16 kB of it.
 */
function shownLine(line: string, escape: (text: string) => string): string {
  let shown = '';
  let at = 0;
  // Runs of ESCAPED_RUN characters while they fit, then one character (or CRLF, or surrogate pair) at a time.
  for (let run = ESCAPED_RUN; at < line.length; ) {
    const end = unitEnd(line, Math.min(at + run, line.length));
    const piece = escape(line.slice(at, end));
    if (shown.length + piece.length <= MAX_LINE) {
      shown += piece;
      at = end;
    } else if (run > 1) run = 1;
    else break;
  }
  return at < line.length ? `${shown}… ${line.length - at} more characters (the capture file keeps the whole body)` : shown;
}

/** `end`, or past it when it falls inside a surrogate pair or a CRLF (each escaped as one). */
function unitEnd(line: string, end: number): number {
  if (end >= line.length) return end;
  const before = line.charCodeAt(end - 1);
  const after = line.charCodeAt(end);
  const pair = before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
  return pair || (before === 0x0d && after === 0x0a) ? end + 1 : end;
}

function drawnLines(record: CaptureRecord, decoded: Buffer | undefined): Drawn {
  const pretty = (value: unknown): Drawn => prettyText(value, numbersInText(record, value, decoded, SCAN_LIMIT));
  if (record.form) return formBody(record.form, record.body, pretty);
  // A body of JSON null is JSON too: its record's null body does not say so, its shape does.
  if ((record.body !== null && record.body !== undefined) || heldJsonNull(record)) return pretty(record.body ?? null);
  if (record.text !== undefined) return textLines(record.text);
  const bytes = sentBytes(record, decoded);
  // Text whose JSON does not parse (a body cut short, a JSON Lines line that is not JSON) reads better as text.
  if (bytes !== undefined && isReadableText(bytes)) return textLines(bytes.toString('utf8'));
  return { lines: hexLines(Buffer.from(record.bodyBase64, 'base64'), record.encoding), more: 0, escape: (text) => text };
}

/**
 * A text's first MAX_LINES lines (a CRLF ends one as LF does), its control characters escaped as
 * \xNN, its bidirectional ones as \u202e; the lines past them counted, not split off.
 */
function textLines(text: string): Drawn {
  const lines: string[] = [];
  let from = 0;
  while (lines.length < MAX_LINES) {
    const newline = text.indexOf('\n', from);
    if (newline < 0) return { lines: [...lines, text.slice(from)], more: 0, escape: escapeAllControls };
    lines.push(text.slice(from, text.charCodeAt(newline - 1) === 0x0d && newline > from ? newline - 1 : newline));
    from = newline + 1;
  }
  let more = 1;
  for (let newline = text.indexOf('\n', from); newline >= 0; newline = text.indexOf('\n', newline + 1)) more++;
  return { lines, more, escape: escapeAllControls };
}

/** UTF-8 without a NUL byte: UTF-16, an image or a corrupt gzip reads better as hex (whk's choice). */
function isReadableText(bytes: Buffer): boolean {
  return bytes.length > 0 && !bytes.includes(0) && isUtf8(bytes);
}

/**
 * A form as capture/form-lines.ts lays it out, a sender's text escaped and on one line; the JSON field
 * pretty-printed, the lines it holds past those shown counted (once for each time the field came).
 */
function formBody(form: NonNullable<CaptureRecord['form']>, body: unknown, pretty: (value: unknown) => Drawn): Drawn {
  // One line per field: a name or value holding a newline must not start a line of its own.
  const escape = (text: string): string => oneLine(visible(text));
  if (form.fields.length === 0 && (form.files ?? []).length === 0) return { lines: ['(a form with no fields)'], more: 0, escape };
  const json = body === null ? undefined : pretty(body);
  const repeats = form.fields.filter(([name]) => name === form.json).length;
  return { lines: formLines(form, json?.lines), more: (json?.more ?? 0) * repeats, escape };
}

/**
 * The JSON as JSON.stringify(value, null, 2) lays it out, drawn only as far as the lines shown (a
 * sender's 10 MB body costs its first lines, not a pretty-printed copy); `sent`: the digits sent of the
 * integers past 2^53, by path (capture/body-text.ts).
 */
function prettyText(value: unknown, sent: ReadonlyMap<string, string> | undefined): Drawn {
  // A key or string's U+2028 or U+202E is shown as JSON's escape: raw, one breaks the line, the other is dropped.
  if (nestsDeeperThan(value, MAX_LINES)) return { lines: oneLineText(value), more: 0, escape: escapedJson };
  const { lines, truncated } = prettyLines(value, [], MAX_LINES, sent);
  // One whose digits were not found (bytes edited by hand) is the nearest double: said, not passed off as sent.
  const inexact = lines.find((line) => line.inexact);
  const note = inexact ? [`(${inexact.text} is past 2^53, printed as JSON reads it, the nearest double: the capture file's bodyBase64 has the digits sent)`] : [];
  return { lines: [...note, ...lines.map(lineText)], more: truncated ? prettyLineCount(value) - lines.length : 0, escape: escapedJson };
}

/** The largest body `--json --body` writes again for its digits (a walk in JavaScript, not JSON.stringify's). */
const REWRITE_LIMIT = 1024 * 1024;

/**
 * `listen --json`'s request event as its line, the integers past 2^53 of its body (with `--body`)
 * and of its `mapped` (with `--map`, what the mapping drew from the body) written with the digits sent
 * where JSON.stringify would write the nearest doubles; undefined when it has none (or its body is
 * past REWRITE_LIMIT, or nested deeper than the walk goes: then the event is written as it is).
 */
export function jsonWithDigits(event: Record<string, unknown>, record: CaptureRecord, decoded: Buffer | undefined): WrittenJson | undefined {
  if (decoded === undefined) return undefined;
  const withBody = 'body' in event;
  if (withBody && decoded.length > REWRITE_LIMIT) return undefined;
  const mapped = mappedNumberTexts(record, decoded);
  const texts = withBody ? numbersInText(record, record.body, decoded) : undefined;
  // The body's paths ('$.id') as the event's ('$.body.id'), the mapped value's as '$.mapped.values.id':
  // the whole event is written by the one walk.
  const inEvent = new Map([...(texts ? textsUnder(texts, '$.body') : []), ...(mapped ? textsUnder(textsByValue(record.mapped, mapped), '$.mapped') : [])]);
  if (inEvent.size === 0) return undefined;
  try {
    return new WrittenJson(escapedJson(stringifyWithTexts(event, inEvent).text));
  } catch (error) {
    if (!isStackOverflow(error)) throw error;
    return undefined;
  }
}

/**
 * The digits sent of the body's integers past 2^53, by the body's paths, when the record's `mapped`
 * (what --map drew from the body) holds such a number; undefined otherwise. Read from the decoded
 * bytes (a form's field), as --body reads them; textsByValue gives them by the mapped value's paths.
 */
export function mappedNumberTexts(record: CaptureRecord, decoded: Buffer | undefined): ReadonlyMap<string, string> | undefined {
  const { mapped } = record;
  if (mapped === null || typeof mapped !== 'object' || firstInexactInteger(mapped) === undefined) return undefined;
  return numbersInText(record, record.body, sentBytes(record, decoded));
}

/** The body's bytes after Content-Encoding: as the receiver decoded them, else the record's own when it came unencoded. */
function sentBytes(record: CaptureRecord, decoded: Buffer | undefined): Buffer | undefined {
  return decoded ?? (record.encoding === 'identity' ? Buffer.from(record.bodyBase64, 'base64') : undefined);
}

/**
 * Nested deeper than the lines shown (a sender's '[' × 5000), where they would be only its brackets
 * and indenting would cost depth² spaces: the compact text instead, on one line (cut as any long line is).
 */
function oneLineText(value: unknown): string[] {
  return ['(nested too deep to indent: on one line)', stringifyDeep(value) ?? 'null'];
}

/**
 * Control characters (a terminal's escape sequences among them) shown as \xNN and the bidirectional
 * ones as \u202e, never sent to the terminal (which would drop the bidirectional ones unseen).
 */
function visible(text: string): string {
  return escapeAllControls(text.replace(/\r\n/g, '\n'));
}
