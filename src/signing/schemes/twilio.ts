// Twilio: X-Twilio-Signature, base64 HMAC-SHA1 keyed with the auth token over the full request URL
// followed, for form posts, by every parameter name and value sorted by name. A body that is not a
// form (JSON) is covered by a bodySHA256=<hex SHA-256> query parameter in the signed URL instead.
// Receivers try the URL with and without its default port, as twilio-node's validateRequest does.
// A SharedKey signs the same string with the hash its X-Twilio-Webhooks-Signature-Settings names,
// `key=<sharedKeyId>,algorithm=<algorithm>` (twilio-node lib/webhooks/webhooks.js, SIGNATURE_SETTINGS_HEADER).
import { createHash } from 'node:crypto';
import { UsageError } from '../../errors.js';
import { headerValue } from '../../capture/request-fields.js';
import { describeValue } from '../../util/describe-value.js';
import { decodeForm } from '../../util/form.js';
import { isHeaderValue } from '../../util/sendable-header.js';
import { bestMatch, type SignatureMatch } from '../compare.js';
import { compareDigest, digestShape, hmac, type HmacAlgorithm } from '../hmac.js';
import { clip, misshapen } from '../signed-scheme.js';
import type { SchemeParams, SignatureScheme, SignInput, VerifyInput, VerifyResult } from '../types.js';
import { malformed, mismatch, missing, respelled, valid } from '../verdict.js';

const HEADER = 'X-Twilio-Signature';
const NAME = HEADER.toLowerCase();
const SETTINGS_HEADER = 'X-Twilio-Webhooks-Signature-Settings';
const SETTINGS = SETTINGS_HEADER.toLowerCase();
// Twilio's names for the hashes a SharedKey may sign with (twilio-node's HMAC_SHA1, HMAC_SHA256).
const ALGORITHMS: Readonly<Record<string, HmacAlgorithm>> = { HMAC_SHA1: 'sha1', HMAC_SHA256: 'sha256' };

/**
 * The hash and, for a SharedKey, the settings header naming it and its hash. The auth token signs
 * with HMAC-SHA1 and sends no settings header; a SharedKey signs with the algorithm its Webhook
 * Setting names, HMAC_SHA256 unless `algorithm` says sha1 (whk's choice of default: Twilio's docs
 * name no default, and twilio-node's examples show HMAC_SHA256).
 */
function signingKey({ sharedKey, algorithm }: SchemeParams = {}): { algorithm: HmacAlgorithm; settings?: string } {
  if (sharedKey === undefined) {
    if (algorithm !== undefined) throw new UsageError(`\`algorithm\` is the hash of a Twilio SharedKey; the auth token signs with HMAC-SHA1 only`, 'give `sharedKey` with the id of the SharedKey whose secret `secret` is');
    return { algorithm: 'sha1' };
  }
  // twilio-node's getSignatureAlgorithm splits the header on commas: one in the id would split it.
  if (!isHeaderValue(sharedKey) || /[\s,]/.test(sharedKey)) throw new UsageError(`invalid \`sharedKey\` ${describeValue(sharedKey)}: it goes into ${SETTINGS_HEADER}, a comma-separated header, so it holds no comma, space or control character`, 'give the SharedKey id Twilio returned, e.g. webhooks_sharedkey_…');
  if (algorithm === 'sha512') throw new UsageError('`algorithm` sha512: a Twilio SharedKey signs with HMAC_SHA1 or HMAC_SHA256', 'give sha256 (the default) or sha1');
  const hash = algorithm ?? 'sha256';
  const name = Object.keys(ALGORITHMS).find((key) => ALGORITHMS[key] === hash) ?? '';
  return { algorithm: hash, settings: `key=${sharedKey},algorithm=${name}` };
}

/** The hash the settings header's algorithm= names (HMAC-SHA1 without one: the auth token's), or the name whk does not know. */
function algorithmOf(headers: VerifyInput['headers']): HmacAlgorithm | { unknown: string } {
  for (const part of (headerValue(headers, SETTINGS) ?? '').split(',')) {
    const at = part.indexOf('=');
    const named = part.slice(at + 1).trim();
    if (at < 0 || part.slice(0, at).trim() !== 'algorithm' || named === '') continue;
    return ALGORITHMS[named.toUpperCase()] ?? { unknown: named };
  }
  return 'sha1';
}

function isForm(contentType: string | undefined): boolean {
  return /^application\/x-www-form-urlencoded\b/i.test(contentType ?? '');
}

/** Names and values concatenated, names sorted; a repeated name's distinct values sorted too. */
function formParameters(body: Uint8Array): string {
  const values = new Map<string, Set<string>>();
  for (const [key, value] of decodeForm(Buffer.from(body).toString('utf8'))) {
    values.set(key, (values.get(key) ?? new Set()).add(value));
  }
  return [...values.keys()].sort().map((key) => [...(values.get(key) ?? [])].sort().map((value) => key + value).join('')).join('');
}

function bodySha256(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

/** The URL with its port written out, and without it (Twilio signs whichever the webhook was set up with). */
function portVariants(url: string): string[] {
  const match = /^(https?):\/\/([^/?#:]*)(:\d+)?(.*)$/i.exec(url);
  if (!match) return [url];
  const [, scheme = '', host = '', port, rest = ''] = match;
  const defaultPort = scheme.toLowerCase() === 'https' ? ':443' : ':80';
  return [url, port === undefined ? `${scheme}://${host}${defaultPort}${rest}` : `${scheme}://${host}${rest}`];
}

function requestUrl({ url, body, contentType }: Pick<SignInput, 'url' | 'body' | 'contentType'>): string {
  if (url === undefined) throw new UsageError('Twilio signs the request URL, and no `url` was given', 'give the URL Twilio posts to, e.g. `url` https://example.com/sms');
  if (isForm(contentType) || /[?&]bodySHA256=/.test(url)) return url;
  return `${url}${url.includes('?') ? '&' : '?'}bodySHA256=${bodySha256(body)}`;
}

function signedData(url: string, body: Uint8Array, contentType: string | undefined): string {
  return isForm(contentType) ? url + formParameters(body) : url;
}

/**
 * Where no Content-Type is known and the URL has no bodySHA256, only the URL is signed, as Twilio
 * signs a GET: a form post's parameters are left out. The mismatch says so, and when the signature
 * matches the body read as a form, that the Content-Type is all that is missing.
 */
function unreadForm(url: string, body: Uint8Array, contentType: string | undefined, matchAs: (type: string) => SignatureMatch): VerifyResult | undefined {
  if (contentType !== undefined || body.length === 0 || /[?&]bodySHA256=/.test(url)) return undefined;
  const unread = "with no Content-Type, the body was not read as a form (Twilio signs a form post's parameters, sent as application/x-www-form-urlencoded)";
  if (matchAs('application/x-www-form-urlencoded') === 'none') return { ...mismatch(NAME), reason: `signature does not match: wrong secret or changed body, or Twilio signed another URL than ${url}; ${unread}` };
  return { verdict: 'invalid', reason: `signature matches only with the body read as a form: ${unread}`, header: NAME };
}

function verify({ headers, body, secret, url, contentType }: VerifyInput): VerifyResult {
  const value = headerValue(headers, NAME);
  if (value === undefined) return missing(NAME, HEADER, headers);
  if (url === undefined) return { verdict: 'invalid', reason: 'cannot check: Twilio signs the full request URL, and it is not known', header: NAME };
  const algorithm = algorithmOf(headers);
  if (typeof algorithm !== 'string') return malformed(SETTINGS, `algorithm '${clip(algorithm.unknown)}' is not one Twilio signs with (${Object.keys(ALGORITHMS).join(', ')})`);
  const shape = digestShape(algorithm, 'base64');
  if (!shape.wellFormed(value)) return malformed(NAME, misshapen([value], shape.shape, shape.flaw));
  const matchAs = (type: string | undefined) => bestMatch(portVariants(url), (candidate) => compareDigest(hmac(algorithm, secret, signedData(candidate, body, type)), value, 'base64'));
  const match = matchAs(contentType);
  // Twilio signs the URL it posted to: one rebuilt otherwise (behind a proxy) fails as a wrong secret would.
  if (match === 'none') return unreadForm(url, body, contentType, matchAs) ?? { ...mismatch(NAME), reason: `signature does not match: wrong secret or changed body, or Twilio signed another URL than ${url}` };
  if (match !== 'exact') return respelled(NAME, match.respelled);
  if (isForm(contentType)) return valid(NAME);
  const declared = new URL(url).searchParams.get('bodySHA256');
  // A GET, or a post with no body: the URL alone is signed (twilio-node validateIncomingRequest calls
  // validateRequest with no parameters where the URL has no bodySHA256), so nothing went unsigned.
  if (declared === null) return body.length === 0 ? valid(NAME) : malformed(NAME, 'the URL has no bodySHA256 parameter for a body that is not a form');
  return declared === bodySha256(body) ? valid(NAME) : { verdict: 'invalid', reason: 'body changed: its SHA-256 is not the bodySHA256 in the URL', header: NAME };
}

export const twilio: SignatureScheme = {
  id: 'twilio',
  title: 'Twilio',
  follows: 'Twilio docs, Webhooks security → Validating signatures, and twilio-node lib/webhooks (validateRequest, validateRequestWithBody): base64 HMAC-SHA1 of the URL and sorted form parameters; bodySHA256 for JSON; Sign webhooks with shared keys, and twilio-node getSignatureAlgorithm and SIGNATURE_SETTINGS_HEADER: a SharedKey signs with the hash X-Twilio-Webhooks-Signature-Settings names (key=<sharedKeyId>,algorithm=HMAC_SHA256)',
  headers: [NAME],
  signParams: ['sharedKey', 'algorithm'],
  signsWithoutSignParams: 'with the auth token only, by HMAC-SHA1 (it takes no SharedKey)',
  requestUrl,
  sign: (input): Record<string, string> => {
    const { algorithm, settings } = signingKey(input.params);
    const url = requestUrl(input);
    const signature = hmac(algorithm, input.secret, signedData(url, input.body, input.contentType)).toString('base64');
    return settings === undefined ? { [HEADER]: signature } : { [HEADER]: signature, [SETTINGS_HEADER]: settings };
  },
  verify,
};
