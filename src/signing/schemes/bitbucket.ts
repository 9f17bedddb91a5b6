import { hexHmacScheme } from './hex-hmac.js';

export const bitbucket = hexHmacScheme({
  id: 'bitbucket',
  title: 'Bitbucket Cloud',
  follows: 'Bitbucket Cloud docs, Manage webhooks → secure webhooks (and Atlassian\'s "Enhanced webhook security" post): X-Hub-Signature: sha256=<hex HMAC-SHA256 of the body>',
  header: 'X-Hub-Signature',
  prefix: 'sha256=',
});
