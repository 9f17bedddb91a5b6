// application/x-www-form-urlencoded bodies: fields in order, repeated names kept (Travis CI posts
// `payload=<json>`; other senders post several fields, some more than once).
import { FORM_UTF8_RULE, notUtf8Warning } from './utf8.js';

/** Field name and value pairs, in the order they came. */
export type FormFields = [name: string, value: string][];

export const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/**
 * whk's bound, as on a multipart body's parts: the most fields read from one form. A body of
 * "a&a&…" holds a field every two bytes, and 5 million of them took seconds and a gigabyte.
 */
export const MAX_FORM_FIELDS = 1_000;

/** The form's fields, the first MAX_FORM_FIELDS of them; `unread` counts the rest. */
export function parseForm(text: string): { fields: FormFields; unread: number } {
  const fields: FormFields = [];
  const total = forEachSequence(text, (sequence) => fields.push(decodeField(sequence)) < MAX_FORM_FIELDS);
  return { fields, unread: total - fields.length };
}

/** Every field of the form, without parseForm's bound: for a signature over all of them (Twilio). */
export function decodeForm(text: string): FormFields {
  const fields: FormFields = [];
  forEachSequence(text, (sequence) => {
    fields.push(decodeField(sequence));
    return true;
  });
  return fields;
}

/**
 * Calls `visit` with each non-empty '&'-separated sequence and its number (the URL standard skips
 * the empty ones: "a&&b" is two fields) until it returns false; counts them all.
 */
function forEachSequence(text: string, visit: (sequence: string, number: number) => boolean): number {
  let count = 0;
  let visiting = true;
  for (let start = 0; start <= text.length; ) {
    const found = text.indexOf('&', start);
    const end = found === -1 ? text.length : found;
    if (end > start) {
      count++;
      if (visiting) visiting = visit(text.slice(start, end), count);
    }
    start = end + 1;
  }
  return count;
}

/** A sequence as its name and value, split at the first '='. */
function decodeField(sequence: string): [name: string, value: string] {
  const at = sequence.indexOf('=');
  return at === -1 ? [decodeComponent(sequence), ''] : [decodeComponent(sequence.slice(0, at)), decodeComponent(sequence.slice(at + 1))];
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * A name or value as the URL standard's form parsing decodes it: '+' a space, %XX a byte, the bytes
 * read as UTF-8. Not Node's URLSearchParams: in Node 20, a field that holds a whole escape and a '%'
 * beginning none has its characters past U+007F read as Latin-1 bytes, so "100% sure, café" sent as
 * `100%+sure%2C+café` read "100% sure, caf\uFFFD" (test/unit/form-fields.test.ts holds this to
 * whatwg-url, the standard's own implementation).
 */
function decodeComponent(raw: string): string {
  return percentDecode(raw.includes('+') ? raw.replaceAll('+', ' ') : raw);
}

/** %XX escapes decoded as bytes read as UTF-8 (a lone '%' stays, bytes that are not UTF-8 read U+FFFD); '+' stays '+'. */
export function percentDecode(text: string): string {
  if (!text.includes('%')) return text;
  try {
    // Native, and right whenever every escape is whole and the bytes are UTF-8.
    return decodeURIComponent(text);
  } catch {
    return utf8.decode(percentDecoded(text));
  }
}

/** The body that carries these fields ('+' for spaces, as browsers and Ruby's encoder write it). */
export function encodeForm(fields: FormFields): string {
  return new URLSearchParams(fields).toString();
}

/** The media type of a Content-Type header, lower-case, without parameters. */
export function mediaType(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  // The common header, as senders write it, needs no work (the receiver reads one per request).
  if (contentType === 'application/json') return contentType;
  const end = contentType.indexOf(';');
  const type = (end === -1 ? contentType : contentType.slice(0, end)).trim().toLowerCase();
  return type === '' ? undefined : type;
}

/**
 * A warning for the first field whose bytes, percent-decoded, are not UTF-8 (`name=caf%E9`, Latin-1),
 * or undefined. A form's bytes are UTF-8 and the URL standard reads each bad sequence as U+FFFD, so
 * the sender's characters are lost without a word. Only a form with a U+FFFD in its fields is looked through.
 */
export function formNotUtf8(text: string, fields: FormFields): string | undefined {
  if (!fields.some(([name, value]) => name.includes('\uFFFD') || value.includes('\uFFFD'))) return undefined;
  let warning: string | undefined;
  forEachSequence(text, (sequence, number) => {
    warning = notUtf8Warning(percentDecoded(sequence), `form field ${number}, percent-decoded,`, FORM_UTF8_RULE);
    return warning === undefined && number < fields.length;
  });
  return warning;
}

const PERCENT = 0x25;

/** A hex digit's value, or -1. */
function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}

/**
 * A field's bytes as the URL standard's form parsing decodes them: %XX a byte, any other character
 * its UTF-8 (at most three bytes a UTF-16 unit). A '+' stays one byte ('+' or the space it stands for).
 */
function percentDecoded(sequence: string): Buffer {
  const bytes = Buffer.allocUnsafe(sequence.length * 3);
  let length = 0;
  for (let i = 0; i < sequence.length; i++) {
    const code = sequence.charCodeAt(i);
    const high = code === PERCENT ? hexValue(sequence.charCodeAt(i + 1)) : -1;
    const low = high === -1 ? -1 : hexValue(sequence.charCodeAt(i + 2));
    if (low !== -1) {
      bytes[length++] = high * 16 + low;
      i += 2;
    } else if (code < 0x80) bytes[length++] = code;
    else {
      // A surrogate pair is written whole; a lone half, as any encoder does, as U+FFFD.
      const units = code >= 0xd800 && code <= 0xdbff && i + 1 < sequence.length ? 2 : 1;
      length += bytes.write(sequence.slice(i, i + units), length, 'utf8');
      i += units - 1;
    }
  }
  return bytes.subarray(0, length);
}
