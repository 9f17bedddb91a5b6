import { bodyHmacScheme } from './body-hmac.js';

export const sentry = bodyHmacScheme({
  id: 'sentry',
  title: 'Sentry',
  follows: 'Sentry docs, Integration Platform → Webhooks: Sentry-Hook-Signature, hex HMAC-SHA256 of the body with the client secret',
  header: 'Sentry-Hook-Signature',
});
