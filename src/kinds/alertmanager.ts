// Prometheus Alertmanager webhook (webhook_config, payload version 4): one group of alerts per POST.
import { z } from 'zod';
import { createRandom } from '../util/prng.js';
import { ALERTS, GO_ZERO_TIME, common, formatValue, goTime } from './alert-catalog.js';
import { pickVariant, sampleInstant } from './common.js';
import { isRecord } from '../util/json.js';
import { defineDelivery, type Kind } from './types.js';

const stringMap = z.record(z.string(), z.string());
const status = z.enum(['firing', 'resolved']);

const alertSchema = z
  .object({
    status,
    labels: stringMap,
    annotations: stringMap,
    startsAt: z.iso.datetime({ offset: true }),
    // Go's zero time (0001-01-01T00:00:00Z) while the alert has not ended.
    endsAt: z.iso.datetime({ offset: true }),
    // Listed by the v4 doc; older Alertmanager releases sent neither.
    generatorURL: z.string().optional(),
    fingerprint: z.string().optional(),
  })
  .loose();

export const alertmanagerSchema = z
  .object({
    version: z.literal('4'),
    groupKey: z.string(),
    // Added with max_alerts; absent from older releases.
    truncatedAlerts: z.number().int().min(0).optional(),
    status,
    receiver: z.string(),
    groupLabels: stringMap,
    commonLabels: stringMap,
    commonAnnotations: stringMap,
    externalURL: z.string(),
    alerts: z.array(alertSchema).min(1),
  })
  .loose()
  .superRefine((payload, ctx) => {
    // The group is firing while any of its alerts fires, resolved once all have resolved.
    const anyFiring = payload.alerts.some((alert) => alert.status === 'firing');
    if (payload.status === 'resolved' && anyFiring) {
      ctx.addIssue({ code: 'custom', path: ['status'], message: 'is resolved but an alert is still firing' });
    }
    if (payload.status === 'firing' && !anyFiring) {
      ctx.addIssue({ code: 'custom', path: ['status'], message: 'is firing but every alert is resolved' });
    }
  });

export type AlertmanagerPayload = z.infer<typeof alertmanagerSchema>;

const RECEIVERS = ['incident-webhook', 'sre-oncall', 'platform-alerts'];
const EXTERNAL_URLS = ['http://alertmanager.monitoring.svc:9093', 'https://alertmanager.prod.example.com'];

function generate(seed: number, variant: string): AlertmanagerPayload {
  const random = createRandom(seed);
  const template = random.pick(ALERTS);
  const start = sampleInstant(random);
  const resolved = variant === 'resolved';
  const count = random.int(1, template.instances.length);
  const prometheus = random.pick(['http://prometheus-k8s-0.monitoring.svc:9090', 'https://prometheus.prod.example.com']);
  const alerts = template.instances.slice(0, count).map((instance, i) => {
    const value = formatValue(template.value(random));
    const startedAt = start + i * random.int(15, 90) * 1000;
    return {
      status: resolved ? ('resolved' as const) : ('firing' as const),
      labels: { alertname: template.alertname, instance, job: template.job, service: template.service, severity: template.severity, team: template.team },
      annotations: {
        description: template.description(instance, value),
        runbook_url: `https://runbooks.example.com/alerts/${template.alertname.toLowerCase()}`,
        summary: template.summary(instance),
      },
      startsAt: goTime(startedAt, random),
      endsAt: resolved ? goTime(startedAt + random.int(5, 55) * 60_000, random) : GO_ZERO_TIME,
      generatorURL: `${prometheus}/graph?g0.expr=${encodeURIComponent(template.expr)}&g0.tab=1`,
      fingerprint: random.hex(16),
    };
  });
  const groupLabels = { alertname: template.alertname };
  return {
    receiver: random.pick(RECEIVERS),
    status: resolved ? 'resolved' : 'firing',
    alerts,
    groupLabels,
    commonLabels: common(alerts.map((a) => a.labels)),
    commonAnnotations: common(alerts.map((a) => a.annotations)),
    externalURL: random.pick(EXTERNAL_URLS),
    version: '4',
    groupKey: `{}/{severity="${template.severity}"}:{alertname="${template.alertname}"}`,
    truncatedAlerts: 0,
  };
}

export const alertmanager: Kind<AlertmanagerPayload> = {
  id: 'alertmanager',
  title: 'Prometheus Alertmanager webhook',
  follows: 'Prometheus Alertmanager configuration docs, <webhook_config> payload "version": "4" (prometheus.io/docs/alerting/latest/configuration/#webhook_config)',
  variants: [
    { id: 'firing', description: 'a group of firing alerts (endsAt is Go\'s zero time)' },
    { id: 'resolved', description: 'the same group after every alert resolved (send_resolved: true)' },
  ],
  defaultVariant: 'firing',
  schema: alertmanagerSchema,
  // version "4" with a groupKey and no orgId: Grafana's payload has the same frame but orgId and version "1".
  looksLike: (payload) =>
    isRecord(payload) &&
    payload['version'] === '4' &&
    typeof payload['groupKey'] === 'string' &&
    Array.isArray(payload['alerts']) &&
    !('orgId' in payload),
  sample: ({ seed, variant }) => generate(seed, pickVariant(alertmanager, variant)),
  delivery: defineDelivery({
    success: '2xx',
    retry: { maxAttempts: 5, initialDelayMs: 1000, backoff: 'exponential', retryOn: 'server-errors' },
    timeoutMs: 10_000,
    auth: ['basic', 'bearer'],
    provenance: {
      documented: [
        'POST with a JSON body (webhook_config)',
        'alerts are grouped: one request per group, at most max_alerts alerts, the rest counted in truncatedAlerts',
        'optional basic auth or Authorization header through http_config',
      ],
      ours: [
        'success is any 2xx; 5xx, 429 and network errors are retried, other 4xx are final (Alertmanager\'s notifier does this in code, the doc does not say)',
        '5 attempts with backoff from 1 s (Alertmanager retries until the next group_interval; the schedule is not documented)',
        '10 s timeout per attempt',
      ],
    },
  }),
  doubts: [
    'generatorURL and fingerprint are required by the v4 doc but missing from older releases; both are optional here.',
    'The same group is re-sent every repeat_interval while it fires; repeats are expected, not duplicates.',
  ],
  mapping: {
    fields: [
      { name: 'title', path: 'alerts[0].labels.alertname', type: 'string', required: true },
      { name: 'severity', path: 'commonLabels.severity', type: 'string', default: 'unknown' },
      { name: 'status', path: 'status', type: 'string', required: true },
      { name: 'service', path: 'commonLabels.job', type: 'string' },
      { name: 'description', path: 'alerts[0].annotations.description', type: 'string' },
      { name: 'link', path: 'alerts[0].generatorURL', type: 'string' },
      { name: 'timestamp', path: 'alerts[0].startsAt', type: 'string' },
    ],
  },
};
