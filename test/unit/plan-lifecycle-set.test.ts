// `set` with `lifecycle` (QA, sendmatrix 11): what is set reaches every stage, or the plan is refused.
// Metaplane's resolved stage is built from the opened one, so a field set went on to it, except the
// fields the lifecycle sets anew (status, updatedAt, idempotencyId, a monitor's resolvedAt): there the
// value set went in the opened stage only, or (status=resolved) made both stages resolved.
import { describe, expect, it } from 'vitest';
import { prepareSend } from '../../src/delivery/plan.js';
import { UsageError } from '../../src/errors.js';
import { loadKind } from '../../src/kinds/load.js';

const URL = 'http://127.0.0.1:9/hook';
const bodies = (planned: ReturnType<typeof prepareSend>): Record<string, unknown>[] => planned.map((delivery) => JSON.parse(delivery.request.body.toString()) as Record<string, unknown>);

describe('set with lifecycle', () => {
  it('a field the lifecycle leaves alone is set in every stage, a given payload too', async () => {
    const kind = await loadKind('metaplane-incident');
    const set = ['incidentUrl=https://metaplane.example/i/1', 'labels[0].name=tier-0'];
    for (const given of [{}, { payload: kind.sample({ seed: 3 }) }]) {
      const stages = bodies(prepareSend({ kind, url: URL, seed: 3, lifecycle: true, set, ...given }));
      expect(stages.map((body) => body['status'])).toEqual(['opened', 'resolved']);
      expect(stages.map((body) => body['incidentUrl'])).toEqual(['https://metaplane.example/i/1', 'https://metaplane.example/i/1']);
      expect(stages.map((body) => (body['labels'] as { name: string }[])[0]?.name)).toEqual(['tier-0', 'tier-0']);
    }
  });

  it.each([
    ['status=resolved', '$.status'],
    ['updatedAt=2026-01-01T00:00:00.000Z', '$.updatedAt'],
    ['idempotencyId=abc', '$.idempotencyId'],
    ['affectedMonitors_v2[0].resolvedAt=null', '$.affectedMonitors_v2[0].resolvedAt'],
  ])('%s, which the lifecycle sets anew, is refused naming the stage', async (assignment, path) => {
    const kind = await loadKind('metaplane-incident');
    const plan = () => prepareSend({ kind, url: URL, seed: 3, lifecycle: true, set: [assignment] });
    expect(plan).toThrow(UsageError);
    expect(plan).toThrow(`\`set\` ${path} with \`lifecycle\`: the lifecycle sets it anew in its resolved stage, so the value set would not reach every stage`);
    // Without the lifecycle the field is the user's to set.
    expect(() => prepareSend({ kind, url: URL, seed: 3, set: [assignment] })).not.toThrow();
  });
});
