// How replay signs a record anew: the options checked before anything is sent, and the scheme and
// settings each record is signed with (`sign`'s, or the ones that checked it when it arrived).
import type { CaptureRecord } from '../capture/record.js';
import { findKind } from '../kinds/index.js';
import { checkSigningParams, getScheme, givenParams, refuseParamsUnsigned } from '../signing/index.js';
import { arrivalCheck, signingOf } from '../capture/arrival-signing.js';
import type { SchemeParams, SignatureScheme } from '../signing/types.js';
import { UsageError } from '../errors.js';

/** The replay options that choose how a record is signed (delivery/replay.ts ReplayOptions). */
export interface ReplaySigning {
  sign?: string | undefined;
  secret?: string | undefined;
  keepPath?: boolean | undefined;
  params?: SchemeParams | undefined;
}

/**
 * Replay's signing options checked before anything is sent: `sign` needs `secret`, names a scheme
 * that can use it and its settings, and not one that changes the URL with `keepPath`; settings need
 * `secret`. `secret` alone is checked per record, with the scheme each is signed with (schemeFor).
 */
export function checkReplaySigning(options: ReplaySigning): void {
  if (options.secret === undefined && options.sign === undefined) refuseParamsUnsigned(options.params ?? {}, 'give `secret`, and `sign` to name the scheme');
  if (options.sign === undefined) return;
  if (options.secret === undefined) throw new UsageError('`sign` needs `secret`', 'the scheme signs with the secret');
  usableScheme(options.sign, options.secret, options);
}

/**
 * The scheme a record is signed with, and its settings: `sign`'s with those given; or with `secret`
 * alone the one that checked its signature when it arrived, with the settings it was checked with
 * (the record's, unless given: the page's replay signs so too), else its kind's own. A usage error
 * (the record is refused) when it has none, or when the scheme cannot sign with the secret.
 */
export function schemeFor(record: CaptureRecord, options: ReplaySigning, secret: string): { scheme: SignatureScheme; params: SchemeParams | undefined } {
  if (options.sign !== undefined) return { scheme: usableScheme(options.sign, secret, options), params: options.params };
  const asChecked = signingOf(record, () => ({ secret, params: options.params }));
  const id = secretSchemeOf(record);
  if (id === undefined) throw new UsageError('no scheme checked its signature when it arrived, and its kind signs with none', 'give `sign` to name the scheme');
  const params = asChecked === undefined ? options.params : asChecked.params;
  const scheme = usableScheme(id, secret, { keepPath: options.keepPath, params });
  checkedUnsaid(record, scheme, params);
  return { scheme, params };
}

/** The scheme `secret` alone signs a record with: the one that checked it when it arrived, else its kind's; undefined for neither. */
export function secretSchemeOf(record: CaptureRecord): string | undefined {
  return arrivalCheck(record)?.scheme ?? (record.kind === null ? undefined : findKind(record.kind)?.delivery.signature?.scheme);
}

/**
 * Refuses to sign a record whose check read a header its scheme's defaults do not name (hmac's
 * `--signature-header X-Sig`) when no settings are at hand: the record was written before records
 * kept them, and the defaults would sign what its receiver never checks.
 */
function checkedUnsaid(record: CaptureRecord, scheme: SignatureScheme, params: SchemeParams | undefined): void {
  const check = arrivalCheck(record);
  if (check === undefined || check.scheme !== scheme.id || (params !== undefined && givenParams(params).length > 0) || scheme.headers.includes(check.header)) return;
  throw new UsageError(`it was checked at its ${check.header} header, with settings of ${scheme.id} the record does not keep (written by an older whk)`, 'give them: `signatureHeader`, `timestampHeader`, `content` and the rest, as listen had them');
}

/**
 * The scheme, once it can use the secret and the settings and, with `keepPath`, does not change the
 * URL (the recorded path goes as it was, so the URL it would sign is not the one sent).
 */
function usableScheme(id: string, secret: string, { keepPath, params = {} }: Pick<ReplaySigning, 'keepPath' | 'params'>): SignatureScheme {
  // Only `sign` can name an unknown one: a record's scheme is one that checked it.
  const scheme = getScheme(id, 'sign');
  (scheme.checkSigningSecret ?? scheme.checkSecret)?.(secret);
  // replay takes no Twilio SharedKey: the settings it may give are those a scheme reads without one.
  if (givenParams(params).length > 0) checkSigningParams(scheme, params, 'replay');
  if (keepPath && scheme.requestUrl) throw new UsageError(`${scheme.id} signs the URL it adds to, and \`keepPath\` sends the recorded path as it was`, 'replay without `keepPath`, giving the whole URL in `url`');
  return scheme;
}
