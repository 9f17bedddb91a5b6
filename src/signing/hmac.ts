// The HMAC and constant-time comparison every HMAC scheme is built from.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Primitive } from './types.js';

export type HmacAlgorithm = 'sha1' | 'sha256' | 'sha512';
export type DigestEncoding = 'hex' | 'base64';

export function hmac(algorithm: HmacAlgorithm, key: string | Uint8Array, ...parts: (string | Uint8Array)[]): Buffer {
  const mac = createHmac(algorithm, key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** Does `given` (as encoded text) equal `expected`? Constant time; malformed text is simply unequal. */
export function digestEquals(expected: Buffer, given: string, encoding: DigestEncoding): boolean {
  const text = given.trim();
  const wellFormed = encoding === 'hex' ? /^[0-9a-f]+$/i.test(text) : /^[A-Za-z0-9+/_-]+={0,2}$/.test(text);
  if (!wellFormed) return false;
  const bytes = Buffer.from(text, encoding);
  return bytes.length === expected.length && timingSafeEqual(bytes, expected);
}

/** The HMAC as a signing primitive; `key` turns the secret into the key (Standard Webhooks decodes it). */
export function hmacPrimitive(
  algorithm: HmacAlgorithm,
  encoding: DigestEncoding,
  key: (secret: string) => string | Uint8Array = (secret) => secret,
): Primitive {
  return {
    sign: (secret, parts) => hmac(algorithm, key(secret), ...parts).toString(encoding),
    matches: (secret, parts, given) => digestEquals(hmac(algorithm, key(secret), ...parts), given, encoding),
  };
}
