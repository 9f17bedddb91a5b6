// Signature verification on the receiving side, through the scheme registry (src/signing): the
// kind's own scheme, or for a body of no signing kind the first scheme whose header came along.
import { addressedUrl, headerValue } from '../capture/request-fields.js';
import { UsageError } from '../errors.js';
import { counted } from '../util/units.js';
import type { Issue } from '../validate/issues.js';
import type { Kind } from '../kinds/types.js';
import { SIGNED_AHEAD } from '../signing/verdict.js';
import { bestVerdict, NONE_CAME, type SignatureCheck, type SignedMessage, type Verifier, type VerifierEntry } from '../signing/verifier.js';
import { getScheme, paramsPerScheme, SCHEMES, schemesPresent, type HeaderMap, type SchemeParams } from '../signing/index.js';
import { refuseUncheckedTime, type SchemeUse } from '../signing/unsigned-parts.js';

export type { SignatureCheck } from '../signing/verifier.js';

export interface SignatureInput {
  /** No secret (and no key for the scheme): signatures do not apply. */
  secret: string | undefined;
  /** Keys for particular schemes by id (travis: the public key PEM), used in place of the secret. */
  schemeKeys?: Readonly<Record<string, string>> | undefined;
  /** The kind the body was validated as, if any. */
  kind: Kind | undefined;
  headers: HeaderMap;
  /** The body as received (before decompression): the bytes the sender signed. */
  body: Uint8Array;
  /** Now, epoch ms. */
  now: number;
  /** How far a signed timestamp may be from now. */
  toleranceSeconds?: number | undefined;
  /** The URL the sender addressed, for schemes that sign it (Twilio). */
  url?: string | undefined;
  /** The request's Content-Type, for schemes that treat form bodies apart (Twilio). */
  contentType?: string | undefined;
}

// whk's choice: the five minutes most timestamped schemes' own libraries default to.
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/** The headers of every known scheme, lower-cased (masked in printed output). */
export function signatureHeaders(): string[] {
  return [...new Set(SCHEMES.flatMap((scheme) => scheme.headers))];
}

/**
 * The verdict for one request, or null when signatures do not apply: no secret or key for the
 * scheme, or a kind that does not sign and no scheme's header present.
 */
export function verifySignature(input: SignatureInput): SignatureCheck | null {
  const keys = input.schemeKeys ?? {};
  if (input.secret === undefined && Object.keys(keys).length === 0) return null;
  const own = input.kind?.delivery.signature;
  const scheme = own ? getScheme(own.scheme) : schemesPresent(input.headers)[0];
  const secret = scheme === undefined ? undefined : (keys[scheme.id] ?? input.secret);
  if (scheme === undefined || secret === undefined) return null;
  const { result } = bestVerdict([{ impl: scheme, secret }], input, input.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS);
  return { scheme: scheme.id, header: result.header, verdict: result.verdict, reason: result.reason };
}

/** What a request's signature tells: the check made (null: none), its issues, and `unchecked`: it came signed and nothing was given to verify it with. */
export interface SignatureFindings {
  check: SignatureCheck | null;
  issues: Issue[];
  unchecked?: boolean;
  /** With `verify`: a valid message with an id, to be told its answer (remembered for 'replayed' once accepted). */
  message?: SignedMessage | undefined;
}

/** What the receiver verifies signatures with (part of the pipeline's settings). */
export interface SignatureStepConfig {
  secret: string | undefined;
  /** Keys for particular schemes (the travis public key), in place of the secret. */
  schemeKeys: Readonly<Record<string, string>>;
  /** Schemes and secrets given explicitly (they replace the kind's scheme), with replay memory. */
  verify?: Verifier | undefined;
  /** How far a signed timestamp may be from now. */
  toleranceSeconds?: number | undefined;
  now: () => number;
}

const NOT_SIGNED: SignatureFindings = Object.freeze({ check: null, issues: [] });
const UNCHECKED: SignatureFindings = Object.freeze({ check: null, issues: [], unchecked: true });

/** The signature over the bytes as received, by the kind's scheme (or the one whose header came). */
export function signatureFindings(config: SignatureStepConfig, kind: Kind | undefined, request: { headers: HeaderMap; bytes: Uint8Array; target: string }): SignatureFindings {
  // Hot path (README, Performance): with nothing to verify with, no scheme applies; skip building its
  // input. Whether it came signed is one header's lookup (a kind that signs none, no lookup at all).
  if (!config.verify && config.secret === undefined && Object.keys(config.schemeKeys).length === 0) return arrivedSigned(kind, request.headers) ? UNCHECKED : NOT_SIGNED;
  const url = addressedUrl(request.headers, request.target);
  const received = { headers: request.headers, body: request.bytes, now: config.now(), url, contentType: headerValue(request.headers, 'content-type') };
  if (config.verify) {
    const { check, message } = config.verify(received);
    return check.verdict === 'valid' ? { check, issues: [], message } : notValid(config, check, url);
  }
  const check = verifySignature({ ...received, secret: config.secret, schemeKeys: config.schemeKeys, kind, toleranceSeconds: config.toleranceSeconds });
  return check === null || check.verdict === 'valid' ? { check, issues: [] } : notValid(config, check, url);
}

/** A verdict other than valid, and the issue that says why. */
function notValid(config: SignatureStepConfig, check: SignatureCheck, url: string | undefined): SignatureFindings {
  const { header, verdict, reason } = check;
  // A scheme with a key of its own (travis: a public key) was checked with that key, not the secret.
  const given = config.schemeKeys[check.scheme] === undefined ? '`secret`' : `the ${check.scheme} key`;
  // With several secrets (one rotating), a mismatch is with each of them, not with one.
  const matchedAgainst = given === '`secret`' && (config.verify?.secretCount ?? 1) > 1 ? 'any `secret`' : given;
  // Travis's header is Signature itself: "signature signature" would say the word twice.
  const signature = header === 'signature' ? 'the Signature header' : `signature ${header}`;
  const signatureHeader = header === 'signature' ? signature : `signature header ${header}`;
  // Only a mismatch blames the secret: a check that could not be made (Twilio without a Host) says why.
  const message =
    verdict === 'missing'
      ? reason.startsWith(NONE_CAME)
        ? `signature missing: ${reason}`
        : `${signatureHeader} is missing (${given} was given)`
      : verdict === 'expired'
        ? `${signature} matches but its timestamp is too ${reason.includes(SIGNED_AHEAD) ? 'new' : 'old'}: ${reason}`
        : verdict === 'replayed'
          ? `${signature} is valid but replayed: ${reason}`
          : reason.startsWith('signature does not match')
            ? `${signature} does not match the body and ${matchedAgainst}${urlChecked(check.scheme, url)}`
            : `${signature} is invalid: ${reason}`;
  return { check, issues: [{ path: '$', message }] };
}

/**
 * For a scheme that signs the URL (Twilio), the one whk checked against: rebuilt from the request's
 * Host and X-Forwarded-Proto (capture/request-fields.ts addressedUrl), which a proxy may not pass on.
 */
function urlChecked(schemeId: string, url: string | undefined): string {
  const scheme = getScheme(schemeId);
  if (scheme.requestUrl === undefined || url === undefined) return '';
  return ` for the URL ${url} (${scheme.title} signs the URL: behind a proxy, check the Host and X-Forwarded-Proto it passes)`;
}

/**
 * Whether a request came signed: its kind's scheme's header is there (for a body of no kind, any
 * scheme's). Asked only when nothing verifies signatures, so the summary can say they were not checked;
 * a kind that signs nothing is not asked, as the scan of every scheme's header would cost each of its
 * requests (README, Performance).
 */
function arrivedSigned(kind: Kind | undefined, headers: HeaderMap): boolean {
  return kind?.delivery.signature !== null && signatureExpected(kind, headers)?.came === true;
}

/** The signature a check of a request would read (signatureExpected), and whether its header came. */
export interface SignatureExpected {
  scheme: string;
  /** The scheme's signature header, lower-cased. */
  header: string;
  came: boolean;
}

/**
 * The scheme a secret would check this request with, as verifySignature picks it: the kind's own
 * (`came` tells whether its header is there), or for a kind that signs nothing or a body of no kind
 * the first scheme whose header came; null when there is none.
 */
export function signatureExpected(kind: Kind | undefined, headers: HeaderMap): SignatureExpected | null {
  const own = kind?.delivery.signature;
  const scheme = own ? getScheme(own.scheme) : schemesPresent(headers)[0];
  const header = scheme?.headers[0];
  return scheme === undefined || header === undefined ? null : { scheme: scheme.id, header, came: headers[header] !== undefined };
}

export interface SignatureSettings {
  /** One secret for the kind's scheme; with `verify`, one for all its schemes or one per scheme. */
  secret: readonly string[];
  /** Scheme ids to verify with instead of the kind's. */
  verify: readonly string[];
  toleranceMs: number;
  reject: boolean | undefined;
  /** The settings of the `verify` schemes that take them (hmac, grafana): each gets those it reads. */
  params?: SchemeParams | undefined;
  /** A Travis public key was given (`travisPublicKey`): it verifies Travis's scheme in place of a secret. */
  travisKey?: boolean | undefined;
  /** `tolerance` was given (the default was not): refused where no scheme that checks signs a timestamp. */
  toleranceGiven?: boolean | undefined;
  /** The kind every request is (`kind`): with `secret` alone, its scheme is the one that checks. */
  kind?: Kind | undefined;
}

type ReceiverSigning = { secret: string | undefined; verify: VerifierEntry[] | undefined; toleranceSeconds: number; reject: boolean | undefined };

/**
 * The receiver's signature settings from the listen options: `secret` alone verifies the kind's
 * scheme; each `verify` scheme takes the secret given in the same place, or the one secret.
 */
export function signatureSettings(given: SignatureSettings): ReceiverSigning {
  const settings = settingsOf(given);
  checkToleranceRead(given.toleranceGiven ?? false, settings, given.kind);
  return settings;
}

function settingsOf(given: SignatureSettings): ReceiverSigning {
  const { secret: secrets, verify } = given;
  const common = { toleranceSeconds: given.toleranceMs / 1000, reject: given.reject };
  const schemes = verify.map((id) => getScheme(id, 'verify'));
  const params = paramsPerScheme(schemes, given.params ?? {});
  // The Travis key verifies as a secret does (the kind's scheme), so --reject has something to go by.
  if (given.reject && secrets.length === 0 && !given.travisKey) throw new UsageError('`reject` needs `secret`', 'it answers 401 to a request whose signature is not valid');
  // `verify`'s schemes take their secrets from `secret` (travis's: the PEM) and never read the key: it would go unused.
  if (given.travisKey && verify.length > 0) throw new UsageError('`travisPublicKey` cannot be used with `verify`: each `verify` scheme takes its `secret`', '`verify` travis takes the public key PEM as its `secret`; or leave out `verify` and the key checks Travis CI\'s requests');
  // An empty secret is a variable that was never set (`--secret "$GITHUB_WEBHOOK_SECRET"`), as send,
  // sign and verify refuse it; here it would fail every request's check instead.
  if (secrets.some((secret) => secret === '')) throw new UsageError('invalid `secret`: the secret may not be empty', 'give the shared secret (an unset shell variable expands to nothing)');
  if (verify.length === 0) {
    if (secrets.length > 1) throw new UsageError('several `secret` values need a `verify` scheme for each', 'one `verify` per `secret`, in the same order');
    return { ...common, secret: secrets[0], verify: undefined };
  }
  if (secrets.length !== 1 && secrets.length !== verify.length) {
    const counts = secrets.length === 0 ? '`verify` needs `secret`' : `${counted(verify.length, '`verify` scheme')} and ${counted(secrets.length, '`secret` value')}`;
    throw new UsageError(counts, 'give one `secret` for all the schemes, or one per `verify`, in the same order');
  }
  const entries = verify.map((scheme, i) => ({ scheme, secret: secrets[secrets.length === 1 ? 0 : i] ?? '', params: params[i] }));
  // A secret its scheme can never verify with (a whsec_ that is not base64, text that is no RSA key
  // for travis), or settings that make no scheme, are refused as the receiver starts, not reported
  // as a failed check of every request.
  for (const [i, { secret, params: read = {} }] of entries.entries()) {
    schemes[i]?.checkSecret?.(secret);
    schemes[i]?.checkParams?.(read);
  }
  return { ...common, secret: undefined, verify: entries };
}

/**
 * `tolerance` where no scheme that checks the signatures signs a timestamp (github, shopify…): no
 * signature's age is checked, so it is refused as verify refuses it. The schemes are `verify`'s, or
 * with `secret` alone the kind's own; without `kind` a request of any kind may come, its scheme signing one.
 */
function checkToleranceRead(given: boolean, signing: { secret: string | undefined; verify: readonly VerifierEntry[] | undefined }, kind: Kind | undefined): void {
  if (!given) return;
  const own = kind?.delivery.signature;
  const uses: SchemeUse[] = signing.verify
    ? signing.verify.map(({ scheme, secret, params }) => ({ scheme: getScheme(scheme), secret, params }))
    : own && signing.secret !== undefined
      ? [{ scheme: getScheme(own.scheme), secret: signing.secret, params: undefined }]
      : [];
  refuseUncheckedTime({ tolerance: true }, uses);
}
