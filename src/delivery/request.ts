// The exact request a delivery puts on the wire: body bytes (gzipped by the kind's host rule or
// --gzip), Content-Type / Content-Encoding, the HMAC signature of those bytes, auth, user headers.
import { createHmac } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { UsageError } from '../errors.js';
import type { AttemptHeader, DeliveryProfile } from '../kinds/types.js';

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
}

export const USER_AGENT = 'whk';

export function shouldGzip(rule: DeliveryProfile['gzip'], mode: GzipMode, url: string): boolean {
  if (mode !== 'auto') return mode === 'always';
  if (rule === 'never') return false;
  // The kind's rule names the hosts its sender sends plain to.
  return !rule.unlessHosts.includes(new URL(url).hostname.toLowerCase());
}

type RequestProfile = Pick<DeliveryProfile, 'method' | 'contentType' | 'gzip' | 'signature'> & Partial<Pick<DeliveryProfile, 'secretToken' | 'attemptHeader'>>;

/** The request of a delivery's first attempt (forAttempt gives the later ones). */
export function prepareRequest(profile: RequestProfile, url: string, plain: Buffer, options: EncodeOptions = {}): PreparedRequest {
  const gzip = shouldGzip(profile.gzip, options.gzip ?? 'auto', url);
  const body = gzip ? gzipSync(plain) : plain;
  const headers: Record<string, string> = { 'Content-Type': profile.contentType, 'User-Agent': USER_AGENT };
  if (gzip) headers['Content-Encoding'] = 'gzip';
  // PagerDuty's header carries 'v1=' before the digest; Metaplane's and Sentry's the bare digest.
  if (options.secret !== undefined && profile.signature) headers[profile.signature.header] = `${profile.signature.prefix ?? ''}${sign(options.secret, body)}`;
  if (options.secret !== undefined && profile.secretToken) headers[profile.secretToken.header] = options.secret;
  if (profile.attemptHeader?.counts === 'attempts') headers[profile.attemptHeader.header] = '1';
  if (options.auth) headers['Authorization'] = `${options.auth.scheme === 'basic' ? 'Basic' : 'Bearer'} ${options.auth.token}`;
  for (const [name, value] of options.headers ?? []) {
    for (const existing of Object.keys(headers)) if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
    headers[name] = value;
  }
  return { method: profile.method, url, headers, body, gzip };
}

/** The same request as attempt number `n` (1-based) sends it: the attempt header set to n's count. */
export function forAttempt(request: PreparedRequest, rule: AttemptHeader | undefined, n: number): PreparedRequest {
  if (!rule) return request;
  const count = rule.counts === 'attempts' ? n : n - 1;
  const lower = rule.header.toLowerCase();
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== lower));
  if (count > 0) headers[rule.header] = String(count);
  return { ...request, headers };
}

/** Hex HMAC-SHA256 of exactly these bytes (Metaplane's x-metaplane-sig). */
export function sign(secret: string, body: Uint8Array): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** An http(s) URL, or a usage error saying what is wrong with it. */
export function parseTargetUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`invalid --url '${raw}': not a URL`, 'give a full URL, e.g. http://127.0.0.1:9000/hook');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`invalid --url '${raw}': only http and https are supported`, 'e.g. https://example.com/hook');
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
    throw new UsageError(`invalid --header '${raw}'`, "use 'Name: value', e.g. --header 'X-Env: staging'");
  }
  return [name, value];
}
