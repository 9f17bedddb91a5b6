// Signature verification on the receiving side, through the scheme registry (src/signing): the
// kind's own scheme, or for a body of no signing kind the first scheme whose header came along.
import { messageOf } from '../errors.js';
import type { Kind } from '../kinds/types.js';
import { headerValue } from '../signing/hmac.js';
import { getScheme, SCHEMES, schemesPresent, type HeaderMap, type SchemeVerdict } from '../signing/index.js';

export interface SignatureCheck {
  /** The scheme id (src/signing/schemes). */
  scheme: string;
  /** The header the verdict is about, lower-case. */
  header: string;
  verdict: SchemeVerdict;
  /** The scheme's words for the verdict ("signature matches", "clock skew of 412 s", ...). */
  reason: string;
}

export interface SignatureInput {
  /** No secret: signatures do not apply. */
  secret: string | undefined;
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
}

// whk's choice: the five minutes most timestamped schemes' own libraries default to.
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/** The headers of every known scheme, lower-cased (masked in printed output). */
export function signatureHeaders(): string[] {
  return [...new Set(SCHEMES.flatMap((scheme) => scheme.headers))];
}

/**
 * The verdict for one request, or null when signatures do not apply: no secret, or a kind that
 * does not sign and no scheme's header present.
 */
export function verifySignature(input: SignatureInput): SignatureCheck | null {
  if (input.secret === undefined) return null;
  const own = input.kind?.delivery.signature;
  const scheme = own ? getScheme(own.scheme) : schemesPresent(input.headers)[0];
  if (scheme === undefined) return null;
  try {
    const result = scheme.verify({
      body: input.body,
      headers: input.headers,
      secret: input.secret,
      now: input.now,
      toleranceSeconds: input.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
      url: input.url,
      contentType: headerValue(input.headers, 'content-type'),
    });
    return { scheme: scheme.id, header: result.header, verdict: result.verdict, reason: result.reason };
  } catch (error) {
    // A secret the scheme cannot use (not in its format) fails this request's check, not the request.
    return { scheme: scheme.id, header: scheme.headers[0] ?? '', verdict: 'invalid', reason: `cannot verify: ${messageOf(error)}` };
  }
}
