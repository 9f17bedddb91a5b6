import { hexHmacScheme } from './hex-hmac.js';

// Jira Cloud admin webhooks with a secret: WebSub's method=signature form.
export const jira = hexHmacScheme({
  id: 'jira',
  title: 'Jira Cloud',
  follows: 'Atlassian developer docs, Jira Cloud webhooks (secure admin webhooks): X-Hub-Signature: sha256=<hex HMAC-SHA256 of the body with the secret>',
  header: 'X-Hub-Signature',
  prefix: 'sha256=',
});
