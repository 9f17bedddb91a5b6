// The registry of signature schemes. Each scheme lives in schemes/<id>.ts; add it to the list here.
import { fieldRef, UsageError } from '../errors.js';
import { suggestionHint } from '../util/suggest.js';
import { bitbucket } from './schemes/bitbucket.js';
import { github } from './schemes/github.js';
import { gitlab } from './schemes/gitlab.js';
import { grafana } from './schemes/grafana.js';
import { grafanaIncident } from './schemes/grafana-incident.js';
import { genericHmac } from './schemes/hmac.js';
import { jira } from './schemes/jira.js';
import { metaplane } from './schemes/metaplane.js';
import { pagerduty } from './schemes/pagerduty.js';
import { sentry } from './schemes/sentry.js';
import { travis } from './schemes/travis.js';
import { shopify } from './schemes/shopify.js';
import { slack } from './schemes/slack.js';
import { standardWebhooks } from './schemes/standard-webhooks.js';
import { stripe } from './schemes/stripe.js';
import { svix } from './schemes/svix.js';
import { twilio } from './schemes/twilio.js';
import type { SchemeParams, SignatureScheme } from './types.js';

export type { HeaderMap, SchemeParams, SchemeVerdict, SignatureScheme, SignInput, VerifyInput, VerifyResult } from './types.js';

// Most specific first: schemesPresent() reports them in this order, and the generic HMAC goes last.
export const SCHEMES: readonly SignatureScheme[] = [
  standardWebhooks,
  svix,
  stripe,
  github,
  slack,
  shopify,
  twilio,
  pagerduty,
  sentry,
  grafana,
  grafanaIncident,
  metaplane,
  gitlab,
  bitbucket,
  jira,
  travis,
  genericHmac,
];

const BY_ID = new Map(SCHEMES.map((scheme) => [scheme.id, scheme]));

export const SCHEME_IDS: readonly string[] = SCHEMES.map((scheme) => scheme.id);

export function findScheme(id: string): SignatureScheme | undefined {
  return BY_ID.get(id);
}

/** The scheme with this id, or an error that lists the known ones, blamed on `field` (the option that named it: `sign`, `verify`). */
export function getScheme(id: string, field?: string): SignatureScheme {
  const scheme = BY_ID.get(id);
  if (!scheme) throw new UsageError(`unknown signature scheme '${id}'`, suggestionHint(id, SCHEME_IDS, `known schemes: ${SCHEME_IDS.join(', ')}`), field);
  return scheme;
}

/** The schemes whose headers appear in a request, most specific first. */
export function schemesPresent(headers: Record<string, unknown>): SignatureScheme[] {
  return SCHEMES.filter((scheme) => scheme.headers[0] !== undefined && headers[scheme.headers[0]] !== undefined);
}

/**
 * Where settings are read: signing, verifying, or replay's signing anew, which takes no signParams
 * (no Twilio SharedKey, and so not the hash one names).
 */
export type ParamsSide = 'sign' | 'verify' | 'replay';

/** The settings a scheme reads on one side: verify reads none of its signParams (the request carries them), replay gives none. */
function paramsRead(scheme: SignatureScheme, side: ParamsSide): readonly (keyof SchemeParams)[] {
  return side === 'sign' ? [...(scheme.params ?? []), ...(scheme.signParams ?? [])] : (scheme.params ?? []);
}

export function givenParams(params: SchemeParams): (keyof SchemeParams)[] {
  return (Object.keys(params) as (keyof SchemeParams)[]).filter((key) => params[key] !== undefined);
}

/** The field a setting is given as: the option tables name theirs after SchemeParams, but `header`, which is `signatureHeader`. */
function paramField(key: keyof SchemeParams): string {
  return fieldRef(key === 'header' ? 'signatureHeader' : key);
}

/** Settings given where nothing is signed (no secret, or no scheme): refused, not silently dropped. */
export function refuseParamsUnsigned(params: SchemeParams, hint: string): void {
  const given = givenParams(params)[0];
  if (given !== undefined) throw new UsageError(`${paramField(given)} is a setting of signing, and nothing is signed`, hint);
}

/**
 * The settings given for signing with `scheme`: one it does not read is refused (refuseUnreadParams),
 * and those it reads are checked as it reads them (hmac's content template and the headers it names).
 */
export function checkSigningParams(scheme: SignatureScheme, params: SchemeParams, side: 'sign' | 'replay' = 'sign'): void {
  refuseUnreadParams(scheme, params, side);
  scheme.checkParams?.(params);
}

/** Refuses a setting given for `scheme` that it does not read on this side, rather than ignoring it. */
export function refuseUnreadParams(scheme: SignatureScheme, params: SchemeParams, side: ParamsSide): void {
  const read = paramsRead(scheme, side);
  const ignored = givenParams(params).find((key) => !read.includes(key));
  if (ignored === undefined) return;
  const field = paramField(ignored);
  if (side === 'verify' && scheme.signParams?.includes(ignored)) {
    throw new UsageError(`${field} cannot be used to verify with the ${scheme.id} scheme`, `${scheme.id} reads it from the request's own headers; it is a setting of signing`);
  }
  const takers = SCHEMES.filter((s) => paramsRead(s, side).includes(ignored)).map((s) => s.id);
  const settingOf = `it is a setting of ${takers.join(' and ')}`;
  if (side === 'replay' && scheme.signParams?.includes(ignored)) {
    throw new UsageError(`${field} cannot be used with the ${scheme.id} scheme`, `replay signs ${scheme.id} ${scheme.signsWithoutSignParams ?? 'without its signing settings'}; ${settingOf}`);
  }
  throw new UsageError(`${field} cannot be used with the ${scheme.id} scheme`, settingOf);
}

/**
 * The settings each of several verifying schemes reads (listen's `verify` schemes share one set of
 * flags: the generic HMAC's and Grafana's); one that none of them reads, or given with none, is refused.
 */
export function paramsPerScheme(schemes: readonly SignatureScheme[], params: SchemeParams): SchemeParams[] {
  const given = givenParams(params);
  const unread = given.find((key) => !schemes.some((scheme) => paramsRead(scheme, 'verify').includes(key)));
  if (unread !== undefined) {
    const takers = SCHEMES.filter((s) => paramsRead(s, 'verify').includes(unread)).map((s) => s.id);
    const schemesGiven = schemes.length === 0 ? 'without `verify`' : `with \`verify\` ${[...new Set(schemes.map((s) => s.id))].join(', ')}`;
    throw new UsageError(`${paramField(unread)} cannot be used ${schemesGiven}`, `it is a setting of \`verify\` ${takers.join(' and ')}`);
  }
  return schemes.map((scheme) => Object.fromEntries(given.filter((key) => paramsRead(scheme, 'verify').includes(key)).map((key) => [key, params[key]])));
}

