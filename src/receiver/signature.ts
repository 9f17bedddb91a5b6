// Signature verification on the receiving side, through the scheme registry (src/signing): the
// kind's own scheme, or for a body of no signing kind the first scheme whose header came along.
import { UsageError } from '../errors.js';
import type { Kind } from '../kinds/types.js';
import { bestVerdict, type SignatureCheck, type VerifierEntry } from '../signing/verifier.js';
import { getScheme, SCHEMES, schemesPresent, type HeaderMap } from '../signing/index.js';

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

/**
 * Whether a request came signed: its kind's scheme's header is there (for a body of no kind, any
 * scheme's). Asked only when nothing verifies signatures, so the summary can say they were not checked.
 */
export function arrivedSigned(kind: Kind | undefined, headers: HeaderMap): boolean {
  if (kind === undefined) return schemesPresent(headers).length > 0;
  const own = kind.delivery.signature;
  const header = own === null ? undefined : getScheme(own.scheme).headers[0];
  return header !== undefined && headers[header] !== undefined;
}

export interface SignatureSettings {
  /** One secret for the kind's scheme; with `verify`, one for all its schemes or one per scheme. */
  secret: readonly string[];
  /** Scheme ids to verify with instead of the kind's. */
  verify: readonly string[];
  toleranceMs: number;
  reject: boolean | undefined;
}

/**
 * The receiver's signature settings from the listen options: `secret` alone verifies the kind's
 * scheme; each `verify` scheme takes the secret given in the same place, or the one secret.
 */
export function signatureSettings(given: SignatureSettings): {
  secret: string | undefined;
  verify: VerifierEntry[] | undefined;
  toleranceSeconds: number;
  reject: boolean | undefined;
} {
  const { secret: secrets, verify } = given;
  const common = { toleranceSeconds: given.toleranceMs / 1000, reject: given.reject };
  if (given.reject && secrets.length === 0) throw new UsageError('`reject` needs `secret`', 'it answers 401 to a request whose signature is not valid');
  // An empty secret is a variable that was never set (`--secret "$GITHUB_WEBHOOK_SECRET"`), as send,
  // sign and verify refuse it; here it would fail every request's check instead.
  if (secrets.some((secret) => secret === '')) throw new UsageError('invalid `secret`: the secret may not be empty', 'give the shared secret (an unset shell variable expands to nothing)');
  if (verify.length === 0) {
    if (secrets.length > 1) throw new UsageError('several `secret` values need a `verify` scheme for each', 'one `verify` per `secret`, in the same order');
    return { ...common, secret: secrets[0], verify: undefined };
  }
  if (secrets.length !== 1 && secrets.length !== verify.length) {
    throw new UsageError(`${verify.length} \`verify\` schemes and ${secrets.length} \`secret\` values`, 'give one `secret` for all the schemes, or one per `verify`, in the same order');
  }
  const entries = verify.map((scheme, i) => ({ scheme, secret: secrets[secrets.length === 1 ? 0 : i] ?? '' }));
  // A secret its scheme can never verify with (a whsec_ that is not base64, text that is no RSA key
  // for travis) is refused as the receiver starts, not reported as a failed check of every request.
  for (const { scheme, secret } of entries) getScheme(scheme, 'verify').checkSecret?.(secret);
  return { ...common, secret: undefined, verify: entries };
}
