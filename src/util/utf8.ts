// Bytes that are not UTF-8: where the first bad sequence is, and how many there are. A decoder that
// replaces them (Node's, V8's, the WHATWG TextDecoder) reads each as U+FFFD without a word; JSON must
// be UTF-8 (RFC 8259 §8.1), so a body in Latin-1 or Windows-1252 is a sender's bug worth saying.
import { isUtf8 } from 'node:buffer';

export interface BadUtf8 {
  /** The offset of the first byte of the first bad sequence. */
  offset: number;
  /** How many bad sequences, each read as one U+FFFD (the WHATWG decoder's "maximal subparts"). */
  count: number;
}

/** The bad sequences in `bytes`, or null when they are all UTF-8. */
export function findBadUtf8(bytes: Uint8Array): BadUtf8 | null {
  // Native and quick: the byte walk below runs only for a body that has something to report.
  if (isUtf8(bytes)) return null;
  let offset = -1;
  let count = 0;
  const bad = (at: number): void => {
    if (offset === -1) offset = at;
    count++;
  };
  // The UTF-8 decoder of the WHATWG Encoding standard: bytes still needed, and the range the next must be in.
  let needed = 0;
  let seen = 0;
  let lower = 0x80;
  let upper = 0xbf;
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (needed === 0) {
      if (byte <= 0x7f) continue;
      start = i;
      if (byte >= 0xc2 && byte <= 0xdf) needed = 1;
      else if (byte >= 0xe0 && byte <= 0xef) {
        if (byte === 0xe0) lower = 0xa0;
        if (byte === 0xed) upper = 0x9f;
        needed = 2;
      } else if (byte >= 0xf0 && byte <= 0xf4) {
        if (byte === 0xf0) lower = 0x90;
        if (byte === 0xf4) upper = 0x8f;
        needed = 3;
      } else bad(i);
      continue;
    }
    if (byte < lower || byte > upper) {
      // The sequence so far is one bad sequence; this byte starts afresh.
      needed = seen = 0;
      lower = 0x80;
      upper = 0xbf;
      bad(start);
      i--;
      continue;
    }
    lower = 0x80;
    upper = 0xbf;
    if (++seen === needed) needed = seen = 0;
  }
  if (needed !== 0) bad(start);
  return { offset, count };
}

/** A byte as two upper-case hex digits, as the warnings name it (0xE9, \\xE9). */
function hexByte(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}

// Bytes either side of the first bad one that a warning shows.
const AROUND = 12;

/** Why bytes should be UTF-8, as a warning gives it: JSON's rule, the first of these. */
export const JSON_UTF8_RULE = 'JSON must be UTF-8, RFC 8259 §8.1';
export const FORM_UTF8_RULE = "a form's bytes are UTF-8, the URL standard";
// Defaults differ by text type (text/plain's is US-ASCII, RFC 2046 §4.1.2): none is claimed, only what whk does.
export const TEXT_UTF8_RULE = "no charset is named, and whk reads text as UTF-8: whk's choice";

/**
 * A warning for bytes that are not UTF-8, or undefined when they are. `text` is them decoded: only
 * one holding U+FFFD can have bad bytes, and V8 finds none in a one-byte string at once, so most
 * bytes are never walked. `subject` names them: the body, a line of a file; `rule` why they should be UTF-8.
 */
export function badUtf8Warning(bytes: Uint8Array, text: string, subject = 'the body', rule = JSON_UTF8_RULE): string | undefined {
  return text.includes('\uFFFD') ? notUtf8Warning(bytes, subject, rule) : undefined;
}

/**
 * The warning for these bytes, walked whatever they decode to, or undefined when they are UTF-8.
 * `rule` says why they should be: JSON's rule unless given another (a form's, text's).
 */
export function notUtf8Warning(bytes: Uint8Array, subject: string, rule = JSON_UTF8_RULE): string | undefined {
  const found = findBadUtf8(bytes);
  if (found === null) return undefined;
  const { offset, count } = found;
  const more = count > 1 ? `, the first of ${count} bad sequences` : '';
  return `${subject} is not valid UTF-8: byte 0x${hexByte(bytes[offset] as number)} at offset ${offset}${more}, in ${excerpt(bytes, offset)}; whk read each bad sequence as U+FFFD, and a receiver that decodes strictly refuses it (${rule})`;
}

/** The bytes around `offset` in single quotes: printable ASCII as it is, a backslash and every other byte as \xNN. */
function excerpt(bytes: Uint8Array, offset: number): string {
  const from = Math.max(0, offset - AROUND);
  const to = Math.min(bytes.length, offset + AROUND + 1);
  let shown = '';
  for (let i = from; i < to; i++) {
    const byte = bytes[i] as number;
    shown += byte >= 0x20 && byte < 0x7f && byte !== 0x5c ? String.fromCharCode(byte) : `\\x${hexByte(byte)}`;
  }
  return `'${from > 0 ? '…' : ''}${shown}${to < bytes.length ? '…' : ''}'`;
}
