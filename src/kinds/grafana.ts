// Grafana Alerting (unified alerting) webhook contact point: Alertmanager's frame plus orgId,
// silence/dashboard links and evaluated values per alert.
import type { z } from 'zod';
import { isRecord } from '../util/json.js';
import { ALERTS, common, formatValue } from './alert-catalog.js';
import { goFloat, goJson, goQuery } from './go-format.js';
import { alertGroupMapping, alertGroupParts, alertTimes, annotationsOf, checkGroupStatus, statusOf } from './alert-group.js';
import { round, sampleInstant } from './common.js';
import { defineKind, NO_RETRY, type GenerateContext } from './define.js';
import { grafanaMessage, grafanaTitle } from './grafana-template.js';
import { GO_NET_HTTP_REDIRECTS, GO_TRANSPORT_HEADERS } from './http-clients.js';
import { lazySchema, type Built } from '../util/zod.js';

/** The group's schema, built on first use (util/zod.ts). */
export const grafanaSchema = lazySchema((z) => {
  const { alertFields, groupFields } = alertGroupParts();
  const alertSchema = z
    .object({
      ...alertFields,
      generatorURL: z.string(),
      fingerprint: z.string(),
      silenceURL: z.string(),
      // "Will be deprecated soon" in the doc: accepted, not required.
      dashboardURL: z.string().optional(),
      panelURL: z.string().optional(),
      imageURL: z.string().optional(),
      // Sent by every version (no omitempty in grafana/alerting's ExtendedAlert): a map[string]float64, so
      // null when the rule set none (Go encodes a nil map so).
      values: z.record(z.string(), z.number()).nullable().optional(),
      valueString: z.string().optional(),
      // ExtendedAlert (grafana/alerting templates/template_data.go) also has these, omitted when empty:
      // orgId from Grafana 12.0, ruleUID from 12.4 (see the doubts); an older Grafana sends neither.
      orgId: z.number().int().optional(),
      ruleUID: z.string().optional(),
      embeddedImage: z.string().optional(),
      enrichments: z.unknown().optional(),
    })
    .loose();

  return z
    .object({
      ...groupFields,
      // ExtendedData.AppVersion (templates/template_data.go, omitempty): Grafana's build version, from 12.4.
      appVersion: z.string().optional(),
      orgId: z.number().int(),
      alerts: z.array(alertSchema).min(1),
      version: z.string(),
      truncatedAlerts: z.number().int().min(0),
      // Deprecated in the doc but still sent.
      title: z.string().optional(),
      state: z.string().optional(),
      message: z.string().optional(),
    })
    .loose()
    .superRefine(checkGroupStatus);
});

export type GrafanaPayload = z.infer<Built<typeof grafanaSchema>>;

const GRAFANA = 'https://grafana.example.com';
const ORG_ID = 1;
// appVersion is Grafana's setting.BuildVersion (grafana/grafana pkg/services/ngalert/notifier/alertmanager.go
// passes it as GrafanaAlertmanagerOpts.Version). Which release the sample claims is whk's choice: 12.4.3,
// a release of the 12.4 line, whose pinned grafana/alerting has all three of the fields this body adds.
const APP_VERSION = '12.4.3';
const TICK_MS = 10_000;
const FOLDERS = ['Production', 'Platform', 'Payments SLOs'];

function generate({ random, variant }: GenerateContext): GrafanaPayload {
  const template = random.pick(ALERTS);
  const resolved = variant === 'resolved';
  // Grafana evaluates rules on the ticks of its 10 s base interval and an alert starts (and ends) at
  // the tick that evaluated it (schedule/ticker/ticker.go, alert_rule.go: ProcessEvalResults(e.scheduledAt)).
  const start = Math.floor(sampleInstant(random) / TICK_MS) * TICK_MS;
  const ruleUid = `${random.hex(4)}${random.pick(['a', 'k', 'z'])}${random.hex(8)}`;
  const folder = random.pick(FOLDERS);
  const dashboardUid = random.hex(9);
  const panelId = random.int(2, 24);
  const receiver = random.pick(['incident-webhook', 'oncall-webhook']);
  const count = random.int(1, template.instances.length);
  const alerts = template.instances.slice(0, count).map((instance, i) => {
    const value = template.value(random);
    const labels = { alertname: template.alertname, grafana_folder: folder, instance, service: template.service, severity: template.severity, team: template.team };
    const startedAt = start + i * random.int(1, 6) * TICK_MS;
    const times = alertTimes(random, startedAt, resolved);
    const values = { A: round(value, 4), C: resolved ? 0 : 1 };
    // The dashboard's range: from an hour before the alert started to its end, or for a firing one to
    // when it was sent (whk's choice: five minutes after it started).
    const range = { from: String(startedAt - 3_600_000), to: String(resolved ? Date.parse(times.endsAt) : startedAt + 300_000) };
    const dashboardURL = `${GRAFANA}/d/${dashboardUid}?${goQuery({ ...range, orgId: String(ORG_ID) })}`;
    return {
      status: statusOf(resolved),
      labels,
      annotations: annotationsOf(template, instance, formatValue(value)),
      ...times,
      generatorURL: `${GRAFANA}/alerting/grafana/${ruleUid}/view?orgId=${ORG_ID}`,
      fingerprint: random.hex(16),
      silenceURL: `${GRAFANA}/alerting/silence/new?${goQuery({ alertmanager: 'grafana', matcher: silenceMatchers(ruleUid, labels), orgId: String(ORG_ID) })}`,
      dashboardURL,
      panelURL: `${GRAFANA}/d/${dashboardUid}?${goQuery({ ...range, orgId: String(ORG_ID), viewPanel: String(panelId) })}`,
      // extendAlert: the rule's __alert_rule_uid__ label (stripped from labels), and the __orgId__ annotation as a number.
      ruleUID: ruleUid,
      values,
      valueString: Object.entries(values).map(([refId, v]) => `[ var='${refId}' labels={instance=${instance}} value=${goFloat(v)} ]`).join(', '),
      orgId: ORG_ID,
    };
  });
  // The keys in the order json.Marshal writes webhookMessage (receivers/webhook/v1/webhook.go): the
  // embedded ExtendedData's fields first, then its own, orgId among them after truncatedAlerts.
  const group = {
    receiver,
    status: statusOf(resolved),
    alerts,
    groupLabels: { alertname: template.alertname, grafana_folder: folder },
    commonLabels: common(alerts.map((a) => a.labels)),
    commonAnnotations: common(alerts.map((a) => a.annotations)),
    externalURL: `${GRAFANA}/`,
    appVersion: APP_VERSION,
    version: '1',
    groupKey: `{}/{__grafana_autogenerated__="true"}/{__grafana_receiver__="${receiver}"}:{alertname="${template.alertname}", grafana_folder="${folder}"}`,
    truncatedAlerts: 0,
    orgId: ORG_ID,
  };
  return { ...group, title: grafanaTitle(group), state: resolved ? 'ok' : 'alerting', message: grafanaMessage(alerts) };
}

/**
 * The silence link's matchers as grafana/alerting's generateSilenceURL adds them: the rule's UID first,
 * then each label in order of name, less alertname and grafana_folder, which the UID stands for.
 */
function silenceMatchers(ruleUid: string, labels: Readonly<Record<string, string>>): string[] {
  const rest = Object.keys(labels).sort().filter((name) => name !== 'alertname' && name !== 'grafana_folder');
  return [`__alert_rule_uid__=${ruleUid}`, ...rest.map((name) => `${name}=${labels[name]}`)];
}

export const grafana = defineKind<GrafanaPayload>({
  id: 'grafana-alert',
  title: 'Grafana Alerting webhook',
  bodyOrigin: 'sender-code-or-template',
  template: 'Grafana',
  integrationType: 'alert',
  follows: 'Grafana docs "Configure the webhook notifier for Alerting" (Grafana 10–12, body and alert field tables) and "Template annotations and labels" (the value string); the alert fields and their links from grafana/alerting templates/template_data.go (ExtendedAlert, ExtendedData, generateSilenceURL, generateDashboardURL); its delivery from grafana/alerting: receivers/webhook/v1/webhook.go, http/client.go SendWebhook, http/tls.go NewTLSClient, http/hmac.go',
  variants: [
    { id: 'firing', description: 'alerts of one rule group firing (state "alerting")' },
    { id: 'resolved', description: 'the same alerts resolved (state "ok")' },
  ],
  schema: grafanaSchema,
  claims: { keys: ['orgId'] },
  // orgId is what tells Grafana from Alertmanager, whose payload has the same frame.
  looksLike: (payload) =>
    isRecord(payload) &&
    typeof payload['orgId'] === 'number' &&
    typeof payload['groupKey'] === 'string' &&
    typeof payload['receiver'] === 'string' &&
    Array.isArray(payload['alerts']),
  generate,
  // The body as receivers/webhook/v1/webhook.go writes it: json.Marshal, Go's escapes, no newline.
  render: (payload) => goJson(payload),
  delivery: {
    // grafana/alerting http/client.go SendWebhook: a 2xx is a success, anything else an error; and
    // receivers/webhook/v1/webhook.go Notify returns (false, err) on that error, which tells
    // Alertmanager's retry stage not to retry.
    success: '2xx',
    retry: NO_RETRY,
    // http/tls.go NewTLSClient: http.Client{Timeout: 30 s}, keep-alives off (Go then sends
    // Connection: close), no CheckRedirect (Go's default: redirects followed).
    timeoutMs: 30_000,
    auth: ['basic', 'bearer'],
    userAgent: 'Grafana',
    followRedirects: true,
    redirects: GO_NET_HTTP_REDIRECTS,
    connectionClose: true,
    // NewTLSClient's Transport leaves DisableCompression false, so Go's Transport asks for a gzipped
    // answer itself. Alertmanager's prometheus/common transport disables it.
    clientHeaders: GO_TRANSPORT_HEADERS,
    // http/client.go SendWebhook, as the 12.4 line pins it (grafana/alerting release-12.4.3), reads the answer
    // with io.ReadAll and returns its error before the status is looked at; main since #546 reads no 2xx body
    // (see the doubts).
    shortBody: 'fails',
    // http/hmac.go (Grafana 12.0+): with an HMAC secret on the contact point, a hex HMAC-SHA256 of the
    // body in X-Grafana-Alerting-Signature unless another header is named.
    signature: { scheme: 'grafana' },
    provenance: {
      documented: [
        'POST (PUT can be chosen) with the JSON body above, written by Go\'s json.Marshal: <, > and & escaped as \\u003c, \\u003e, \\u0026 (receivers/webhook/v1/webhook.go)',
        'optional basic auth or an Authorization header with a scheme (Bearer by default; receivers/webhook/v1/config.go), or an OAuth 2.0 client-credentials token, sent as Bearer (http/oauth2.go, grafana/alerting 3e20fda3, 2025-06)',
        'User-Agent: Grafana on every webhook request: NewClient\'s default in grafana/alerting http/client.go, which Grafana keeps (notify/grafana_alertmanager.go passes no client options)',
        'Content-Type: application/json, SendWebhook\'s default when the notifier names none (grafana/alerting http/client.go)',
        'no gzip: SendWebhook sends the body\'s bytes as they are and sets no Content-Encoding (grafana/alerting http/client.go)',
        'Accept-Encoding: gzip, which Go\'s Transport adds itself: NewTLSClient leaves DisableCompression false (grafana/alerting http/tls.go; net/http Transport.DisableCompression)',
        'title and message rendered by the default templates "default.title" and "default.message" (grafana/alerting templates/default_template.go)',
        'success is any 2xx (grafana/alerting http/client.go SendWebhook), once the body is read whole: io.ReadAll\'s error (a body cut short) fails the delivery first (as the 12.4 line pins it: grafana/alerting branch release-12.4.3)',
        'no retry: a failed webhook returns "do not retry" to the notification pipeline (grafana/alerting receivers/webhook/v1/webhook.go Notify)',
        'with a secret (Grafana 12.0+), X-Grafana-Alerting-Signature: hex HMAC-SHA256 of the body, or of "{timestamp}:{body}" when a timestamp header is named (grafana/alerting http/hmac.go, defaultHeaderName)',
        '30 s timeout per request, keep-alives off so each request says Connection: close, redirects followed as Go\'s net/http does: a 301–303 as a GET without the body, a 307/308 with it, at most 9 (grafana/alerting http/tls.go NewTLSClient)',
      ],
      ours: [],
    },
  },

  doubts: [
    'title, state, message, dashboardURL and panelURL are marked "will be deprecated soon"; they are optional here.',
    'A contact point may name its own signature header and a timestamp header (Grafana has none by default); a send with `secret` signs the default form, X-Grafana-Alerting-Signature over the body, and `whk sign grafana` takes the other header names.',
    'A custom payload template can replace this body entirely; only the default body is covered.',
    'grafana/alerting main reads no 2xx answer\'s body since #546 (625b02b6, 2026-05-19): the webhook sets no Validation, so a 2xx whose body is cut short is delivered there, and a failed answer\'s body is read to 1 KB only for the error. whk follows the 12.4 line (release-12.4.3 reads the body first, so the cut fails); which Grafana release first pins #546 is not settled here.',
    'One body for every Grafana release, as the 12.4 line and later send it (grafana/alerting main still has all three fields at 783ce041, 2026-08-06): it carries each alert\'s orgId and ruleUID and the top-level appVersion, which older releases do not send; this kind has no sender versions to choose from. orgId came with grafana/alerting cad0d384 (2025-04-11), the commit the Grafana 12.0 line pinned (grafana/grafana PR #110000 backports from it to 12.0.5; grafana/alerting\'s v11.6.x branch has no orgId). appVersion came with b7821017 (2025-12-31), ruleUID with e67cba60 (2026-01-26): both are in b5f69c55 (2026-02-06), which the 12.4 line pinned by April 2026 (grafana/grafana PR #122068 diffs 12.4.3 from it), and in none of grafana/alerting\'s v12.0.x–v12.3.x branches. Not settled here: whether 12.4.0 itself, not only a later 12.4 patch, pinned b5f69c55 (no go.mod of a 12.4 tag is at hand).',
  ],
  mapping: alertGroupMapping({ service: 'commonLabels.service', description: 'alerts[0].annotations.summary' }),
});
