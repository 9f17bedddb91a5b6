// The exact request a delivery puts on the wire: body bytes (gzipped by the kind's host rule or
// --gzip), Content-Type / Content-Encoding, the signature of those bytes (the kind's scheme in
// src/signing), auth, user headers.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { UsageError } from '../errors.js';
import { WHK_USER_AGENT } from '../kinds/define.js';
import type { DeliveryProfile, RedirectRule, ResendRule } from '../kinds/types.js';
import { getScheme } from '../signing/index.js';
import type { SchemeParams, SignatureScheme } from '../signing/types.js';
import { encodeForm } from '../util/form.js';
import { encodeMultipart, MULTIPART_MEDIA_TYPE } from '../util/multipart.js';
import { connectionHeaderProblem, headerValueProblem, isHeaderName } from '../util/sendable-header.js';
import { splitCredentials } from '../util/secrets.js';
import { escapeAllControls } from '../util/hex.js';

export interface PreparedRequest {
  /** POST for every kind; replay may re-send captured requests of other methods. */
  method: string;
  url: string;
  /**
   * The request-target to put on the wire when it is not the URL's own (absent: the URL's path and
   * query): a replayed record's path goes as it was received, dot segments and backslashes included,
   * which a URL parser would rewrite. A redirect leaves it behind.
   */
  target?: string | undefined;
  headers: Record<string, string>;
  /** The bytes that go on the wire (gzipped when `gzip`). */
  body: Buffer;
  gzip: boolean;
  /** Follow redirects to the final answer, as the sender's HTTP client does (absent: a 3xx is the answer). */
  redirects?: RedirectRule;
  /** Answers after which the sender's HTTP client sends it again on its own (absent: none). */
  resends?: ResendRule;
  /** 'status': an answer whose body is cut short counts by its status, as the sender's code reads it (absent: the attempt fails). */
  shortBody?: 'status';
  /**
   * 'status': an answer whose body is still coming at the deadline counts by its status, decided before
   * the body was read (absent: the attempt times out); '2xx-at-headers': a 2xx ends the attempt at its
   * headers, its body left unread, another status as 'status'.
   */
  stalledBody?: 'status' | '2xx-at-headers';
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
  /** Sign with this scheme (src/signing) instead of the kind's own. */
  scheme?: string | undefined;
  /** The scheme's settings for signing (a Twilio SharedKey, hmac's hash). */
  params?: SchemeParams | undefined;
  auth?: Auth | undefined;
  /** The clock, for schemes that sign a timestamp. Default Date.now. */
  now?: (() => number) | undefined;
  /** The message id, for schemes that sign one (Standard Webhooks, Svix). Default: from the body's bytes. */
  messageId?: string | undefined;
}

/** whk's own User-Agent, for requests no kind's sender makes (replay). */
export const USER_AGENT = WHK_USER_AGENT;

export function shouldGzip(rule: DeliveryProfile['gzip'], mode: GzipMode, url: string): boolean {
  if (mode !== 'auto') return mode === 'always';
  if (rule === 'never') return false;
  // The kind's rule names the hosts its sender sends plain to.
  return !rule.unlessHosts.includes(new URL(url).hostname.toLowerCase());
}

/**
 * A message id for the schemes that sign one (Standard Webhooks, Svix), from a payload's bytes (whk's
 * choice): for a request that is given none (a batch, a replayed record without its own).
 */
export function messageId(plain: Buffer): string {
  return `msg_${createHash('sha256').update(plain).digest('hex').slice(0, 24)}`;
}

type WireProfile = Pick<DeliveryProfile, 'method' | 'contentType' | 'gzip' | 'signature' | 'formField'> & Partial<Pick<DeliveryProfile, 'userAgent' | 'followRedirects' | 'redirects' | 'resends' | 'connectionClose' | 'clientHeaders' | 'retry' | 'shortBody' | 'stalledBody'>>;

/**
 * The payload as the sender puts it on the wire, and its Content-Type: the JSON itself, or the JSON in
 * one field of a form (Travis CI: payload=<json>), urlencoded or multipart (a kind from a captured
 * multipart form). A multipart boundary is made from the JSON's own hash (whk's choice): the same
 * payload gives the same bytes, and a boundary found in it is out of reach.
 */
function wireBody(profile: WireProfile, json: Buffer): { plain: Buffer; contentType: string } {
  if (profile.formField === undefined) return { plain: json, contentType: profile.contentType };
  const fields: [string, string][] = [[profile.formField, json.toString('utf8')]];
  if (profile.contentType !== MULTIPART_MEDIA_TYPE) return { plain: Buffer.from(encodeForm(fields)), contentType: profile.contentType };
  const { body, contentType } = encodeMultipart(fields, `whk-${createHash('sha256').update(json).digest('hex').slice(0, 32)}`);
  return { plain: body, contentType };
}

export function prepareRequest(profile: WireProfile, target: string, json: Buffer, options: EncodeOptions = {}): PreparedRequest {
  // user:pass@ in the URL goes as Authorization: Basic (as curl sends it), not in the URL.
  const credentials = splitCredentials(target);
  const gzip = shouldGzip(profile.gzip, options.gzip ?? 'auto', target);
  const { plain, contentType } = wireBody(profile, json);
  const body = gzip ? gzipSync(plain) : plain;
  // The request with a signature's headers and the URL it goes to (a scheme may add to it).
  const build = (signature: Record<string, string>, url: string): PreparedRequest => {
    const headers: Record<string, string> = { 'Content-Type': contentType, 'User-Agent': profile.userAgent ?? WHK_USER_AGENT };
    if (profile.connectionClose) headers['Connection'] = 'close';
    if (profile.clientHeaders) Object.assign(headers, profile.clientHeaders);
    if (gzip) headers['Content-Encoding'] = 'gzip';
    Object.assign(headers, signature);
    // The first attempt's number, so --dry-run and --curl show it; a retry renumbers it (retry.ts).
    if (profile.retry?.attemptHeader?.counts === 'attempts') headers[profile.retry.attemptHeader.name] = '1';
    if (options.auth) headers['Authorization'] = `${options.auth.scheme === 'basic' ? 'Basic' : 'Bearer'} ${options.auth.token}`;
    else if (credentials.authorization !== undefined) headers['Authorization'] = credentials.authorization;
    for (const [name, value] of options.headers ?? []) setHeader(headers, name, value);
    return {
      method: profile.method,
      url,
      headers,
      body,
      gzip,
      // The rule is what follows them (test/unit/kind-model.test.ts holds followRedirects to it).
      ...(profile.redirects ? { redirects: profile.redirects } : {}),
      ...(profile.resends ? { resends: profile.resends } : {}),
      ...(profile.shortBody === 'status' ? { shortBody: 'status' as const } : {}),
      ...(profile.stalledBody ? { stalledBody: profile.stalledBody } : {}),
    };
  };
  const schemeId = options.scheme ?? profile.signature?.scheme;
  if (options.secret === undefined || schemeId === undefined) return build({}, credentials.url);
  const signing = { scheme: getScheme(schemeId), secret: options.secret, id: options.messageId ?? messageId(plain), body, url: credentials.url, contentType: profile.contentType, params: options.params };
  return signedRequest(build, signing, options.now ?? Date.now);
}

/** What a request is signed with and over: the scheme, its secret, and the parts it may sign besides the time. */
export interface Signing {
  scheme: SignatureScheme;
  secret: string;
  /** The message id, for schemes that sign one. */
  id: string;
  /** The bytes on the wire. */
  body: Buffer;
  url: string;
  contentType: string | undefined;
  /** The scheme's settings (absent: its defaults). */
  params?: SchemeParams | undefined;
}

type SignedAt = (now: number) => PreparedRequest;

/** A signed request's second and how to sign it at another: kept beside the request, which stays plain data. */
const signedRequests = new WeakMap<PreparedRequest, { second: number; clock: () => number; signedAt: SignedAt }>();

/**
 * The request `build` makes with the signature of the clock's time (and the URL the scheme sends it
 * to), which signedForNow makes again for an attempt in a later second: the send's requests, and
 * replay's when it signs.
 */
export function signedRequest(build: (signature: Record<string, string>, url: string) => PreparedRequest, signing: Signing, clock: () => number): PreparedRequest {
  const { scheme, secret, id, body, url, contentType, params } = signing;
  const signedAt: SignedAt = (now) => {
    const input = { body, secret, now, id, url, contentType, params };
    const request = build(scheme.sign(input), scheme.requestUrl?.(input) ?? url);
    signedRequests.set(request, { second: Math.floor(now / 1000), clock, signedAt });
    return request;
  };
  return signedAt(clock());
}

/**
 * The request as it goes now: signed again once its second has passed, so a scheme that signs the
 * time (Stripe, Slack, Standard Webhooks) carries the attempt's time, not the preparation's. A retry,
 * a duplicate and a batch held through a pause go later than they were prepared. Stripe's docs (Check
 * the webhook signatures) and the Standard Webhooks spec (Webhook metadata) say their senders sign
 * each attempt with its own timestamp; whk does so for every scheme (one that signs the body alone
 * gives the same header again). An unsigned request, or one signed this second, is returned as it is.
 */
export function signedForNow(request: PreparedRequest): PreparedRequest {
  const signed = signedRequests.get(request);
  if (signed === undefined) return request;
  const now = signed.clock();
  return Math.floor(now / 1000) === signed.second ? request : signed.signedAt(now);
}

/** Sets a header, replacing one of the same name in any case (HTTP names are case-insensitive). */
function setHeader(headers: Record<string, string>, name: string, value: string): void {
  for (const existing of Object.keys(headers)) if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
  headers[name] = value;
}

/** A copy of the request with one header set (a retry's count); the request itself is untouched. */
export function withHeader(request: PreparedRequest, name: string, value: string): PreparedRequest {
  const headers = { ...request.headers };
  setHeader(headers, name, value);
  return { ...request, headers };
}

/** One --header value, 'Name: value'. */
export function parseHeaderLine(raw: string): [string, string] {
  const colon = raw.indexOf(':');
  const name = colon > 0 ? raw.slice(0, colon).trim() : '';
  const value = raw.slice(colon + 1).trim();
  // The line is the user's, echoed: a control character in it is shown as its escape, not written to the terminal.
  const problem = isHeaderName(name) ? headerValueProblem(value) : undefined;
  if (problem !== undefined) throw new UsageError(`invalid \`header\` '${escapeAllControls(raw)}': ${problem}`);
  if (!isHeaderName(name)) {
    throw new UsageError(`invalid \`header\` '${raw}'`, "use 'Name: value', e.g. `header` 'X-Env: staging'");
  }
  return [name, value];
}

/** One --header to send (see connectionHeaderProblem). */
export function parseSentHeaderLine(raw: string): [string, string] {
  const [name, value] = parseHeaderLine(raw);
  const refused = connectionHeaderProblem(name, value);
  if (refused) throw new UsageError(`invalid \`header\` '${raw}': ${refused.problem}`, refused.hint);
  return [name, value];
}

/**
 * The --header lines to send, one per name in any case: a request here holds one value per header,
 * so a second line of a name, which curl's -H would send as a second field, is refused rather than
 * one of them dropped unsaid.
 */
export function parseSentHeaderLines(lines: readonly string[]): [string, string][] {
  const given = new Map<string, string>();
  return lines.map((raw) => {
    const header = parseSentHeaderLine(raw);
    const first = given.get(header[0].toLowerCase());
    if (first !== undefined) throw new UsageError(`\`header\` ${header[0]} given twice: '${first}' and '${raw}'`, "whk sends one field of a name: give it once, its values joined by ', ' where the header takes a list");
    given.set(header[0].toLowerCase(), raw);
    return header;
  });
}
