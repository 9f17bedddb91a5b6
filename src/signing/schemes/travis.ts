// Travis CI: the Signature header is base64 of an RSA PKCS#1 v1.5 SHA-1 signature of the form's
// `payload` value (the JSON string, not the URL-encoded body), made with Travis's private key and
// verified with the public key Travis serves at /config. The secret is key material in PEM:
// a private key signs; a public key (or a private one, whose public half is taken) verifies.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { headerValue } from '../../capture/request-fields.js';
import { UsageError } from '../../errors.js';
import type { SignatureScheme } from '../types.js';
import { decodeForm } from '../../util/form.js';
import { malformed, missing } from '../verdict.js';

const HEADER = 'Signature';
const NAME = 'signature';
// The form field Travis signs; a body that is not such a form is signed whole.
const FIELD = 'payload';

/** The text Travis signs: the `payload` field of a form body (the whole body when it has none). */
export function signedPayload(body: Uint8Array): string {
  const text = Buffer.from(body).toString('utf8');
  return decodeForm(text).find(([name]) => name === FIELD)?.[1] ?? text;
}

export const travis: SignatureScheme = {
  id: 'travis',
  title: 'Travis CI (RSA-SHA1 of the payload field)',
  follows:
    'Travis CI docs, Notifications → "Verifying Webhook requests" (Signature header, base64; verify the payload with SHA1 and the public key at /config config.notifications.webhook.public_key); travis-ci/travis-tasks lib/travis/addons/webhook/task.rb#signature',
  headers: [NAME],
  sign: ({ body, secret }) => ({ [HEADER]: sign('sha1', Buffer.from(signedPayload(body)), signingKey(secret)).toString('base64') }),
  verify: ({ body, headers, secret }) => {
    const value = headerValue(headers, NAME);
    if (value === undefined) return missing(NAME, HEADER, headers);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value.trim())) return malformed(NAME, 'not base64');
    const matches = verify('sha1', Buffer.from(signedPayload(body)), verifyingKey(secret), Buffer.from(value.trim(), 'base64'));
    return matches
      ? { verdict: 'valid', reason: 'signature matches the public key', header: NAME }
      : { verdict: 'invalid', reason: 'signature does not match: another key pair, or a changed payload', header: NAME };
  },
  checkSecret: (secret) => void verifyingKey(secret),
  checkSigningSecret: (secret) => void signingKey(secret),
};

/** A fresh RSA key pair in PEM, as whk signs Travis deliveries with its own private key (Travis keeps its own). */
export function generateTravisKeys(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
}

/** The public key (PEM) of a private or public key given in PEM: the one to verify with. */
export function travisPublicKey(pem: string): string {
  return verifyingKey(pem).export({ type: 'spki', format: 'pem' }).toString();
}

/** The public key (PEM) to verify with, or undefined when the text holds no RSA key (the caller says where it came from). */
export function readTravisPublicKey(pem: string): string | undefined {
  try {
    return travisPublicKey(pem);
  } catch {
    return undefined;
  }
}

export const TRAVIS_PUBLIC_KEY_HINT = "give the public key Travis serves at /config (config.notifications.webhook.public_key) in PEM, or whk travis-key's key (its file, or the public key it prints)";

/** How a key file that cannot sign is refused, by `send --travis-key` and the wizard's prompt alike (`name` names the file). */
export const TRAVIS_KEY_REFUSALS = {
  dash: { message: (name: string) => `${name}: the key is kept in a file, and '-' names none`, hint: 'give a path, e.g. travis.pem (created when missing)' },
  noKey: { message: (name: string) => `${name} holds no RSA private key in PEM`, hint: 'give the key file whk made, or a path that does not exist yet (whk creates a new key there)' },
};

/** Whether a PEM text holds an RSA private key, one that can sign as Travis does. */
export function isTravisPrivateKey(pem: string): boolean {
  try {
    signingKey(pem);
    return true;
  } catch {
    return false;
  }
}

// What OpenSSL says about text that is no key ("DECODER routines::unsupported") names its own
// internals, not the user's mistake: these say what the key must be instead.
const SIGNING_HINT = 'Travis signs with an RSA private key: whk travis-key FILE creates one in FILE, then give `secret` "$(cat FILE)"';
const VERIFYING_HINT = 'give the public key Travis serves at /config (config.notifications.webhook.public_key) in PEM, e.g. `secret` "$(cat travis.pub)"; whk travis-key FILE prints the public key of whk\'s own';

/** The RSA private key a PEM secret holds, or a usage error saying it holds none. */
function signingKey(pem: string): KeyObject {
  return rsaKey(() => createPrivateKey(pem), 'the secret for travis is not an RSA private key in PEM', SIGNING_HINT);
}

/** The RSA public key a PEM secret holds (a private key's public half), or a usage error saying it holds none. */
function verifyingKey(pem: string): KeyObject {
  return rsaKey(() => createPublicKey(pem), 'the secret for travis is not an RSA key in PEM', VERIFYING_HINT);
}

function rsaKey(read: () => KeyObject, message: string, hint: string): KeyObject {
  let key: KeyObject;
  try {
    key = read();
  } catch {
    throw new UsageError(message, hint, 'secret');
  }
  // Another kind of key (EC, ed25519) would sign, but not as Travis does.
  if (key.asymmetricKeyType !== 'rsa') throw new UsageError(`${message} (it holds a key of type ${key.asymmetricKeyType})`, hint, 'secret');
  return key;
}
