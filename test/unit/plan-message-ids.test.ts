import { describe, expect, it } from 'vitest';
import { planChains, prepareSend } from '../../src/delivery/plan.js';
import { loadKind } from '../../src/kinds/load.js';

// A scheme that signs a message id (Standard Webhooks) signs one per delivery: one payload sent three
// times is three messages, and a receiver that dedupes by id (as the spec advises) must see three.
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const URL = 'http://127.0.0.1:9/hook';
const idOf = (headers: Record<string, string>): string | undefined => headers['webhook-id'];

describe('message ids of a planned run', () => {
  it('the same bytes sent three times carry three ids, the same again with the same seed', async () => {
    const kind = await loadKind('metric-alert');
    const body = JSON.stringify(kind.sample({ seed: 1 }));
    const run = () => prepareSend({ kind, url: URL, body, count: 3, seed: 7, sign: 'standard-webhooks', secret: SECRET }).map((planned) => idOf(planned.request.headers));
    const ids = run();
    expect(new Set(ids).size).toBe(3);
    expect(ids.every((id) => /^msg_[0-9a-f]{24}$/.test(id ?? ''))).toBe(true);
    expect(run()).toEqual(ids);
  });

  it("a duplicate carries its original's id; a duplicate under a new idempotency id, an id of its own", async () => {
    const kind = await loadKind('metaplane-incident');
    const [same] = [...planChains({ kind, url: URL, seed: 1, duplicates: 1, sign: 'standard-webhooks', secret: SECRET })];
    expect(same?.map((planned) => planned.duplicate)).toEqual([false, true]);
    expect(idOf(same?.[1]?.request.headers ?? {})).toBe(idOf(same?.[0]?.request.headers ?? {}));
    const [renewed] = [...planChains({ kind, url: URL, seed: 1, duplicates: 1, duplicateId: 'new', sign: 'standard-webhooks', secret: SECRET })];
    expect(idOf(renewed?.[1]?.request.headers ?? {})).not.toBe(idOf(renewed?.[0]?.request.headers ?? {}));
  });
});
