// How a record's signature was checked when it arrived (listen --secret, --verify), read from its
// `signature`: which headers carried it, and how a replay signs it anew as it was checked. Shared
// by `whk replay` and the inspector page's replay, so both leave out and sign the same headers.
import { findScheme, givenParams, schemesPresent } from '../signing/index.js';
import type { SchemeParams } from '../signing/types.js';
import { isRecord } from '../util/json.js';
import type { CaptureRecord } from './record.js';

/** The check a record's signature had: the scheme, the header it read, and the settings given for it (hmac's, grafana's). */
export interface ArrivalCheck {
  scheme: string;
  header: string;
  /** Empty when none were given: the scheme's defaults checked it. */
  params: SchemeParams;
}

/** The check listen made of the record's signature, or undefined when none did (or the file says so in a shape whk does not write). */
export function arrivalCheck(record: CaptureRecord): ArrivalCheck | undefined {
  const signature = record.signature;
  if (!signature || typeof signature.scheme !== 'string' || findScheme(signature.scheme) === undefined) return undefined;
  return { scheme: signature.scheme, header: signature.header.toLowerCase(), params: recordedParams(signature.params) };
}

const TEXT_PARAMS = ['header', 'sharedKey', 'prefix', 'content', 'timestampHeader', 'idHeader'] as const;

/** The recorded settings, each only where it has the type whk writes (a file edited by hand may hold anything). */
function recordedParams(value: unknown): SchemeParams {
  if (!isRecord(value)) return {};
  const params: SchemeParams = {};
  for (const key of TEXT_PARAMS) if (typeof value[key] === 'string') params[key] = value[key];
  if (value['algorithm'] === 'sha1' || value['algorithm'] === 'sha256' || value['algorithm'] === 'sha512') params.algorithm = value['algorithm'];
  if (value['encoding'] === 'hex' || value['encoding'] === 'base64') params.encoding = value['encoding'];
  return params;
}

/**
 * The signature headers the record carries, lower-case, each once: those of the schemes whose
 * headers came (GitHub's two are one scheme's), and the ones its check read, which settings may
 * have named (hmac's `--signature-header X-Sig`, its `--timestamp-header`): none is a scheme's default.
 */
export function arrivalSignatureHeaders(record: CaptureRecord): string[] {
  const check = arrivalCheck(record);
  const checked = check === undefined ? [] : [check.header, check.params.header, check.params.timestampHeader].flatMap((name) => (name === undefined ? [] : [name.toLowerCase()]));
  const present = schemesPresent(record.headers).flatMap((scheme) => scheme.headers);
  return [...new Set([...present, ...checked])].filter((name) => record.headers[name] !== undefined);
}

/**
 * How the receiver verifies a scheme (listen --ui), or the secret a replay was given: its secret and
 * settings, for replays signed anew; undefined for a scheme it does not.
 */
export type ReplaySecret = (scheme: string) => { secret: string; params?: SchemeParams | undefined } | undefined;

/**
 * How a replay signs a record anew: with the scheme that checked it, its secret and settings as the
 * receiver verifies it (else as the record says it was checked), so a receiver set up alike accepts
 * the replay (the scheme's defaults would sign another template, or name other headers).
 */
export function signingOf(record: CaptureRecord, replaySecret: ReplaySecret | undefined): { sign: string; secret: string; params?: SchemeParams | undefined } | undefined {
  const check = arrivalCheck(record);
  const verifies = check === undefined ? undefined : replaySecret?.(check.scheme);
  if (check === undefined || verifies === undefined) return undefined;
  // Settings given to the replay (or the receiver's) replace the recorded ones as a whole: a mix could make a scheme neither side meant.
  const given = verifies.params !== undefined && givenParams(verifies.params).length > 0 ? verifies.params : undefined;
  const params = given ?? (givenParams(check.params).length > 0 ? check.params : undefined);
  return { sign: check.scheme, secret: verifies.secret, params };
}
