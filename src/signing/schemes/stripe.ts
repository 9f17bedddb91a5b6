// Stripe: 'Stripe-Signature: t=<seconds>,v1=<hex>' where v1 is HMAC-SHA256 over '{t}.{body}' keyed
// with the whole endpoint secret as text (whsec_ included, unlike Standard Webhooks). Several v1
// entries may arrive while a secret rotates; v0 and other schemes are ignored, as Stripe's libraries do.
// Only an old timestamp is expired: their check is the event's age, so one ahead of the clock passes.
import { hmacPrimitive } from '../hmac.js';
import { clip, signedScheme, type ParsedSignature } from '../signed-scheme.js';

/** 't=<seconds>,v1=<sig>[,v1=<sig>]': Stripe's header, and Grafana Incident's Gi-Signature. */
export function parseStripeSignature(value: string): ParsedSignature {
  const pairs = value.split(',').map((part) => {
    const at = part.indexOf('=');
    return at < 0 ? [part.trim(), ''] : [part.slice(0, at).trim(), part.slice(at + 1).trim()];
  });
  const timestamps = pairs.filter(([key]) => key === 't').map(([, v]) => v ?? '');
  const signatures = pairs.filter(([key]) => key === 'v1').map(([, v]) => v ?? '');
  if (timestamps.length !== 1) return { malformed: `expected one t=<timestamp> in '${clip(value)}'` };
  if (signatures.length === 0) return { malformed: `no v1=<signature> in '${clip(value)}'` };
  return { signatures, timestamp: timestamps[0] ?? '' };
}

export const stripe = signedScheme({
  id: 'stripe',
  title: 'Stripe',
  follows: 'Stripe docs, Check the webhook signatures → Verify manually: Stripe-Signature t=…,v1=…, HMAC-SHA256 of "{t}.{body}" keyed with the endpoint secret; stripe-node Webhooks.js validateComputedSignature (timestampAge > tolerance: the age alone)',
  header: 'Stripe-Signature',
  timestamped: true,
  pastOnly: true,
  primitive: hmacPrimitive('sha256', 'hex'),
  content: ({ timestamp, body }) => [`${timestamp}.`, body],
  format: (signature, timestamp) => `t=${timestamp},v1=${signature}`,
  parse: parseStripeSignature,
});
