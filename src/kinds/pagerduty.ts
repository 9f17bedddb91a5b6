// PagerDuty v3 webhook: one event envelope per request; here the incident events whose data is an incident.
import type { z } from 'zod';
import type { Random } from '../util/prng.js';
import { derivedUuid, sampleInstant } from './common.js';
import { isRecord } from '../util/json.js';
import { alertMapping } from './alert-mapping.js';
import { defineKind, type GenerateContext } from './define.js';
import { lazySchema, type Built } from '../util/zod.js';

const INCIDENT_EVENTS = [
  'incident.triggered',
  'incident.acknowledged',
  'incident.unacknowledged',
  'incident.resolved',
  'incident.reopened',
  'incident.escalated',
  'incident.delegated',
  'incident.reassigned',
  'incident.priority_updated',
  // data.type incident too in the Overview's event type table (PagerDuty/developer-docs).
  'incident.service_updated',
  'incident.incident_type.changed',
] as const;

/** The incident event's schema, built on first use (util/zod.ts). */
export const pagerdutySchema = lazySchema((z) => {
  const reference = z
    .object({ id: z.string(), type: z.string(), summary: z.string(), self: z.string().nullable(), html_url: z.string().nullable() })
    .loose();

  const incidentSchema = z
    .object({
      id: z.string(),
      type: z.literal('incident'),
      self: z.string(),
      html_url: z.string(),
      number: z.number().int(),
      status: z.enum(['triggered', 'acknowledged', 'resolved']),
      title: z.string(),
      service: reference,
      assignees: z.array(reference),
      escalation_policy: reference,
      teams: z.array(reference),
      priority: reference.nullable(),
      urgency: z.enum(['high', 'low']),
      conference_bridge: z.object({ conference_number: z.string().nullable(), conference_url: z.string().nullable() }).loose().nullable().optional(),
      resolve_reason: z.unknown().optional(),
      incident_key: z.string().nullable().optional(),
      created_at: z.iso.datetime({ offset: true }).optional(),
      // In the Overview's incident example and in real deliveries (null until reopened).
      reopened_at: z.iso.datetime({ offset: true }).nullable().optional(),
      incident_type: z.object({ name: z.string() }).loose().optional(),
    })
    .loose();

  return z
    .object({
      event: z
        .object({
          id: z.string(),
          event_type: z.enum(INCIDENT_EVENTS),
          resource_type: z.literal('incident'),
          occurred_at: z.iso.datetime({ offset: true }),
          agent: reference.nullable(),
          // An Events API v2 sender's client and client_url (nudgebee/nudgebee pagerduty_webhook_test.go).
          client: z.object({ name: z.string(), url: z.string().optional() }).loose().nullable().optional(),
          data: incidentSchema,
        })
        .loose(),
    })
    .loose()
    .superRefine((payload, ctx) => {
      const { event_type: type, data } = payload.event;
      const expected = type === 'incident.resolved' ? 'resolved' : type === 'incident.acknowledged' ? 'acknowledged' : type === 'incident.triggered' ? 'triggered' : undefined;
      if (expected && data.status !== expected) {
        ctx.addIssue({ code: 'custom', path: ['event', 'data', 'status'], message: `must be '${expected}' for ${type}` });
      }
    });
});

export type PagerDutyPayload = z.infer<Built<typeof pagerdutySchema>>;

const SUBDOMAIN = 'https://acme.pagerduty.com';
const API = 'https://api.pagerduty.com';
const SERVICES = ['Checkout API', 'Search Service', 'Orders Worker', 'Postgres Primary', 'Billing Events'];
const TITLES = [
  '[FIRING:1] HighErrorRate checkout-api (critical)',
  'p99 latency above 1.5s on search-api',
  'Pod orders/orders-worker-5b7c9d8f4-q7lpn is crash looping',
  'Disk space below 5% on db-1.prod.internal',
  'Consumer group billing-events lag above 10000',
];
const ALERTMANAGERS = ['http://alertmanager.monitoring.svc:9093', 'https://alertmanager.prod.example.com'];
const PEOPLE = ['Priya Raman', 'Jonas Becker', 'Ana Sousa', 'Kenji Watanabe', 'Fatima Haddad'];

// Every capital and digit follows the first letter of the ids in PagerDuty/developer-docs and in the
// published deliveries (I and O too: PIV35G6, PJ9XKQO, Q2X369CTEOAGYM).
const ID_CHARS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'];

const idOf = (random: Random, first: string, length: number): string => `${first}${Array.from({ length }, () => random.pick(ID_CHARS)).join('')}`;

/** A service's, user's, escalation policy's, team's, priority's or integration's id: P and six, in every published example. */
function pdId(random: Random): string {
  return idOf(random, 'P', 6);
}

/**
 * An incident's id as the newest published deliveries carry it: Q and 13 (Q2X369CTEOAGYM, Q19Z7CCJDTBD40
 * in nudgebee's 2025 deliveries, Q3B15VLMF3ASBD in zulip's of 2026-04, Q0SDD3HB6SGFTI in the docs'
 * incident_task example of 2026-05); the 2021 deliveries and the older docs examples have P and six.
 */
function incidentId(random: Random): string {
  return idOf(random, 'Q', 13);
}

/**
 * An event's id as every published v3 delivery has it: 26 characters, 01 and then digits and capitals
 * (01BZYK8N47N5JG55J1EEEHPEJI in zulip's fixtures, 01FVRJDBZPAFCIQO0U5B2ZJ2GQ in nudgebee's); the docs'
 * incident example's UUID is the exception. Like a ULID, but with I, L, O and U, and not decoding to the
 * event's time, so whk draws the 24 after 01.
 */
function newEventId(random: Random): string {
  return idOf(random, '01', 24);
}

function ref(random: Random, type: string, summary: string, path: string, htmlPath: string) {
  const id = pdId(random);
  return { html_url: `${SUBDOMAIN}/${htmlPath}/${id}`, id, self: `${API}/${path}/${id}`, summary, type };
}

function generate({ random, variant }: GenerateContext): PagerDutyPayload {
  const created = sampleInstant(random);
  const which = random.int(0, SERVICES.length - 1);
  const status = variant as 'triggered' | 'acknowledged' | 'resolved';
  const occurred = status === 'triggered' ? created : created + random.int(2, 40) * 60_000 + random.int(0, 999);
  const responder = ref(random, 'user_reference', random.pick(PEOPLE), 'users', 'users');
  // A service's html_url is /services/<id> in the Overview's example and in captured deliveries.
  const service = ref(random, 'service_reference', SERVICES[which] as string, 'services', 'services');
  const id = incidentId(random);
  const priority = random.pick(['P1', 'P2', 'P3']);
  // A reference's id is the last segment of its self URL.
  const priorityId = pdId(random);
  // A triggered incident comes from an Events API v2 integration: the agent is that integration, under its
  // service, and the client the sender's client and client_url (a 2025 delivery, nudgebee/nudgebee
  // pagerduty_webhook_test.go). Here the sender is Alertmanager, with its default client and client_url
  // (template/default.tmpl: "Alertmanager", {{ .ExternalURL }}/#/alerts?receiver=…). A responder's
  // action has the user as agent and no client (zulip's and nudgebee's deliveries).
  const integrationId = pdId(random);
  const integration = {
    html_url: `${service.html_url}/integrations/${integrationId}`,
    id: integrationId,
    self: `${service.self}/integrations/${integrationId}`,
    summary: 'Events API V2',
    type: 'inbound_integration_reference',
  };
  const client = { name: 'Alertmanager', url: `${random.pick(ALERTMANAGERS)}/#/alerts?receiver=pagerduty-oncall` };
  return {
    event: {
      id: newEventId(random),
      event_type: `incident.${status}`,
      resource_type: 'incident',
      occurred_at: new Date(occurred).toISOString(),
      agent: status === 'triggered' ? integration : responder,
      client: status === 'triggered' ? client : null,
      data: {
        id,
        type: 'incident',
        self: `${API}/incidents/${id}`,
        html_url: `${SUBDOMAIN}/incidents/${id}`,
        number: random.int(1200, 48_000),
        status,
        incident_key: random.hex(32),
        created_at: new Date(created).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        title: TITLES[which] as string,
        service,
        assignees: status === 'resolved' ? [] : [responder],
        escalation_policy: ref(random, 'escalation_policy_reference', `${SERVICES[which]} on-call`, 'escalation_policies', 'escalation_policies'),
        teams: [ref(random, 'team_reference', random.pick(['Payments', 'Platform', 'Discovery']), 'teams', 'teams')],
        priority: { html_url: `${SUBDOMAIN}/account/incident_priorities`, id: priorityId, self: `${API}/priorities/${priorityId}`, summary: priority, type: 'priority_reference' },
        urgency: priority === 'P3' ? 'low' : 'high',
        conference_bridge: null,
        resolve_reason: null,
      },
    },
  };
}

/** The event's id: PagerDuty's idempotency key (X-Webhook-Id is another id, one per webhook). */
function eventId(payload: unknown): string | undefined {
  return isRecord(payload) && isRecord(payload['event']) && typeof payload['event']['id'] === 'string' ? payload['event']['id'] : undefined;
}

/** A PagerDuty-style id (P and six characters) for the subscription, one per service here. */
function subscriptionId(payload: unknown): string {
  const data = isRecord(payload) && isRecord(payload['event']) && isRecord(payload['event']['data']) ? payload['event']['data'] : {};
  const service = isRecord(data['service']) ? data['service']['id'] : null;
  return `P${derivedUuid('pagerduty-subscription', service).replace(/-/g, '').slice(0, 6).toUpperCase()}`;
}

export const pagerduty = defineKind<PagerDutyPayload>({
  id: 'pagerduty-incident',
  title: 'PagerDuty v3 webhook (incident events)',
  bodyOrigin: 'sender-code',
  template: 'PagerDuty',
  integrationType: 'alert',
  follows: 'PagerDuty developer docs "Webhooks v3 Overview" (event envelope, incident data) with "Webhook Behavior" and "Verifying Signatures"; the request headers of a captured delivery (drudge/n8n-nodes-pagerduty-trigger README); published deliveries for event ids, agent and client (zulip/zulip\'s fixtures, nudgebee/nudgebee pagerduty_webhook_test.go)',
  variants: [
    { id: 'triggered', description: 'incident.triggered: a new incident from an Events API v2 integration (the agent; the client is Alertmanager)' },
    { id: 'acknowledged', description: 'incident.acknowledged by a responder' },
    { id: 'resolved', description: 'incident.resolved by a responder' },
  ],
  schema: pagerdutySchema,
  claims: { keys: ['event'] },
  looksLike: (payload) => {
    if (!isRecord(payload) || !isRecord(payload['event'])) return false;
    const event = payload['event'];
    return typeof event['event_type'] === 'string' && 'resource_type' in event && 'occurred_at' in event && isRecord(event['data']);
  },
  generate,
  idempotencyId: eventId,
  // A delivery captured in drudge/n8n-nodes-pagerduty-trigger's README ("Headers and Query Parameters
  // Included"): Accept: application/json, User-Agent PagerDuty-Webhook/V3.0, X-Webhook-Id a UUID of its own (not event.id), and
  // X-Webhook-Subscription the subscription's id. whk derives both ids from the payload, so a retry or
  // a duplicate carries the same ones.
  requestHeaders: (payload) => ({
    Accept: 'application/json',
    'X-Webhook-Id': derivedUuid('pagerduty-webhook', eventId(payload) ?? payload),
    'X-Webhook-Subscription': subscriptionId(payload),
  }),
  delivery: {
    success: '2xx',
    // PagerDuty retries for up to 48 h and publishes no schedule: doubling from 80 s, the eleventh
    // and last retry comes about 45.5 h after the first attempt (whk's choice).
    retry: { maxAttempts: 12, initialDelayMs: 80_000, backoff: 'exponential', retryOn: 'server-errors' },
    timeoutMs: 5_000,
    atLeastOnce: true,
    signature: { scheme: 'pagerduty' },
    auth: ['basic'],
    userAgent: 'PagerDuty-Webhook/V3.0',
    whkChoices: ['retry'],
    provenance: {
      documented: [
        'a 2xx answer within 5 s (Webhook Behavior, "Timeouts": Generic Webhooks; 16 s for Custom Incident Actions)',
        'retried on timeouts, 5xx, 429 and connection errors; other 4xx are dropped (Webhook Behavior, "Temporary Errors and Retries", "Permanent Errors")',
        'retried periodically for up to 48 hours, then dropped; later webhooks of the same subscription and resource are queued meanwhile (PagerDuty/developer-docs, docs/webhooks/02-Behavior.md, "Temporary Errors and Retries", since 2024-11-26)',
        'at-least-once: deduplicate by the X-Webhook-Id header, the same on every attempt (Webhook Behavior, "At-Least-Once Delivery")',
        'headers Accept: application/json, Content-Type: application/json, User-Agent: PagerDuty-Webhook/V3.0, X-Webhook-Id (a UUID) and X-Webhook-Subscription (the subscription\'s id), as a captured delivery shows (drudge/n8n-nodes-pagerduty-trigger README)',
        'X-PagerDuty-Signature: v1=<hex HMAC-SHA256 of the raw body>, comma-separated when secrets rotate (Verifying Signatures)',
        'basic auth only through credentials in the URL (Webhook Behavior, "Basic Authentication")',
      ],
      ours: [
        'the schedule: 11 retries doubling from 80 s, the last about 45.5 h after the first attempt, within the documented 48 h; PagerDuty publishes none',
        'no gzip: no PagerDuty page names compression or a Content-Encoding, and the captured delivery (drudge/n8n-nodes-pagerduty-trigger README) carries a Content-Length and none',
      ],
    },
  },
  doubts: [
    'Only incident.* events whose data is an incident are covered; annotated, responder and status-update events have other data.',
    'The v3 incident object carries no description; the default mapping reuses the title.',
    'Who opened an incident decides incident.triggered\'s agent and client: an Events API v2 integration (agent its inbound_integration_reference, client the sender\'s client and client_url), a user (agent the user, client null), or neither (both null), as published deliveries show; the triggered sample is the first, sent by Alertmanager.',
    'PagerDuty documents no id format. An incident\'s id is Q and 13 digits and capitals in the published deliveries of 2025 and 2026 and the docs\' newest example (2026-05), P and six in the 2021 deliveries and the older docs examples; whk sends the newer form, and both validate. When PagerDuty changed it is not published: the earliest delivery with one is nudgebee\'s of 2025-08-02 (its anonymized one of 2025-01 has QEXAMPLE1). Every other resource\'s id is P and six in all of them. The characters after the first are drawn by whk.',
    'PagerDuty documents event.id only as "the unique id of the event": the published deliveries\' 26 characters (01 and digits and capitals) are followed, the characters after 01 drawn by whk; the docs\' incident example alone has a UUID.',
    'incident_key is 32 hex digits in the docs\' examples and zulip\'s 2021 deliveries, and null in nudgebee\'s 2025 deliveries of incidents opened through Events API v2 (anonymized by their keeper, so perhaps blanked); whether such an incident carries the event\'s dedup_key there (Alertmanager\'s is SHA-256 hex, 64 digits: notify/util.go Key.Hash) is not published. whk sends 32 hex digits, as the docs do.',
    'After 3 consecutive dropped webhooks PagerDuty disables the subscription for 24 h; whk does not model that.',
    'PagerDuty drops a webhook on most TLS errors while connecting, retrying only an expired certificate (Webhook Behavior, "Permanent Errors"); whk retries every connection failure alike.',
    'A subscription\'s custom_headers go with every delivery (Webhooks v3 Overview, "Custom Headers"); whk sends none of its own accord: `headers` stands in.',
    'Before 2024-11-26 the Webhook Behavior page said 5 attempts over about 20 minutes (as Svix\'s 2022 review of PagerDuty v3 webhooks does); whk follows the current page\'s 48 h. Later webhooks of the same subscription and resource queued behind the one retried are not modelled: whk sends each delivery on its own.',
  ],
  mapping: alertMapping({ title: 'event.data.title', severity: 'event.data.urgency', status: 'event.data.status', service: 'event.data.service.summary', description: 'event.data.title', link: 'event.data.html_url', timestamp: 'event.occurred_at' }),
});
