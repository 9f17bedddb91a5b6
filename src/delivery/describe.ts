// A prepared request as data for --dry-run --json, and as a runnable curl command for --curl.
// Both must reproduce the exact body bytes, so binary (gzipped) bodies travel as base64.
import type { PreparedRequest } from './request.js';
import { readableHeader } from '../capture/request-fields.js';
import { BIDI_CONTROLS, CONTROL_CHARACTERS } from '../inspector/page/controls.js';
import { shellQuote } from '../util/shell.js';

export interface RequestView {
  method: string;
  url: string;
  /** The request-target on the request line when it is not the URL's own ('*' of OPTIONS *); absent otherwise. */
  target?: string;
  headers: Record<string, string>;
  /** The body as UTF-8 text, or base64 of the exact bytes when they are not plain text (gzip). */
  body: string;
  bodyEncoding: 'utf8' | 'base64';
}

export function describeRequest(request: PreparedRequest): RequestView {
  const text = isPlainText(request) ? request.body.toString('utf8') : undefined;
  return {
    method: request.method,
    url: request.url,
    ...(request.target === undefined ? {} : { target: request.target }),
    headers: { ...request.headers },
    body: text ?? request.body.toString('base64'),
    bodyEncoding: text === undefined ? 'base64' : 'utf8',
  };
}

/**
 * A POSIX-shell curl command that sends the same method, URL (and request-target, when set), headers
 * and body bytes; `maxTimeMs`, a timeout the user gave, as curl's --max-time (in seconds, as curl takes it).
 */
export function toCurl(request: PreparedRequest, options: { headersAsGiven?: boolean; emptyBodySent?: boolean | undefined; maxTimeMs?: number | undefined } = {}): string {
  // A replayed record's method is any HTTP token, and `|`, `&` and `$` are token characters.
  // --globoff: curl reads [1-9] and {a,b} in a URL as ranges and sends a request each; a sender's
  // path /h/[1-99999999] would have made one pasted command a flood.
  // A HEAD answer's Content-Length is of a body never sent: `-X HEAD` waits for it, `--head` does not.
  // --head cannot send a body, so a HEAD with one goes with -X HEAD and reads no answer body: the
  // length ignored, to the connection's close, which Connection: close asks for (as undici's replay does).
  const method = request.method === 'HEAD' && request.body.length === 0 ? ['--head'] : ['-X', pasteWord(request.method)];
  const maxTime = options.maxTimeMs === undefined ? [] : ['--max-time', String(options.maxTimeMs / 1000)];
  const parts = ['curl', '-sS', '--globoff', ...maxTime, ...method, pasteWord(request.url)];
  if (request.target !== undefined) parts.push('--request-target', pasteWord(request.target));
  if (isHeadWithBody(request)) {
    parts.push('--include', '--ignore-content-length');
    if (!Object.keys(request.headers).some((name) => name.toLowerCase() === 'connection')) parts.push('-H', "'Connection: close'");
  }
  // 'name: ' (no value) tells curl to leave a header out; 'name;' sends it empty.
  for (const [name, value] of Object.entries(request.headers)) parts.push('-H', headerWord(value === '' ? `${name};` : `${name}: ${value}`));
  // An empty POST goes with Content-Length: 0, as undici (send, replay) sends it; curl sends none
  // without a body to send, and some receivers answer that 411. A recorded request resent as it came
  // (`emptyBodySent`) goes with one only if it had one.
  const emptyBody = request.body.length === 0 && (options.emptyBodySent ?? sendsEmptyBody(request));
  if (options.headersAsGiven) for (const name of curlsOwnHeaders(request, emptyBody)) parts.push('-H', `'${name}:'`);
  if (request.body.length === 0) return (emptyBody ? [...parts, '--data-binary', "''"] : parts).join(' ');
  const text = isPlainText(request) && request.body.length <= INLINE_BODY_BYTES && !UNSAFE_TO_PASTE.test(request.body.toString('utf8')) ? request.body.toString('utf8') : undefined;
  // Inline text unless curl would read it as a file name ('@...'); anything else goes through base64.
  if (text !== undefined && !text.startsWith('@')) return [...parts, '--data-binary', shellQuote(text)].join(' ');
  // base64 never needs escaping; the quotes only keep it one word. printf is the shell's own
  // command, so its word may be as long as the body: no argument list is handed to the kernel.
  return `printf '%s' '${request.body.toString('base64')}' | base64 -d | ${[...parts, '--data-binary', '@-'].join(' ')}`;
}

/** A HEAD that carries a body: its curl command ends only as toCurl writes it (a renderer says how). */
export function isHeadWithBody(request: PreparedRequest): boolean {
  return request.method === 'HEAD' && request.body.length > 0;
}

/**
 * The headers curl adds of its own accord that the request lacks: a recorded request sent without
 * Accept came back from its command with curl's Accept, and one with a body but no Content-Type with
 * 'application/x-www-form-urlencoded', which an app reads as a form.
 */
function curlsOwnHeaders(request: PreparedRequest, emptyBody: boolean): string[] {
  const own = request.body.length === 0 && !emptyBody ? ['user-agent', 'accept'] : ['user-agent', 'accept', 'content-type', 'expect'];
  const given = new Set(Object.keys(request.headers).map((name) => name.toLowerCase()));
  return own.filter((name) => !given.has(name));
}

// The methods undici sends Content-Length: 0 for when their body is empty (its client's expectsPayload).
const PAYLOAD_METHODS = new Set(['POST', 'PUT', 'PATCH']);

function sendsEmptyBody(request: PreparedRequest): boolean {
  return request.body.length === 0 && PAYLOAD_METHODS.has(request.method);
}

// The longest body given to curl as its own argument: Linux refuses to start a program with an
// argument over 128 KiB (MAX_ARG_STRLEN), so a 200 kB JSON body's command failed with 'Argument list
// too long'. A longer body goes through printf, which the shell runs itself.
const INLINE_BODY_BYTES = 64 * 1024;

function isPlainText(request: PreparedRequest): boolean {
  if (request.gzip) return false;
  const text = request.body.toString('utf8');
  return !text.includes('\0') && Buffer.from(text, 'utf8').equals(request.body);
}

// Characters that act when a command holding them is pasted into a terminal, quotes or not: Ctrl-C
// drops the line typed so far, so a sender's text after it would run as a command of its own; ESC
// can end a bracketed paste; a carriage return or U+2028 rewrites what the reader sees, bidirectional
// controls reorder it. A command holding one spells its bytes out instead (base64, printf escapes).
const UNSAFE_TO_PASTE = new RegExp(`[${CONTROL_CHARACTERS}\\u2028\\u2029${BIDI_CONTROLS}]`);

function pasteWord(text: string): string {
  return UNSAFE_TO_PASTE.test(text) ? printfWord(Buffer.from(text, 'utf8')) : shellQuote(text);
}

/**
 * A header line as the bytes it was: Node holds a received header's bytes as Latin-1 characters,
 * and a shell hands curl UTF-8, so Café (read as CafÃ©) is written as the UTF-8 it is, and bytes
 * that are not UTF-8 as printf escapes.
 */
function headerWord(header: string): string {
  if (/[^\u0000-\u00ff]/.test(header)) return pasteWord(header);
  const text = readableHeader(header);
  const sameBytes = text !== header || !/[\u0080-\u00ff]/.test(header);
  return sameBytes && !UNSAFE_TO_PASTE.test(text) ? shellQuote(text) : printfWord(Buffer.from(header, 'latin1'));
}

/** One shell word of the exact bytes, spelt in printable ASCII: "$(printf '\303\251')" (POSIX printf). */
function printfWord(bytes: Buffer): string {
  let format = '';
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    if (char === '%') format += '%%';
    else if (/[\w @+=:,./-]/.test(char)) format += char;
    else format += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `"$(printf '${format}')"`;
}
