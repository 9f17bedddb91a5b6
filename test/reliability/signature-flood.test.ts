// A signature header that lists thousands of entries ('t=…,v1,v1,v1…', 'v1, v1, …' in 15 KB, under
// Node's 16 KiB header limit) made whk sign the whole body once per entry: with a 10 MB body one
// request held `listen --verify` for about 20 s while every other request waited. The owners'
// libraries sign once and compare each entry; so does whk now. The count of HMACs is what is
// checked (no timing): node:crypto's createHmac is wrapped in this file only (its own module graph).
import Stripe from 'stripe';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startReceiver } from '../../src/receiver/server.js';
import { getScheme, type HeaderMap } from '../../src/signing/index.js';

const counted = vi.hoisted(() => ({ hmacs: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>();
  return {
    ...crypto,
    createHmac: (...args: Parameters<typeof crypto.createHmac>) => {
      counted.hmacs += 1;
      return crypto.createHmac(...args);
    },
  };
});

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const NOW_S = Math.floor(NOW / 1000);
const BODY = JSON.stringify({ type: 'invoice.paid', pad: 'x'.repeat(100_000) });
const ENTRIES = 3000;

function whk(scheme: string, secret: string, headers: HeaderMap) {
  counted.hmacs = 0;
  const result = getScheme(scheme).verify({ body: Buffer.from(BODY), headers, secret, now: NOW, toleranceSeconds: 300 });
  return { ...result, hmacs: counted.hmacs };
}

describe('reliability: a signature header of thousands of entries', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('stripe: the valid v1 after 3,000 short ones is valid for constructEvent and whk, and whk signs the body once', () => {
    const secret = 'whsec_test_4eC39HqLyjWDarjtT1zdp7dc';
    const webhooks = new Stripe('sk_test_not_used').webhooks;
    const signed = webhooks.generateTestHeaderString({ payload: BODY, secret, timestamp: NOW_S });
    const [t, v1] = signed.split(',');
    const header = `${t}${',v1=0'.repeat(ENTRIES)},${v1}`;
    expect(header.length).toBeLessThan(16 * 1024);
    expect(webhooks.constructEvent(BODY, header, secret)).toEqual(JSON.parse(BODY));
    expect(whk('stripe', secret, { 'stripe-signature': header })).toMatchObject({ verdict: 'valid', hmacs: 1 });
    const wrong = whk('stripe', 'whsec_other', { 'stripe-signature': header });
    expect(wrong).toMatchObject({ verdict: 'invalid', reason: 'signature does not match: wrong secret or changed body', hmacs: 1 });
  });

  it('standard-webhooks: the valid v1 after 3,000 empty ones is valid for the library and whk, and whk signs the body once', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
    const signature = new StandardWebhook(secret).sign(id, new Date(NOW), BODY);
    const headers = { 'webhook-id': id, 'webhook-timestamp': String(NOW_S), 'webhook-signature': `${'v1, '.repeat(ENTRIES)}${signature}` };
    expect(new StandardWebhook(secret).verify(BODY, headers)).toEqual(JSON.parse(BODY));
    expect(whk('standard-webhooks', secret, headers)).toMatchObject({ verdict: 'valid', hmacs: 1 });
  });
});

describe('reliability: listen --verify on a flooded header', () => {
  it('records the request with its verdict, having signed its body once, and answers the next request', async () => {
    const secret = 'whsec_test_4eC39HqLyjWDarjtT1zdp7dc';
    const receiver = await startReceiver({ verify: [{ scheme: 'stripe', secret }], reject: true });
    try {
      const signed = new Stripe('sk_test_not_used').webhooks.generateTestHeaderString({ payload: BODY, secret });
      const header = `${signed.split(',')[0]}${',v1=0'.repeat(ENTRIES)},v1=${'0'.repeat(64)}`;
      counted.hmacs = 0;
      const flooded = await fetch(receiver.url, { method: 'POST', body: BODY, headers: { 'stripe-signature': header } });
      expect({ status: flooded.status, hmacs: counted.hmacs }).toEqual({ status: 401, hmacs: 1 });
      const next = await fetch(receiver.url, { method: 'POST', body: BODY, headers: { 'stripe-signature': signed } });
      expect(next.status).toBe(200);
      expect(receiver.requests.map((record) => record.signature?.verdict)).toEqual(['invalid', 'valid']);
    } finally {
      await receiver.close();
    }
  });
});
