// Text that came from a request or a file (a JSON key, a header, a path, a file's first line) must
// not drive the terminal: a key "\u001b[2J" would clear the screen, an OSC sequence set the title or
// the clipboard. Everything printed passes through here (output.ts, main.ts): C0 controls but tab
// and newline, ESC, DEL and C1 controls are dropped; whk's own colour sequences (SGR) are kept when
// colour is on, and only those: a sender's "\u001b[8m" (conceal) hid the rest of the output until a
// reset whk never writes. So are the bidirectional controls (U+202E and its kin): in a terminal that
// reorders text they would show the rest of whk's line (the verdict, the status) backwards.
// JSON lines keep every character, escaped where JSON.stringify leaves them raw.
import { toJson } from '../util/deep-json.js';
// The lists the page draws as escapes (kept in its folder, the only one it can load from).
import { BIDI_CONTROLS, CONTROL_CHARACTERS } from '../inspector/page/controls.js';

// An SGR sequence, or one control character (bidirectional ones among them).
const CONTROL = new RegExp(`\\u001b\\[[0-9;]*m|[${CONTROL_CHARACTERS}${BIDI_CONTROLS}]`, 'g');
const ANY_CONTROL = new RegExp(`[${CONTROL_CHARACTERS}${BIDI_CONTROLS}]`);

// The sequences of the styles whk paints with (chalk, 16 colours: one code per sequence): bold and
// dim (1, 2, closed by 22), red, green and yellow (31-33, closed by 39). A sender can write these too,
// but none of them hides or moves text.
const WHK_SGR = /^\u001b\[(?:1|2|22|31|32|33|39)m$/;

/** The text without terminal controls; `colour`: keep the colour sequences whk paints with. */
export function terminalText(text: string, colour = false): string {
  if (!ANY_CONTROL.test(text)) return text;
  return text.replace(CONTROL, (match) => (colour && WHK_SGR.test(match) ? match : ''));
}

// Whole escape sequences: CSI (ESC [ … final byte), OSC (ESC ] … BEL or ESC \, not past the line),
// and the two-character ones. terminalText drops the ESC alone, and left '[2J' or ']0;title' showing.
const ESCAPE_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b\n]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;

/** The text without terminal escape sequences, each dropped whole (whk's colours too). */
export function withoutEscapeSequences(text: string): string {
  return text.includes('\u001b') ? text.replace(ESCAPE_SEQUENCE, '') : text;
}

// JSON.stringify escapes C0 controls but writes DEL, C1 and bidirectional controls, U+2028 and
// U+2029 as they are: --json lines are watched in terminals too, and a reader that splits lines the
// way Python's splitlines() does would cut the object at the last two.
const RAW_IN_JSON = new RegExp(`[\\u007f-\\u009f\\u2028\\u2029${BIDI_CONTROLS}]`, 'g');
const ANY_RAW_IN_JSON = new RegExp(`[\\u007f-\\u009f\\u2028\\u2029${BIDI_CONTROLS}]`);

/**
 * A value as one JSON line that holds no raw terminal control, at any depth: a request's body can be
 * nested deeper than JSON.stringify recurses, and its event must still be printed.
 */
export function jsonText(value: unknown): string {
  if (value instanceof WrittenJson) return value.text;
  return escapedJson(String(toJson(value)));
}

/**
 * A JSON line already written, which jsonText (and so an Output's jsonLine) passes on as it is: one
 * that holds what no parsed value can, an integer past 2^53 with its digits as sent.
 */
export class WrittenJson {
  constructor(readonly text: string) {}
}

/** JSON text with the characters JSON.stringify leaves raw (DEL, C1, bidirectional, U+2028/9) escaped as \\uXXXX. */
export function escapedJson(text: string): string {
  return ANY_RAW_IN_JSON.test(text) ? text.replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
}
