// Standard Webhooks: '<prefix>-id', '<prefix>-timestamp' and '<prefix>-signature' headers over
// '{id}.{timestamp}.{body}'. With a whsec_ secret: v1, HMAC-SHA256 keyed with the base64-decoded
// secret; with a whsk_/whpk_ key: v1a, ed25519. Several signatures may be listed, space-separated.
// Svix and GitLab's signing token use the same scheme under other header names.
import { UsageError } from '../../errors.js';
import { checkEd25519Key, checkEd25519SigningKey, ed25519Primitive, isEd25519Key } from '../ed25519.js';
import { hmacPrimitive } from '../hmac.js';
import { listed, parsedTimestamp, signedScheme, type SignedSchemeSpec } from '../signed-scheme.js';
import type { SignatureScheme } from '../types.js';

export const WHSEC_PREFIX = 'whsec_';

const WHSEC_HINT = 'a Standard Webhooks secret is whsec_ followed by base64 (ed25519 keys start whsk_ or whpk_)';

/**
 * The HMAC key a whsec_ secret stands for (the prefix is optional, as in the reference libraries).
 * Refused where the owner's constructor throws (standardwebhooks src/index.ts, @stablelib/base64
 * decode): an empty key ("Secret can't be empty."), fewer than 4 characters or more than two '='
 * ("incorrect padding"), a character outside the alphabet. Buffer.from read 'a' and 'b' as the
 * same empty key, so a wrong secret verified.
 */
export function whsecKey(secret: string): Buffer {
  const prefixed = secret.startsWith(WHSEC_PREFIX);
  const text = prefixed ? secret.slice(WHSEC_PREFIX.length) : secret;
  const what = prefixed ? 'the secret after whsec_' : 'the secret';
  if (text === '') throw new UsageError(`${what} is empty: an HMAC key of 0 bytes (the Standard Webhooks libraries refuse it)`, WHSEC_HINT, 'secret');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
    throw new UsageError(prefixed ? 'the secret is not base64 after whsec_' : 'the secret is not base64 (nor whsec_ and base64)', WHSEC_HINT, 'secret');
  }
  if (text.length < 4) {
    throw new UsageError(`${what} is ${text.length} character${text.length === 1 ? '' : 's'} of base64: the Standard Webhooks libraries refuse fewer than 4 ('incorrect padding')`, WHSEC_HINT, 'secret');
  }
  return Buffer.from(text, 'base64');
}

export interface StandardWebhooksFamily {
  id: string;
  title: string;
  follows: string;
  /** 'webhook' for Standard Webhooks, 'svix' for Svix. */
  headerPrefix: string;
}

export function standardWebhooksFamily(family: StandardWebhooksFamily): SignatureScheme {
  const common = {
    id: family.id,
    title: family.title,
    follows: family.follows,
    header: `${family.headerPrefix}-signature`,
    timestampHeader: `${family.headerPrefix}-timestamp`,
    idHeader: `${family.headerPrefix}-id`,
    content: ({ id, timestamp, body }) => [`${id}.${timestamp}.`, body],
    readTimestamp: parsedTimestamp('standardwebhooks'),
  } satisfies Omit<SignedSchemeSpec, 'primitive' | 'format' | 'parse'>;
  const symmetric = signedScheme({ ...common, primitive: hmacPrimitive('sha256', 'base64', whsecKey), ...listed('v1,', ' ') });
  const asymmetric = signedScheme({ ...common, primitive: ed25519Primitive, ...listed('v1a,', ' ') });
  const pick = (secret: string): SignatureScheme => (isEd25519Key(secret) ? asymmetric : symmetric);
  return {
    id: family.id,
    title: family.title,
    follows: family.follows,
    headers: symmetric.headers,
    idHeader: symmetric.idHeader,
    sign: (input) => pick(input.secret).sign(input),
    signs: symmetric.signs,
    verify: (input) => pick(input.secret).verify(input),
    // A whsec_ that is not base64, or an ed25519 key of the wrong size, can never verify.
    checkSecret: (secret) => (isEd25519Key(secret) ? checkEd25519Key(secret) : void whsecKey(secret)),
    checkSigningSecret: (secret) => (isEd25519Key(secret) ? checkEd25519SigningKey(secret) : void whsecKey(secret)),
  };
}

export const standardWebhooks = standardWebhooksFamily({
  id: 'standard-webhooks',
  title: 'Standard Webhooks',
  follows: 'Standard Webhooks spec (standard-webhooks/standard-webhooks spec/standard-webhooks.md): v1 HMAC-SHA256 with whsec_ secrets, v1a ed25519 with whsk_/whpk_ keys, over {id}.{timestamp}.{body}',
  headerPrefix: 'webhook',
});
