import { bodyHmacScheme } from './body-hmac.js';

// Jira Cloud signs the same way (schemes/jira.ts): X-Hub-Signature: sha256=<hex>, WebSub's method.
export const bitbucket = bodyHmacScheme({
  id: 'bitbucket',
  title: 'Bitbucket Cloud',
  follows: 'Bitbucket Cloud docs, Manage webhooks → Secure webhooks (and the Enhanced webhook security post): X-Hub-Signature: sha256=<hex HMAC-SHA256 of the body>',
  header: 'X-Hub-Signature',
  prefix: 'sha256=',
});
