import { standardWebhooksFamily } from './standard-webhooks.js';

export const svix = standardWebhooksFamily({
  id: 'svix',
  title: 'Svix',
  follows: 'Svix docs, Verifying payloads manually: svix-id, svix-timestamp, svix-signature, the Standard Webhooks scheme under svix-* names',
  headerPrefix: 'svix',
});
