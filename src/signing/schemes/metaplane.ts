import { bodyHmacScheme } from './body-hmac.js';

export const metaplane = bodyHmacScheme({
  id: 'metaplane',
  title: 'Metaplane',
  follows: 'Metaplane docs, Webhooks: x-metaplane-sig, hex HMAC-SHA256 of the body with the webhook secret',
  header: 'x-metaplane-sig',
});
