// `whk listen --body`: a request's decoded body as lines under its line. JSON pretty-printed, a
// form's fields one per line (the field holding JSON pretty-printed), text as it came, anything
// else as a hex dump. Long bodies are cut, saying how much was left out.
import { numbersInText } from '../capture/body-text.js';
import type { CaptureRecord } from '../capture/record.js';
import { isStackOverflow, stringifyDeep } from '../util/deep-json.js';
import { stringifyWithTexts } from '../util/number-texts.js';
import { escapeAllControls, hexRows, oneLine } from '../util/hex.js';
import { escapedJson } from './terminal-text.js';
import { formatBytes } from '../util/units.js';

const INDENT = '    ';
/** The most lines one body prints: the capture file keeps the whole of it. */
const MAX_LINES = 200;
/** The most bytes a hex dump shows. */
const MAX_HEX_BYTES = 512;

/**
 * `decoded`: the body's bytes after Content-Encoding, as the receiver decoded them: an integer past 2^53
 * is printed with the digits they hold (parsed, it is the nearest double).
 */
export function bodyLines(record: CaptureRecord, decoded?: Buffer): string[] {
  return capped(rawLines(record, decoded)).map((line) => `${INDENT}${line}`);
}

function rawLines(record: CaptureRecord, decoded: Buffer | undefined): string[] {
  const pretty = (value: unknown): string[] => prettyText(value, numbersInText(record, value, decoded));
  if (record.form) return formLines(record.form, record.body, pretty);
  if (record.body !== null && record.body !== undefined) return pretty(record.body);
  if (record.text !== undefined) return visible(record.text).split('\n');
  return hexLines(Buffer.from(record.bodyBase64, 'base64'), record.encoding);
}

/**
 * Each field as name=value, in order; the field whose JSON is the body shows that JSON
 * pretty-printed; a multipart form's files after them, described (their bytes are not text).
 */
function formLines(form: NonNullable<CaptureRecord['form']>, body: unknown, pretty: (value: unknown) => string[]): string[] {
  const files = (form.files ?? []).map((file) => `${oneLine(visible(file.name))}: file ${oneLine(visible(file.filename))} (${file.contentType === null ? 'no Content-Type' : oneLine(visible(file.contentType))}, ${formatBytes(file.size)})`);
  if (form.fields.length === 0) return files.length > 0 ? files : ['(a form with no fields)'];
  return [...fieldLines(form, body, pretty), ...files];
}

function fieldLines(form: NonNullable<CaptureRecord['form']>, body: unknown, pretty: (value: unknown) => string[]): string[] {
  return form.fields.flatMap(([name, value]) => {
    if (name === form.json && body !== null) {
      const [first = '', ...rest] = pretty(body);
      return [`${oneLine(visible(name))}=${first}`, ...rest];
    }
    // One line per field: a name or value holding a newline must not start a line of its own.
    return [`${oneLine(visible(name))}=${oneLine(visible(value))}`];
  });
}

/** The most characters of a body too deep to indent, shown on one line (about what MAX_LINES lines hold). */
const MAX_ONE_LINE = 16 * 1024;
const NONE: ReadonlyMap<string, string> = new Map();

/** `sent`: the digits sent of the integers past 2^53, by path (capture/body-text.ts). */
function prettyText(value: unknown, sent: ReadonlyMap<string, string> | undefined): string[] {
  try {
    const { text, inexact } = stringifyWithTexts(value, sent ?? NONE, 2);
    // One whose digits were not found (bytes edited by hand) is the nearest double: said, not passed off as sent.
    const note = inexact === undefined ? [] : [`(${inexact} is past 2^53, printed as JSON reads it, the nearest double: the capture file's bodyBase64 has the digits sent)`];
    // A key or string's U+2028 or U+202E is shown as JSON's escape: raw, one breaks the line, the other is dropped.
    return [...note, ...escapedJson(text ?? 'null').split('\n')];
  } catch (error) {
    if (!isStackOverflow(error)) throw error;
    // Nested deeper than JSON.stringify recurses (a sender's '[' × 5000), where indenting would also
    // cost depth² spaces: the compact text instead, cut like a long body is.
    const text = stringifyDeep(value) ?? 'null';
    const shown = text.length <= MAX_ONE_LINE ? text : `${text.slice(0, MAX_ONE_LINE)}… ${text.length - MAX_ONE_LINE} more characters (the capture file keeps the whole body)`;
    return ['(nested too deep to indent: on one line)', shown];
  }
}

/**
 * A classic hex dump (offset, 16 bytes, their printable characters) of the bytes as received.
 * A body that was not decoded (a corrupt gzip) is shown as it arrived, so the dump says which.
 */
export function hexLines(bytes: Buffer, encoding: string): string[] {
  if (bytes.length === 0) return ['(empty body)'];
  const shown = bytes.subarray(0, MAX_HEX_BYTES);
  const lines: string[] = encoding === 'identity' ? [] : [`(as received, ${encoding})`];
  lines.push(...hexRows(shown, { bars: true }));
  if (bytes.length > shown.length) lines.push(`… ${bytes.length - shown.length} more bytes`);
  return lines;
}

function capped(lines: string[]): string[] {
  if (lines.length <= MAX_LINES) return lines;
  return [...lines.slice(0, MAX_LINES), `… ${lines.length - MAX_LINES} more lines (the capture file keeps the whole body)`];
}

/**
 * Control characters (a terminal's escape sequences among them) shown as \xNN and the bidirectional
 * ones as \u202e, never sent to the terminal (which would drop the bidirectional ones unseen).
 */
function visible(text: string): string {
  return escapeAllControls(text.replace(/\r\n/g, '\n'));
}
