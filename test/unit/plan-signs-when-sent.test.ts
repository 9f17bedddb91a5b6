import { afterEach, describe, expect, it, vi } from 'vitest';
import { planChains } from '../../src/delivery/plan.js';
import { readAhead } from '../../src/delivery/read-ahead.js';
import { loadKind } from '../../src/kinds/load.js';

// Chains are planned ahead of the slots that send them (read-ahead.ts), and a chain's later stages wait
// for its earlier ones: a scheme that signs the time must sign the time the request goes, not the time
// its payload was made. The clock is virtual: only Date is faked, as the signer reads Date.now.
const T0 = Date.UTC(2026, 11, 4, 12, 0, 0);
const TEN_MINUTES = 10 * 60 * 1000;
const signedAt = (headers: Record<string, string>): number => Number(headers['X-Slack-Request-Timestamp']) * 1000;

describe('a planned delivery is signed when it goes', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('planned ahead and read ten minutes later, it carries the later time', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const kind = await loadKind('metric-alert');
    const ahead = readAhead(planChains({ kind, url: 'http://127.0.0.1:9/hook', count: 3, seed: 1, sign: 'slack', secret: 'shh' }), 3);
    const first = ahead.next();
    const rest = [ahead.next(), ahead.next()];
    expect(first.done || rest.some((step) => step.done)).toBe(false);
    expect(signedAt((first.value as NonNullable<typeof first.value>)[0]!.request.headers)).toBe(T0);
    vi.setSystemTime(T0 + TEN_MINUTES);
    for (const step of rest) expect(signedAt((step.value as NonNullable<typeof step.value>)[0]!.request.headers)).toBe(T0 + TEN_MINUTES);
  });

  it("a duplicate goes as its original's very request, read when it goes", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const kind = await loadKind('metaplane-incident');
    const [chain] = [...planChains({ kind, url: 'http://127.0.0.1:9/hook', count: 1, seed: 1, duplicates: 1, sign: 'slack', secret: 'shh' })];
    expect(chain?.map((planned) => planned.duplicate)).toEqual([false, true]);
    vi.setSystemTime(T0 + TEN_MINUTES);
    const [original, duplicate] = chain as [NonNullable<typeof chain>[0], NonNullable<typeof chain>[0]];
    expect(duplicate.request).toBe(original.request);
    expect(signedAt(duplicate.request.headers)).toBe(T0 + TEN_MINUTES);
  });

  it("a duplicate under a new idempotency id signs a message id of its own, and the others' ids stay as without it", async () => {
    const kind = await loadKind('metaplane-incident');
    const ids = (duplicateId: 'new' | undefined) =>
      [...planChains({ kind, url: 'http://127.0.0.1:9/hook', count: 3, seed: 3, duplicates: 1, duplicateId, sign: 'standard-webhooks', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' })].map((chain) =>
        chain.map((planned) => planned.request.headers['webhook-id']),
      );
    const [same, renewed] = [ids(undefined), ids('new')];
    // Per chain: the original, then its duplicate. The originals carry the same ids either way.
    expect(renewed.map((chain) => chain[0])).toEqual(same.map((chain) => chain[0]));
    expect(same.every(([original, duplicate]) => duplicate === original)).toBe(true);
    const all = renewed.flat();
    expect(new Set(all).size).toBe(all.length);
  });
});
