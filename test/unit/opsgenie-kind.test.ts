// The opsgenie kind against Opsgenie's docs: what a Create means for a team's integration, and the
// fields the published action bodies carry (their validity is test/unit/fixtures.test.ts's).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getKind } from '../../src/kinds/index.js';
import { validatePayload } from '../../src/validate/payload.js';

const DIR = join(import.meta.dirname, '../../fixtures/opsgenie');

const opsgenie = getKind('opsgenie');

describe('opsgenie', () => {
  it('says Create also reaches a team\'s integrations when the alert is routed to that team (docs "Outgoing integration triggers for team routings")', () => {
    const create = opsgenie.events?.find((e) => e.id === 'Create');
    expect(create?.description).toMatch(/routed to the integration's team/);
    expect(opsgenie.follows).toContain('Outgoing integration triggers for team routings');
    expect(opsgenie.doubts.some((d) => d.includes('AddTeam') && d.includes('created earlier'))).toBe(true);
  });

  it('knows every field of the Opsgenie bodies (each action\'s changes, Escalate\'s escalation, captured deliveries\' extras)', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.expect.json'));
    expect(files).toEqual(expect.arrayContaining(['AddRecipient.json', 'AddTags.json', 'Escalate.json', 'Create-2017-delivery.json', 'harness-guide.json']));
    for (const file of files) {
      expect(validatePayload(JSON.parse(readFileSync(join(DIR, file), 'utf8'))), file).toMatchObject({ valid: true, kind: 'opsgenie', notes: [] });
    }
  });

  it('declares the fields the Harness guide documents (status, updatedBy, team names, responders, integration, report, actions), typed as its table shows', () => {
    const guide = JSON.parse(readFileSync(join(DIR, 'harness-guide.json'), 'utf8')) as { alert: Record<string, unknown> };
    expect(validatePayload(guide)).toMatchObject({ valid: true, kind: 'opsgenie', notes: [] });
    const withAlert = (alert: Record<string, unknown>): unknown => ({ ...guide, alert: { ...guide.alert, ...alert } });
    // The table: status is open or closed; closedBy is null until the close; report times are milliseconds.
    expect(validatePayload(withAlert({ status: 'closed', report: { ackTime: 30000, closeTime: 300000, acknowledgedBy: 'john.doe', closedBy: 'jane.smith' } }))).toMatchObject({ valid: true, notes: [] });
    expect(validatePayload(withAlert({ status: 'resolved' })).valid).toBe(false);
    expect(validatePayload(withAlert({ report: { ackTime: '30000' } })).valid).toBe(false);
    expect(validatePayload(withAlert({ responders: [{ name: 'John Doe' }] })).valid).toBe(false);
    expect(validatePayload(withAlert({ actions: 'Acknowledge' })).valid).toBe(false);
  });
});
