// Grafana Incident outgoing webhook (the Harness AI SRE "Grafana Incident" template): one POST per
// incident event, an envelope (version, id, source, time, event) around the incident as the API has it.
import type { z } from 'zod';
import { isRecord } from '../util/json.js';
import type { Random } from '../util/prng.js';
import { alertMapping } from './alert-mapping.js';
import { sampleInstant } from './common.js';
import { defineKind, eventInField, eventsFrom, type GenerateContext, unpublishedDelivery } from './define.js';
import { lazySchema, type Built } from '../util/zod.js';

const DOCS = 'Grafana Cloud docs "Outgoing Webhook for Grafana Incident" (event types, signing secret)';
const CODE = 'grafana/incident-go (OutgoingWebhookPayload and Incident in client.gen.go, the Gi-Signature check in webhook.go and its test payload)';

const EVENTS = {
  'grafana.incident.created': 'an incident was declared',
  'grafana.incident.updated.status': 'the status changed (active, resolved)',
  'grafana.incident.updated.severity': 'the severity changed',
  'grafana.incident.updated.title': 'the title changed',
  'grafana.incident.updated.role': 'a role was assigned or removed',
  'grafana.incident.added.label': 'a label was added',
  'grafana.incident.removed.label': 'a label was removed',
} as const;
type IncidentEvent = keyof typeof EVENTS;

/** The payload's schema, built on first use (util/zod.ts). */
export const grafanaIncidentSchema = lazySchema((z) => {
  // RFC 3339, or "" while unset (closedTime, incidentEnd of an open incident).
  const time = z.union([z.iso.datetime({ offset: true }), z.literal('')]);
  const user = z.object({ userID: z.string(), name: z.string(), photoURL: z.string() }).loose();
  const label = z.object({ key: z.string().optional(), label: z.string(), description: z.string().optional(), colorHex: z.string().optional() }).loose();

  // Fields grafana/incident-go's Incident gained after its 2023 test payload: incidentMembership
  // (client.gen.go from 3d0df35, 2025-02), refs (ba7ff61, 2025-10), incidentChannels (31f74be, 2026-05).
  const refSchema = z.object({ key: z.string(), ref: z.string(), url: z.string() }).loose();
  const roleSchema = z
    .object({ roleID: z.number().int(), orgID: z.string(), name: z.string(), description: z.string(), important: z.boolean(), mandatory: z.boolean(), archived: z.boolean(), createdAt: z.string(), updatedAt: z.string() })
    .loose();
  const assignmentSchema = z.object({ user, role: roleSchema, roleID: z.number().int() }).loose();
  const membershipSchema = z.object({ assignments: z.array(assignmentSchema), totalAssignments: z.number().int(), totalParticipants: z.number().int() }).loose();
  const channelSchema = z.object({ provider: z.string(), channelID: z.string(), teamID: z.string() }).loose();

  const taskSchema = z
    .object({ taskID: z.string(), immutable: z.boolean(), createdTime: time, modifiedTime: time, text: z.string(), status: z.string(), authorUser: user.nullable(), assignedUser: user.nullable() })
    .loose();

  const incidentSchema = z
    .object({
      incidentID: z.string().min(1),
      severity: z.string(),
      labels: z.array(label),
      isDrill: z.boolean(),
      createdTime: time,
      modifiedTime: time,
      createdByUser: user,
      closedTime: time,
      durationSeconds: z.number().int(),
      status: z.enum(['active', 'resolved']),
      title: z.string(),
      overviewURL: z.string(),
      summary: z.string(),
      incidentStart: time,
      incidentEnd: time,
      heroImagePath: z.string().optional(),
      incidentType: z.string().optional(),
      roles: z.array(z.object({ role: z.string(), description: z.string().optional(), maxPeople: z.number().int().optional(), mandatory: z.boolean().optional(), important: z.boolean().optional(), user: user.optional() }).loose()).optional(),
      taskList: z.object({ tasks: z.array(taskSchema), todoCount: z.number().int(), doneCount: z.number().int() }).loose().optional(),
      refs: z.array(refSchema).optional(),
      incidentMembership: membershipSchema.optional(),
      incidentChannels: z.array(channelSchema).optional(),
    })
    .loose();

  return z
    .object({
      version: z.string().regex(/^v\d+\.\d+\.\d+$/, 'expected a semantic version such as v1.0.0'),
      id: z.string().min(1),
      source: z.string(),
      time: z.iso.datetime({ offset: true }),
      event: z.string().regex(/^grafana\.incident\./, 'expected a grafana.incident.* event'),
      incident: incidentSchema,
    })
    .loose()
    .superRefine((payload, ctx) => {
      if (payload.incident.status === 'resolved' && payload.incident.closedTime === '') ctx.addIssue({ code: 'custom', path: ['incident', 'closedTime'], message: 'a resolved incident has its closedTime' });
    });
});

export type GrafanaIncidentPayload = z.infer<Built<typeof grafanaIncidentSchema>>;

const TITLES = ['Checkout API returning 502 for EU customers', 'Payments provider timeouts above 5%', 'Login page down after the 14:00 deploy', 'Search degraded: p99 above 3 s'];
const PEOPLE = ['priya.raman', 'jonas.becker', 'amara.okafor'];

const rfc3339 = (ms: number): string => new Date(ms).toISOString();

function generate({ random, event }: GenerateContext): GrafanaIncidentPayload {
  const name = (event ?? 'grafana.incident.created') as IncidentEvent;
  const created = sampleInstant(random);
  const resolved = name === 'grafana.incident.updated.status';
  const modified = created + (name === 'grafana.incident.created' ? random.int(100, 1_500) : random.int(60_000, 3_600_000));
  const number = random.int(10, 999);
  const title = random.pick(TITLES);
  const author = person(random);
  return {
    version: 'v1.0.0',
    id: `webhook-out-${random.hex(24)}`,
    source: '/grafana/incident',
    time: rfc3339(modified + random.int(50, 900)).replace(/\.\d{3}Z$/, 'Z'),
    event: name,
    incident: {
      incidentID: String(number),
      severity: name === 'grafana.incident.created' ? 'pending' : random.pick(['critical', 'major', 'minor']),
      labels: name === 'grafana.incident.added.label' || random.chance(0.5) ? [{ key: 'team', label: `team:${random.pick(['payments', 'platform'])}`, description: '', colorHex: '#1F62E0' }] : [],
      isDrill: false,
      createdTime: rfc3339(created),
      modifiedTime: rfc3339(modified),
      createdByUser: author,
      closedTime: resolved ? rfc3339(modified) : '',
      durationSeconds: Math.floor((modified - created) / 1000),
      status: resolved ? 'resolved' : 'active',
      title,
      overviewURL: `/a/grafana-incident-app/incidents/${number}/${title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/-$/, '')}`,
      roles: name === 'grafana.incident.updated.role' ? [{ role: 'commander', description: 'In charge of the incident', maxPeople: 1, mandatory: true, important: true, user: person(random) }] : [],
      taskList: systemTasks(random, created),
      summary: '',
      incidentStart: rfc3339(created),
      incidentEnd: resolved ? rfc3339(modified) : '',
    },
  };
}

/** The tasks an incident is declared with, in grafana/incident-go webhook_test.go's testPayload: immutable, system-made. */
const SYSTEM_TASKS = [
  ['assign-role-investigator', 'Assign INVESTIGATOR role'],
  ['assign-role-commander', 'Assign COMMANDER role'],
  ['must-choose-severity', 'Specify incident severity'],
] as const;

/** RFC 3339 with nanoseconds, as Grafana Incident writes a task's times: the instant ms plus ns more. */
function nanoTime(ms: number, ns: number): string {
  const whole = ms + Math.floor(ns / 1_000_000);
  return `${new Date(whole).toISOString().slice(0, 23)}${String(ns % 1_000_000).padStart(6, '0')}Z`;
}

/**
 * The test payload's task list: made some milliseconds before the incident's createdTime, microseconds
 * apart, all "todo" and counted so. Every sample keeps them to do (whk's choice: no source shows what a
 * done task's status or the counts look like after a role or severity is set).
 */
function systemTasks(random: Random, incidentCreated: number) {
  const ms = incidentCreated - random.int(20, 120);
  let ns = random.int(0, 999_999);
  const tasks = SYSTEM_TASKS.map(([taskID, text]) => {
    const createdTime = nanoTime(ms, (ns += random.int(1_000, 5_000)));
    const modifiedTime = nanoTime(ms, (ns += random.int(1_000, 12_000)));
    return { taskID, immutable: true, createdTime, modifiedTime, text, status: 'todo', authorUser: null, assignedUser: null };
  });
  return { tasks, todoCount: tasks.length, doneCount: 0 };
}

function person(random: Random): { userID: string; name: string; photoURL: string } {
  const name = random.pick(PEOPLE);
  return { userID: `grafana-incident:user-${random.hex(16)}`, name, photoURL: `https://www.gravatar.com/avatar/${random.hex(32)}?s=512` };
}

export const grafanaIncident = defineKind<GrafanaIncidentPayload>({
  id: 'grafana-incident',
  title: 'Grafana Incident outgoing webhook',
  bodyOrigin: 'sender-code',
  template: 'Grafana Incident',
  integrationType: 'alert',
  follows: `${DOCS}; ${CODE}`,
  schema: grafanaIncidentSchema,
  events: eventsFrom(EVENTS),
  eventOf: eventInField('event', EVENTS),
  claims: { keys: ['incident'] },
  looksLike: (payload) => isRecord(payload) && typeof payload['event'] === 'string' && payload['event'].startsWith('grafana.incident.') && isRecord(payload['incident']),
  generate,
  idempotencyId: (payload) => (isRecord(payload) && typeof payload['id'] === 'string' ? payload['id'] : undefined),
  delivery: unpublishedDelivery([
    `one POST per event the admin wires to the webhook (${DOCS})`,
    `the body is OutgoingWebhookPayload {version, id, source, time, event, incident} (${CODE})`,
    `Gi-Signature: t=<seconds>,v1=<hex HMAC-SHA256 of "<base64 SHA-256 of the body>:<t>:v1"> with the integration's signing secret (${CODE}, webhook.go)`,
    // Grafana's own handler would fail on a compressed body: the docs are silent, the code is not.
    'no gzip: incident-go\'s ParseWebhook reads the request body as plain JSON (io.ReadAll, then json.Unmarshal; no decompression, the signature over those bytes; webhook.go)',
  ], { signature: { scheme: 'grafana-incident' } }),
  doubts: [
    'The docs\' event table is only partly readable here: the event of a resolved incident is taken to be grafana.incident.updated.status with status resolved; any other grafana.incident.* event validates with the same schema.',
    'Grafana IRM\'s newer unified outgoing webhooks (and Grafana Workflows\' CloudEvents) send other bodies; this kind is the Incident outgoing webhook.',
    'The Harness "Grafana Incident" template page publishes no sample; the default mapping is whk\'s.',
    'grafana/incident-go types the incident\'s status as a plain string, and its API now has custom statuses (CreateOrgStatus, each in the category active or resolved); whether a webhook can carry one is not known: whk accepts active and resolved.',
    'grafana/incident-go\'s Incident has changed since its 2023 test payload: roles and heroImagePath gave way to incidentMembership, and refs and incidentChannels were added. Both shapes validate; samples follow the test payload (its roles and its taskList of three system tasks, all to do).',
  ],
  mapping: alertMapping({
    title: 'incident.title',
    severity: 'incident.severity',
    status: 'incident.status',
    service: 'incident.labels[0].label',
    description: 'incident.summary',
    link: 'incident.overviewURL',
    timestamp: 'incident.createdTime',
  }),
});
