// Stripe: 'Stripe-Signature: t=<seconds>,v1=<hex>' where v1 is HMAC-SHA256 over '{t}.{body}' keyed
// with the whole endpoint secret as text (whsec_ included, unlike Standard Webhooks). Several v1
// entries may arrive while a secret rotates; v0 and other schemes are ignored, as Stripe's libraries do.
// Only an old timestamp is expired: their check is the event's age, so one ahead of the clock passes.
import { hmacPrimitive } from '../hmac.js';
import { clip, parsedTimestamp, signedScheme, type ParsedSignature } from '../signed-scheme.js';

/** A key that is `key` but for the spaces around it, said so: the owners take the parts as sent. */
function spacedKey(pairs: readonly (readonly [string, string])[], key: string, owner: string): string {
  const spaced = pairs.find(([name]) => name !== key && name.trim() === key)?.[0];
  return spaced === undefined ? '' : `: '${spaced}' is not '${key}' (a space; ${owner} split the header at ',' and '=' and trim nothing)`;
}

/**
 * 't=<seconds>,v1=<sig>[,v1=<sig>]': Stripe's header, and Grafana Incident's Gi-Signature. Split at
 * ',' and '=' with nothing trimmed, as stripe-node Webhooks.js parseHeader and incident-go webhook.go
 * VerifySignature do: 't=1, v1=…' has no 'v1' key for them, so it is no signature for whk either.
 */
export function parseStripeSignature(value: string, owner = "Stripe's libraries"): ParsedSignature {
  // The text between the first '=' and a second one: 'v1=<hex>=x' is v1=<hex> for them (split('=')[1], values[1]).
  const pairs = value.split(',').map((part): [string, string] => {
    const [key = '', text = ''] = part.split('=');
    return [key, text];
  });
  const timestamps = pairs.filter(([key]) => key === 't').map(([, v]) => v);
  const signatures = pairs.filter(([key]) => key === 'v1').map(([, v]) => v);
  if (timestamps.length === 0) return { malformed: `no t=<timestamp> in '${clip(value)}'${spacedKey(pairs, 't', owner)}` };
  if (signatures.length === 0) return { malformed: `no v1=<signature> in '${clip(value)}'${spacedKey(pairs, 'v1', owner)}` };
  // t= given again: the last is the one read (stripe-node's reduce and incident-go's map keep it).
  return { signatures, timestamp: timestamps.at(-1) ?? '' };
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
  readTimestamp: parsedTimestamp('stripe-node'),
});
