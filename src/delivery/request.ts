// The exact request a delivery puts on the wire: body bytes (gzipped by the kind's host rule or
// --gzip), Content-Type / Content-Encoding, the signature of those bytes (the kind's scheme in
// src/signing), auth, user headers.
import { gzipSync } from 'node:zlib';
import { UsageError } from '../errors.js';
import type { DeliveryProfile } from '../kinds/types.js';
import { getScheme } from '../signing/index.js';

export interface PreparedRequest {
  /** POST for every kind; replay may re-send captured requests of other methods. */
  method: string;
  url: string;
  headers: Record<string, string>;
  /** The bytes that go on the wire (gzipped when `gzip`). */
  body: Buffer;
  gzip: boolean;
}

export type GzipMode = 'auto' | 'always' | 'never';

export interface Auth {
  scheme: 'basic' | 'bearer';
  /** Sent as given: HertzBeat's Basic token is already base64 of user:pass. */
  token: string;
}

export interface EncodeOptions {
  gzip?: GzipMode | undefined;
  /** Extra headers; a name that matches a default (case-insensitive) replaces it. */
  headers?: readonly (readonly [string, string])[] | undefined;
  secret?: string | undefined;
  auth?: Auth | undefined;
  /** The clock, for schemes that sign a timestamp. Default Date.now. */
  now?: (() => number) | undefined;
}

export const USER_AGENT = 'whk';

export function shouldGzip(rule: DeliveryProfile['gzip'], mode: GzipMode, url: string): boolean {
  if (mode !== 'auto') return mode === 'always';
  if (rule === 'never') return false;
  // The kind's rule names the hosts its sender sends plain to.
  return !rule.unlessHosts.includes(new URL(url).hostname.toLowerCase());
}

type RequestProfile = Pick<DeliveryProfile, 'method' | 'contentType' | 'gzip' | 'signature'> & Partial<Pick<DeliveryProfile, 'retry'>>;

/** The request of a delivery's first attempt (a retry renumbers its attempt-number header, if any). */
export function prepareRequest(profile: RequestProfile, url: string, plain: Buffer, options: EncodeOptions = {}): PreparedRequest {
  const gzip = shouldGzip(profile.gzip, options.gzip ?? 'auto', url);
  const body = gzip ? gzipSync(plain) : plain;
  const headers: Record<string, string> = { 'Content-Type': profile.contentType, 'User-Agent': USER_AGENT };
  if (gzip) headers['Content-Encoding'] = 'gzip';
  if (options.secret !== undefined && profile.signature) {
    Object.assign(headers, getScheme(profile.signature.scheme).sign({ body, secret: options.secret, now: (options.now ?? Date.now)() }));
  }
  if (profile.retry?.attemptNumberHeader) headers[profile.retry.attemptNumberHeader] = '1';
  if (options.auth) headers['Authorization'] = `${options.auth.scheme === 'basic' ? 'Basic' : 'Bearer'} ${options.auth.token}`;
  for (const [name, value] of options.headers ?? []) {
    for (const existing of Object.keys(headers)) if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
    headers[name] = value;
  }
  return { method: profile.method, url, headers, body, gzip };
}

/** An http(s) URL, or a usage error saying what is wrong with it. */
export function parseTargetUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`invalid \`url\` '${raw}': not a URL`, 'give a full URL, e.g. http://127.0.0.1:9000/hook');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`invalid \`url\` '${raw}': only http and https are supported`, 'e.g. https://example.com/hook');
  }
  return url.href;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** One --header value, 'Name: value'. */
export function parseHeaderLine(raw: string): [string, string] {
  const colon = raw.indexOf(':');
  const name = colon > 0 ? raw.slice(0, colon).trim() : '';
  const value = raw.slice(colon + 1).trim();
  if (!TOKEN.test(name) || /[\r\n\0]/.test(value)) {
    throw new UsageError(`invalid \`header\` '${raw}'`, "use 'Name: value', e.g. `header` 'X-Env: staging'");
  }
  return [name, value];
}
