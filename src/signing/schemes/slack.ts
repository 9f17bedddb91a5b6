import { hmacPrimitive } from '../hmac.js';
import { prefixed, signedScheme } from '../signed-scheme.js';

export const slack = signedScheme({
  id: 'slack',
  title: 'Slack',
  follows: 'Slack docs, Verifying requests from Slack: X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:{timestamp}:{body}">, X-Slack-Request-Timestamp',
  header: 'X-Slack-Signature',
  timestampHeader: 'X-Slack-Request-Timestamp',
  primitive: hmacPrimitive('sha256', 'hex'),
  content: ({ timestamp, body }) => [`v0:${timestamp}:`, body],
  ...prefixed('v0='),
});
