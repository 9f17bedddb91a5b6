// Datadog Webhooks integration: the tile's default JSON payload, with the $-variables most
// incident integrations add to it. Every value is a string because Datadog substitutes into a template.
import type { z } from 'zod';
import { sampleInstant } from './common.js';
import { isRecord } from '../util/json.js';
import { alertMapping } from './alert-mapping.js';
import { defineKind, type GenerateContext } from './define.js';
import { lazySchema, type Built } from '../util/zod.js';

/** The webhook's schema, built on first use (util/zod.ts). */
export const datadogSchema = lazySchema((z) => {
  const epochMs = z.string().regex(/^\d{10,14}$/, 'expected epoch milliseconds as a string');

  return z
    .object({
      // The default payload: $EVENT_MSG, $LAST_UPDATED, $EVENT_TYPE, $EVENT_TITLE, $DATE, $ORG_ID, $ORG_NAME, $ID.
      body: z.string(),
      last_updated: epochMs,
      event_type: z.string(),
      title: z.string(),
      date: epochMs,
      org: z.object({ id: z.string(), name: z.string() }).loose(),
      id: z.string(),
      // Variables commonly added to the template ($ALERT_TRANSITION, $ALERT_PRIORITY, $HOSTNAME, ...).
      alert_id: z.string().optional(),
      alert_transition: z.string().optional(),
      alert_priority: z.string().optional(),
      alert_title: z.string().optional(),
      alert_status: z.string().optional(),
      alert_metric: z.string().optional(),
      alert_scope: z.string().optional(),
      alert_type: z.string().optional(),
      alert_cycle_key: z.string().optional(),
      aggreg_key: z.string().optional(),
      hostname: z.string().optional(),
      link: z.string().optional(),
      tags: z.string().optional(),
    })
    .loose();
});

export type DatadogPayload = z.infer<Built<typeof datadogSchema>>;

const MONITORS = [
  { name: 'CPU usage high on {{host.name}}', metric: 'system.cpu.user', op: '>', threshold: 90, unit: '%', service: 'web-frontend', max: 100 },
  { name: 'Checkout error rate above 5%', metric: 'trace.http.request.errors', op: '>', threshold: 5, unit: '%', service: 'checkout-api', max: 100 },
  { name: 'Disk space low on {{host.name}}', metric: 'system.disk.in_use', op: '>', threshold: 0.9, unit: '', service: 'postgres', max: 1 },
  { name: 'Queue depth growing on orders', metric: 'aws.sqs.approximate_number_of_messages_visible', op: '>', threshold: 5000, unit: '', service: 'orders-worker', max: Number.POSITIVE_INFINITY },
];
const HOSTS = ['i-0a1b2c3d4e5f60718', 'web-03.prod', 'ip-10-20-3-44', 'db-1.prod'];

function generate({ random, variant }: GenerateContext): DatadogPayload {
  const monitor = random.pick(MONITORS);
  const host = random.pick(HOSTS);
  const at = sampleInstant(random);
  const monitorId = String(random.int(1_000_000, 190_000_000));
  const orgId = String(random.int(10_000, 999_999));
  const recovered = variant === 'recovered';
  const transition = recovered ? 'Recovered' : 'Triggered';
  const name = monitor.name.replace('{{host.name}}', host);
  // $EVENT_TITLE of a monitor that alerts per host, as real deliveries have it ("[Recovered on {host:i-3b93aafb}]
  // Dock is almost out of memory...", CodeNow/fluffy, 2015); $ALERT_TITLE the same, after the docs' example
  // for it: "[Triggered on {host:ip-012345}] Host is Down" (Datadog docs "Webhooks", Variables).
  const title = `[${transition} on {host:${host}}] ${name}`;
  const eventId = `${random.int(7_000_000, 7_999_999)}${random.int(100_000_000_000, 999_999_999_999)}`;
  // $LINK is the URL of the event $ID names: Datadog's deliveries carry the same id in both.
  const link = `https://app.datadoghq.com/event/event?id=${eventId}`;
  const value = recovered ? monitor.threshold * 0.6 : Math.min(monitor.max, monitor.threshold * (1.02 + random.next() * 0.3));
  const status = `${monitor.metric} over host:${host} was ${recovered ? '<=' : monitor.op} ${monitor.threshold} on average during the last 10m`;
  const body = [
    '%%%',
    `@webhook-incidents ${recovered ? 'Recovered' : 'Alert'}: ${name}`,
    '',
    `**${monitor.metric}** over **host:${host}** was **${recovered ? '<=' : monitor.op} ${monitor.threshold}${monitor.unit}** on average during the **last 10m** (value ${value.toFixed(2)}${monitor.unit}).`,
    '',
    `[[Monitor Status](https://app.datadoghq.com/monitors/${monitorId}?from_ts=${at - 3_600_000}&to_ts=${at}&eval_ts=${at})] · [[Edit Monitor](https://app.datadoghq.com/monitors/${monitorId}/edit)]`,
    '%%%',
  ].join('\n');
  const base: DatadogPayload = {
    body,
    last_updated: String(at),
    event_type: 'query_alert_monitor',
    title,
    date: String(at),
    org: { id: orgId, name: random.pick(['Acme Corp', 'Globex Production', 'Initech']) },
    id: eventId,
  };
  if (variant === 'default-body') return base;
  return {
    ...base,
    alert_id: monitorId,
    alert_transition: transition,
    alert_priority: random.pick(['P1', 'P2', 'P3']),
    alert_title: title,
    alert_status: status,
    alert_metric: monitor.metric,
    alert_scope: `host:${host}`,
    alert_type: recovered ? 'success' : 'error',
    alert_cycle_key: random.hex(32),
    aggreg_key: random.hex(32),
    hostname: host,
    link,
    // A monitor's event is tagged `monitor` after its own tags (a 2020 delivery: "host:…,monitor").
    tags: `env:production,host:${host},service:${monitor.service},team:sre,monitor`,
  };
}

export const datadog = defineKind<DatadogPayload>({
  id: 'datadog-monitor',
  title: 'Datadog monitor webhook',
  bodyOrigin: 'template',
  template: 'Datadog',
  integrationType: 'alert',
  follows:
    'Datadog docs "Webhooks" integration (default payload and the $-variable list); alert-variable variants add the documented $ALERT_* variables; real deliveries published by receivers (Puppet Relay\'s 2020 test notification, InRes\'s 2025 Triggered delivery)',
  variants: [
    { id: 'default-body', description: 'the Webhooks tile\'s default payload, unchanged' },
    { id: 'triggered', description: 'default payload plus $ALERT_* / $HOSTNAME / $LINK / $TAGS, monitor triggered' },
    { id: 'recovered', description: 'the same template when the monitor recovers' },
  ],
  schema: datadogSchema,
  claims: { keys: ['last_updated'] },
  looksLike: (payload) =>
    isRecord(payload) &&
    typeof payload['body'] === 'string' &&
    typeof payload['event_type'] === 'string' &&
    'last_updated' in payload &&
    isRecord(payload['org']),
  generate,
  delivery: {
    success: '2xx',
    // Datadog docs "Webhooks": "Datadog only issues a retry if there is an internal error ... or if
    // Datadog receives a 5XX response"; a 429 is a 4xx, so final.
    retry: { maxAttempts: 6, initialDelayMs: 1000, backoff: 'exponential', retryOn: '5xx' },
    timeoutMs: 15_000,
    whkChoices: ['success', 'retry', 'user-agent'],
    auth: ['basic'],
    provenance: {
      documented: ['POST with the JSON payload (or form-encoded when "Encode as form" is set)', '15 s timeout per request', 'retried only on 5xx answers and internal errors (so a 429, like any 4xx, is final); missed connections are retried 5 times', 'custom headers and basic auth / OAuth 2.0 auth methods are configurable'],
      ours: ['success is any 2xx', '6 attempts with backoff from 1 s (the schedule is not documented)', 'User-Agent: whk (Datadog\'s is not documented)'],
    },
  },
  doubts: [
    'The payload is a user-editable template: the default body carries no status, priority, host or link; those fields come only from the alert-variable variants.',
    'Numbers ($DATE, $ID, $ORG_ID) arrive as strings because the template quotes them.',
    '$ALERT_TITLE follows the docs\' example ("[Triggered on {host:ip-012345}] Host is Down"): the transition and scope, then the monitor\'s name, as $EVENT_TITLE has them. Deliveries of 2019 kept in a public StackStorm pack\'s test (parse_datadog_event) show instead "<name> on <scope tags>", the bracketed prefix only in the event title; which one Datadog sends today is not settled. The recovered sample\'s "[Recovered on …]" is the event titles\' pattern; no published $ALERT_TITLE of a recovery, warning or no-data notification was found, and Warn, No Data, Re-Triggered and Renotify are not sampled.',
  ],
  mapping: alertMapping({
    title: 'title',
    severity: { path: 'alert_priority', default: 'unknown' },
    status: { path: 'alert_transition', default: 'unknown' },
    service: { path: 'hostname', default: 'unknown' },
    description: 'body',
    link: { path: 'link', default: 'https://app.datadoghq.com/event/explorer' },
    timestamp: 'date',
  }),
});
