import { bodyHmacScheme } from './body-hmac.js';

export const shopify = bodyHmacScheme({
  id: 'shopify',
  title: 'Shopify',
  follows: 'Shopify docs, About webhooks → Verify webhooks: X-Shopify-Hmac-Sha256, base64 HMAC-SHA256 of the body with the app client secret',
  header: 'X-Shopify-Hmac-Sha256',
  encoding: 'base64',
});
