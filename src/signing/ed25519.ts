// Standard Webhooks' asymmetric signatures (v1a): ed25519 with a whsk_ secret key (the 32-byte seed,
// base64) to sign and a whpk_ public key (32 bytes, base64) to verify, as the reference Go library
// (libraries/go/webhook_asymmetric.go) reads them. The secret key can verify too.
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { UsageError } from '../errors.js';
import { bestMatch, spelling } from './compare.js';
import { decodeSignature, encodingFlaw } from './hmac.js';
import type { Primitive } from './types.js';

// DER headers that wrap a raw 32-byte ed25519 key as PKCS#8 (private) and SPKI (public).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export const SECRET_KEY_PREFIX = 'whsk_';
export const PUBLIC_KEY_PREFIX = 'whpk_';

export function isEd25519Key(secret: string): boolean {
  return secret.startsWith(SECRET_KEY_PREFIX) || secret.startsWith(PUBLIC_KEY_PREFIX);
}

/** The 32 raw bytes of a key, or a usage error naming what is wrong (never the key). */
function rawKey(secret: string, prefix: string): Buffer {
  const text = secret.slice(prefix.length);
  const bytes = Buffer.from(text, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || bytes.length !== 32) {
    throw new UsageError(`the ${prefix} key is not 32 bytes of base64`, 'a Standard Webhooks ed25519 key is whsk_ (secret) or whpk_ (public) followed by 32 bytes in base64', 'secret');
  }
  return bytes;
}

function privateKey(secret: string): KeyObject {
  if (!secret.startsWith(SECRET_KEY_PREFIX)) throw new UsageError('a whpk_ public key verifies but cannot sign', 'sign with the whsk_ secret key', 'secret');
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, rawKey(secret, SECRET_KEY_PREFIX)]), format: 'der', type: 'pkcs8' });
}

function publicKey(secret: string): KeyObject {
  if (secret.startsWith(SECRET_KEY_PREFIX)) return createPublicKey(privateKey(secret));
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, rawKey(secret, PUBLIC_KEY_PREFIX)]), format: 'der', type: 'spki' });
}

/** Throws a usage error unless the key verifies: a whsk_ or whpk_ key of 32 bytes in base64. */
export function checkEd25519Key(secret: string): void {
  publicKey(secret);
}

/** Throws a usage error unless the secret is a whsk_ key, the one that signs. */
export function checkEd25519SigningKey(secret: string): void {
  privateKey(secret);
}

function message(parts: readonly (string | Uint8Array)[]): Buffer {
  return Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)));
}

const SIGNATURE_BYTES = 64;
const STANDARD_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
// whk's choice: a sender lists one signature per key while keys rotate, so a few. Each is checked
// against the whole body (~12 ms for 10 MB), and a 16 KiB header holds 170 of them.
export const MAX_ED25519_SIGNATURES = 8;

export const ed25519Primitive: Primitive = {
  sign: (secret, parts) => sign(null, message(parts), privateKey(secret)).toString('base64'),
  matchAny: (secret, parts, given) => {
    const signed = message(parts);
    const key = publicKey(secret);
    return bestMatch(given, (text) => {
      const signature = decodeSignature(text, 'base64');
      if (signature?.length !== SIGNATURE_BYTES || !verify(null, signed, key, signature)) return 'none';
      // The reference Go library decodes with base64.StdEncoding (libraries/go/webhook_asymmetric.go):
      // the standard alphabet, padded. Other text of the same bytes fails there.
      return STANDARD_BASE64.test(text) && text.length % 4 === 0 ? 'exact' : { respelled: spelling(text, signature.toString('base64')) };
    });
  },
  shape: `base64 of ${SIGNATURE_BYTES} bytes (an ed25519 signature)`,
  wellFormed: (given) => decodeSignature(given, 'base64')?.length === SIGNATURE_BYTES,
  flaw: (given) => encodingFlaw(given, 'base64', SIGNATURE_BYTES),
  maxSignatures: MAX_ED25519_SIGNATURES,
};
