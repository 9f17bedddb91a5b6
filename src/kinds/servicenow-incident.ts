// ServiceNow incident and its notes (the Harness AI SRE "ServiceNow Incident" template, the
// bidirectional one), as Harness's published business rules post them: the incident on insert and
// update, and each work note or comment as a journal entry of its own.
import type { z } from 'zod';
import { sampleInstant } from './common.js';
import { defineKind, type GenerateContext } from './define.js';
import { alertMapping } from './alert-mapping.js';
import { baseRecord, INTEGRATION_SOURCE_HEADERS, glideTime, INCIDENT_STATES, isSyncedIncident, looksLikeRecord, PEOPLE, recordShape, recordVersionId, SERVICENOW_INCIDENT_DELIVERY } from './servicenow-record.js';
import { isRecord } from '../util/json.js';
import type { Random } from '../util/prng.js';
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

/**
 * The journal entry Harness's "Sync Comments to Harness AI SRE" business rule (on sys_journal_field)
 * posts to the template's sync endpoint: a work note or comment with its incident's number and sys_id.
 */
export const servicenowJournalSchema = lazySchema((z) =>
  z
    .object({
      snow_incidentId: z.string().regex(/^INC\d+$/, 'expected an incident number (INC…)'),
      snow_incidentSysId: z.string().regex(/^[0-9a-f]{32}$/, 'expected a 32-digit hex sys_id'),
      // The journal field's name: comments or work_notes (the script's filter for others is commented out).
      note_type: z.string().min(1),
      note_text: z.string(),
      author: z.string(),
      // sys_created_on as getNumericValue gives it: epoch milliseconds, a number.
      created_on: z.number().int(),
      priority: z.string(),
      short_description: z.string(),
      note_id: z.string().regex(/^[0-9a-f]{32}$/, 'expected a 32-digit hex sys_id'),
      incident_url: z.string(),
    })
    .loose(),
);

/** A journal entry of the sync, by the two fields only it carries. */
export function isJournalEntry(payload: unknown): payload is Record<string, unknown> {
  return isRecord(payload) && typeof payload['snow_incidentSysId'] === 'string' && 'note_type' in payload;
}

export type ServicenowIncidentPayload = z.infer<Built<typeof servicenowIncidentSchema>> | z.infer<Built<typeof servicenowJournalSchema>>;

const SUMMARIES = ['Checkout API returning 502 for EU customers', 'Payments gateway timeouts above 5%', 'Orders worker backlog over 10k messages', 'Login page down after the 14:00 deploy'];
const NOTES = ['Rolled back checkout-api to the previous release; watching error rates.', 'Failover to the secondary database started.', 'Upstream provider confirms degraded service in eu-west-1.', 'Restarted orders-worker pods; backlog draining.'];
const COMMENTS = ['We are investigating and will update within 30 minutes.', 'A fix is being deployed; we will confirm once service is restored.'];
// glide.servlet.uri, as the published script reads it ("https://dev319566.service-now.com/"); the instance is whk's.
const INSTANCE = 'https://acme.service-now.com/';

/** The incident's link as the published scripts build it from glide.servlet.uri and the number. */
const incidentUrl = (number: string): string => `${INSTANCE}nav_to.do?uri=/incident.do?sysparm_query=number=${number}`;

/** A user's email and user name, as sys_user gives them (whk's people). */
const emailOf = (person: string): string => `${person.toLowerCase().replace(' ', '.')}@example.com`;

/**
 * The incident as Harness's published business rule writes it: getValue of each field, in its object's
 * order; category a choice value ("software"), subcategory null when empty.
 */
function incidentBody(random: Random, state: string): ServicenowIncidentPayload {
  const { sys_id, number, impact, urgency, priority, opened_at } = baseRecord(random, 'INC', 'incident', sampleInstant(random));
  const summary = random.pick(SUMMARIES);
  return {
    number,
    reported_by_email: emailOf(random.pick(PEOPLE)),
    opened_at,
    impact,
    urgency,
    short_description: summary,
    description: 'Raised by monitoring; customers affected.',
    category: random.pick(['software', 'network', 'database']),
    priority,
    sys_id,
    subcategory: null,
    state,
    incident_url: incidentUrl(number),
  };
}

/** A journal entry as Harness's published sync rule posts it, for an incident drawn like the incident bodies. */
function journalBody(random: Random, noteType: 'work_notes' | 'comments'): ServicenowIncidentPayload {
  const at = sampleInstant(random);
  const { sys_id, number, priority } = baseRecord(random, 'INC', 'incident', at);
  return {
    snow_incidentId: number,
    snow_incidentSysId: sys_id,
    note_type: noteType,
    note_text: random.pick(noteType === 'work_notes' ? NOTES : COMMENTS),
    author: random.pick(PEOPLE).toLowerCase().replace(' ', '.'),
    // Whole seconds: sys_created_on holds no milliseconds.
    created_on: Math.floor((at + random.int(5, 120) * 60_000) / 1000) * 1000,
    priority,
    short_description: random.pick(SUMMARIES),
    note_id: random.hex(32),
    incident_url: incidentUrl(number),
  };
}

function generate({ random, variant }: GenerateContext): ServicenowIncidentPayload {
  switch (variant) {
    case 'comment':
      return journalBody(random, 'comments');
    case 'created':
      return incidentBody(random, INCIDENT_STATES.new);
    case 'state-change':
      return incidentBody(random, random.pick([INCIDENT_STATES.inProgress, INCIDENT_STATES.onHold]));
    case 'resolved':
      return incidentBody(random, INCIDENT_STATES.resolved);
    default:
      return journalBody(random, 'work_notes');
  }
}

/** Either body the template takes: the incident, or a journal entry of the sync. */
const incidentOrJournal = lazySchema((z) => z.union([servicenowIncidentSchema(), servicenowJournalSchema()]));

export const servicenowIncident = defineKind<ServicenowIncidentPayload>({
  id: 'servicenow-incident',
  title: 'ServiceNow incident and its work notes (bidirectional sync, business rule outbound REST messages)',
  bodyOrigin: 'user-script',
  template: 'ServiceNow Incident',
  integrationType: 'incident',
  follows:
    'Harness\'s "ServiceNow Integration for Runbooks" page: its curl test\'s body (a fixture) and the two business rules it publishes, "Send Incident to Harness AI SRE" on the incident table (after insert and update: the incident\'s fields by getValue, reported_by_email, incident_url) and "Sync Comments to Harness AI SRE" on sys_journal_field (each work note or comment: snow_incidentId, snow_incidentSysId, note_type, note_text, author, created_on, priority, short_description, note_id, incident_url); ServiceNow\'s incident state choices (1 New, 2 In Progress, 3 On Hold, 6 Resolved, 7 Closed, 8 Canceled)',
  variants: [
    { id: 'work-note', description: 'a work note was added: the journal entry the sync rule posts' },
    { id: 'created', description: 'the incident was created (state 1 New)' },
    { id: 'state-change', description: 'the incident was updated to In Progress or On Hold' },
    { id: 'resolved', description: 'the incident was resolved (state 6)' },
    { id: 'comment', description: 'a customer-visible comment was added: the journal entry the sync rule posts' },
  ],
  schema: incidentOrJournal,
  schemaFor: (payload) => (isJournalEntry(payload) ? servicenowJournalSchema() : servicenowIncidentSchema()),
  claims: { keys: ['sys_id', 'snow_incidentSysId'] },
  looksLike: (payload) => isJournalEntry(payload) || (looksLikeRecord(payload) && isSyncedIncident(payload)),
  generate,
  idempotencyId: (payload) => {
    // A journal entry is its own record (note_id); an incident has no update stamp in the published body.
    if (isJournalEntry(payload)) return typeof payload['note_id'] === 'string' ? payload['note_id'] : undefined;
    return looksLikeRecord(payload) ? recordVersionId(payload, payload['sys_mod_count'] ?? payload['sys_updated_on']) : undefined;
  },
  // RESTMessageV2 adds it to every call, as it does its User-Agent.
  requestHeaders: INTEGRATION_SOURCE_HEADERS,
  delivery: SERVICENOW_INCIDENT_DELIVERY,
  doubts: [
    'ServiceNow has no fixed webhook body: the admin\'s business rules write it. whk follows the two Harness publishes; an instance may add fields to them (the page says to add custom fields to the rule), and those are notes, not failures.',
    'An incident with the incident_url Harness\'s published business rule writes is this template\'s; one that carries work_notes (even empty) is taken as this template\'s too, which is whk\'s rule for telling it from the "ServiceNow" alert template\'s records.',
    'The published incident rule sends no update time and no journal: two updates of one incident in one state are the same body. Samples send none; work_notes, comments, sys_mod_count and close_code are still accepted, for scripts that add them.',
    'The journal entries go to the template\'s own sync endpoint (…/incidentTemplate/<id>/servicenow/webhook), not the integration\'s webhook URL; whk sends both to the one URL it is given.',
    'Harness\'s page maps states 4, 5 and 6 as Resolved, Closed and Canceled; ServiceNow\'s base incident table numbers them 6, 7 and 8, which the resolved sample follows. Which one a given instance sends is its own choice list.',
    'The outbound half of the sync (AI SRE writing work notes back through ServiceNow\'s Table API) is not a webhook and is not modelled.',
  ],
  mapping: alertMapping({
    title: 'short_description',
    severity: 'priority',
    // A journal entry has no state: its note_type says what happened.
    status: { path: 'state', orElse: ['note_type'] },
    // Neither published body names a service (a configuration item): the rule may add cmdb_ci.
    service: { path: 'cmdb_ci', default: 'unknown' },
    description: { path: 'description', orElse: ['note_text'] },
    link: { path: 'incident_url', orElse: ['sys_id'] },
    timestamp: { path: 'sys_updated_on', orElse: ['opened_at'] },
  }),
});
