// A ServiceNow record as an outbound REST message from a business rule posts it: the record's fields
// by their column names, values as strings (getValue / getDisplayValue), dates in ServiceNow's
// "2026-03-04 10:15:00" (UTC). ServiceNow sends what the admin's script writes; this is the common shape.
import { isRecord } from '../util/json.js';
import type { Random } from '../util/prng.js';
import type { TemplateSpec } from '../mapping/spec.js';
import { alertMapping } from './alert-mapping.js';
import { type DeliveryDefinition, NO_RETRY } from './define.js';
import { lazySchema } from '../util/zod.js';

/** ServiceNow's internal date-time format (glide_date_time), or ISO 8601 where a script converts it. */
export const glideTime = lazySchema((z) => z.string().regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}/, 'expected a ServiceNow date-time such as 2026-03-04 10:15:00'));

/** The record's fields (a shape each table's kind spreads), built on first use (util/zod.ts). */
export const recordShape = lazySchema((z) => {
  /** A reference field: its value or display value as a string, or the Table API's {link, value}. */
  const reference = z.union([z.string(), z.object({ value: z.string(), link: z.string().optional(), display_value: z.string().optional() }).loose()]);

  return {
    sys_id: z.string().regex(/^[0-9a-f]{32}$/, 'expected a 32-digit hex sys_id'),
    number: z.string().regex(/^[A-Z]+\d+$/, 'expected a record number such as INC0010023'),
    sys_class_name: z.string().optional(),
    short_description: z.string().min(1),
    description: z.string().optional(),
    // Choice values ("2") or their labels ("In Progress"), as the script reads them.
    state: z.string().min(1),
    priority: z.string().optional(),
    impact: z.string().optional(),
    urgency: z.string().optional(),
    category: z.string().optional(),
    assignment_group: reference.optional(),
    assigned_to: reference.optional(),
    caller_id: reference.optional(),
    cmdb_ci: reference.optional(),
    opened_at: glideTime().optional(),
    sys_created_on: glideTime().optional(),
    // Optional: Harness's published ServiceNow Incident body (its business rule's getValue fields) has none.
    sys_updated_on: glideTime().optional(),
    sys_updated_by: z.string().optional(),
  };
});

/** A ServiceNow record by its id and number (any table). */
export function looksLikeRecord(payload: unknown): payload is Record<string, unknown> {
  return isRecord(payload) && typeof payload['sys_id'] === 'string' && typeof payload['number'] === 'string';
}

/**
 * An incident as the bidirectional template takes it: with the incident_url Harness's published
 * business rule writes (its "ServiceNow Integration for Runbooks" page), or carrying its work notes.
 */
export function isSyncedIncident(payload: Record<string, unknown>): boolean {
  const table = payload['sys_class_name'];
  const incident = table === undefined ? /^INC\d/.test(String(payload['number'])) : table === 'incident';
  return incident && ('incident_url' in payload || 'work_notes' in payload);
}

/** `<sys_id>@<stamp>`, the record's version; none when the body carries no stamp (Harness's published one has none). */
export function recordVersionId(payload: Record<string, unknown>, stamp: unknown): string | undefined {
  return stamp === undefined ? undefined : `${String(payload['sys_id'])}@${String(stamp)}`;
}

/** "2026-03-04 10:15:00". */
export function glideTimeOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export const SERVICES = ['checkout-api', 'payments-gateway', 'search-api', 'orders-worker', 'login-service'];
export const GROUPS = ['Service Desk', 'Network', 'Database', 'Platform Operations'];
export const PEOPLE = ['Priya Raman', 'Jonas Becker', 'Ana Souza', 'Kenji Sato'];

/** Incident states (the incident table's choice values) and priorities 1-5, as ServiceNow numbers them. */
export const INCIDENT_STATES = { new: '1', inProgress: '2', onHold: '3', resolved: '6', closed: '7', canceled: '8' } as const;

/** The fields every sampled record shares. */
export interface BaseRecord {
  sys_id: string;
  number: string;
  sys_class_name: string;
  impact: string;
  urgency: string;
  priority: string;
  assignment_group: string;
  assigned_to: string;
  cmdb_ci: string;
  opened_at: string;
  sys_created_on: string;
}

/** The fields every sampled record shares; the table's own come from its kind. */
export function baseRecord(random: Random, prefix: string, table: string, atMs: number): BaseRecord {
  const service = random.pick(SERVICES);
  const impact = String(random.int(1, 3));
  const urgency = String(random.int(1, 3));
  return {
    sys_id: random.hex(32),
    number: `${prefix}${String(random.int(10_000, 99_999)).padStart(7, '0')}`,
    sys_class_name: table,
    impact,
    urgency,
    // ServiceNow's default priority lookup: impact + urgency - 1, at most 5.
    priority: String(Math.min(5, Number(impact) + Number(urgency) - 1)),
    assignment_group: random.pick(GROUPS),
    assigned_to: random.pick(PEOPLE),
    cmdb_ci: service,
    opened_at: glideTimeOf(atMs),
    sys_created_on: glideTimeOf(atMs),
  };
}

/**
 * The header RESTMessageV2 adds by itself, beside its User-Agent: the sys_id of the source that sent
 * the call. Seen on the wire in Harness's "ServiceNow Integration for Runbooks" curl test and in a
 * receiver's capture (pharriso/ansible-eda demos/servicenow_incident/README.md: a script that set no
 * header, the request still carrying it). The value here is whk's, one source's id.
 */
export const INTEGRATION_SOURCE_HEADERS = (): Record<string, string> => ({ 'X-SNC-Integration-Source': '5d1e0c8a1b2f4e3d9c7a6b5f4e3d2c1b' });

/** What RESTMessageV2 itself settles, for either kind: the documented lines both share. */
const RESTMESSAGE_DOCUMENTED = [
  'User-Agent: ServiceNow/1.0, unless the instance sets the glide.http.user.agent property (ServiceNow API reference, RESTMessageV2; the same in Harness\'s curl test and pharriso/ansible-eda\'s capture)',
  'X-SNC-Integration-Source: the sending source\'s sys_id, added by ServiceNow (Harness\'s curl test; pharriso/ansible-eda\'s capture, whose script set no header); its value is whk\'s',
  'Basic or OAuth 2.0 (bearer) authentication on the REST message (ServiceNow SDK "REST Message Guide", servicenow.github.io/sdk: Basic, OAuth 2.0, API key or none)',
];

/** The "ServiceNow" alert template: no script is published, so what the script decides is whk's. */
export const SERVICENOW_DELIVERY: DeliveryDefinition = {
  success: '2xx',
  retry: NO_RETRY,
  timeoutMs: 60_000,
  auth: ['basic', 'bearer'],
  userAgent: 'ServiceNow/1.0',
  whkChoices: ['success', 'retry', 'timeout'],
  provenance: {
    documented: [
      'a business rule or outbound REST message posting to the integration\'s webhook URL (Harness "ServiceNow Integration Webhook Template"); its endpoint, method, headers and body are the admin\'s',
      ...RESTMESSAGE_DOCUMENTED,
    ],
    ours: [
      'success is any 2xx (RESTMessageV2 hands the status to the script, which decides)',
      'no retry (execute() makes one request; retrying is the script\'s)',
      'the 60 s timeout',
      'Content-Type: application/json (a header the script sets, or not: pharriso/ansible-eda\'s capture has none)',
      'no gzip: no page names compression; a script posts the string it builds',
      'the body: the record\'s fields as strings by column name',
    ],
  },
};

/**
 * The "ServiceNow Incident" template, whose two business rules Harness publishes ("ServiceNow
 * Integration for Runbooks"): each sets Content-Type: application/json, posts JSON.stringify of its
 * object with one execute() and only logs the status.
 */
export const SERVICENOW_INCIDENT_DELIVERY: DeliveryDefinition = {
  ...SERVICENOW_DELIVERY,
  whkChoices: ['success', 'timeout'],
  provenance: {
    documented: [
      'one POST per incident insert or update (the "Send Incident to Harness AI SRE" rule, after insert and update) and per journal entry (the "Sync Comments to Harness AI SRE" rule on sys_journal_field), from sn_ws.RESTMessageV2 (Harness "ServiceNow Integration for Runbooks")',
      'Content-Type: application/json, set by both published rules; the body is JSON.stringify of their object, no compression',
      'no retry: both rules call execute() once and only log the status (the sync rule logs a non-200 as an error)',
      ...RESTMESSAGE_DOCUMENTED,
    ],
    ours: ['success is any 2xx (the rules decide nothing on the status; the sync rule calls 200 a success in its log)', 'the 60 s timeout'],
  },
};

/** Doubts both ServiceNow kinds share. */
export const SERVICENOW_DOUBTS = [
  'ServiceNow has no fixed webhook body: the business rule\'s script (or the REST message\'s content template) writes it, so field names, value forms (choice values or labels) and nesting are the admin\'s. whk models one common form: the record\'s columns by name, values as strings.',
  'Reference fields are accepted as strings or the Table API\'s {link, value}; samples send display values.',
];

/** The default mapping of a ServiceNow record; the description is the table's own (the incident's latest work note). */
export function serviceNowMapping(description: string): TemplateSpec {
  return alertMapping({
    title: 'short_description',
    severity: 'priority',
    status: 'state',
    service: 'cmdb_ci',
    description,
    // Records carry no URL: the sys_id is what a link to <instance>/nav_to.do?uri=<table>.do?sys_id= needs.
    link: 'sys_id',
    timestamp: 'sys_updated_on',
  });
}
