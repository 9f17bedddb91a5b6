// Grafana Incident: 'Gi-Signature: t=<seconds>,v1=<hex>' where v1 is HMAC-SHA256, keyed with the
// integration's signing secret, over '<base64 SHA-256 of the body>:<t>:v1' (grafana/incident-go webhook.go).
import { createHash } from 'node:crypto';
import { hmacPrimitive } from '../hmac.js';
import { signedScheme } from '../signed-scheme.js';
import { parseStripeSignature } from './stripe.js';

export const grafanaIncident = signedScheme({
  id: 'grafana-incident',
  title: 'Grafana Incident',
  follows: 'grafana/incident-go webhook.go (VerifySignature) and its test vector: Gi-Signature t=…,v1=…, hex HMAC-SHA256 of "<base64 SHA-256 of the body>:<t>:v1"; t held to the tolerance is whk\'s choice (VerifySignature compares the signature alone)',
  header: 'Gi-Signature',
  timestamped: true,
  primitive: hmacPrimitive('sha256', 'hex'),
  content: ({ timestamp, body }) => [`${createHash('sha256').update(body).digest('base64')}:${timestamp}:v1`],
  format: (signature, timestamp) => `t=${timestamp},v1=${signature}`,
  parse: (value) => parseStripeSignature(value, "incident-go's VerifySignature and Stripe's libraries"),
});
