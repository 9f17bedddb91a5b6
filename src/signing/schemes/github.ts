// GitHub signs every delivery twice when the webhook has a secret: X-Hub-Signature-256 (HMAC-SHA256,
// since 2020) and, for receivers written before it, X-Hub-Signature (HMAC-SHA1). Both are sent, as
// GitHub sends them; only the SHA-256 one is verified, as GitHub advises receivers to do.
import { headerValue } from '../../capture/request-fields.js';
import type { SignatureScheme, VerifyInput, VerifyResult } from '../types.js';
import { bodyHmacScheme } from './body-hmac.js';

const id = 'github';
const title = 'GitHub';
const follows =
  'GitHub docs, Validating webhook deliveries: X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>; Webhook events and payloads, "Delivery headers": X-Hub-Signature: sha1=<hex HMAC-SHA1 of the body>, kept for existing integrations (GitHub changelog 2020-10-26)';

const sha256 = bodyHmacScheme({ id, title, follows, header: 'X-Hub-Signature-256', prefix: 'sha256=' });
const sha1 = bodyHmacScheme({ id, title, follows, header: 'X-Hub-Signature', algorithm: 'sha1', prefix: 'sha1=' });

/**
 * A missing X-Hub-Signature-256 beside an X-Hub-Signature that came: said what that one is (GitHub's
 * SHA-1, not checked; or Bitbucket's and Jira's sha256= under that name), not 'no header' alone.
 */
function verify(input: VerifyInput): VerifyResult {
  const result = sha256.verify(input);
  const other = headerValue(input.headers, 'x-hub-signature');
  if (result.verdict !== 'missing' || other === undefined) return result;
  const what = other.startsWith('sha256=')
    ? "X-Hub-Signature came with sha256=, as Bitbucket and Jira sign (their schemes read it there)"
    : 'X-Hub-Signature came, which whk does not check: GitHub sends its SHA-1 there for older receivers, beside the SHA-256 one it advises checking';
  return { ...result, reason: `${result.reason}; ${what}` };
}

export const github: SignatureScheme = {
  ...sha256,
  headers: [...sha256.headers, ...sha1.headers],
  sign: (input) => ({ ...sha256.sign(input), ...sha1.sign(input) }),
  verify,
};
