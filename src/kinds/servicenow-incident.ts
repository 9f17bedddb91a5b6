// ServiceNow incident with its work notes (the Harness AI SRE "ServiceNow Incident" template, the
// bidirectional one): the incident a business rule posts on insert and update, with the latest work
// note and comment, so state changes and notes flow to the platform's incident.
import type { z } from 'zod';
import { sampleInstant } from './common.js';
import { defineKind, type GenerateContext } from './define.js';
import { baseRecord, glideTime, glideTimeOf, INCIDENT_STATES, isSyncedIncident, looksLikeRecord, PEOPLE, recordShape, recordVersionId, SERVICENOW_DELIVERY, SERVICENOW_DOUBTS, serviceNowMapping } from './servicenow-record.js';
import { lazySchema, type Built } from '../util/zod.js';

/** The incident's schema, built on first use (util/zod.ts). */
export const servicenowIncidentSchema = lazySchema((z) => {
  const record = recordShape();
  return z
    .object({
      ...record,
      number: record.number.refine((n) => n.startsWith('INC'), 'expected an incident number (INC…)'),
      // The fields Harness's published business rule adds (getValue gives null for an empty field).
      reported_by_email: z.string().nullable().optional(),
      subcategory: z.string().nullable().optional(),
      incident_url: z.string().optional(),
      // The latest journal entries, as getJournalEntry(1) gives them ("" when there is none), where a script sends them.
      work_notes: z.string().optional(),
      comments: z.string().optional(),
      sys_mod_count: z.string().regex(/^\d+$/, 'expected the update count as a string').optional(),
      close_code: z.string().optional(),
      close_notes: z.string().optional(),
      resolved_at: glideTime().optional(),
    })
    .loose();
});

export type ServicenowIncidentPayload = z.infer<Built<typeof servicenowIncidentSchema>>;

const SUMMARIES = ['Checkout API returning 502 for EU customers', 'Payments gateway timeouts above 5%', 'Orders worker backlog over 10k messages', 'Login page down after the 14:00 deploy'];
const NOTES = ['Rolled back checkout-api to the previous release; watching error rates.', 'Failover to the secondary database started.', 'Upstream provider confirms degraded service in eu-west-1.', 'Restarted orders-worker pods; backlog draining.'];

/** A journal entry as getJournalEntry(1) renders it: a header line, then the text. */
function journalEntry(atMs: number, author: string, kind: 'Work notes' | 'Additional comments', text: string): string {
  return `${glideTimeOf(atMs)} - ${author} (${kind})\n${text}`;
}

function generate({ random, variant }: GenerateContext): ServicenowIncidentPayload {
  const at = sampleInstant(random);
  const base = baseRecord(random, 'INC', 'incident', at);
  const author = random.pick(PEOPLE);
  const updatedAt = at + random.int(5, 120) * 60_000;
  const note = journalEntry(updatedAt, author, 'Work notes', random.pick(NOTES));
  const common = { ...base, short_description: random.pick(SUMMARIES), description: 'Raised by monitoring; customers affected.', category: random.pick(['Software', 'Network', 'Database']), caller_id: random.pick(PEOPLE), sys_updated_on: glideTimeOf(updatedAt), sys_updated_by: author.toLowerCase().replace(' ', '.') };
  switch (variant) {
    case 'created':
      return { ...common, sys_updated_on: base.sys_created_on, state: INCIDENT_STATES.new, work_notes: '', comments: '', sys_mod_count: '0' };
    case 'state-change':
      return { ...common, state: random.pick([INCIDENT_STATES.inProgress, INCIDENT_STATES.onHold]), work_notes: '', comments: journalEntry(updatedAt, author, 'Additional comments', 'We are investigating and will update within 30 minutes.'), sys_mod_count: String(random.int(1, 6)) };
    case 'resolved':
      return { ...common, state: INCIDENT_STATES.resolved, work_notes: journalEntry(updatedAt, author, 'Work notes', 'Fix deployed; error rates back to baseline for 30 minutes.'), comments: '', close_code: random.pick(['Solved (Permanently)', 'Solved (Work Around)']), close_notes: 'Faulty release rolled back; fix merged.', resolved_at: glideTimeOf(updatedAt), sys_mod_count: String(random.int(4, 15)) };
    default:
      return { ...common, state: INCIDENT_STATES.inProgress, work_notes: note, comments: '', sys_mod_count: String(random.int(2, 10)) };
  }
}

export const servicenowIncident = defineKind<ServicenowIncidentPayload>({
  id: 'servicenow-incident',
  title: 'ServiceNow incident with work notes (bidirectional sync, business rule outbound REST message)',
  bodyOrigin: 'user-script',
  template: 'ServiceNow Incident',
  integrationType: 'incident',
  follows:
    'Harness AI SRE "Configure Webhook Integration" (the ServiceNow Incident template: bidirectional sync of work notes, comments and status with ServiceNow incidents; inbound incident notifications and updates), ServiceNow\'s incident table model (state choices 1 New, 2 In Progress, 3 On Hold, 6 Resolved, 7 Closed, 8 Canceled; work_notes and comments journals; close_code, close_notes); Harness\'s "ServiceNow Integration for Runbooks" page publishes the one body (its curl test, the fields its business rule script writes, with incident_url), a fixture',
  variants: [
    { id: 'work-note', description: 'a work note was added to an open incident' },
    { id: 'created', description: 'the incident was created (empty journals)' },
    { id: 'state-change', description: 'the state changed (In Progress or On Hold), with a customer-visible comment' },
    { id: 'resolved', description: 'the incident was resolved, with its close code and notes' },
  ],
  schema: servicenowIncidentSchema,
  claims: { keys: ['sys_id'] },
  looksLike: (payload) => looksLikeRecord(payload) && isSyncedIncident(payload),
  generate,
  idempotencyId: (payload) => (looksLikeRecord(payload) ? recordVersionId(payload, payload['sys_mod_count'] ?? payload['sys_updated_on']) : undefined),
  delivery: SERVICENOW_DELIVERY,
  doubts: [
    ...SERVICENOW_DOUBTS,
    'An incident with the incident_url Harness\'s published business rule writes is this template\'s; one that carries work_notes (even empty) is taken as this template\'s too, which is whk\'s rule for telling it from the "ServiceNow" alert template\'s records.',
    'Journal fields are sent as the latest entry, as getJournalEntry(1) renders it; a script may send the whole journal or nothing.',
    'The outbound half of the sync (AI SRE writing work notes back through ServiceNow\'s Table API) is not a webhook and is not modelled.',
  ],
  mapping: serviceNowMapping('work_notes'),
});
