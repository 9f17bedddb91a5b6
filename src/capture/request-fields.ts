// The pieces of a capture record that come straight from the request: path and query, and the
// headers (with hostile names kept as data).
import { setOwn } from '../util/set-own.js';

/**
 * The path as the client sent it, and the query parsed. The path is kept as it came (dot segments,
 * '//', backslashes and percent-escapes included): a receiver under test is shown what its sender
 * really asked for, and the forwarded target is the same bytes. An absolute-form target (as
 * proxies send) gives its URL's path; the asterisk-form is kept as '*'.
 */
export function splitUrl(target: string): { path: string; query: Record<string, string | string[]> } {
  const mark = target.indexOf('?');
  if (target.startsWith('/') && mark === -1) return { path: target, query: {} };
  // The asterisk-form (OPTIONS *: the server as a whole) names no path; as a URL it would read '/*'.
  if (target === '*') return { path: target, query: {} };
  const parsed = targetUrl(target, 'http://receiver.invalid');
  if (parsed === null) return { path: target, query: {} };
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(parsed.searchParams.keys())) {
    const values = parsed.searchParams.getAll(key);
    setOwn(query, key, values.length === 1 ? (values[0] as string) : values);
  }
  return { path: target.startsWith('/') ? target.slice(0, mark) : parsed.pathname, query };
}

/**
 * A request-target as a URL on `origin` (a placeholder). The path a client sends (origin-form) is
 * always read as a path: as a URL relative to a base, '//x/y' would name the host x and '//' would
 * not parse. An absolute-form target (http://host/path, as proxies send) is read as itself; null
 * when it does not parse.
 */
export function targetUrl(target: string, origin: string): URL | null {
  if (target.startsWith('/')) return new URL(`${origin}${target}`);
  return URL.canParse(target, origin) ? new URL(target, origin) : null;
}

/**
 * The query as the client sent it (after '?', before any '#'), escapes and order kept; undefined
 * when the target has none. What a re-send needs: the parsed query cannot say whether a space came
 * as %20 or +, nor how repeated names were interleaved, and a signed URL (Twilio) depends on both.
 */
export function rawQueryOf(target: string): string | undefined {
  const mark = target.indexOf('?');
  if (mark === -1) return undefined;
  const end = target.indexOf('#', mark);
  return target.slice(mark + 1, end === -1 ? undefined : end);
}

/**
 * A record's query as the sender sent it ('?a=1', or ''): its raw query when the record keeps one
 * (since rawQuery was recorded), else the query written from the parsed one.
 */
export function recordQuery(record: { query: Record<string, string | string[]>; rawQuery?: string | undefined }): string {
  return record.rawQuery === undefined ? queryString(record.query) : `?${record.rawQuery}`;
}

/** The query as it is shown after the path: '?env=prod', or '' when there is none. */
export function queryString(query: Record<string, string | string[]>): string {
  // Most webhooks come without a query: every printed line and page row asks, so no URLSearchParams then.
  if (isEmpty(query)) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) for (const one of Array.isArray(value) ? value : [value]) params.append(key, one);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function isEmpty(record: Record<string, unknown>): boolean {
  for (const _key in record) return false;
  return true;
}

/**
 * The request headers from the raw list (Node's own object silently drops a header named
 * '__proto__'): names lower-cased, repeats joined with ', ', set-cookie kept as a list.
 */
export function copyHeaders(raw: readonly string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    const seen = Object.hasOwn(out, name) ? out[name] : undefined;
    const next = seen === undefined ? (name === 'set-cookie' ? [value] : value) : Array.isArray(seen) ? [...seen, value] : `${seen}, ${value}`;
    setOwn(out, name, next);
  }
  return out;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A header value as a person reads it. Node reads header bytes as Latin-1, one character per byte,
 * and the record keeps them so (a replay sends the same bytes); but senders write UTF-8, which
 * would show as mojibake (Café as CafÃ©). Shown as UTF-8 when the bytes are UTF-8, else as read.
 */
export function readableHeader(value: string): string {
  if (!/[^\u0000-\u007f]/.test(value) || /[^\u0000-\u00ff]/.test(value)) return value;
  try {
    return strictUtf8.decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}

export function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The first value of a header (lower-case name), or undefined when absent or empty: what a
 * signature scheme reads, and the receiver's Host and Content-Type.
 */
export function headerValue(headers: Readonly<Record<string, string | string[] | undefined>>, name: string): string | undefined {
  const value = Object.hasOwn(headers, name) ? headers[name] : undefined;
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === '' ? undefined : text;
}

/**
 * The URL the sender addressed, as far as the request tells (Twilio signs it): its Host, and https
 * when a tunnel or proxy says so in X-Forwarded-Proto (ngrok and cloudflared end TLS and forward
 * plain HTTP), else http. Undefined without a Host.
 */
export function addressedUrl(headers: Readonly<Record<string, string | string[] | undefined>>, target: string): string | undefined {
  const host = headerValue(headers, 'host');
  if (host === undefined) return undefined;
  const proto = headerValue(headers, 'x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return `${proto === 'https' ? 'https' : 'http'}://${host}${urlPathOf(target)}`;
}

/**
 * A request-target as the path of a URL: a '*' (OPTIONS *: the server as a whole) has none (RFC 9112
 * §3.3), and after a port, http://h:9000* is no URL at all.
 */
export function urlPathOf(target: string): string {
  return target === '*' ? '' : target;
}
