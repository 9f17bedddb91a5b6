// A signature is compared as the text the sender wrote, not as the bytes it decodes to: the owners'
// verifiers compare text (standardwebhooks JS compares the 'v1,<base64>' strings; stripe-node
// Webhooks.js secureCompare of hex strings; @octokit/webhooks-methods verify, Buffer.from of both
// texts; twilio-node lib/webhooks/webhooks.js validateSignatureWithUrl, safeCompare of the base64
// texts), so upper-case hex or base64url, whose bytes are right, fails at the sender's receiver. whk
// says so, rather than calling it valid or blaming the secret. For the generic HMAC: whk's choice.
import { timingSafeEqual } from 'node:crypto';

/** The one signature a check found: as sent, written otherwise (the bytes match, the text does not), or none. */
export type SignatureMatch = 'exact' | 'none' | { respelled: string };

/** Constant-time equality of two texts (their lengths are not secret: the algorithm fixes them). */
export function textEquals(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * How `given` writes the signature whose exact text is `canonical` ('upper-case hex', 'base64url',
 * 'base64 without its padding'), once its bytes were found to be the same.
 */
export function spelling(given: string, canonical: string): string {
  if (given.toLowerCase() === canonical) return /[a-f]/.test(given) ? 'mixed-case hex' : 'upper-case hex';
  const unpadded = canonical.replace(/=+$/, '');
  const url = canonical.replaceAll('+', '-').replaceAll('/', '_');
  if (given === unpadded) return 'base64 without its padding';
  if (given === url) return 'base64url';
  if (given === url.replace(/=+$/, '')) return 'base64url without its padding';
  return /^[0-9a-f]+$/i.test(canonical) ? 'another spelling of hex' : 'another spelling of base64 (its padding or alphabet)';
}

/** The best match of several candidates: the first exact one (no more are tried), else the first written otherwise, else none. */
export function bestMatch<T>(candidates: Iterable<T>, matchOf: (candidate: T) => SignatureMatch): SignatureMatch {
  let respelled: SignatureMatch = 'none';
  for (const candidate of candidates) {
    const match = matchOf(candidate);
    if (match === 'exact') return match;
    if (respelled === 'none') respelled = match;
  }
  return respelled;
}
