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

// A sender that writes its own bytes (kind.render) writes them for every delivery it makes of a
// generated payload: each stage of a lifecycle and a duplicate under a new idempotency id, not the
// first stage alone; a payload of the user's goes as its JSON.
describe('the bytes of a planned run', () => {
  it("a kind's rendering is every generated delivery's, stages and renewed duplicates too", async () => {
    const base = await loadKind('metaplane-incident');
    const kind = { ...base, render: (payload: unknown) => `${JSON.stringify(payload)}\n` };
    const planned = prepareSend({ kind, url: URL, seed: 2, lifecycle: true, duplicates: 1, duplicateId: 'new' });
    expect(planned.length).toBeGreaterThanOrEqual(4);
    expect(planned.every((delivery) => delivery.request.body.toString().endsWith('}\n'))).toBe(true);
    const given = prepareSend({ kind, url: URL, payload: base.sample({ seed: 2 }) });
    expect(given.map((delivery) => delivery.request.body.toString().endsWith('}'))).toEqual([true]);
  });
});

// `send all` plans each kind with one seed, its deliveries numbered from 0: the kind keeps their ids
// apart, or a receiver that dedupes by id drops every kind's message after the first.
describe('message ids across kinds', () => {
  it('two kinds planned with one seed carry different ids', async () => {
    const ids = await Promise.all(
      ['metric-alert', 'servicenow'].map(async (id) => {
        const kind = await loadKind(id);
        return prepareSend({ kind, url: URL, seed: 9, count: 2, sign: 'standard-webhooks', secret: SECRET }).map((planned) => idOf(planned.request.headers));
      }),
    );
    expect(new Set(ids.flat()).size).toBe(4);
  });
});
