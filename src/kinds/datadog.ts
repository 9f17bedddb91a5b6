// Datadog Webhooks integration: the tile's default JSON payload, with the $-variables most
// incident integrations add to it. Every value is a string because Datadog substitutes into a template.
import type { z } from 'zod';
import { sampleInstant } from './common.js';
import { pythonFloatRepr } from './python-format.js';
import { isRecord } from '../util/json.js';
import { alertMapping } from './alert-mapping.js';
import { defineKind, type GenerateContext } from './define.js';
import { lazySchema, type Built } from '../util/zod.js';

/** The webhook's schema, built on first use (util/zod.ts). */
export const datadogSchema = lazySchema((z) => {
  const epochMs = z.string().regex(/^\d{10,14}$/, 'expected epoch milliseconds as a string');
  const stringOrList = z.union([z.string(), z.array(z.string())]);

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
      // Datadog's $ALERT_SCOPE and $TAGS are comma-separated strings; Harness's Datadog template page
      // shows both as arrays of strings, which whk takes too.
      alert_scope: stringOrList.optional(),
      alert_type: z.string().optional(),
      alert_cycle_key: z.string().optional(),
      aggreg_key: z.string().optional(),
      hostname: z.string().optional(),
      link: z.string().optional(),
      tags: stringOrList.optional(),
    })
    .loose();
});

export type DatadogPayload = z.infer<Built<typeof datadogSchema>>;

const MONITORS = [
  { name: 'CPU usage high on {{host.name}}', metric: 'system.cpu.user', op: '>', threshold: 90, service: 'web-frontend' },
  { name: 'Checkout error rate above 5%', metric: 'trace.http.request.errors', op: '>', threshold: 5, service: 'checkout-api' },
  { name: 'Disk space low on {{host.name}}', metric: 'system.disk.in_use', op: '>', threshold: 0.9, service: 'postgres' },
  { name: 'Queue depth growing on orders', metric: 'aws.sqs.approximate_number_of_messages_visible', op: '>', threshold: 5000, service: 'orders-worker' },
];
const HOSTS = ['i-0a1b2c3d4e5f60718', 'web-03.prod', 'ip-10-20-3-44', 'db-1.prod'];

// The real deliveries whk's body follows: InRes's 2025 Triggered one (fixtures/datadog-monitor/inres-2025-triggered.json),
// the newest; Relay's 2020 test notification (relay-2020-test-notification.json) and a 2020 test notification
// captured for 303brendan/webhookToSnmp (webhooktosnmp-2020-test-notification.json). The metric monitors
// of 2025 and 2020 evaluate the last 5 minutes; so do the samples' (the links' window is known for that).
const EVALUATION = 'last 5m';

/** A date as the body's "last triggered at" writes it: "Wed Oct 01 2025 18:37:04 UTC" (all three deliveries). */
export function datadogBodyDate(ms: number): string {
  const [weekday, day, month, year, time] = new Date(ms).toUTCString().replace(',', '').split(' ');
  return `${weekday} ${month} ${day} ${year} ${time} UTC`;
}

interface BodyParts {
  message: string;
  monitorId: string;
  orgId: string;
  eventId: string;
  at: number;
  triggeredAt: number;
  snapshot: string;
  condition: string;
}

/** $EVENT_MSG of a metric monitor, in the form of InRes's 2025 delivery. */
function eventMessage(p: BodyParts): string {
  // 2025: links name the event (event_id, the payload's id) and say they came from a notification
  // (link_source=monitor_notif); the window runs from 15 minutes before the event to 5 after (1759342924000,
  // 1759343824000, 1759344124000). The 2020 deliveries' links (monitors#<id>?…, no event_id) still validate.
  const status = `https://app.datadoghq.com/monitors/${p.monitorId}?from_ts=${p.at - 900_000}&to_ts=${p.at + 300_000}&event_id=${p.eventId}&link_source=monitor_notif`;
  const day = new Date(p.at).toISOString().slice(0, 10);
  return [
    '%%%',
    p.message,
    '',
    // The metric graph's snapshot: org_<org id>/<the event's UTC day>/<40 hex digits>.png, linked to the status page (2025; webhookToSnmp's 2020 metric monitor has one too).
    `[![Metric Graph](https://p.datadoghq.com/snapshot/view/dd-snapshots-prod/org_${p.orgId}/${day}/${p.snapshot}.png)](${status})`,
    '',
    p.condition,
    '',
    // All three deliveries: the last trigger, then a rule, then the links.
    `The monitor was last triggered at ${datadogBodyDate(p.triggeredAt)}.`,
    '',
    '- - -',
    '',
    `[[Monitor Status](${status})] · [[Edit Monitor](https://app.datadoghq.com/monitors/${p.monitorId}/edit?link_source=monitor_notif)]`,
    '%%%',
  ].join('\n');
}

function generate({ random, variant }: GenerateContext): DatadogPayload {
  const monitor = random.pick(MONITORS);
  const host = random.pick(HOSTS);
  // Whole seconds, as $DATE and $LAST_UPDATED are in every delivery whk has (…824000, …985000, …621000).
  const at = Math.floor(sampleInstant(random) / 1000) * 1000;
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
  // Thresholds are floats with no unit: "> 100.0" (2025), "> 70.0", "> 0.1" (2020), Python's repr of them.
  // A recovery's "<=" is whk's reading: no published recovery of a threshold monitor was found.
  const condition = `${recovered ? '<=' : monitor.op} ${pythonFloatRepr(monitor.threshold)}`;
  const triggeredAt = recovered ? at - random.int(10, 90) * 60_000 : at;
  const body = eventMessage({
    message: `@webhook-incidents ${recovered ? 'Recovered' : 'Alert'}: ${name}`,
    monitorId,
    orgId,
    eventId,
    at,
    triggeredAt,
    snapshot: random.hex(40),
    condition: `**${monitor.metric}** over **host:${host}** was **${condition}** on average during the **${EVALUATION}**.`,
  });
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
    // The 2020 webhookToSnmp captures. $ALERT_STATUS: "system.cpu.system over *** was > 70.0 at all times during the last 5m**."
    // The threshold is theirs; the scope in full and no stray asterisks are whk's choice.
    alert_status: `${monitor.metric} over host:${host} was ${condition} on average during the ${EVALUATION}`,
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
    'Datadog docs "Webhooks" integration (default payload and the $-variable list); alert-variable variants add the documented $ALERT_* variables; real deliveries published by receivers (Puppet Relay\'s 2020 test notification, a 2020 test notification in 303brendan/webhookToSnmp\'s README, InRes\'s 2025 Triggered delivery, whose $EVENT_MSG form the samples\' body follows)',
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
    // Basic auth on the webhook, or an OAuth 2.0 client-credentials auth method whose token goes as a bearer.
    auth: ['basic', 'bearer'],
    provenance: {
      documented: [
        'POST with the JSON payload (or form-encoded when "Encode as form" is set)',
        '15 s timeout per request',
        'retried only on 5xx answers and internal errors (so a 429, like any 4xx, is final); missed connections are retried 5 times',
        'custom headers and basic auth are configurable on the webhook; an OAuth 2.0 client-credentials auth method too (Datadog API reference "Webhooks Integration": "Create an OAuth2 client credentials auth method", with access_token_url, client_id, client_secret, audience, scope)',
      ],
      ours: [
        'success is any 2xx',
        '6 attempts with backoff from 1 s (the schedule is not documented)',
        'User-Agent: whk (Datadog\'s is not documented)',
        'no gzip: the "Webhooks" doc names no compression or Content-Encoding, and no published delivery shows one',
        'the OAuth 2.0 token sent as Authorization: Bearer, OAuth 2.0\'s own way (RFC 6750): Datadog\'s pages name the auth method, not the header',
      ],
    },
  },
  doubts: [
    'The payload is a user-editable template: the default body carries no status, priority, host or link; those fields come only from the alert-variable variants.',
    'Numbers ($DATE, $ID, $ORG_ID) arrive as strings because the template quotes them.',
    'Harness\'s "Datadog Integration Webhook Template" page shows an example (a fixture) unlike any Datadog delivery: tags and alert_scope as arrays, a date in seconds, host_name and priority fields, made-up ids. Datadog documents $TAGS and $ALERT_SCOPE as comma-separated strings, which the samples send; whk takes both forms.',
    'The body ($EVENT_MSG) follows InRes\'s 2025 delivery, the newest published: message, metric graph, condition with a float threshold and no unit, "The monitor was last triggered at …", "- - -", then the Monitor Status and Edit Monitor links with event_id and link_source=monitor_notif. A monitor grouped by host may add group= and more links (View host, Show Processes) as the 2020 deliveries show; the samples carry neither. No published recovery of a threshold monitor was found: the recovered body\'s "<=" condition, graph and earlier last trigger are whk\'s reading.',
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
