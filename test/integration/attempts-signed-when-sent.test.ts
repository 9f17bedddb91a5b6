// A retry and a duplicate go later than their request was prepared: a scheme that signs the time
// signs each attempt at the time it is made (Stripe: a new signature and timestamp for each delivery
// attempt; Standard Webhooks: the timestamp of the attempt), so the owners' own verifiers, run when
// the request arrives with their default five-minute tolerance, accept every attempt. Real sockets on
// 127.0.0.1; only Date is faked, and the injected sleep moves it on by the retry's wait.
import { Webhook as StandardWebhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sendKind } from '../../src/delivery/chains.js';
import { replayCaptures } from '../../src/delivery/replay.js';
import { loadKind } from '../../src/kinds/load.js';
import { captureRecord } from '../helpers/capture.js';
import { serversClosedAfterEach, type RecordedRequest } from '../helpers/server.js';

const startServer = serversClosedAfterEach();
const T0 = Date.UTC(2026, 11, 4, 12, 0, 0);
const TEN_MINUTES = 10 * 60 * 1000;
const STRIPE_SECRET = 'whsec_test_attempts';
const STANDARD_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const stripe = new Stripe('sk_test_not_used').webhooks;

afterEach(() => {
  vi.useRealTimers();
});

/** What each owner's verifier says of a request at the moment it arrived: null when it accepts it. */
type Verify = (request: RecordedRequest) => string | null;

const byStripe: Verify = (request) => {
  try {
    stripe.constructEvent(request.body, String(request.headers['stripe-signature']), STRIPE_SECRET);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
};

const byStandardWebhooks: Verify = (request) => {
  try {
    new StandardWebhook(STANDARD_SECRET).verify(request.body.toString('utf8'), request.headers as Record<string, string>);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
};

/**
 * Date faked from T0, and a server that records what the owner's verifier says of each request as it
 * arrives; `answer` gives each status and may move the faked Date on (an answer that takes long).
 */
async function verifyingServer(verify: Verify, answer: (index: number) => number) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
  const verdicts: (string | null)[] = [];
  const server = await startServer((request, index) => {
    verdicts.push(verify(request));
    return answer(index);
  });
  return { server, verdicts };
}

/** The first answer takes ten minutes, as far as the sender's clock knows; `status` is each answer. */
const slowFirst = (status: (index: number) => number) => (index: number): number => {
  if (index === 0) vi.setSystemTime(Date.now() + TEN_MINUTES);
  return status(index);
};

/** Moves the faked Date on by each wait, as the wait would have. */
const sleepMovingDate = async (ms: number): Promise<void> => {
  vi.setSystemTime(Date.now() + ms);
};

describe.each([
  { sign: 'stripe', secret: STRIPE_SECRET, verify: byStripe, header: 'stripe-signature' },
  { sign: 'standard-webhooks', secret: STANDARD_SECRET, verify: byStandardWebhooks, header: 'webhook-signature' },
] as const)('$sign: every attempt is signed when it goes', ({ sign, secret, verify, header }) => {
  it('a retry ten minutes after the first attempt passes the owner verifier', async () => {
    const { server, verdicts } = await verifyingServer(verify, (index) => (index === 0 ? 500 : 200));
    const kind = await loadKind('metaplane-incident');
    const [result] = await sendKind({ kind, url: `${server.url}/hook`, seed: 1, sign, secret, retries: 1, retryDelayMs: TEN_MINUTES }, { sleep: sleepMovingDate });
    expect(result?.attempts.map((attempt) => attempt.status)).toEqual([500, 200]);
    expect(verdicts).toEqual([null, null]);
    const [first, retry] = server.requests as [RecordedRequest, RecordedRequest];
    expect(retry.body.equals(first.body)).toBe(true);
    expect(retry.headers[header]).not.toBe(first.headers[header]);
  });

  it('a duplicate sent ten minutes after its original passes the owner verifier', async () => {
    const { server, verdicts } = await verifyingServer(verify, slowFirst(() => 200));
    const kind = await loadKind('metaplane-incident');
    const results = await sendKind({ kind, url: `${server.url}/hook`, seed: 1, sign, secret, duplicates: 1 });
    expect(results.map((result) => [result.duplicate, result.delivered])).toEqual([
      [false, true],
      [true, true],
    ]);
    expect(verdicts).toEqual([null, null]);
    const [original, duplicate] = server.requests as [RecordedRequest, RecordedRequest];
    expect(duplicate.body.equals(original.body)).toBe(true);
  });
});

describe('a replayed record signed anew (replay --sign)', () => {
  it('its retry ten minutes after the first attempt passes the owner verifier too', async () => {
    const { server, verdicts } = await verifyingServer(byStripe, slowFirst((index) => (index === 0 ? 500 : 200)));
    const record = captureRecord({ id: 'evt_1', type: 'invoice.paid' });
    const [result] = await replayCaptures([{ index: 1, line: 1, record }], { url: server.url, sign: 'stripe', secret: STRIPE_SECRET, retries: 1 }, { sleep: sleepMovingDate });
    expect(result?.attempts.map((attempt) => attempt.status)).toEqual([500, 200]);
    expect(verdicts).toEqual([null, null]);
  });
});

describe('a scheme that signs the body alone', () => {
  it('signs a retry with the same header as the first attempt', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const server = await startServer([500, 200]);
    const kind = await loadKind('github');
    await sendKind({ kind, url: `${server.url}/hook`, seed: 1, secret: 'It\u2019s a Secret to Everybody', retries: 1, retryDelayMs: TEN_MINUTES }, { sleep: sleepMovingDate });
    const [first, retry] = server.requests as [RecordedRequest, RecordedRequest];
    expect(server.requests).toHaveLength(2);
    expect(retry.headers['x-hub-signature-256']).toBe(first.headers['x-hub-signature-256']);
  });
});
