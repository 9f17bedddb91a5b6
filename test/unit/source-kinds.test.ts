// The inbound-integration source kinds (issue 9): samples valid and reproducible, detection never
// confused between kinds, fixtures valid or failing at the path their sidecar names.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectKind, getKind, listKinds } from '../../src/kinds/index.js';
import { validatePayload } from '../../src/validate/payload.js';

const SOURCE_KINDS = ['alertmanager', 'grafana-alert', 'pagerduty-incident', 'datadog-monitor', 'sentry-issue-alert', 'cloudwatch-alarm'];
const FIXTURES = join(import.meta.dirname, '../../fixtures');
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

describe.each(SOURCE_KINDS)('source kind %s', (id) => {
  const kind = getKind(id);

  it('names the document it follows and carries a default mapping', () => {
    expect(kind.follows.length).toBeGreaterThan(20);
    expect(kind.mapping?.fields.map((f) => f.name)).toEqual(['title', 'severity', 'status', 'service', 'description', 'link', 'timestamp']);
    expect(kind.delivery.provenance.documented.length).toBeGreaterThan(0);
  });

  it('generates valid samples of every variant, the same bytes for the same seed', () => {
    for (const variant of kind.variants) {
      for (let seed = 0; seed < 25; seed++) {
        const payload = kind.sample({ seed, variant: variant.id });
        const result = validatePayload(payload);
        expect(result, `${variant.id} seed ${seed}`).toMatchObject({ valid: true, kind: id, kindSource: 'detected' });
        expect(JSON.stringify(kind.sample({ seed, variant: variant.id }))).toBe(JSON.stringify(payload));
      }
    }
    expect(JSON.stringify(kind.sample({ seed: 1 }))).not.toBe(JSON.stringify(kind.sample({ seed: 2 })));
  });

  it('is the only kind whose shape test claims its samples', () => {
    for (const variant of kind.variants) {
      const payload = kind.sample({ seed: 11, variant: variant.id });
      expect(listKinds().filter((k) => k.looksLike(payload)).map((k) => k.id)).toEqual([id]);
    }
  });

  it('has a valid fixture per variant and invalid fixtures failing where their sidecar says', () => {
    const dir = join(FIXTURES, id);
    const valid = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(valid.sort()).toEqual(kind.variants.map((v) => `${v.id}.json`).sort());
    for (const file of valid) expect(validatePayload(readJson(join(dir, file))), file).toMatchObject({ valid: true, kind: id });
    const invalid = readdirSync(join(dir, 'invalid')).filter((f) => f.endsWith('.json') && !f.endsWith('.expect.json'));
    expect(invalid.length).toBeGreaterThanOrEqual(2);
    for (const file of invalid) {
      const expected = readJson(join(dir, 'invalid', file.replace(/\.json$/, '.expect.json'))) as { path: string; message: string };
      const result = validatePayload(readJson(join(dir, 'invalid', file)), { kind: id });
      expect(result.valid, file).toBe(false);
      expect(result.issues.find((issue) => issue.path === expected.path)?.message, file).toContain(expected.message);
      expect(detectKind(readJson(join(dir, 'invalid', file)))).toMatchObject({ status: 'detected', kind: { id } });
    }
  });
});

describe('source kinds, details that matter to receivers', () => {
  it('reports problems inside the SNS Message string under $.Message', () => {
    const payload = getKind('cloudwatch-alarm').sample({ seed: 4 }) as { Message: string };
    const alarm = JSON.parse(payload.Message) as Record<string, unknown>;
    delete alarm['StateChangeTime'];
    const result = validatePayload({ ...payload, Message: JSON.stringify(alarm) });
    expect(result.issues).toEqual([{ path: '$.Message.StateChangeTime', message: 'required string is missing' }]);
  });

  it('tells Grafana from Alertmanager by orgId, though their frames match', () => {
    const grafana = getKind('grafana-alert').sample({ seed: 5 }) as Record<string, unknown>;
    const { orgId: _orgId, ...withoutOrg } = grafana;
    expect(detectKind({ ...withoutOrg, version: '4' })).toMatchObject({ status: 'detected', kind: { id: 'alertmanager' } });
    expect(detectKind(grafana)).toMatchObject({ status: 'detected', kind: { id: 'grafana-alert' } });
  });

  it('accepts Alertmanager payloads from releases without fingerprint or truncatedAlerts', () => {
    const payload = structuredClone(getKind('alertmanager').sample({ seed: 6 })) as { truncatedAlerts?: number; alerts: Record<string, unknown>[] };
    delete payload.truncatedAlerts;
    for (const alert of payload.alerts) delete alert['fingerprint'];
    expect(validatePayload(payload)).toMatchObject({ valid: true, kind: 'alertmanager' });
  });

  it('signs PagerDuty with the v1= prefix and Sentry with a bare hex digest, as documented', () => {
    expect(getKind('pagerduty-incident').delivery.signature).toEqual({ header: 'X-PagerDuty-Signature', algorithm: 'hmac-sha256-hex', prefix: 'v1=' });
    expect(getKind('sentry-issue-alert').delivery.signature).toEqual({ header: 'Sentry-Hook-Signature', algorithm: 'hmac-sha256-hex' });
    expect(getKind('cloudwatch-alarm').delivery.contentType).toBe('text/plain; charset=UTF-8');
  });
});
