// A prepared request as data for --dry-run --json, and as a runnable curl command for --curl.
// Both must reproduce the exact body bytes, so binary (gzipped) bodies travel as base64.
import type { PreparedRequest } from './request.js';
import { shellQuote } from '../util/shell.js';

export interface RequestView {
  method: string;
  url: string;
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
    headers: { ...request.headers },
    body: text ?? request.body.toString('base64'),
    bodyEncoding: text === undefined ? 'base64' : 'utf8',
  };
}

/** A POSIX-shell curl command that sends the same method, URL, headers and body bytes. */
export function toCurl(request: PreparedRequest): string {
  // A replayed record's method is any HTTP token, and `|`, `&` and `$` are token characters.
  const parts = ['curl', '-sS', '-X', shellQuote(request.method), shellQuote(request.url)];
  for (const [name, value] of Object.entries(request.headers)) parts.push('-H', shellQuote(`${name}: ${value}`));
  if (request.body.length === 0) return parts.join(' ');
  const text = isPlainText(request) ? request.body.toString('utf8') : undefined;
  // Inline text unless curl would read it as a file name ('@...'); anything else goes through base64.
  if (text !== undefined && !text.startsWith('@')) return [...parts, '--data-binary', shellQuote(text)].join(' ');
  // base64 never needs escaping; the quotes only keep it one word.
  return `printf '%s' '${request.body.toString('base64')}' | base64 -d | ${[...parts, '--data-binary', '@-'].join(' ')}`;
}

function isPlainText(request: PreparedRequest): boolean {
  if (request.gzip) return false;
  const text = request.body.toString('utf8');
  return !text.includes('\0') && Buffer.from(text, 'utf8').equals(request.body);
}
