// A record's body as text again: its bytes after Content-Encoding, and the digits sent of the
// integers past 2^53 that its parsed body holds only as the nearest doubles. The inspector draws them
// (detail and diff), `listen --body` prints them, and replay's `set` writes them back.
import type { CaptureRecord } from './record.js';
import { decodeBody, parseContentEncoding } from '../receiver/decode.js';
import { firstInexactInteger } from '../util/deep-json.js';
import { inexactNumberTexts } from '../util/number-texts.js';

// The most a body is inflated to be read again (listen's --max-body goes to 10 MB by default).
const DECODE_LIMIT = 16 * 1024 * 1024;

/** The body's bytes after Content-Encoding, as UTF-8 text; null when they cannot be decoded. */
export async function decodedText(raw: Buffer, record: CaptureRecord): Promise<string | null> {
  const encoding = recordHeader(record, 'content-encoding');
  if (parseContentEncoding(encoding).length === 0 && record.encoding === 'identity') return raw.toString('utf8');
  const decoded = await decodeBody(raw, encoding, DECODE_LIMIT);
  return decoded.ok ? decoded.bytes.toString('utf8') : null;
}

/**
 * The digits sent of the body's integers past 2^53, by path, read again from its text (the decoded
 * bytes, or the form's field that held the JSON); undefined when it holds none. Parsed, they are the
 * nearest doubles.
 */
export async function numbersAsSent(raw: Buffer, record: CaptureRecord, json: unknown): Promise<Map<string, string> | undefined> {
  // Most bodies hold no such number: nothing is decoded again for them.
  if (firstInexactInteger(json) === undefined) return undefined;
  return numbersInText(record, json, record.form === undefined ? await decodedText(raw, record) : undefined);
}

/**
 * numbersAsSent, given the body's bytes after Content-Encoding as the receiver decoded them (`whk
 * listen --body` prints from them; a form's JSON is read from its field). `limit`: how much of the
 * text is read, at most (a number past it has no digits found, and reads as the nearest double).
 */
export function numbersInText(record: CaptureRecord, json: unknown, decoded: Buffer | string | null | undefined, limit = Infinity): Map<string, string> | undefined {
  if (firstInexactInteger(json) === undefined) return undefined;
  const { form } = record;
  const whole = form === undefined ? decoded : form.fields.find(([name]) => name === form.json)?.[1];
  const text = typeof whole === 'string' ? whole.slice(0, limit) : whole?.toString('utf8', 0, Math.min(whole.length, limit));
  // A number the limit cuts reads as another than the one parsed: numberTextFor leaves it out.
  return text == null ? undefined : inexactNumberTexts(text);
}

/** A header as the record has it, a repeated one's values joined. */
export function recordHeader(record: CaptureRecord, name: string): string | undefined {
  const value = Object.hasOwn(record.headers, name) ? record.headers[name] : undefined;
  return Array.isArray(value) ? value.join(', ') : value;
}
