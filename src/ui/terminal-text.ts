// Text that came from a request or a file (a JSON key, a header, a path, a file's first line) must
// not drive the terminal: a key "\u001b[2J" would clear the screen, an OSC sequence set the title or
// the clipboard. Everything printed passes through here (output.ts, main.ts): C0 controls but tab
// and newline, ESC, DEL and C1 controls are dropped; whk's own colour sequences (SGR) are kept when
// colour is on. JSON lines keep every character, escaped where JSON.stringify leaves them raw.
import { toJson } from '../util/deep-json.js';

// An SGR sequence (kept with colour), or one control character.
const CONTROL = /\u001b\[[0-9;]*m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const ANY_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** The text without terminal controls; `colour`: keep SGR colour sequences (whk's paint). */
export function terminalText(text: string, colour = false): string {
  if (!ANY_CONTROL.test(text)) return text;
  return text.replace(CONTROL, (match) => (colour && match.length > 1 ? match : ''));
}

// JSON.stringify escapes C0 controls but writes DEL and C1 controls as they are.
const RAW_IN_JSON = /[\u007f-\u009f]/g;
const ANY_RAW_IN_JSON = /[\u007f-\u009f]/;

/**
 * A value as one JSON line that holds no raw terminal control, at any depth: a request's body can be
 * nested deeper than JSON.stringify recurses, and its event must still be printed.
 */
export function jsonText(value: unknown): string {
  const text = String(toJson(value));
  return ANY_RAW_IN_JSON.test(text) ? text.replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
}
