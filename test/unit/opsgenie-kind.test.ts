// The opsgenie kind against Opsgenie's docs: what a Create means for a team's integration (the
// published bodies are checked by test/unit/fixtures.test.ts).
import { describe, expect, it } from 'vitest';
import { getKind } from '../../src/kinds/index.js';

const opsgenie = getKind('opsgenie');

describe('opsgenie', () => {
  it('says Create also reaches a team\'s integrations when the alert is routed to that team (docs "Outgoing integration triggers for team routings")', () => {
    const create = opsgenie.events?.find((e) => e.id === 'Create');
    expect(create?.description).toMatch(/routed to the integration's team/);
    expect(opsgenie.follows).toContain('Outgoing integration triggers for team routings');
    expect(opsgenie.doubts.some((d) => d.includes('AddTeam') && d.includes('created earlier'))).toBe(true);
  });
});
