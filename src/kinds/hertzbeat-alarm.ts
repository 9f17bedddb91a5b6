// Apache HertzBeat alert webhook: three payload generations (grouped 1.7.1+, flat 1.4.2–1.6.1,
// the Jackson entity up to 1.4.1), all validated; the grouped one is sent by default. The schemas are
// in hertzbeat-schemas.ts, the samples in hertzbeat-samples.ts, the template's bytes in
// hertzbeat-template.ts, the release lines in hertzbeat-releases.ts.
import { isRecord } from '../util/json.js';
import { defineKind, NO_RETRY } from './define.js';
import { HERTZBEAT_NEWEST_DELIVERY, HERTZBEAT_VERSIONS } from './hertzbeat-releases.js';
import { FLAT_TEMPLATES, generateHertzbeat, variantGeneration } from './hertzbeat-samples.js';
import { GENERATION_SCHEMAS, generationOf, hertzbeatAlarmSchema, type HertzbeatAlarm, type HertzbeatFlat, type HertzbeatGrouped } from './hertzbeat-schemas.js';
import { renderFlatTemplate, renderGroupedTemplate } from './hertzbeat-template.js';

/** The raw-template and flat-1.4.x variants go out as the template's own bytes, defects included. */
function render(payload: unknown, variant: string): string | undefined {
  const flatRelease = FLAT_TEMPLATES[variant];
  if (flatRelease) return generationOf(payload) === 'flat' ? renderFlatTemplate(payload as HertzbeatFlat, flatRelease) : undefined;
  if (!variant.startsWith('raw-template') || generationOf(payload) !== 'grouped') return undefined;
  return renderGroupedTemplate(payload as HertzbeatGrouped, variant === 'raw-template-1.7.0' ? '1.7.0' : '1.7.1');
}

export const hertzbeatAlarm = defineKind<HertzbeatAlarm>({
  id: 'hertzbeat-alarm',
  title: 'Apache HertzBeat alarm',
  // The grouped (1.7.1+) and flat (1.4.2–1.6.1) bodies are FreeMarker templates the user may edit;
  // up to 1.4.1 Jackson serialized the Alert entity, a body only a newer release changes.
  bodyOrigin: 'template',
  bodyOriginOf: (payload) => (generationOf(payload) === 'entity' ? 'sender-code' : 'template'),
  follows: 'Apache HertzBeat default webhook template 2-WebhookTemplate.txt of 1.7.1 and later (grouped), with the alert labels of RealTimeAlertCalculator (1.7.x) and MetricsRealTimeAlertCalculator (1.8.0) in the order their HashMap iterates (SingleAlert.clone keeps it); the flat 1.4.2–1.6.1 template (its tags as CalculateAlarm, AlarmCommonReduce and DbAlertStoreHandlerImpl fill them, in the order CalculateAlarm\'s HashMap and Alert.clone\'s LinkedHashMap leave them) and the ≤1.4.1 Jackson entity also validate',
  variants: [
    { id: 'grouped', description: 'HertzBeat 1.7.1+: a firing alert group (title, status, commonLabels, alerts[], commonAnnotations), its alerts labelled as from 1.8.0 (alertname, defineid, instance = host:port, instancename, severity)' },
    { id: 'grouped-resolved', description: 'HertzBeat 1.7.1+: the same group resolved (endAt set, triggerTimes reset to 1), 1.8.0\'s labels' },
    { id: 'flat', description: 'HertzBeat 1.4.2–1.6.1: the flat template (target app.metrics.field, alarmId, thresholdId, priority, content, triggerTime, tags monitorId, app, thresholdId, monitorName and monitorHost) as JSON, what 1.5.0–1.6.1 send (1.4.2–1.4.4: the flat-1.4.x variants)' },
    { id: 'entity', description: 'HertzBeat 1.3.2 to 1.4.1: the Alert entity serialized by Jackson (firstAlarmTime, gmtCreate as a date array, ...)' },
    { id: 'entity-oldest', description: 'HertzBeat up to 1.3.1: the entity with the oldest names (firstTriggerTime, lastTriggerTime, nextEvalInterval)' },
    { id: 'grouped-1.7.0', description: 'HertzBeat 1.7.0–1.7.2: the firing group with their labels: instance = the monitor id, instancehost = its host, no defineid' },
    { id: 'grouped-1.7.3', description: 'HertzBeat 1.7.3: the firing group with its labels: defineid added, instance still the monitor id, instancehost' },
    { id: 'flat-1.4.2', description: 'HertzBeat 1.4.2: the bytes its flat template renders: a trailing comma after the last tag, thresholdId unquoted, alarmId in the locale\'s grouping (9,921: not JSON past 999); no monitorHost tag' },
    { id: 'flat-1.4.3', description: 'HertzBeat 1.4.3: the bytes its flat template renders: a trailing comma after the last tag, thresholdId unquoted; no monitorHost tag' },
    { id: 'flat-1.4.4', description: 'HertzBeat 1.4.4: the bytes its flat template renders: thresholdId unquoted, the tags\' comma removed (" }"), a trailing comma only without tags; no monitorHost tag' },
    { id: 'raw-template', description: 'opt-in: the bytes the 1.7.1+ template really renders: a trailing comma (firing alert without annotations), commonLabels.alertName unescaped (a name with a quote breaks the JSON)' },
    { id: 'raw-template-1.7.0', description: 'opt-in: the bytes of the 1.7.0 template: a doubled comma before each optional time, alertName unescaped; 1.7.0\'s labels' },
  ],
  schema: hertzbeatAlarmSchema,
  // Its templates render a trailing comma (1.4.2–1.4.4, 1.7.1+) or doubled ones (1.7.0): see the raw-template and flat-1.4.x variants.
  sendsStrayCommas: true,
  claims: { keys: ['alerts', 'target'] },
  schemaFor: (payload) => {
    const generation = generationOf(payload);
    return generation ? GENERATION_SCHEMAS[generation]() : hertzbeatAlarmSchema();
  },
  looksLike: (payload) => {
    if (!isRecord(payload)) return false;
    // Alertmanager and Grafana share alerts/commonLabels/title but always carry groupKey and receiver.
    if (Array.isArray(payload['alerts'])) return ('commonLabels' in payload || 'title' in payload) && !('groupKey' in payload) && !('receiver' in payload);
    // The flat and entity generations share target + content; nothing else whk knows has both.
    return typeof payload['target'] === 'string' && ('content' in payload || 'triggerTime' in payload || 'alertDefineId' in payload);
  },
  generate: generateHertzbeat,
  render,
  senderVersions: HERTZBEAT_VERSIONS,
  lineConflict: (variant, line) => {
    const [sent, asked] = [variantGeneration(line), variantGeneration(variant)];
    if (sent === asked) return undefined;
    // 'sends flat alarms (1.4.2 to 1.6.1), not grouped alarms (1.7.0 and later)'.
    const alarms = (generation: string): string => generation.replace(' (', ' alarms (');
    return `sends ${alarms(sent)}, not ${alarms(asked)}`;
  },
  // The newest release's delivery (1.8.0: RestTemplate over OkHttp); other lines differ (see senderVersions).
  delivery: {
    success: 'below-400',
    retry: NO_RETRY,
    auth: ['basic', 'bearer'],
    ...HERTZBEAT_NEWEST_DELIVERY,
    provenance: {
      documented: [
        'POST, Content-Type: application/json (sender code)',
        'success is any status below 400; failures are logged, never retried (sender code)',
        'per release: 5 s timeouts and no redirects for a POST up to 1.5.x (HttpURLConnection); OkHttp from 1.6.0 (15 s/20 s), 6000 s in 1.6.1–1.8.0 (6 * 1000 passed as seconds), redirects followed; the JDK HttpClient from 1.9.0 (6 s, redirects followed)',
        'Connection: close set by its request interceptor in every release, sent up to 1.8.0; from 1.9.0 Spring\'s JdkClientHttpRequest drops it (buildRequest skips DISALLOWED_HEADERS: connection, content-length, expect, host, upgrade)',
        'from 1.9.0 the server runs on Java 25 or later (the root pom\'s java.version is 25), so its User-Agent is Java-http-client/25.x',
        'OkHttp (1.6.0–1.8.x) sends the request once more by itself after a 408 without Retry-After > 0, or a 503 with Retry-After: 0, to the URL that answered it (after a redirect, the redirected one), and counts its redirects and re-sends against one limit of 20 (OkHttp 4.12 RetryAndFollowUpInterceptor; retryOnConnectionFailure left at its default); the JDK clients take either as the answer',
        'optional Authorization: Basic <token> or Bearer <token> from 1.8.0',
        'User-Agent okhttp/4.12.0 from 1.6.0 to 1.8.x: OkHttp\'s own, okhttp.version 4.12.0 in the root pom.xml',
        'Accept-Encoding: gzip from 1.6.0 to 1.8.x, which OkHttp\'s BridgeInterceptor adds (WebHookAlertNotifyHandlerImpl sets none)',
        'from 1.6.0 to 1.8.x a body cut short fails the webhook: the answer is read as a String (postForEntity(…, String.class)) and OkHttp throws "unexpected end of stream" (Http1ExchangeCodec FixedLengthSource); the HttpURLConnection and JDK HttpClient lines are whk\'s choice (fails)',
      ],
      ours: [
        'the body is generated as strict JSON (the real template can leave a trailing comma) unless a raw-template variant is chosen',
        'the User-Agent names one JDK per line: Java/1.8.0_312 up to 1.1.0 (their openjdk:8-alpine images pin no update), Java/11.0.15 and Java/11.0.16 as the images of 1.1.1 and 1.1.2–1.5.x pin, Java-http-client/25.0.2 from 1.9.0; the real one carries the Java the server runs on',
        'the attempt deadline is the read timeout (the connect timeout is not modelled apart)',
        'OkHttp\'s re-send is shown as an attempt of its own, with a deadline of its own; no re-send after a failed connection (OkHttp\'s on another address of the host is not modelled: see the doubts)',
      ],
    },
  },
  doubts: [
    'RestTemplate (postForEntity with a String response) also sends an Accept header built from its message converters, whose value depends on the Spring release and the Jackson format jars on the classpath (text/plain, the XML, JSON and YAML types, */*); whk sends none. The JDK HttpClient of 1.9.0 may add an h2c upgrade (Connection: Upgrade, HTTP2-Settings; Upgrade: h2c) to a plain http URL, which whk does not send. Where 1.9.0 sends no Connection header, whk\'s HTTP client (undici) sends Connection: keep-alive, as it does on every request without Connection: close.',
    'The body is rendered from a user-editable FreeMarker template, so real payloads can have any shape; whk knows the default templates only.',
    'The grouped template can leave a trailing comma before "}" (a firing alert without annotations); validate repairs it and warns, in a text up to 1 MiB (whk\'s bound: a longer one is reported as not JSON).',
    'HertzBeat 1.7.0 emitted doubled commas (",,"); they are repaired the same way.',
    'The flat template of 1.4.2 and 1.4.3 leaves a trailing comma after the last tag, and 1.4.4 one after triggerTime (or restoreTime) when an alarm has no tags; repaired the same way. 1.4.2 writes alarmId in the locale\'s number format (781,929), which no repair makes JSON: its alarms past the 999th reach a receiver as a body that is not JSON.',
    'Times carry no zone (the server\'s zone); samples use UTC.',
    'An alert\'s labels are written in the order HertzBeat\'s HashMap iterates them (the calculator\'s HashMap<>(8), kept by SingleAlert.clone\'s LinkedHashMap to the template: hertzbeat-samples.ts), for the labels the samples carry. A monitor\'s own labels, a threshold\'s other labels or a metric field marked as a label join that map and can move the others; the samples have none. 1.7.3\'s six labels have two orders: JDK 21 and later (its Docker image, openjdk:21) size the putAll copy to 8 buckets, JDK 17 and 18 to 16, which puts instancehost after alertname; whk writes the image\'s.',
    'A flat alarm\'s tags (1.4.2–1.6.1) are written in the order HertzBeat\'s code leaves them: monitorId, app and thresholdId in their HashMap\'s order (app, monitorId, thresholdId), then monitorName and, from 1.5.0, monitorHost, appended to the LinkedHashMap Alert.clone made (hertzbeat-samples.ts). A threshold\'s own tags join that HashMap and can move the first three; a monitor\'s own tags come in the order the database returns them, which whk cannot know. A recovery notice (restored) adds monitorName and monitorHost to the firing alarm\'s HashMap itself, not a clone, so its five tags come in a HashMap\'s order (app, monitorHost, monitorId, thresholdId, monitorName), as does a 1.4.2–1.4.3 alarm with tags of its own when the threshold fires on its first match; whk\'s samples are firing alarms.',
    'A threshold\'s own tags and the monitor\'s own tags join a flat alarm\'s tags (the threshold\'s replace a monitorId, app or thresholdId of the same name; the monitor\'s only add names not yet there); the samples\' threshold and monitor have none. monitorName is the name the user gave the monitor; the samples use the one the 1.4.2–1.6.0 web UI proposes (LINUX_10.0.4.21), whk\'s pick.',
    'A flat alarm\'s content is the threshold\'s template, the user\'s text, with ${name} filled from the row\'s fields, app, metrics, metric and the threshold\'s tags (a missing one as "NullValue"); the samples\' template follows the example of HertzBeat\'s threshold doc, whk\'s pick.',
    'The official webhook doc still shows the flat shape with an ISO triggerTime described as epoch ms; the code sends "yyyy-MM-dd HH:mm:ss", which is what validates.',
    'HertzBeat 1.6.1 to 1.8.0 wait up to 6000 s (100 minutes) for an answer: the code writes 6 * 1000 and passes TimeUnit.SECONDS. A receiver that hangs holds the sender that long; whk honours it for those versions, and a per-attempt timeout override shortens it.',
    'OkHttp (1.6.0–1.8.x) also sends the request again after a failed connection or exchange (retryOnConnectionFailure, on by default; not after a protocol or certificate error, nor a read timeout once the request went out) when it has another route: another address of the host (in the order the sender\'s resolver gives them) or a proxy. Its other case, a stale pooled connection, does not arise: HertzBeat sends Connection: close, so OkHttp reuses no connection. whk never sends again after a failure, as OkHttp does not to a host of one address (an IP such as 127.0.0.1); for a name with several addresses, whether and where the sender tries again depends on its resolver, which whk cannot know.',
    'The JDK HttpClient of 1.9.0+ prefers HTTP/2 and may send an h2c upgrade on plain http URLs; whk sends HTTP/1.1.',
    'The entity generation (≤1.4.1) writes gmtCreate/gmtUpdate as Jackson date arrays ([2022,2,25,13,32,13]), RestTemplate\'s default; ISO strings validate too.',
    'The entity shape (≤1.4.1) is inferred from the Alert class and Jackson defaults; the doc\'s example says "tag" with numeric values, which is accepted too.',
  ],
});
