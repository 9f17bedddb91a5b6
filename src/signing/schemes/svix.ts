import type { HeaderMap, SignatureScheme } from '../types.js';
import { standardWebhooksFamily } from './standard-webhooks.js';

const family = standardWebhooksFamily({
  id: 'svix',
  title: 'Svix',
  follows: 'Svix docs, Verifying payloads manually: svix-id, svix-timestamp, svix-signature, the Standard Webhooks scheme under svix-* names; the svix library (src/webhook.ts) reads webhook-* in place of a missing svix-* header',
  headerPrefix: 'svix',
});

/** Each svix-* header, or its webhook-* name when it is missing, as the svix library reads them (unbranded Svix senders use those). */
function svixHeaders(headers: HeaderMap): HeaderMap {
  const named: HeaderMap = { ...headers };
  for (const part of ['id', 'timestamp', 'signature']) named[`svix-${part}`] ??= headers[`webhook-${part}`];
  return named;
}

export const svix: SignatureScheme = { ...family, verify: (input) => family.verify({ ...input, headers: svixHeaders(input.headers) }) };
