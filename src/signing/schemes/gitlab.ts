// GitLab: the secret token travels as it is in X-Gitlab-Token (compared, not signed). A signing
// token (whsec_…, behind GitLab's webhook_signing_token flag, gitlab-org/gitlab MR 230944) signs
// instead with Standard Webhooks' webhook-id, webhook-timestamp and webhook-signature headers.
import { createHash, timingSafeEqual } from 'node:crypto';
import { headerValue } from '../../capture/request-fields.js';
import { UsageError } from '../../errors.js';
import { headerValueProblem } from '../../util/sendable-header.js';
import type { SignatureScheme, VerifyInput, VerifyResult } from '../types.js';
import { missing } from '../verdict.js';
import { standardWebhooksFamily, WHSEC_PREFIX } from './standard-webhooks.js';

const TOKEN = 'X-Gitlab-Token';
const id = 'gitlab';
const title = 'GitLab';
const follows = 'GitLab docs, Webhooks → Validate requests with a secret token (X-Gitlab-Token), and the signing token of gitlab-org/gitlab MR 230944 (Standard Webhooks v1)';

const TOKEN_SIGNS_NONE = 'with a signing token (whsec_…); a plain token travels as it is and signs nothing';

const signing = standardWebhooksFamily({ id, title, follows, headerPrefix: 'webhook' });

/** A plain token goes in X-Gitlab-Token as it is: one no header can carry is refused before anything is sent, not failed at every attempt. */
function tokenHeader(secret: string): Record<string, string> {
  const problem = headerValueProblem(secret);
  if (problem !== undefined) throw new UsageError(`\`secret\` goes as it is in ${TOKEN}, and ${problem}`, 'give the secret token as GitLab shows it: one line of text');
  return { [TOKEN]: secret };
}

function verifyToken({ headers, secret }: VerifyInput): VerifyResult {
  const name = TOKEN.toLowerCase();
  const value = headerValue(headers, name);
  if (value === undefined) return missing(name, TOKEN, headers);
  // Digests first, so the comparison takes the same time whatever the lengths.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(value), digest(secret))
    ? { verdict: 'valid', reason: 'token matches', header: name }
    : { verdict: 'invalid', reason: 'token does not match the secret', header: name };
}

export const gitlab: SignatureScheme = {
  id,
  title,
  follows,
  headers: [TOKEN.toLowerCase(), ...signing.headers],
  // A signing token's id; a plain token signs none.
  idHeader: signing.idHeader,
  sends: 'x-gitlab-token; with a whsec_ signing token webhook-id, webhook-timestamp, webhook-signature instead',
  secretHeader: TOKEN,
  sign: (input) => (input.secret.startsWith(WHSEC_PREFIX) ? signing.sign(input) : tokenHeader(input.secret)),
  signs: (secret) => (secret.startsWith(WHSEC_PREFIX) ? { id: true, timestamp: true } : { id: TOKEN_SIGNS_NONE, timestamp: TOKEN_SIGNS_NONE }),
  verify: (input) => (input.secret.startsWith(WHSEC_PREFIX) ? signing.verify(input) : verifyToken(input)),
  // Any token compares; only a signing token (whsec_) has a form to get wrong.
  checkSecret: (secret) => (secret.startsWith(WHSEC_PREFIX) ? signing.checkSecret?.(secret) : undefined),
  checkSigningSecret: (secret) => (secret.startsWith(WHSEC_PREFIX) ? signing.checkSigningSecret?.(secret) : undefined),
};
