// Bitbucket Cloud and Jira Cloud sign alike: X-Hub-Signature: sha256=<hex> of the body (WebSub's
// method), so both ids share one implementation.
import { bodyHmacScheme } from './body-hmac.js';

const hubSignature = (id: string, title: string, follows: string) =>
  bodyHmacScheme({ id, title, follows, header: 'X-Hub-Signature', prefix: 'sha256=' });

export const bitbucket = hubSignature(
  'bitbucket',
  'Bitbucket Cloud',
  'Bitbucket Cloud docs, Manage webhooks → Secure webhooks (and the Enhanced webhook security post): X-Hub-Signature: sha256=<hex HMAC-SHA256 of the body>',
);

export const jira = hubSignature(
  'jira',
  'Jira Cloud',
  'Atlassian developer docs, Jira Cloud webhooks → Secure admin webhooks: X-Hub-Signature: sha256=<hex HMAC-SHA256 of the body> (WebSub method=signature)',
);
