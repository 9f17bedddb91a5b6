// The inbound-integration source kinds (issue 9): what fixtures.test.ts and kinds.test.ts do not
// cover: provenance and default mappings, exclusive shape tests, receiver-facing details.
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectKind, getKind, listKinds } from '../../src/kinds/index.js';
import { getScheme } from '../../src/signing/index.js';
import { validatePayload } from '../../src/validate/payload.js';

const SOURCE_KINDS = ['alertmanager', 'grafana-alert', 'pagerduty-incident', 'datadog-monitor', 'sentry-issue-alert', 'cloudwatch-alarm'];

describe.each(SOURCE_KINDS)('source kind %s', (id) => {
  const kind = getKind(id);

  it('names the document it follows and carries a default mapping', () => {
    expect(kind.follows.length).toBeGreaterThan(20);
    expect(kind.mapping?.fields.map((f) => f.name)).toEqual(['title', 'severity', 'status', 'service', 'description', 'link', 'timestamp']);
    expect(kind.delivery.provenance.documented.length).toBeGreaterThan(0);
  });

  it('is the only kind whose shape test claims its samples and its invalid fixtures', () => {
    const claims = (payload: unknown): string[] => listKinds().filter((k) => k.looksLike(payload)).map((k) => k.id);
    for (const variant of kind.variants) expect(claims(kind.sample({ seed: 11, variant: variant.id }))).toEqual([id]);
    const invalid = join(import.meta.dirname, '../../fixtures', id, 'invalid');
    for (const file of readdirSync(invalid).filter((f) => !f.endsWith('.expect.json'))) {
      expect(claims(JSON.parse(readFileSync(join(invalid, file), 'utf8'))), file).toEqual([id]);
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

  it("puts a sample's datapoint on a whole minute one period before the state change's minute, as a published 60 s alarm does", () => {
    // The datapoint's time in NewStateReason ("... [value (dd/mm/yy hh:mm:ss)] ..."), against StateChangeTime and the period.
    const offset = (message: string): { seconds: string; before: number } => {
      const alarm = JSON.parse(message) as { NewStateReason: string; StateChangeTime: string; Trigger: { Period: number } };
      const [, day, month, year, time] = /\((\d\d)\/(\d\d)\/(\d\d) (\d\d:\d\d:\d\d)\)/.exec(alarm.NewStateReason) ?? [];
      const datapoint = Date.parse(`20${year}-${month}-${day}T${time}Z`);
      const changeMinute = Math.floor(Date.parse(alarm.StateChangeTime.replace('+0000', 'Z')) / 60_000) * 60_000;
      return { seconds: (time ?? '').slice(6), before: (changeMinute - datapoint) / 1000 / alarm.Trigger.Period };
    };
    // Cloudforet's capture of a 60 s alarm: 13:52:00 for a change at 13:53:39.
    const published = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/cloudwatch-alarm/spaceone-anomaly-band-ok.json'), 'utf8')) as { Message: string };
    expect(offset(published.Message)).toEqual({ seconds: '00', before: 1 });
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      for (const variant of ['alarm', 'ok']) expect(offset((getKind('cloudwatch-alarm').sample({ seed, variant }) as { Message: string }).Message), `seed ${seed} ${variant}`).toEqual({ seconds: '00', before: 1 });
    }
  });

  it('writes the Message\'s Threshold as CloudWatch does, a float (15.0 in a published delivery), the rest as JSON.stringify does', () => {
    const published = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/cloudwatch-alarm/spaceone-ec2-cpu-alarm.json'), 'utf8')) as { Message: string };
    expect(published.Message).toContain('"Threshold":15.0,');
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      for (const variant of ['alarm', 'ok']) {
        const { Message } = getKind('cloudwatch-alarm').sample({ seed, variant }) as { Message: string };
        const { Trigger } = JSON.parse(Message) as { Trigger: { Threshold: number } };
        expect(Number.isInteger(Trigger.Threshold)).toBe(true);
        expect(Message).toContain(`"Threshold":${Trigger.Threshold}.0,`);
        // Only the threshold's bytes differ from JSON.stringify's.
        expect(Message.replace(`"Threshold":${Trigger.Threshold}.0,`, `"Threshold":${Trigger.Threshold},`)).toBe(JSON.stringify(JSON.parse(Message)));
      }
    }
  });

  it('draws the alarm\'s last configuration update apart from its state change: days earlier, on milliseconds of its own', () => {
    const sameMillis: number[] = [];
    for (let seed = 1; seed <= 40; seed++) {
      const { Message } = getKind('cloudwatch-alarm').sample({ seed }) as { Message: string };
      const alarm = JSON.parse(Message) as { AlarmConfigurationUpdatedTimestamp: string; StateChangeTime: string };
      const [updated, changed] = [alarm.AlarmConfigurationUpdatedTimestamp, alarm.StateChangeTime].map((stamp) => Date.parse(stamp.replace('+0000', 'Z')));
      expect((changed ?? 0) - (updated ?? 0)).toBeGreaterThanOrEqual(2 * 86_400_000);
      if ((updated ?? 0) % 1000 === (changed ?? 0) % 1000) sameMillis.push(seed);
    }
    expect(sameMillis.length).toBeLessThanOrEqual(1);
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

  it('knows the group fields Alertmanager 0.32 and 0.34 added (template.Data), without a note', () => {
    const payload = { ...(getKind('alertmanager').sample({ seed: 6 }) as object), notification_reason: 'first notification', routeLabels: {} };
    expect(validatePayload(payload)).toMatchObject({ valid: true, kind: 'alertmanager', notes: [] });
  });

  it('knows the per-alert fields of Grafana\'s ExtendedAlert and ExtendedData\'s appVersion (12.4+), without a note', () => {
    const payload = structuredClone(getKind('grafana-alert').sample({ seed: 5 })) as { appVersion?: string; alerts: Record<string, unknown>[] };
    payload.appVersion = '13.0.1';
    Object.assign(payload.alerts[0] as object, { orgId: 1, ruleUID: 'dd2f0260', embeddedImage: 'test-image.png', enrichments: { team: 'a' } });
    expect(validatePayload(payload)).toMatchObject({ valid: true, kind: 'grafana-alert', notes: [] });
  });

  it('accepts every PagerDuty event type whose data is an incident, as the Overview\'s table lists them', () => {
    const sample = getKind('pagerduty-incident').sample({ seed: 3, variant: 'acknowledged' }) as { event: Record<string, unknown> };
    for (const type of ['incident.service_updated', 'incident.incident_type.changed']) {
      const payload = { event: { ...sample.event, event_type: type } };
      expect(validatePayload(payload), type).toMatchObject({ valid: true, kind: 'pagerduty-incident' });
    }
  });

  it('signs PagerDuty with the v1= prefix and Sentry with a bare hex digest, as documented', () => {
    const body = Buffer.from('{"a":1}');
    const hex = createHmac('sha256', 'k').update(body).digest('hex');
    const signed = (kind: string) => getScheme(getKind(kind).delivery.signature?.scheme ?? 'none').sign({ body, secret: 'k', now: 0 });
    expect(getKind('pagerduty-incident').delivery.signature).toEqual({ scheme: 'pagerduty' });
    expect(signed('pagerduty-incident')).toEqual({ 'X-PagerDuty-Signature': `v1=${hex}` });
    expect(getKind('sentry-issue-alert').delivery.signature).toEqual({ scheme: 'sentry' });
    expect(signed('sentry-issue-alert')).toEqual({ 'Sentry-Hook-Signature': hex });
    expect(getKind('cloudwatch-alarm').delivery.contentType).toBe('text/plain; charset=UTF-8');
  });

  it("SNS's 15 s timeout and its retryable 5xx/429 are AWS's documented facts, not whk's choices", () => {
    // SendMessageToHttp.prepare.md step 5: "The connection will time out in 15 seconds".
    const { delivery } = getKind('cloudwatch-alarm');
    expect(delivery.timeoutMs).toBe(15_000);
    expect(delivery.whkChoices).not.toContain('timeout');
    expect(delivery.provenance.documented.some((line) => line.includes('15 seconds'))).toBe(true);
    expect(delivery.provenance.documented.some((line) => line.includes('429'))).toBe(true);
    expect(delivery.provenance.ours.some((line) => line.includes('timeout') || line.includes('429'))).toBe(false);
  });
});
