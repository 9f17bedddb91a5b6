// The owners' signatures written otherwise (upper-case hex, base64 without its padding): the right
// bytes, which the owners' verifiers refuse as they compare the text. The published vectors where the
// owner publishes one (GitHub, Standard Webhooks, Twilio), else what the owner's library signs
// (Stripe) or node:crypto (Shopify, which publishes no vector), each with its untouched form.
import { createHmac } from 'node:crypto';
import Stripe from 'stripe';

export interface RespelledVector {
  scheme: string;
  secret: string;
  body: string;
  /** The request's headers as signed, and with the signature written otherwise. */
  headers: Record<string, string>;
  respelled: Record<string, string>;
  /** How it is written otherwise, in the reason's words. */
  how: string;
  /** The full URL, for Twilio (it signs it). */
  url?: string;
  contentType?: string;
  /** When it was signed, epoch seconds (the published ones are old). */
  signedAt: number;
}

export const respelledReason = (how: string): string => `the right signature written in ${how}: the sender's own verifiers compare the text as sent and reject it`;

const unpadded = (text: string): string => text.replace(/=+$/, '');

/** The vectors, Stripe's and Shopify's signed at `now` (epoch seconds). */
export function respelledVectors(now: number): RespelledVector[] {
  const stripeBody = '{"id":"evt_1","type":"charge.succeeded"}';
  const stripeHeader = new Stripe('sk_test_not_used').webhooks.generateTestHeaderString({ payload: stripeBody, secret: 'whsec_test', timestamp: now });
  const shopifyBody = '{"id":820982911946154508}';
  const shopify = createHmac('sha256', 'shopify-secret').update(shopifyBody).digest('base64');
  // docs.github.com, "Validating webhook deliveries".
  const github = '757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
  // standard-webhooks libraries/javascript/src/webhook.test.ts, "sign function works".
  const standard = { 'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek', 'webhook-timestamp': '1614265330' };
  const v1 = 'g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
  // twilio/twilio-go client/request_validator_test.go.
  const twilio = 'vOEb5UThFn24KEfnOFLQY2AE5FY=';
  return [
    { scheme: 'github', secret: "It's a Secret to Everybody", body: 'Hello, World!', headers: { 'X-Hub-Signature-256': `sha256=${github}` }, respelled: { 'X-Hub-Signature-256': `sha256=${github.toUpperCase()}` }, how: 'upper-case hex', signedAt: now },
    { scheme: 'stripe', secret: 'whsec_test', body: stripeBody, headers: { 'Stripe-Signature': stripeHeader }, respelled: { 'Stripe-Signature': stripeHeader.replace(/v1=(\w+)/, (_, hex: string) => `v1=${hex.toUpperCase()}`) }, how: 'upper-case hex', signedAt: now },
    {
      scheme: 'standard-webhooks',
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      body: '{"test": 2432232314}',
      headers: { ...standard, 'webhook-signature': `v1,${v1}` },
      respelled: { ...standard, 'webhook-signature': `v1,${unpadded(v1)}` },
      how: 'base64 without its padding',
      signedAt: 1614265330,
    },
    { scheme: 'shopify', secret: 'shopify-secret', body: shopifyBody, headers: { 'X-Shopify-Hmac-Sha256': shopify }, respelled: { 'X-Shopify-Hmac-Sha256': unpadded(shopify) }, how: 'base64 without its padding', signedAt: now },
    {
      scheme: 'twilio',
      secret: '12345',
      body: 'Digits=1234&CallSid=CA1234567890ABCDE&To=%2B18005551212&Caller=%2B14158675309&From=%2B14158675309&ReasonConferenceEnded=test&Reason=Participant',
      headers: { 'X-Twilio-Signature': twilio },
      respelled: { 'X-Twilio-Signature': unpadded(twilio) },
      how: 'base64 without its padding',
      url: 'https://mycompany.com/myapp.php?foo=1&bar=2',
      contentType: 'application/x-www-form-urlencoded',
      signedAt: now,
    },
  ];
}
