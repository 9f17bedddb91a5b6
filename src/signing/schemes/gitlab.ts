// GitLab: the webhook's secret token travels as it is in X-Gitlab-Token; the receiver compares it
// with its own (there is no signature of the body).
import { createHash, timingSafeEqual } from 'node:crypto';
import { headerValue } from '../hmac.js';
import type { SignatureScheme } from '../types.js';

const HEADER = 'X-Gitlab-Token';
const NAME = HEADER.toLowerCase();
// Digests first, so the comparison takes the same time whatever the lengths.
const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

export const gitlab: SignatureScheme = {
  id: 'gitlab',
  title: 'GitLab (secret token)',
  follows: 'GitLab docs, Webhooks → Create a webhook: "The secret token is sent with the webhook request in the X-Gitlab-Token HTTP header"',
  headers: [NAME],
  sign: ({ secret }) => ({ [HEADER]: secret }),
  verify: ({ headers, secret }) => {
    const value = headerValue(headers, NAME);
    if (value === undefined) return { verdict: 'missing', reason: `no ${HEADER} header`, header: NAME };
    return timingSafeEqual(digest(value), digest(secret))
      ? { verdict: 'valid', reason: 'token matches', header: NAME }
      : { verdict: 'invalid', reason: 'token does not match the secret', header: NAME };
  },
};
