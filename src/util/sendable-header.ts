// Which headers whk can put on the wire: one test for --header, the API's headers, a contract's
// send step and a custom kind's "x-whk" headers, so none is taken to fail at every delivery.
import { HOP_BY_HOP_HEADERS } from './hop-headers.js';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

// What a header value may hold on the wire, as undici checks it: a tab, visible ASCII and the bytes
// 0x80-0xFF (one character each, as Node reads them), no line break or other control character.
const VALUE_CHARACTERS = '\\t\\x20-\\x7e\\x80-\\xff';
const HEADER_VALUE = new RegExp(`^[${VALUE_CHARACTERS}]*$`);
const NOT_A_VALUE_CHARACTER = new RegExp(`[^${VALUE_CHARACTERS}]`, 'u');

/** A header name the wire takes: an HTTP token. */
export const isHeaderName = (name: string): boolean => TOKEN.test(name);

/** Text a header value can hold on the wire: no line break nor other control character. */
export const isHeaderValue = (value: string): boolean => HEADER_VALUE.test(value);

/** A header name and value that can go on the wire: a token, and a value without CR, LF or NUL. */
export const isSendableHeader = (name: string, value: string): boolean => isHeaderName(name) && isHeaderValue(value);

/** Why a value cannot go on the wire (isHeaderValue), naming its first such character; undefined when it can. */
export function headerValueProblem(value: string): string | undefined {
  const bad = NOT_A_VALUE_CHARACTER.exec(value)?.[0];
  if (bad === undefined) return undefined;
  const code = `U+${(bad.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  if (bad.length > 1 || bad > '\xff') return `its value holds '${bad}' (${code}), past Latin-1: a header carries one byte a character (give its UTF-8 bytes percent-encoded, or as the sender encodes it)`;
  return `its value holds a control character (${code}${bad === '\n' || bad === '\r' ? ', a line break' : ''}), which no header may carry`;
}

/**
 * Why a header given to send cannot be sent, or undefined: a connection's own header (Host,
 * Content-Length, Transfer-Encoding, ...) is whk's to set from the URL and the body, and one given
 * was dropped without a word (--header 'Host: api.example.com' went as the URL's host); Connection:
 * close is sent. (verify reads a request's headers, any of them.)
 */
export function connectionHeaderProblem(name: string, value: string): { problem: string; hint: string } | undefined {
  const lower = name.toLowerCase();
  if (!HOP_BY_HOP_HEADERS.has(lower) || (lower === 'connection' && value.toLowerCase() === 'close')) return undefined;
  return { problem: `${name} belongs to the connection, which whk sets from the URL and the body`, hint: lower === 'host' ? 'put the host in `url`' : 'leave it out' };
}

/** Why a header cannot be sent (its name, its value, or it is the connection's), or undefined. */
export function sentHeaderProblem(name: string, value: string): { problem: string; hint: string } | undefined {
  const hint = 'a header name is letters, digits, - and the like; its value one line of text up to U+00FF';
  // JSON quoting shows a line break as \n, not as a second line of the message.
  if (!TOKEN.test(name)) return { problem: `${JSON.stringify(name)} is not a header name`, hint };
  if (!HEADER_VALUE.test(value)) {
    const what = /[\r\n\0]/.test(value) ? 'a line break or NUL' : 'a control character or one past U+00FF';
    return { problem: `the value of ${name} holds ${what}`, hint };
  }
  return connectionHeaderProblem(name, value);
}
