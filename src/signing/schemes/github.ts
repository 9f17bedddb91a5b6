import { bodyHmacScheme } from './body-hmac.js';

export const github = bodyHmacScheme({
  id: 'github',
  title: 'GitHub',
  follows: 'GitHub docs, Validating webhook deliveries: X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>',
  header: 'X-Hub-Signature-256',
  prefix: 'sha256=',
});
