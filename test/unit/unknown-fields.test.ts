import { describe, expect, it } from 'vitest';
import { customKind } from '../../src/kinds/custom.js';
import { getKind } from '../../src/kinds/index.js';
import { applyAssignments } from '../../src/util/json-path.js';
import { validatePayload } from '../../src/validate/payload.js';

const withField = (kind: string, variant: string, set: string) => applyAssignments(getKind(kind).sample({ seed: 1, variant }), [set]);

describe('new upstream fields', () => {
  it('are notes, not failures, down through objects, arrays and unions', () => {
    const newer = 'is not in the schema (a newer sender field?)';
    const cases = [
      ['metric-alert', 'alert-policy', 'data.metric.owner=x', '$.data.metric.owner', newer],
      ['impressions', 'default', '[0].trafficTypeName=user', '$[0].trafficTypeName', newer],
      ['metaplane-incident', 'opened', 'affectedMonitors_v2[0].monitor[0].severity=high', '$.affectedMonitors_v2[0].monitor[0].severity', newer],
      // HertzBeat's grouped body is its user-editable template; up to 1.4.1 Jackson wrote the entity.
      ['hertzbeat-alarm', 'grouped', 'alerts[0].fingerprint=abc', '$.alerts[0].fingerprint', 'is not in the default template (added by an edited template?)'],
      ['hertzbeat-alarm', 'entity', 'nextEvalInterval2=1', '$.nextEvalInterval2', newer],
    ] as const;
    for (const [kind, variant, set, path, why] of cases) {
      const result = validatePayload(withField(kind, variant, set));
      expect(result).toMatchObject({ valid: true, kind, notes: [`${path} ${why}`] });
    }
  });

  it('are worded for who writes the body: the sender\'s code, its code or a custom template, a template, a script', () => {
    const cases = [
      ['github', undefined, 'hook_owner=x', 'is not in the schema (a newer sender field?)'],
      ['grafana-alert', 'firing', 'tenant=x', 'is not in the default body (a newer sender field, or added by a custom template?)'],
      ['harness-deployment', undefined, 'eventData.branch=main', 'is not in the default body (a newer sender field, or added by a custom template?)'],
      ['datadog-monitor', 'default-body', 'runbook=x', 'is not in the default template (added by an edited template?)'],
      ['new-relic', 'activated', 'runbook=x', 'is not in the default template (added by an edited template?)'],
      ['servicenow', 'incident', 'u_custom=x', 'is not in the body whk models (added by your script?)'],
    ] as const;
    for (const [kind, variant, set, why] of cases) {
      const payload = applyAssignments(getKind(kind).sample({ seed: 1, ...(variant ? { variant } : {}) }), [set]);
      const path = `$.${set.split('=')[0] as string}`;
      expect(validatePayload(payload, { kind })).toMatchObject({ valid: true, kind, notes: [`${path} ${why}`] });
    }
  });

  it('are named up to 20, and a note says when there are more (a schema of its own too)', () => {
    const sample = getKind('metric-alert').sample({ seed: 1 }) as Record<string, unknown>;
    const notesWith = (extra: number): string[] => validatePayload({ ...sample, ...Object.fromEntries(Array.from({ length: extra }, (_, i) => [`x${i}`, i])) }).notes;
    const named = Array.from({ length: 20 }, (_, i) => `$.x${i} is not in the schema (a newer sender field?)`);
    expect(notesWith(20)).toEqual(named);
    const more = 'more fields than these 20 are unlisted: the notes stop there (whk\'s bound)';
    expect(notesWith(21)).toEqual([...named, more]);
    expect(notesWith(300_000)).toEqual([...named, more]);
    const mine = customKind({ title: 'mine', type: 'object', properties: { type: { type: 'string' } } }, { source: 'mine.json' });
    const payload = (extra: number): Record<string, unknown> => ({ type: 'x', ...Object.fromEntries(Array.from({ length: extra }, (_, i) => [`y${i}`, i])) });
    const mineNamed = Array.from({ length: 20 }, (_, i) => `$.y${i} is not in your schema`);
    expect(validatePayload(payload(20), { kind: mine.id, kinds: [mine] }).notes).toEqual(mineNamed);
    expect(validatePayload(payload(25), { kind: mine.id, kinds: [mine] }).notes).toEqual([...mineNamed, more]);
  });

  it('are not invented for known fields', () => {
    for (const kind of ['metric-alert', 'impressions', 'metaplane-incident', 'hertzbeat-alarm']) {
      for (const variant of getKind(kind).variants) expect(validatePayload(getKind(kind).sample({ seed: 2, variant: variant.id })).notes).toEqual([]);
    }
  });
});
