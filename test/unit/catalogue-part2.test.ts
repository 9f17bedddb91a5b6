// The Harness SLO, Lacework, ServiceNow, ServiceNow Incident and AlertSite kinds (issue 15): every
// variant's sample, the published samples read through each kind's default mapping, what tells the
// two ServiceNow kinds apart, and that their claims take no other kind's payloads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract, extractedValues } from '../../src/mapping/extract.js';
import { detectKind, detectRequest, getKind, listKinds } from '../../src/kinds/index.js';
import { validatePayload } from '../../src/validate/payload.js';

const IDS = ['harness-slo', 'lacework', 'servicenow', 'servicenow-incident', 'alertsite'];
const FIXTURES = join(import.meta.dirname, '../../fixtures');
const fixture = (path: string): Record<string, unknown> => JSON.parse(readFileSync(join(FIXTURES, path), 'utf8')) as Record<string, unknown>;
const detectedId = (payload: unknown): string | undefined => {
  const found = detectKind(payload);
  return found.status === 'detected' ? found.kind.id : found.status;
};

const cases = IDS.flatMap((id) => getKind(id).variants.map((v) => ({ id, variant: v.id })));

describe.each(cases)('$id $variant', ({ id, variant }) => {
  const kind = getKind(id);

  it('is reproducible by seed, distinct seeds differ, and each sample is valid with no unknown fields and detected from its request', () => {
    expect(JSON.stringify(kind.sample({ seed: 3, variant }))).toBe(JSON.stringify(kind.sample({ seed: 3, variant })));
    expect(new Set([1, 2, 3, 4, 5, 6].map((seed) => JSON.stringify(kind.sample({ seed, variant })))).size).toBe(6);
    for (const seed of [1, 2, 3, 4]) {
      const payload = kind.sample({ seed, variant });
      expect(validatePayload(payload), `seed ${seed}`).toMatchObject({ valid: true, kind: id, kindSource: 'detected', issues: [], notes: [] });
      const found = detectRequest({ headers: kind.requestHeaders?.(payload) ?? {}, body: payload });
      expect(found.status === 'detected' && found.kind.id).toBe(id);
    }
  });

  it('fills every required field of its default mapping', () => {
    const result = extract(kind.sample({ seed: 4, variant }), kind.mapping ?? { fields: [] });
    expect(result.fields.filter((f) => f.problem !== undefined)).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe('the published samples through the default mappings', () => {
  it('Harness SLO: the template page\'s sample gives its SLO, link and Unix time', () => {
    const values = extractedValues(extract(fixture('harness-slo/template-page-sample.json'), getKind('harness-slo').mapping ?? { fields: [] }));
    expect(values).toMatchObject({
      severity: 'Error Budget Remaining Minutes Critically Low',
      service: 'measure-p95-latency-for-cartservice-boutique-app',
      link: 'https://app.harness.io/ng/account/y5XRnxw5TZ2S3S2hJnv6pQ/module/ir/orgs/default/projects/matt_dev/slos/measurep95latencyforcartserviceboutiqueapp',
      status: 'triggered',
    });
    expect(String(values['timestamp'])).toBe('1738954696');
  });

  it('Lacework: the FortiCNAPP docs\' example gives its title, severity, link and (absent in the body) the open status', () => {
    const values = extractedValues(extract(fixture('lacework/forticnapp-docs.json'), getKind('lacework').mapping ?? { fields: [] }));
    expect(values).toMatchObject({ title: 'Compliance Changed', service: 'AzureCompliance', status: 'open', link: expect.stringContaining('/Event/120884') });
    expect(String(values['severity'])).toBe('4');
  });

  it('Lacework: event_timestamp has a two-digit day, as Lacework\'s own anomaly example ("04 Apr 2022") shows', () => {
    expect(fixture('lacework/anomaly.lacework-sentinel-2022.json')['event_timestamp']).toBe('04 Apr 2022 16:00 GMT');
    const lacework = getKind('lacework');
    const days = Array.from({ length: 40 }, (_, i) => String((lacework.sample({ seed: i + 1 }) as Record<string, unknown>)['event_timestamp']).split(' ')[0]);
    expect(days.some((day) => day?.startsWith('0'))).toBe(true);
    expect(days.every((day) => /^\d{2}$/.test(day ?? ''))).toBe(true);
  });

  it('AlertSite: both the AlertSite docs\' body and Harness\'s sample give the monitor and its error', () => {
    const mapping = getKind('alertsite').mapping ?? { fields: [] };
    expect(extractedValues(extract(fixture('alertsite/docs-availability-error.json'), mapping))).toMatchObject({ title: 'Home page', status: 'HTTP error from web server', link: 'https://example.com' });
    expect(extractedValues(extract(fixture('alertsite/template-page-sample.json'), mapping))).toMatchObject({ title: 'API Health Check', severity: 'alert', link: 'https://api.example.com/health' });
  });
});

describe('servicenow and servicenow-incident', () => {
  const incident = getKind('servicenow').sample({ seed: 2, variant: 'incident' }) as Record<string, unknown>;
  const synced = getKind('servicenow-incident').sample({ seed: 2, variant: 'created' }) as Record<string, unknown>;

  it("an incident with the published rule's incident_url, or with work_notes, is the bidirectional kind; the same incident without them is the alert kind", () => {
    expect(detectedId(synced)).toBe('servicenow-incident');
    const { incident_url: _url, ...withoutUrl } = synced;
    expect(detectedId(withoutUrl)).toBe('servicenow');
    expect(detectedId({ ...incident, work_notes: '' })).toBe('servicenow-incident');
    expect(detectedId(getKind('servicenow-incident').sample({ seed: 2, variant: 'work-note' }))).toBe('servicenow-incident');
  });

  it('a change request or problem stays servicenow even with work notes; the table name decides before the number', () => {
    for (const variant of ['change-request', 'problem']) {
      const record = getKind('servicenow').sample({ seed: 3, variant }) as Record<string, unknown>;
      expect(detectedId({ ...record, work_notes: 'note' }), variant).toBe('servicenow');
    }
    expect(detectedId({ ...synced, sys_class_name: 'problem' })).toBe('servicenow');
    // The published body names no table: its INC number makes it an incident.
    expect(synced).not.toHaveProperty('sys_class_name');
    expect(detectedId(synced)).toBe('servicenow-incident');
  });

  it('a synced incident\'s number must be an incident number', () => {
    const result = validatePayload({ ...synced, number: 'PRB0001234' }, { kind: 'servicenow-incident' });
    expect(result.valid).toBe(false);
    expect(result.issues.map((i) => i.path)).toContain('$.number');
  });
});

describe('claims', () => {
  it('no other kind\'s sample is detected as one of these, and none of these as another kind', () => {
    for (const kind of listKinds()) {
      for (const variant of kind.variants) {
        const payload = kind.sample({ seed: 5, variant: variant.id, event: kind.events ? kind.defaultEvent : undefined });
        expect(detectedId(payload), `${kind.id} ${variant.id}`).toBe(kind.id);
      }
    }
  });

  it('records and alerts missing what the shape test needs are not taken', () => {
    expect(detectedId({ sys_id: 'a'.repeat(32) })).toBe('unknown');
    expect(detectedId({ source: 'Pingdom', notify_type: 'error' })).toBe('unknown');
    expect(detectedId({ lacework_account: 'acme' })).toBe('unknown');
    expect(detectedId({ title: 'x', fields: [{ label: 'Host', value: 'a' }] })).toBe('unknown');
  });
});
