// GitHub signs every delivery twice when the webhook has a secret: X-Hub-Signature-256 (HMAC-SHA256,
// since 2020) and, for receivers written before it, X-Hub-Signature (HMAC-SHA1). Both are sent, as
// GitHub sends them; only the SHA-256 one is verified, as GitHub advises receivers to do.
import { hmac } from '../hmac.js';
import type { SignatureScheme } from '../types.js';
import { bodyHmacScheme } from './body-hmac.js';

const LEGACY_HEADER = 'X-Hub-Signature';

const sha256 = bodyHmacScheme({
  id: 'github',
  title: 'GitHub',
  follows:
    'GitHub docs, Validating webhook deliveries: X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>; Webhook events and payloads, "Delivery headers": X-Hub-Signature: sha1=<hex HMAC-SHA1 of the body>, kept for existing integrations (GitHub changelog 2020-10-26)',
  header: 'X-Hub-Signature-256',
  prefix: 'sha256=',
});

export const github: SignatureScheme = {
  ...sha256,
  headers: [...sha256.headers, LEGACY_HEADER.toLowerCase()],
  sign: (input) => ({ ...sha256.sign(input), [LEGACY_HEADER]: `sha1=${hmac('sha1', input.secret, input.body).toString('hex')}` }),
};
