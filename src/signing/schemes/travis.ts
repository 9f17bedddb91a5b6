// Travis CI: the Signature header is base64 of an RSA PKCS#1 v1.5 SHA-1 signature of the form's
// `payload` value (the JSON string, not the URL-encoded body), made with Travis's private key and
// verified with the public key Travis serves at /config. The secret is key material in PEM:
// a private key signs; a public key (or a private one, whose public half is taken) verifies.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { headerValue } from '../../capture/request-fields.js';
import type { SignatureScheme } from '../types.js';
import { malformed, missing } from '../verdict.js';

const HEADER = 'Signature';
const NAME = 'signature';
// The form field Travis signs; a body that is not such a form is signed whole.
const FIELD = 'payload';

/** The text Travis signs: the `payload` field of a form body (the whole body when it has none). */
export function signedPayload(body: Uint8Array): string {
  const text = Buffer.from(body).toString('utf8');
  return new URLSearchParams(text).get(FIELD) ?? text;
}

export const travis: SignatureScheme = {
  id: 'travis',
  title: 'Travis CI (RSA-SHA1 of the payload field)',
  follows:
    'Travis CI docs, Notifications → "Verifying Webhook requests" (Signature header, base64; verify the payload with SHA1 and the public key at /config config.notifications.webhook.public_key); travis-ci/travis-tasks lib/travis/addons/webhook/task.rb#signature',
  headers: [NAME],
  sign: ({ body, secret }) => ({ [HEADER]: sign('sha1', Buffer.from(signedPayload(body)), createPrivateKey(secret)).toString('base64') }),
  verify: ({ body, headers, secret }) => {
    const value = headerValue(headers, NAME);
    if (value === undefined) return missing(NAME, HEADER);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value.trim())) return malformed(NAME, 'not base64');
    const matches = verify('sha1', Buffer.from(signedPayload(body)), createPublicKey(secret), Buffer.from(value.trim(), 'base64'));
    return matches
      ? { verdict: 'valid', reason: 'signature matches the public key', header: NAME }
      : { verdict: 'invalid', reason: 'signature does not match: another key pair, or a changed payload', header: NAME };
  },
};

/** A fresh RSA key pair in PEM, as whk signs Travis deliveries with its own private key (Travis keeps its own). */
export function generateTravisKeys(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
}

/** The public key (PEM) of a private or public key given in PEM: the one to verify with. */
export function travisPublicKey(pem: string): string {
  return createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString();
}
