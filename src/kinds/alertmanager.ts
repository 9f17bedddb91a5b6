// Prometheus Alertmanager webhook (webhook_config, payload version 4): one group of alerts per POST.
import type { z } from 'zod';
import { isRecord } from '../util/json.js';
import { ALERTS, common, formatValue } from './alert-catalog.js';
import { goJson, goQueryEscape } from './go-format.js';
import { alertGroupMapping, alertGroupParts, alertTimes, annotationsOf, checkGroupStatus, statusOf } from './alert-group.js';
import { sampleInstant } from './common.js';
import { defineKind, type GenerateContext } from './define.js';
import { GO_NET_HTTP_REDIRECTS } from './http-clients.js';
import { lazySchema, type Built } from '../util/zod.js';

/** The group's schema, built on first use (util/zod.ts). */
export const alertmanagerSchema = lazySchema((z) => {
  const { alertFields, groupFields, stringMap } = alertGroupParts();
  const alertSchema = z
    .object({
      ...alertFields,
      // Listed by the v4 doc; older Alertmanager releases sent neither.
      generatorURL: z.string().optional(),
      fingerprint: z.string().optional(),
    })
    .loose();

  return z
    .object({
      ...groupFields,
      version: z.literal('4'),
      // Added with max_alerts; absent from older releases.
      truncatedAlerts: z.number().int().min(0).optional(),
      // template.Data since 0.32.0 (NotifyReason.String() in notify/notify.go: "first notification",
      // "new alerts added", "some alerts resolved", "all alerts resolved", "repeat interval elapsed",
      // "unknown") and since 0.34.0 (the route's templated labels, {} when it has none).
      notification_reason: z.string().optional(),
      routeLabels: stringMap.optional(),
      alerts: z.array(alertSchema).min(1),
    })
    .loose()
    .superRefine(checkGroupStatus);
});

export type AlertmanagerPayload = z.infer<Built<typeof alertmanagerSchema>>;

const RECEIVERS = ['incident-webhook', 'sre-oncall', 'platform-alerts'];
const EXTERNAL_URLS = ['http://alertmanager.monitoring.svc:9093', 'https://alertmanager.prod.example.com'];

// Prometheus evaluates a rule group at slots one interval apart, shifted by an offset fixed for the group
// (rules/group.go EvalTimestamp: base + hash % interval, in nanoseconds); an alert's startsAt is the
// evaluation that fired it and a resolved one's endsAt the evaluation that found it gone (rules/alerting.go:
// FiredAt = ts, ResolvedAt = ts; cmd/prometheus/main.go sendAlerts: StartsAt FiredAt, EndsAt ResolvedAt).
// So a rule's alerts share the sub-second part of their times, the group's evaluation offset. The
// interval is whk's choice: Prometheus's default evaluation_interval, 1m.
const EVALUATION_INTERVAL_MS = 60_000;

function generate({ random, variant }: GenerateContext): AlertmanagerPayload {
  const template = random.pick(ALERTS);
  const start = sampleInstant(random);
  const nanos = random.int(0, 999_999);
  const resolved = variant === 'resolved';
  const count = random.int(1, template.instances.length);
  const prometheus = random.pick(['http://prometheus-k8s-0.monitoring.svc:9090', 'https://prometheus.prod.example.com']);
  const alerts = template.instances.slice(0, count).map((instance, i) => {
    const value = formatValue(template.value(random));
    const startedAt = start + i * random.int(0, 2) * EVALUATION_INTERVAL_MS;
    return {
      status: statusOf(resolved),
      labels: { alertname: template.alertname, instance, job: template.job, service: template.service, severity: template.severity, team: template.team },
      annotations: annotationsOf(template, instance, value),
      ...alertTimes(random, startedAt, resolved, nanos),
      // Prometheus's TableLinkForExpression (util/strutil) escapes the rule's expression with url.QueryEscape.
      generatorURL: `${prometheus}/graph?g0.expr=${goQueryEscape(template.expr)}&g0.tab=1`,
      fingerprint: random.hex(16),
    };
  });
  return {
    receiver: random.pick(RECEIVERS),
    status: statusOf(resolved),
    alerts,
    groupLabels: { alertname: template.alertname },
    commonLabels: common(alerts.map((a) => a.labels)),
    commonAnnotations: common(alerts.map((a) => a.annotations)),
    externalURL: random.pick(EXTERNAL_URLS),
    version: '4',
    groupKey: `{}/{severity="${template.severity}"}:{alertname="${template.alertname}"}`,
    truncatedAlerts: 0,
  };
}

export const alertmanager = defineKind<AlertmanagerPayload>({
  id: 'alertmanager',
  title: 'Prometheus Alertmanager webhook',
  bodyOrigin: 'sender-code',
  template: 'AlertManager',
  integrationType: 'alert',
  follows: 'Prometheus Alertmanager configuration docs, <webhook_config> payload "version": "4" (prometheus.io/docs/alerting/latest/configuration/#webhook_config); its delivery from the source: notify/webhook/webhook.go, the Retrier and UserAgentHeader in notify/util.go, notify/retry_stage.go, and prometheus/common\'s HTTP client (follow_redirects)',
  variants: [
    { id: 'firing', description: 'a group of firing alerts (endsAt is Go\'s zero time)' },
    { id: 'resolved', description: 'the same group after every alert resolved (send_resolved: true)' },
  ],
  schema: alertmanagerSchema,
  claims: { keys: ['groupKey'] },
  // version "4" with a groupKey and no orgId: Grafana's payload has the same frame but orgId and version "1".
  looksLike: (payload) =>
    isRecord(payload) &&
    payload['version'] === '4' &&
    typeof payload['groupKey'] === 'string' &&
    Array.isArray(payload['alerts']) &&
    !('orgId' in payload),
  generate,
  // The body as notify/webhook/webhook.go writes it: json.NewEncoder(&buf).Encode(msg), Go's escapes and a newline.
  render: (payload) => `${goJson(payload)}\n`,
  delivery: {
    success: '2xx',
    // RetryStage (notify/notify.go in 0.28.1, notify/retry_stage.go later) retries with backoff's
    // ExponentialBackOff defaults (v4 in 0.28.1, v5 later, the same: 500 ms, x1.5, ±50 % jitter, at most
    // 60 s between tries, MaxElapsedTime 0) until the group's context ends; whk counts attempts instead.
    retry: { maxAttempts: 5, initialDelayMs: 500, backoff: 'exponential', retryOn: '5xx' },
    timeoutMs: 10_000,
    auth: ['basic', 'bearer'],
    // notify.UserAgentHeader: Alertmanager/<version>; whk names one release. No Accept-Encoding:
    // prometheus/common's transport sets DisableCompression (config/http_config.go), so Go adds none.
    userAgent: 'Alertmanager/0.28.1',
    // prometheus/common's HTTPClientConfig: follow_redirects defaults to true, over Go's net/http.
    followRedirects: true,
    redirects: GO_NET_HTTP_REDIRECTS,
    // notify/webhook/webhook.go Notify: defer notify.Drain(resp) (io.Copy to io.Discard, its error
    // dropped), then n.retrier.Check(resp.StatusCode, resp.Body), which reads no 2xx body and reads any
    // other whole with readAll, its error dropped (notify/util.go; the webhook's Retrier has no
    // CustomDetailsFunc since 0.28.0, #3800, and its errDetails before dropped the error too); before
    // 0.25.0 (#3103) Drain came first, its error dropped the same. So the status decides whether the
    // body ends early or stalls until the context's deadline ends the read.
    shortBody: 'status',
    stalledBody: 'status',
    whkChoices: ['retry', 'timeout', 'user-agent'],
    provenance: {
      documented: [
        'POST with a JSON body (webhook_config), written by Go\'s json.Encoder: <, > and & escaped as \\u003c, \\u003e, \\u0026, and a newline after it (notify/webhook/webhook.go)',
        'Content-Type: application/json (notify/util.go PostJSON)',
        'no gzip: the encoder\'s bytes go as the body and no Content-Encoding is set (notify/webhook/webhook.go, notify/util.go request)',
        'alerts are grouped: one request per group, at most max_alerts alerts, the rest counted in truncatedAlerts',
        'optional basic auth or Authorization header through http_config',
        'success is any 2xx; only 5xx and network errors are retried, a 429 or any other 4xx is final (notify/webhook/webhook.go and the Retrier in notify/util.go)',
        'User-Agent: Alertmanager/<version> (notify.UserAgentHeader)',
        'the status alone decides: the answer\'s body is drained and its read error dropped (notify/webhook/webhook.go Notify, notify.Drain), so a 2xx whose body is cut short is delivered',
        'a body that stalls changes nothing either: Retrier.Check goes by the status (notify/util.go: a 2xx is success before any body is read; any other status is decided before its body is read whole by readAll, whose error is dropped, the webhook\'s Retrier setting no CustomDetailsFunc), and the read, or the drain after a 2xx, ends with the context\'s deadline; so the attempt ends at the deadline with its status, a 2xx delivered, a 5xx retried, a 4xx final',
        'redirects followed as Go\'s net/http does (http_config follow_redirects, true by default): a 301–303 as a GET without the body, a 307/308 with it, at most 9 (the 10th fails)',
        'retries go on with exponential backoff (500 ms growing by 1.5 with jitter, at most 60 s apart) until the group\'s deadline, about its group_interval (notify/retry_stage.go)',
        'no timeout per attempt unless webhook_config sets `timeout` (0 by default): an attempt ends with that deadline (notify/webhook/webhook.go)',
      ],
      ours: [
        '5 attempts, waiting 0.5 s, 1 s, 2 s, 4 s (doubling, no jitter): Alertmanager counts no attempts, it retries until the deadline',
        '10 s timeout per attempt, which is also when an answer whose body stalls counts by its status (Alertmanager\'s deadline is the webhook\'s `timeout` or the group\'s)',
        'the version in the User-Agent (0.28.1): the real one carries the running release',
      ],
    },
  },

  doubts: [
    'generatorURL and fingerprint are required by the v4 doc but missing from older releases; both are optional here.',
    'notification_reason (0.32.0+; in the webhook_config doc since the fix of #5329) and routeLabels (0.34.0+, from its source and changelog only) are sent by those releases; no published delivery shows them yet, and the samples leave them out.',
    'The same group is re-sent every repeat_interval while it fires; repeats are expected, not duplicates.',
    'From 0.32.0 webhook_config can set `payload`, a map of Go templates whose JSON replaces this body (notify/webhook/webhook.go renderPayload, #5011; docs/configuration.md); only the default body is covered.',
  ],
  mapping: alertGroupMapping({ service: 'commonLabels.job', description: 'alerts[0].annotations.description' }),
});
