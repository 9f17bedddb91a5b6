import { bodyHmacScheme } from './body-hmac.js';

export const pagerduty = bodyHmacScheme({
  id: 'pagerduty',
  title: 'PagerDuty (webhooks v3)',
  follows: 'PagerDuty developer docs, Verifying Signatures (PagerDuty/developer-docs docs/webhooks/04-Signatures.md): X-PagerDuty-Signature: v1=<hex HMAC-SHA256>, comma-separated while secrets rotate, split at "," with nothing trimmed',
  header: 'X-PagerDuty-Signature',
  prefix: 'v1=',
  rotating: true,
});
