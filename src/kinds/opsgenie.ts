// Opsgenie outgoing Webhook integration (the Harness AI SRE "Opsgenie" template): one POST per alert
// action, the action named in the body's `action`, with a subset of the alert and the action's source.
import type { z } from 'zod';
import { isRecord } from '../util/json.js';
import type { Random } from '../util/prng.js';
import { alertMapping } from './alert-mapping.js';
import { sampleInstant } from './common.js';
import { defineKind, eventInField, eventsFrom, type GenerateContext, unpublishedDelivery } from './define.js';
import { lazySchema, type Built } from '../util/zod.js';
import { zodJsonSchema } from './json-schema.js';

const DOCS = 'Opsgenie docs "Webhook Integration" and "Opsgenie Edge Connector alert action data" (the webhook body per action)';
const ZULIP = 'Zulip\'s Opsgenie test fixtures (zulip/zulip zerver/webhooks/opsgenie/fixtures: one body per action with the docs\' example alert, user and integration ids, and captured Create, TakeOwnership and Escalate deliveries)';
// "Outgoing integration triggers for team routings" (docs.opsgenie.com/docs/outgoing-integration-triggers-for-team-routings).
const TEAM_ROUTING = 'Opsgenie docs "Outgoing integration triggers for team routings" (a team added to an alert triggers its integrations with Create, the others with AddTeam)';
const HARNESS_GUIDE = 'Harness AI SRE "OpsGenie Integration Guide" (harness/developer-hub docs/ai-sre/alerts/webhooks/integration-guides/monitoring/opsgenie.md)';

/** The actions whk sends; the webhook may carry others (AddTeam, AssignOwnership, custom actions). */
const ACTIONS = {
  Create: 'an alert was created, or routed to the integration\'s team (Add Team, escalation or schedule) (description and details only on Create and custom actions)',
  Acknowledge: 'an alert was acknowledged',
  UnAcknowledge: 'an acknowledgement was taken back',
  AddNote: 'a note was added to an alert',
  Close: 'an alert was closed',
  Delete: 'an alert was deleted',
} as const;
type Action = keyof typeof ACTIONS;

/** The webhook body's schema, built on first use (util/zod.ts). */
export const opsgenieSchema = lazySchema((z) => {
  // Opsgenie's examples give team ids as strings; the Harness guide's sample gives {id, name} objects.
  const team = z.union([z.string(), z.object({ id: z.string(), name: z.string().optional() }).loose()]);

  /** Fields only the Harness guide's sample and field table show (HARNESS_GUIDE), typed as it shows them. */
  const harnessGuideFields = {
    // The table: "open, closed".
    status: z.enum(['open', 'closed']).optional(),
    updatedBy: z.string().optional(),
    // The table: [{id, type, name}]; not requiring name is whk's choice.
    responders: z.array(z.object({ id: z.string(), type: z.string(), name: z.string().optional() }).loose()).optional(),
    integration: z.object({ id: z.string(), name: z.string(), type: z.string() }).loose().optional(),
    // Milliseconds and user names; the sample's closedBy is null before the close (acknowledgedBy null
    // before an acknowledgement is whk's reading by analogy).
    report: z
      .object({
        ackTime: z.number().optional(),
        closeTime: z.number().optional(),
        acknowledgedBy: z.string().nullable().optional(),
        closedBy: z.string().nullable().optional(),
      })
      .loose()
      .optional(),
    actions: z.array(z.string()).optional(),
  };

  const alertSchema = z
    .object({
      alertId: z.string().min(1),
      // Required on every action but Escalate (checked below): Escalate's alert is its alertId alone.
      message: z.string().optional(),
      tinyId: z.string().optional(),
      alias: z.string().optional(),
      entity: z.string().optional(),
      source: z.string().optional(),
      username: z.string().optional(),
      userId: z.string().optional(),
      tags: z.array(z.string()).optional(),
      teams: z.array(team).optional(),
      recipients: z.array(z.string()).optional(),
      // Epoch milliseconds (createdAt) and nanoseconds (updatedAt) in Opsgenie's examples.
      createdAt: z.number().optional(),
      updatedAt: z.number().optional(),
      // P1 to P5; a 2017 Create delivery (captured by Zulip) carries the number 3 instead.
      priority: z.union([z.string().regex(/^P[1-5]$/, 'expected P1 to P5'), z.number().int().min(1).max(5)]).optional(),
      // "Description and Details fields are truncated to 1000 characters".
      description: z.string().max(1000).optional(),
      details: z.record(z.string(), z.unknown()).optional(),
      note: z.string().optional(),
      // What the action changed, as the examples of those actions carry it (Zulip's copies with the
      // docs' ids): AddRecipient, AddTeam, AssignOwnership, and AddTags/RemoveTags as comma-separated lists.
      recipient: z.string().optional(),
      team: z.string().optional(),
      owner: z.string().optional(),
      addedTags: z.string().optional(),
      removedTags: z.string().optional(),
      // UpdatePriority's previous priority, as Mattermost's Opsgenie app reads it (mattermost-community/mattermost-app-opsgenie src/types/opsgenie.ts).
      oldPriority: z.string().optional(),
      // Epoch nanoseconds, in the 2017 Create delivery.
      insertedAt: z.number().optional(),
      ...harnessGuideFields,
    })
    .loose();

  /** The escalation an Escalate callback names (a delivery Zulip captured). */
  const escalationFields = {
    escalationId: z.string().optional(),
    escalationName: z.string().optional(),
    escalationNotify: z.object({ id: z.string(), name: z.string(), type: z.string(), entity: z.string() }).loose().optional(),
    escalationTime: z.number().optional(),
    repeatCount: z.number().int().optional(),
  };

  return z
    .object({
      action: z.string().min(1),
      alert: alertSchema,
      // Absent from Escalate, whose body names the escalation instead (checked below).
      source: z.object({ name: z.string(), type: z.string() }).loose().optional(),
      integrationId: z.string(),
      integrationName: z.string(),
      // In captured deliveries: the 2016 and 2017 ones name the integration type and the request flow,
      // the Escalate one echoes the integration's custom headers.
      integrationType: z.string().optional(),
      alertFlowContext: z.record(z.string(), z.unknown()).optional(),
      headers: z.record(z.string(), z.string()).optional(),
      ...escalationFields,
    })
    .loose()
    .superRefine((payload, ctx) => {
      // Escalate (a delivery Zulip captured) has escalationId, escalationName, escalationNotify,
      // escalationTime and repeatCount, an alert with only its alertId, and no source.
      if (payload.action !== 'Escalate') {
        if (payload.alert.message === undefined) ctx.addIssue({ code: 'custom', path: ['alert', 'message'], message: 'required string is missing' });
        if (payload.source === undefined) ctx.addIssue({ code: 'custom', path: ['source'], message: 'required object is missing' });
      }
      if (payload.action === 'AddNote' && payload.alert.note === undefined) ctx.addIssue({ code: 'custom', path: ['alert', 'note'], message: 'AddNote carries the note' });
    });
});

export type OpsgeniePayload = z.infer<Built<typeof opsgenieSchema>>;

/** A JSON Schema test: the body's action is `action`. */
const actionIs = (action: string): Record<string, unknown> => ({ required: ['action'], properties: { action: { const: action } } });

/** The schema's checks by action above, which zod's converter leaves out, in JSON Schema for the export (`whk schema`). */
const RULES_BY_ACTION: readonly Record<string, unknown>[] = [
  { if: actionIs('Escalate'), else: { required: ['source'], properties: { source: { type: 'object' }, alert: { type: 'object', required: ['message'], properties: { message: { type: 'string' } } } } } },
  { if: actionIs('AddNote'), then: { properties: { alert: { type: 'object', required: ['note'], properties: { note: { type: 'string' } } } } } },
];

const MESSAGES: readonly [string, string, string][] = [
  ['High CPU usage on prod-db-01', 'prod-db-01', 'cpu-high-prod-db-01'],
  ['checkout-api 5xx rate above 2%', 'checkout-api', 'checkout-api-5xx'],
  ['Disk /var above 90% on web-3', 'web-3', 'disk-var-web-3'],
  ['Kafka consumer lag above 10000 on billing-events', 'billing-events', 'kafka-lag-billing-events'],
];
const USERS = ['priya.raman@acme.example', 'jonas.becker@acme.example', 'amara.okafor@acme.example'];

function generate({ random, event }: GenerateContext): OpsgeniePayload {
  const action = (event ?? 'Create') as Action;
  const [message, entity, alias] = random.pick(MESSAGES);
  const created = sampleInstant(random);
  const user = random.pick(USERS);
  const byUser = action !== 'Create';
  const alert: OpsgeniePayload['alert'] = {
    updatedAt: (created + (byUser ? random.int(60_000, 3_600_000) : 2)) * 1_000_000,
    tags: ['production', random.pick(['infrastructure', 'payments', 'search'])],
    teams: [random.uuid()],
    recipients: [random.uuid()],
    message,
    username: byUser ? user : 'System',
    alertId: `${random.uuid()}-${created}`,
    source: random.pick(['Datadog', 'Prometheus', 'API']),
    alias,
    tinyId: String(random.int(1, 9999)),
    createdAt: created,
    userId: byUser ? random.uuid() : '',
    entity,
    priority: random.pick(['P1', 'P2', 'P3']),
    ...(action === 'Create' ? createdOnly(random, entity) : {}),
    ...(action === 'AddNote' ? { note: random.pick(['Failing over to the replica.', 'Rolled back the 14:00 deploy.', 'Looking into it.']) } : {}),
  };
  return {
    source: byUser ? { name: '', type: 'web' } : { name: alert.source ?? 'API', type: 'API' },
    alert,
    action,
    integrationId: random.uuid(),
    integrationName: 'Harness AI SRE',
  };
}

/** Description and details travel only with Create (and custom actions). */
function createdOnly(random: Random, entity: string): { description: string; details: Record<string, string> } {
  return {
    description: `Threshold crossed on ${entity} for 5 minutes.`,
    details: { host: entity, region: random.pick(['eu-west-1', 'us-east-1']), runbook: `https://runbooks.acme.example/${entity}` },
  };
}

export const opsgenie = defineKind<OpsgeniePayload>({
  id: 'opsgenie',
  title: 'Opsgenie outgoing webhook (alert actions)',
  bodyOrigin: 'sender-code',
  template: 'Opsgenie',
  integrationType: 'alert',
  follows: `${DOCS}; ${TEAM_ROUTING}; ${ZULIP}; ${HARNESS_GUIDE} for its sample body (the template page has none); Mattermost's Opsgenie app (mattermost-community/mattermost-app-opsgenie) for UpdatePriority's alert.oldPriority`,
  schema: opsgenieSchema,
  jsonSchema: (): Record<string, unknown> => ({ ...zodJsonSchema(opsgenie.schema), allOf: RULES_BY_ACTION }),
  events: eventsFrom(ACTIONS),
  eventOf: eventInField('action', ACTIONS),
  claims: { keys: ['alert'] },
  looksLike: (payload) => isRecord(payload) && typeof payload['action'] === 'string' && isRecord(payload['alert']) && typeof payload['alert']['alertId'] === 'string',
  generate,
  delivery: unpublishedDelivery([`one POST with a JSON body per alert action the integration maps ("If alert is created in Opsgenie, post it to url") (${DOCS})`, 'custom headers set on the integration (yours to add as `headers`)', 'description and details only on Create and custom actions, truncated to 1000 characters'], {}, [
    'no gzip: the Webhook Integration page names no compression',
  ]),
  doubts: [
    'Only Create, Acknowledge, UnAcknowledge, AddNote, Close and Delete are sent; other actions validate with the same schema (their bodies, as Zulip\'s fixtures give them with the docs\' example ids, are fixtures: AddRecipient, AddTeam, AddTags, RemoveTags, AssignOwnership, TakeOwnership, a custom action, Escalate) but whk has no sample of them. Escalate alone has no source and an alert with only its alertId; message and source are required on every other action, which is whk\'s reading of the examples. The default mapping\'s title (alert.message) is empty on Escalate.',
    `A Create may come for an alert created earlier: when a team is added to an alert (by Add Team, an escalation or a schedule), the integrations of that team receive Create and the global and earlier teams' integrations AddTeam (${TEAM_ROUTING}).`,
    'The "alert action data" page also publishes Escalate, UpdatePriority, UpdateDescription and UpdateMessage bodies; whk could not read them, so they are not fixtures, and only Zulip\'s captured Escalate is checked.',
    'Priority is P1 to P5 in Opsgenie\'s examples and the Harness guide; a 2017 Create delivery carries the number 3, so 1 to 5 is accepted too (the default mapping\'s severity, a string, does not read it). Samples send the P form.',
    'Opsgenie\'s examples give teams as id strings; the Harness guide\'s sample gives {id, name} objects and more fields (status, updatedBy, responders, integration, report, actions), which no Opsgenie body shows: the schema declares them as the guide types them, and both forms validate. Samples do not send them.',
    'Harness\'s "Opsgenie" template page publishes no sample; its field list and mapping are shown only in the product. The default mapping (link is the alert id: the payload carries no URL) is whk\'s.',
  ],
  mapping: alertMapping({
    title: 'alert.message',
    severity: { path: 'alert.priority', default: 'P3' },
    status: 'action',
    service: 'alert.entity',
    description: 'alert.description',
    link: 'alert.alertId',
    timestamp: { path: 'alert.createdAt', type: 'number' },
  }),
});
