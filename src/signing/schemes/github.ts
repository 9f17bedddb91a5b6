// GitHub signs every delivery twice when the webhook has a secret: X-Hub-Signature-256 (HMAC-SHA256,
// since 2020) and, for receivers written before it, X-Hub-Signature (HMAC-SHA1). Both are sent, as
// GitHub sends them; only the SHA-256 one is verified, as GitHub advises receivers to do.
import type { SignatureScheme } from '../types.js';
import { bodyHmacScheme } from './body-hmac.js';

const id = 'github';
const title = 'GitHub';
const follows =
  'GitHub docs, Validating webhook deliveries: X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>; Webhook events and payloads, "Delivery headers": X-Hub-Signature: sha1=<hex HMAC-SHA1 of the body>, kept for existing integrations (GitHub changelog 2020-10-26)';

const sha256 = bodyHmacScheme({ id, title, follows, header: 'X-Hub-Signature-256', prefix: 'sha256=' });
const sha1 = bodyHmacScheme({ id, title, follows, header: 'X-Hub-Signature', algorithm: 'sha1', prefix: 'sha1=' });

export const github: SignatureScheme = {
  ...sha256,
  headers: [...sha256.headers, ...sha1.headers],
  sign: (input) => ({ ...sha256.sign(input), ...sha1.sign(input) }),
};
