// ServiceNow ITSM record notification (the Harness AI SRE "ServiceNow" alert template): an
// incident, change request or problem posted by a business rule. Incidents that carry their work
// notes belong to servicenow-incident, the bidirectional template.
import type { z } from 'zod';
import { sampleInstant } from './common.js';
import { defineKind, type GenerateContext } from './define.js';
import { baseRecord, INTEGRATION_SOURCE_HEADERS, glideTimeOf, INCIDENT_STATES, isSyncedIncident, looksLikeRecord, PEOPLE, recordShape, recordVersionId, SERVICENOW_DELIVERY, SERVICENOW_DOUBTS, serviceNowMapping } from './servicenow-record.js';
import { lazySchema, type Built } from '../util/zod.js';

/** The record's schema, built on first use (util/zod.ts). */
export const servicenowSchema = lazySchema((z) =>
  z
    .object({
      ...recordShape(),
      // Change requests: their type and planned window.
      type: z.string().optional(),
      start_date: z.string().optional(),
      end_date: z.string().optional(),
      // Problems: what is known of the cause.
      known_error: z.string().optional(),
    })
    .loose(),
);

export type ServicenowPayload = z.infer<Built<typeof servicenowSchema>>;

const TABLES: Record<string, { prefix: string; table: string }> = {
  incident: { prefix: 'INC', table: 'incident' },
  'change-request': { prefix: 'CHG', table: 'change_request' },
  problem: { prefix: 'PRB', table: 'problem' },
};

const INCIDENTS = ['Checkout API returning 502 for EU customers', 'Payments gateway timeouts above 5%', 'Search results empty for new products', 'Login page slow after the 14:00 deploy'];
const CHANGES = ['Upgrade Postgres to 16 on orders-db', 'Rotate TLS certificates of the API gateway', 'Scale checkout-api to 12 replicas'];
const PROBLEMS = ['Recurring connection pool exhaustion in payments-gateway', 'Intermittent DNS failures in eu-west-1'];

function generate({ random, variant }: GenerateContext): ServicenowPayload {
  const { prefix, table } = TABLES[variant] as { prefix: string; table: string };
  const at = sampleInstant(random);
  const base = baseRecord(random, prefix, table, at);
  const updated = glideTimeOf(at + random.int(1, 90) * 60_000);
  const updatedBy = random.pick(PEOPLE).toLowerCase().replace(' ', '.');
  if (variant === 'change-request') {
    const start = at + random.int(1, 3) * 86_400_000;
    return { ...base, short_description: random.pick(CHANGES), description: 'Planned maintenance; rollback plan attached.', state: random.pick(['-5', '-4', '-2']), type: random.pick(['normal', 'standard']), category: 'Software', start_date: glideTimeOf(start), end_date: glideTimeOf(start + 7_200_000), sys_updated_on: updated, sys_updated_by: updatedBy };
  }
  if (variant === 'problem') {
    return { ...base, short_description: random.pick(PROBLEMS), description: 'Linked to several incidents this month.', state: random.pick(['101', '102', '103']), category: 'Software', known_error: String(random.chance(0.3)), sys_updated_on: updated, sys_updated_by: updatedBy };
  }
  return {
    ...base,
    short_description: random.pick(INCIDENTS),
    description: 'Raised by monitoring; customers affected.',
    state: random.pick([INCIDENT_STATES.new, INCIDENT_STATES.inProgress]),
    category: random.pick(['Software', 'Network', 'Database']),
    caller_id: random.pick(PEOPLE),
    sys_updated_on: updated,
    sys_updated_by: updatedBy,
  };
}

export const servicenow = defineKind<ServicenowPayload>({
  id: 'servicenow',
  title: 'ServiceNow record notification (business rule outbound REST message)',
  bodyOrigin: 'user-script',
  template: 'ServiceNow',
  integrationType: 'alert',
  follows:
    'Harness\'s "ServiceNow Integration Webhook Template" page (a business rule or outbound REST message posting incident fields; no sample) and ServiceNow\'s own record model: the incident, change_request and problem tables\' columns (sys_id, number, short_description, state, priority, impact, urgency, assignment_group, ...) and their choice values',
  variants: [
    { id: 'incident', description: 'an incident record (INC…), without its work notes' },
    { id: 'change-request', description: 'a change request (CHG…)' },
    { id: 'problem', description: 'a problem (PRB…)' },
  ],
  schema: servicenowSchema,
  claims: { keys: ['sys_id'] },
  looksLike: (payload) => looksLikeRecord(payload) && !isSyncedIncident(payload),
  generate,
  idempotencyId: (payload) => (looksLikeRecord(payload) ? recordVersionId(payload, payload['sys_updated_on']) : undefined),
  // RESTMessageV2 adds it to every call, as it does its User-Agent.
  requestHeaders: INTEGRATION_SOURCE_HEADERS,
  delivery: SERVICENOW_DELIVERY,
  doubts: [
    ...SERVICENOW_DOUBTS,
    'No body of the "ServiceNow" alert template is published, neither by ServiceNow nor on Harness\'s template page; its fixtures are whk\'s samples.',
    'An incident that carries work_notes is taken as the bidirectional "ServiceNow Incident" template\'s (servicenow-incident); one without is this kind. That rule is whk\'s.',
    'Change and problem states are their tables\' choice values (-5 New ... for changes, 101 New ... for problems) as in a base instance; customised instances differ.',
  ],
  mapping: serviceNowMapping('description'),
});
