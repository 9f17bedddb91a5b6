// Bytes shown in hex: a classic dump, per row the offset, sixteen bytes in hex and their printable
// ASCII (the page's detail view, and `whk listen --body` for a body that is neither JSON, a form nor
// text); and control characters within a text as \xNN escapes (a receiver's answer, a body's text).
import { BIDI_CONTROLS, CONTROL_CHARACTERS } from '../inspector/page/controls.js';

/** Rows of the dump; `bars` frames the ASCII column as |…| (the terminal's form). */
export function hexRows(bytes: Buffer, options: { bars?: boolean } = {}): string[] {
  const rows: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const chunk = bytes.subarray(offset, offset + 16);
    const hex = [...chunk].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = [...chunk].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    rows.push(`${offset.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${options.bars ? `|${ascii}|` : ascii}`);
  }
  return rows;
}

// One list with the terminal's filter and the page's escapes (inspector/page/controls.ts).
const CONTROL = new RegExp(`[${CONTROL_CHARACTERS}]`, 'g');
const ANY_CONTROL = new RegExp(`[${CONTROL_CHARACTERS}${BIDI_CONTROLS}]`, 'g');
const hexEscape = (c: string): string => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** The text with C0 controls but tab and newline, DEL and C1 controls as \xNN: seen, never sent to a terminal. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, hexEscape);
}

/**
 * escapeControls, and the bidirectional controls as \uXXXX: for a receiver's words in whk's lines,
 * which also go where no terminal filter runs (a check's JUnit report), and where a U+202E would show
 * the rest of the line reversed.
 */
export function escapeAllControls(text: string): string {
  // The control characters are all below U+00A0, the bidirectional ones all above it.
  return text.replace(ANY_CONTROL, (c) => (c.charCodeAt(0) < 0xa0 ? hexEscape(c) : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

const LINE_BREAK: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/**
 * The text with its line breaks as \n (\r, \u2028): for a sender's words inside one of whk's lines
 * (a JSON key, a body's event name), where a newline would start a line of the sender's making.
 */
export function oneLine(text: string): string {
  return /[\n\r\u2028\u2029]/.test(text) ? text.replace(/[\n\r\u2028\u2029]/g, (c) => LINE_BREAK[c] ?? c) : text;
}
