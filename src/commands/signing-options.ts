// What `whk sign` and `whk verify` both do with their options: find the secret, check the URL, and
// gather the settings of the generic HMAC, Grafana and a Twilio SharedKey.
import { UsageError } from '../errors.js';
import { refuseUnreadParams, type SchemeParams, type SignatureScheme } from '../signing/index.js';
import type { Streams } from '../ui/output.js';
import { parseTargetUrl } from '../util/url.js';
import { givenSchemeParams, type SchemeSettingOptions } from '../signing/given-params.js';
import { millisecondsHint } from '../signing/timestamp-bound.js';
import { secretFromEnv } from '../util/secrets.js';

/** The fields both option tables (src/options/signing.ts) share, as parsed: the scheme settings and these. */
export interface SigningOptions extends SchemeSettingOptions {
  secret?: string | undefined;
  secretEnv?: string | undefined;
  url?: string | undefined;
}


/** The secret from --secret or from the variable --secret-env names; never echoed in a message. */
export function readSecret(options: SigningOptions, env: Streams['env']): string {
  if (options.secret !== undefined) return options.secret;
  if (options.secretEnv === undefined) throw new UsageError('a secret is needed', 'give `secret`, or `secretEnv` to read it from the environment');
  return secretFromEnv(options.secretEnv, env);
}

/** `url` as given (a scheme signs its exact text), once it is an http(s) URL like send's. */
export function requestUrl(options: SigningOptions): string | undefined {
  if (options.url !== undefined) parseTargetUrl(options.url);
  return options.url;
}


/**
 * The settings given for `scheme`; one it does not read on this side is refused, not silently
 * ignored. Header names, the prefix and sign's --id are checked as the wire takes them (checkHeaderParts).
 */
export function schemeParams(options: SigningOptions & { id?: string | undefined }, scheme: SignatureScheme, side: 'sign' | 'verify'): SchemeParams {
  const params = givenSchemeParams(options);
  refuseUnreadParams(scheme, params, side);
  return params;
}

/**
 * sign's `timestamp` or verify's `now` a thousand times a plausible one: signed as given, no
 * receiver's clock would ever be within its tolerance; checked as of it, every message has expired.
 */
export function refuseMilliseconds(field: 'timestamp' | 'now', seconds: number | undefined): void {
  const hint = seconds === undefined ? undefined : millisecondsHint(seconds);
  if (seconds === undefined || hint === undefined) return;
  throw new UsageError(`\`${field}\` ${seconds} is past the year 33000: ${hint}`, `in seconds: ${Math.floor(seconds / 1000)}`);
}

/**
 * `url` and `contentType` where the scheme, with these settings, reads neither: only Twilio signs the
 * URL and reads the Content-Type (a form's parameters), and hmac signs the URL with {url} in
 * `content`. Given to another, they were dropped without a word, as `id` and `timestamp` were.
 */
export function refuseUnreadRequest(given: { url?: string | undefined; contentType?: string | undefined }, scheme: SignatureScheme, params: SchemeParams): void {
  const readsUrl = scheme.requestUrl !== undefined || (scheme.id === 'hmac' && (params.content ?? '').includes('{url}'));
  if (given.url !== undefined && !readsUrl) {
    throw new UsageError(`\`url\` cannot be used with the ${scheme.id} scheme: it signs no URL`, scheme.id === 'hmac' ? 'it signs one with {url} in `content`' : 'the schemes that sign one: twilio, and hmac with {url} in `content`');
  }
  if (given.contentType !== undefined && scheme.requestUrl === undefined) {
    throw new UsageError(`\`contentType\` cannot be used with the ${scheme.id} scheme: it signs the body's bytes whatever their type`, "twilio reads it: it signs a form post's parameters");
  }
}
