// BigPanda Notifications Webhook (the Harness AI SRE "BigPanda" template): when an incident is shared
// to the webhook, and again on each sharing update, BigPanda posts the incident with its alerts.
import type { z } from 'zod';
import { isRecord } from '../util/json.js';
import type { Random } from '../util/prng.js';
import { alertMapping } from './alert-mapping.js';
import { sampleInstant } from './common.js';
import { defineKind, type GenerateContext, unpublishedDelivery } from './define.js';
import { lazySchema, type Built } from '../util/zod.js';

const IDENTIFICATION = 'BigPanda answers "Alert Identification" (answers.bigpanda.io/en/articles/4558804-alert-identification: events with the same host and check, the default primary and secondary properties, are one alert) and docs "secondary_property" (both properties identify which events are part of the same alert)';
const DOCS = 'BigPanda docs "Notifications Webhook" (an Incident object with the expanded Alert objects, on share and on each sharing update) and "Webhook Incident Object" (id, status, active, severity, flapping, snooze)';

/** The incident's schema, built on first use (util/zod.ts). */
export const bigpandaSchema = lazySchema((z) => {
  const STATUS = z.enum(['critical', 'warning', 'unknown', 'ok']);
  const epochSeconds = z.number().int().nonnegative();

  const alertSchema = z
    .object({
      id: z.string().optional(),
      status: z.string(),
      primary_property: z.string().optional(),
      secondary_property: z.string().optional(),
      source_system: z.string().optional(),
      description: z.string().optional(),
      host: z.string().optional(),
      check: z.string().optional(),
      start: epochSeconds.optional(),
    })
    .loose();

  return z
    .object({
      id: z.string().min(1),
      status: STATUS,
      active: z.boolean(),
      severity: STATUS,
      flapping: z.boolean(),
      snooze: z.object({ snoozed: z.boolean(), end_time: epochSeconds.nullable().optional(), autoCancel: z.boolean().optional() }).loose().optional(),
      start: epochSeconds.optional(),
      last_change: epochSeconds.optional(),
      end: epochSeconds.nullable().optional(),
      alerts: z.array(alertSchema).optional(),
      incident_tags: z.array(z.object({ tag_id: z.string(), tag_value: z.unknown() }).loose()).optional(),
    })
    .loose()
    .superRefine((payload, ctx) => {
      // The status is the most severe status of the incident's alerts (Webhook Incident Object): all of
      // them ok make it ok. Not active alone does not: an incident resolved by hand, or by a collaboration
      // tool, is not active while its alerts may still be critical (docs "Resolved").
      const alerts = payload.alerts ?? [];
      if (alerts.length > 0 && alerts.every((alert) => alert.status === 'ok') && payload.status !== 'ok') {
        ctx.addIssue({ code: 'custom', path: ['status'], message: "every alert is ok, so the incident's status is 'ok' (the most severe of its alerts')" });
      }
    });
});

export type BigPandaPayload = z.infer<Built<typeof bigpandaSchema>>;

const HOSTS = [
  ['prod-db-1', 'CPU load above 90%', 'nagios'],
  ['checkout-api', 'HTTP 5xx rate above 2%', 'datadog'],
  ['web-3', 'Disk /var above 90%', 'prometheus'],
] as const;

function generate({ random, variant }: GenerateContext): BigPandaPayload {
  const resolved = variant === 'resolved';
  const start = Math.floor(sampleInstant(random) / 1000);
  const severity = random.pick(['critical', 'warning'] as const);
  const alerts = distinctChecks(random, random.int(1, 3)).map((check) => alertOf(random, check, start, resolved ? 'ok' : severity));
  return {
    id: random.hex(24),
    status: resolved ? 'ok' : severity,
    active: !resolved,
    severity,
    flapping: false,
    snooze: { snoozed: false, end_time: null, autoCancel: false },
    start,
    last_change: start + random.int(30, 1_800),
    end: resolved ? start + random.int(1_800, 7_200) : null,
    alerts,
    incident_tags: [{ tag_id: 'priority', tag_value: random.pick(['P1', 'P2', 'P3']) }],
  };
}

/**
 * `count` different host+check pairs: BigPanda makes the events with one primary and secondary property
 * (host and check by default) one alert (IDENTIFICATION), so an incident never lists a pair twice.
 */
function distinctChecks(random: Random, count: number): (typeof HOSTS)[number][] {
  const left = [...HOSTS];
  return Array.from({ length: Math.min(count, HOSTS.length) }, () => left.splice(random.int(0, left.length - 1), 1)[0] as (typeof HOSTS)[number]);
}

function alertOf(random: Random, [host, check, source]: (typeof HOSTS)[number], start: number, status: string): NonNullable<BigPandaPayload['alerts']>[number] {
  return { id: random.hex(24), status, host, check, primary_property: 'host', secondary_property: 'check', source_system: `${source}.main`, description: `${check} on ${host}`, start };
}

export const bigpanda = defineKind<BigPandaPayload>({
  id: 'bigpanda',
  title: 'BigPanda Notifications Webhook (shared incident)',
  bodyOrigin: 'sender-code',
  template: 'BigPanda',
  integrationType: 'alert',
  follows: `${DOCS}; ${IDENTIFICATION}; the Harness AI SRE "BigPanda Integration Webhook Template" page (no sample)`,
  variants: [
    { id: 'active', description: 'an active incident shared or updated' },
    { id: 'resolved', description: 'a sharing update after all alerts resolved (status ok, not active)' },
  ],
  schema: bigpandaSchema,
  claims: { keys: ['flapping'] },
  looksLike: (payload) => isRecord(payload) && typeof payload['id'] === 'string' && typeof payload['active'] === 'boolean' && typeof payload['flapping'] === 'boolean',
  generate,
  delivery: unpublishedDelivery([`an HTTP POST of the incident to the callback URL on share and on each sharing update (${DOCS})`, 'custom authentication headers on the integration (`headers`)'], {}, [
    'no gzip: the Notifications Webhook pages name no compression',
  ]),
  doubts: [
    'No example body is published (neither by BigPanda nor on the Harness template page): only the incident fields the Webhook Incident Object page lists (id, status, active, severity, flapping, snooze) are required; start, last_change, end, alerts and incident_tags, and the alerts\' fields (primary_property, secondary_property, source_system, description as in the Alerts API), are whk\'s reading and optional.',
    'Notifications Webhook v2 lets the user write the body per trigger; such bodies are not this kind.',
    'The default mapping\'s title and service come from the first alert: an incident has no title of its own.',
  ],
  mapping: alertMapping({
    title: 'alerts[0].description',
    severity: 'severity',
    status: 'status',
    service: 'alerts[0].source_system',
    description: 'alerts[0].description',
    link: 'id',
    timestamp: { path: 'start', type: 'number' },
  }),
});
