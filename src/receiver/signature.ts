// Signature verification: a hex HMAC-SHA256 of the raw body bytes (Metaplane's x-metaplane-sig,
// Sentry's Sentry-Hook-Signature, PagerDuty's v1=...), compared in constant time. The header name,
// algorithm and prefix come from the kind's delivery profile.
import { timingSafeEqual } from 'node:crypto';
import { sign } from '../delivery/request.js';
import type { Kind } from '../kinds/types.js';

export type SignatureVerdict = 'valid' | 'invalid' | 'missing';

export function verifyHmacHex(secret: string, body: Buffer, signature: string): boolean {
  const expected = Buffer.from(sign(secret, body), 'hex');
  const given = /^[0-9a-f]+$/i.test(signature.trim()) ? Buffer.from(signature.trim(), 'hex') : Buffer.alloc(0);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The signature headers of all kinds that sign, lower-cased. */
export function signatureHeaders(kinds: readonly Kind[]): string[] {
  return [...new Set(kinds.flatMap((k) => (k.delivery.signature ? [k.delivery.signature.header.toLowerCase()] : [])))];
}

/**
 * The verdict for one request, or null when signatures do not apply: no secret, or a kind that
 * does not sign and no signature header present. The signed bytes are the body as received.
 */
export function verifySignature(
  secret: string | undefined,
  kind: Kind | undefined,
  headers: Record<string, string | string[] | undefined>,
  rawBody: Buffer,
  kinds: readonly Kind[],
): { verdict: SignatureVerdict; header: string } | null {
  if (secret === undefined) return null;
  const header = kind?.delivery.signature?.header.toLowerCase() ?? signatureHeaders(kinds).find((h) => headers[h] !== undefined);
  if (header === undefined) return null;
  const value = headers[header];
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text === '') return { verdict: 'missing', header };
  const signer = kind?.delivery.signature ?? kinds.find((k) => k.delivery.signature?.header.toLowerCase() === header)?.delivery.signature;
  const digests = signatureDigests(text, signer?.prefix);
  return { verdict: digests.some((digest) => verifyHmacHex(secret, rawBody, digest)) ? 'valid' : 'invalid', header };
}

/**
 * The hex digests a header value offers. With a prefix (PagerDuty's 'v1='), the value may list
 * several, comma-separated, while a secret is rotated; any one matching is enough.
 */
export function signatureDigests(value: string, prefix: string | undefined): string[] {
  if (!prefix) return [value];
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(prefix))
    .map((part) => part.slice(prefix.length));
}
