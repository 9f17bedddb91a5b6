// The HMAC and constant-time comparison every HMAC scheme is built from.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { bestMatch, spelling, textEquals, type SignatureMatch } from './compare.js';
import type { Primitive } from './types.js';

export type HmacAlgorithm = 'sha1' | 'sha256' | 'sha512';
export type DigestEncoding = 'hex' | 'base64';

export function hmac(algorithm: HmacAlgorithm, key: string | Uint8Array, ...parts: (string | Uint8Array)[]): Buffer {
  const mac = createHmac(algorithm, key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

const DIGEST_BYTES: Record<HmacAlgorithm, number> = { sha1: 20, sha256: 32, sha512: 64 };

/**
 * The bytes an encoded signature stands for, or undefined when the text is not in the encoding. Not
 * trimmed: the owners compare the text as sent (compare.ts), so 'sha256= <hex>' fails at GitHub's.
 */
export function decodeSignature(text: string, encoding: DigestEncoding): Buffer | undefined {
  const wellFormed = encoding === 'hex' ? /^(?:[0-9a-f]{2})+$/i.test(text) : /^[A-Za-z0-9+/_-]+={0,2}$/.test(text);
  return wellFormed ? Buffer.from(text, encoding) : undefined;
}

/**
 * Is `given` the text of `expected` in this encoding (compare.ts: the owners compare text)? Constant
 * time. The same bytes written otherwise (upper-case hex, base64url) say how; malformed text is none.
 */
export function compareDigest(expected: Buffer, text: string, encoding: DigestEncoding): SignatureMatch {
  const canonical = expected.toString(encoding);
  if (textEquals(text, canonical)) return 'exact';
  const bytes = decodeSignature(text, encoding);
  const same = bytes !== undefined && bytes.length === expected.length && timingSafeEqual(bytes, expected);
  return same ? { respelled: spelling(text, canonical) } : 'none';
}

/** Where a text that is not a digest of `bytes` bytes in this encoding goes wrong: its first character out of the alphabet, else its length. */
export function encodingFlaw(text: string, encoding: DigestEncoding, bytes: number): string {
  if (text === '') return 'it is empty';
  const outside = encoding === 'hex' ? /[^0-9a-f]/i.exec(text) : /[^A-Za-z0-9+/_=-]|=(?=[^=])/.exec(text);
  if (outside !== null) return `'${outside[0]}' at character ${outside.index + 1} is not ${encoding === 'hex' ? 'a hex digit' : 'base64'}`;
  if (encoding === 'hex') return `it is ${text.length} hex digits`;
  const decoded = decodeSignature(text, encoding);
  return decoded === undefined ? 'its padding is not base64' : `it is ${decoded.length} bytes, not ${bytes}`;
}

/**
 * What a signature of this HMAC looks like, so a verifier can tell a malformed one (base64 where hex
 * is signed, a SHA-1 digest in a SHA-256 header) from one made with another secret.
 */
export function digestShape(algorithm: HmacAlgorithm, encoding: DigestEncoding): Pick<Primitive, 'shape' | 'wellFormed' | 'flaw'> {
  const bytes = DIGEST_BYTES[algorithm];
  const name = `an HMAC-${algorithm.toUpperCase()}`;
  return {
    shape: encoding === 'hex' ? `${bytes * 2} hex digits (${name})` : `base64 of ${bytes} bytes (${name})`,
    wellFormed: (given) => decodeSignature(given, encoding)?.length === bytes,
    flaw: (given) => encodingFlaw(given, encoding, bytes),
  };
}

/** The HMAC as a signing primitive; `key` turns the secret into the key (Standard Webhooks decodes it). */
export function hmacPrimitive(
  algorithm: HmacAlgorithm,
  encoding: DigestEncoding,
  key: (secret: string) => string | Uint8Array = (secret) => secret,
): Primitive {
  return {
    ...digestShape(algorithm, encoding),
    sign: (secret, parts) => hmac(algorithm, key(secret), ...parts).toString(encoding),
    matchAny: (secret, parts, given) => {
      const expected = hmac(algorithm, key(secret), ...parts);
      return bestMatch(given, (signature) => compareDigest(expected, signature, encoding));
    },
  };
}
