// How a record's signature was checked when it arrived (listen --secret, --verify), read from its
// `signature`: which headers carried it. Shared by `whk replay` and the inspector page's replay, so
// both leave out the same headers.
import { findScheme, schemesPresent } from '../signing/index.js';
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
