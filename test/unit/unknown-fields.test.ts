import { describe, expect, it } from 'vitest';
import { getKind } from '../../src/kinds/index.js';
import { applyAssignments } from '../../src/util/json-path.js';
import { validatePayload } from '../../src/validate/payload.js';

const withField = (kind: string, variant: string, set: string) => applyAssignments(getKind(kind).sample({ seed: 1, variant }), [set]);

describe('new upstream fields', () => {
  it('are notes, not failures, down through objects, arrays and unions', () => {
    const cases = [
      ['metric-alert', 'alert-policy', 'data.metric.owner=x', '$.data.metric.owner'],
      ['impressions', 'default', '[0].trafficTypeName=user', '$[0].trafficTypeName'],
      ['metaplane-incident', 'opened', 'affectedMonitors_v2[0].monitor[0].severity=high', '$.affectedMonitors_v2[0].monitor[0].severity'],
      ['hertzbeat-alarm', 'grouped', 'alerts[0].fingerprint=abc', '$.alerts[0].fingerprint'],
      ['hertzbeat-alarm', 'entity', 'nextEvalInterval2=1', '$.nextEvalInterval2'],
    ] as const;
    for (const [kind, variant, set, path] of cases) {
      const result = validatePayload(withField(kind, variant, set));
      expect(result).toMatchObject({ valid: true, kind, notes: [`${path} is not in the schema (a newer sender field?)`] });
    }
  });

  it('are not invented for known fields', () => {
    for (const kind of ['metric-alert', 'impressions', 'metaplane-incident', 'hertzbeat-alarm']) {
      for (const variant of getKind(kind).variants) expect(validatePayload(getKind(kind).sample({ seed: 2, variant: variant.id })).notes).toEqual([]);
    }
  });
});
