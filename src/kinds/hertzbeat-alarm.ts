// Apache HertzBeat alert webhook: three payload generations (grouped 1.7.1+, flat 1.4.2–1.6.1,
// the Jackson entity up to 1.4.1), all validated; the grouped one is sent by default.
import { z } from 'zod';
import type { Random } from '../util/prng.js';
import { sampleInstant } from './common.js';
import { isRecord } from '../util/json.js';
import { defineKind, type GenerateContext, NO_RETRY } from './define.js';
import { HERTZBEAT_NEWEST_DELIVERY, HERTZBEAT_VERSIONS } from './hertzbeat-releases.js';
import { type FlatTemplateRelease, renderFlatTemplate, renderGroupedTemplate } from './hertzbeat-template.js';

// FreeMarker's 'yyyy-MM-dd HH:mm:ss' in the server's time zone: no 'T', no zone.
const hzbTime = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, { message: "expected a 'yyyy-MM-dd HH:mm:ss' time" });
// Jackson's LocalDateTime: by RestTemplate's default converter an array [y, M, d, H, m(, s(, nanos))]
// (WRITE_DATES_AS_TIMESTAMPS), or an ISO local string where dates were configured as text.
const localDateTime = z.union([
  z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/, { message: "expected an ISO local date-time like '2022-02-25T13:32:13'" }),
  z.array(z.number().int().min(0)).min(5).max(7),
]);
const stringMap = z.record(z.string(), z.string());
const priority = z.number().int().min(0).max(2);
const alarmStatus = z.number().int().min(0).max(3);

export const SEVERITIES = ['❤️ Critical', '💛 Warning', '💚 Info', 'Unknown'] as const;

export const groupedSchema = z
  .object({
    title: z.string(),
    // The template writes "UNKNOWN" when the group has no status.
    status: z.enum(['firing', 'resolved', 'UNKNOWN']),
    commonLabels: z.object({ severity: z.enum(SEVERITIES).optional(), alertName: z.string().optional() }).loose(),
    alerts: z.array(
      z
        .object({
          index: z.number().int().positive(),
          labels: stringMap,
          content: z.string().optional(),
          triggerTimes: z.number().int(),
          startAt: hzbTime,
          activeAt: hzbTime.optional(),
          endAt: hzbTime.optional(),
          annotations: stringMap.optional(),
        })
        .loose(),
    ),
    commonAnnotations: stringMap,
  })
  .loose()
  .superRefine((group, ctx) => {
    group.alerts.forEach((alert, i) => {
      if (alert.index !== i + 1) ctx.addIssue({ code: 'custom', path: ['alerts', i, 'index'], message: `must be ${i + 1} (1-based position in alerts)` });
    });
  });

export const flatSchema = z
  .object({
    target: z.string(),
    alarmId: z.number().int().optional(),
    // Quoted from 1.5.0 on; 1.4.2–1.4.4 wrote it unquoted.
    thresholdId: z.union([z.string(), z.number()]).optional(),
    priority: priority.optional(),
    content: z.string(),
    status: alarmStatus.optional(),
    times: z.number().int().optional(),
    triggerTime: hzbTime,
    restoreTime: hzbTime.optional(),
    tags: stringMap.optional(),
  })
  .loose();

const epochMs = z.number().int().nullable().optional();

export const entitySchema = z
  .object({
    id: z.number().int(),
    target: z.string(),
    alertDefineId: z.number().int().nullable(),
    priority,
    content: z.string(),
    status: alarmStatus,
    times: z.number().int(),
    // 1.3.2–1.4.1 name them *AlarmTime; up to 1.3.1 *TriggerTime. The doc example has neither.
    firstAlarmTime: epochMs,
    lastAlarmTime: epochMs,
    firstTriggerTime: epochMs,
    lastTriggerTime: epochMs,
    nextEvalInterval: epochMs,
    triggerTimes: z.number().int().nullable().optional(),
    tags: stringMap.nullable().optional(),
    // The doc's example says "tag" and shows numeric values.
    tag: z.record(z.string(), z.union([z.string(), z.number()])).nullable().optional(),
    creator: z.string().nullable().optional(),
    modifier: z.string().nullable().optional(),
    gmtCreate: localDateTime,
    gmtUpdate: localDateTime,
  })
  .loose();

export const hertzbeatAlarmSchema = z.union([groupedSchema, flatSchema, entitySchema]);

export type HertzbeatGrouped = z.infer<typeof groupedSchema>;
export type HertzbeatFlat = z.infer<typeof flatSchema>;
export type HertzbeatEntity = z.infer<typeof entitySchema>;
export type HertzbeatAlarm = z.infer<typeof hertzbeatAlarmSchema>;

export type Generation = 'grouped' | 'flat' | 'entity';

const GROUPED_KEYS = ['alerts', 'commonLabels', 'commonAnnotations', 'title'];
const ENTITY_KEYS = ['alertDefineId', 'gmtCreate', 'gmtUpdate', 'firstAlarmTime', 'lastAlarmTime', 'firstTriggerTime', 'lastTriggerTime'];
const FLAT_KEYS = ['target', 'triggerTime', 'alarmId', 'thresholdId', 'restoreTime'];

/** Which generation a payload claims by its keys, so only that generation's issues are reported. */
export function generationOf(payload: unknown): Generation | undefined {
  if (!isRecord(payload)) return undefined;
  const has = (keys: readonly string[]) => keys.some((key) => key in payload);
  if (has(GROUPED_KEYS)) return 'grouped';
  if (has(ENTITY_KEYS)) return 'entity';
  if (has(FLAT_KEYS)) return 'flat';
  return undefined;
}

const GENERATION_SCHEMAS = { grouped: groupedSchema, flat: flatSchema, entity: entitySchema } as const;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** 'yyyy-MM-dd HH:mm:ss' in UTC (HertzBeat uses the server's zone; samples fix it for reproducibility). */
export function hertzbeatTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Jackson's array form of a LocalDateTime: seconds only when not zero (no nanos: times come from the database). */
export function jacksonDateArray(ms: number): number[] {
  const d = new Date(ms);
  const parts = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];
  return d.getUTCSeconds() === 0 ? parts : [...parts, d.getUTCSeconds()];
}

// `port`: the default of the app's required port parameter (define/app-<app>.yml), which 1.8.0 adds to
// the monitor's instance. `metrics` and `field`: the metric set and field of define/app-<app>.yml the
// threshold watches (the same names from 1.4.2 to 1.6.1), which the flat alarm's target names.
const RULES = [
  { alertname: 'HighCPUUsage', metric: 'CPU usage', unit: '%', limit: 80, summary: 'High CPU usage detected', app: 'linux', port: 22, metrics: 'cpu', field: 'usage' },
  { alertname: 'HighMemoryUsage', metric: 'memory usage', unit: '%', limit: 90, summary: 'Memory nearly exhausted', app: 'linux', port: 22, metrics: 'memory', field: 'usage' },
  { alertname: 'SlowResponse', metric: 'response time', unit: 'ms', limit: 2000, summary: 'Website responds slowly', app: 'website', port: 80, metrics: 'summary', field: 'responseTime' },
  { alertname: 'DiskFull', metric: 'disk usage', unit: '%', limit: 85, summary: 'Disk almost full', app: 'linux', port: 22, metrics: 'disk_free', field: 'usage' },
  { alertname: 'MysqlConnections', metric: 'active connections', unit: '', limit: 500, summary: 'Too many MySQL connections', app: 'mysql', port: 3306, metrics: 'status', field: 'threads_connected' },
] as const;
const HOSTS = ['server1.example.com', '10.0.4.21', 'db-primary.internal', 'web-03.prod', '192.168.1.50'];
const SEVERITY_LABELS = [
  { raw: 'critical', display: '❤️ Critical' },
  { raw: 'warning', display: '💛 Warning' },
  { raw: 'info', display: '💚 Info' },
] as const;

/** The release whose alert labels a grouped sample carries: they changed in 1.7.3 and 1.8.0. */
type LabelRelease = '1.7.0' | '1.7.3' | '1.8.0';

interface LabelSource {
  rule: (typeof RULES)[number];
  host: string;
  defineId: string;
  severity: string;
}

/**
 * An alert's labels as the real-time calculator builds them (RealTimeAlertCalculator up to 1.7.x,
 * MetricsRealTimeAlertCalculator from 1.8.0), with the threshold's own label severity. Up to 1.7.2:
 * instance is the monitor id (String.valueOf(metricsData.getId())) and instancehost the monitor's host;
 * 1.7.3 adds defineid (the threshold's id); 1.8.0 drops instancehost and sets instance to the monitor's
 * instance, host and ":" + its port parameter (MonitorServiceImpl.addMonitor). The order is whk's.
 */
function alertLabels(release: LabelRelease, { rule, host, defineId, severity }: LabelSource, monitorId: string): Record<string, string> {
  const instancename = `${rule.app}-${host.split('.')[0]}`;
  if (release === '1.8.0') return { alertname: rule.alertname, defineid: defineId, instance: `${host}:${rule.port}`, instancename, severity };
  const defineid: Record<string, string> = release === '1.7.3' ? { defineid: defineId } : {};
  return { alertname: rule.alertname, ...defineid, instance: monitorId, instancehost: host, instancename, severity };
}

function grouped(random: Random, resolved: boolean, raw = false, labels: LabelRelease = '1.8.0'): HertzbeatGrouped {
  const rule = random.pick(RULES);
  const severity = random.pick(SEVERITY_LABELS);
  const startMs = sampleInstant(random);
  const defineId = String(random.int(1, 400));
  const count = random.int(1, 3);
  const first = random.int(0, HOSTS.length - count);
  const hosts = HOSTS.slice(first, first + count);
  const alerts = hosts.map((host, i) => {
    const alertStart = startMs + i * random.int(1, 90) * 1000;
    const value = rule.limit + random.int(1, rule.limit / 4 + 1);
    return {
      index: i + 1,
      labels: alertLabels('1.8.0', { rule, host, defineId, severity: severity.raw }, ''),
      content: resolved
        ? `${rule.metric} on ${host} is back below ${rule.limit}${rule.unit}.`
        : `${rule.metric} on ${host} is ${value}${rule.unit}, above ${rule.limit}${rule.unit} for the last 5 minutes.`,
      // Reset to 1 on recovery.
      triggerTimes: resolved ? 1 : random.int(1, 6),
      startAt: hertzbeatTime(alertStart),
      activeAt: hertzbeatTime(alertStart + random.int(0, 120) * 1000),
      ...(resolved ? { endAt: hertzbeatTime(alertStart + random.int(5, 90) * 60_000) } : {}),
      // A threshold without annotations: the firing alert the template leaves a trailing comma in.
      ...(raw ? {} : { annotations: { summary: rule.summary } }),
    };
  });
  // Up to 1.7.x the instance label is the monitor's id (of SnowFlakeIdGenerator's size, as the flat
  // sample's monitorId), drawn last so that a line's sample differs from 1.8.0's in its labels only.
  if (labels !== '1.8.0') {
    alerts.forEach((alert, i) => (alert.labels = alertLabels(labels, { rule, host: hosts[i] ?? '', defineId, severity: severity.raw }, String(random.int(10 ** 14, 10 ** 15 - 1)))));
  }
  return {
    title: '🔔 HertzBeat Alert Notification',
    status: resolved ? 'resolved' : 'firing',
    commonLabels: { severity: severity.display, alertName: rule.alertname },
    alerts,
    commonAnnotations: raw ? {} : { summary: rule.summary },
  };
}

/** The flat lines' tags: 1.5.0 adds monitorHost (#1515, "alert notice add monitor host"). */
type FlatTags = '1.4.2' | '1.5.0';

/**
 * A threshold alarm's tags as 1.4.2–1.6.1 fill them: CalculateAlarm.afterThresholdRuleMatch (alerter) puts
 * monitorId (String.valueOf the monitor's long id), app and thresholdId (String.valueOf the threshold's
 * id), then the threshold's own tags, which replace any of the same name; AlarmCommonReduce adds the tags
 * bound to the monitor that are not there yet: monitorName (MonitorServiceImpl.addMonitor binds monitorId
 * and monitorName to every monitor) and the user's own; before the notice DbAlertStoreHandlerImpl.store
 * adds monitorName if still missing and, from 1.5.0, monitorHost (the monitor's host). The samples'
 * threshold and monitor have no tags of their own. Every value is a string (a Map<String, String>); the
 * order is whk's (the code's), since HertzBeat's HashMap keeps none.
 */
function flatTags(release: FlatTags, { monitorId, app, thresholdId, host }: Record<'monitorId' | 'app' | 'thresholdId' | 'host', string>): Record<string, string> {
  // The monitor's name as the web UI proposes it from 1.4.2 to 1.6.0 (monitor-new onHostChange: app in
  // upper case, "_", the host); the name is the user's, and 1.6.1 proposes a random one.
  const monitorName = `${app.toUpperCase()}_${host}`;
  return { monitorId, app, thresholdId, monitorName, ...(release === '1.5.0' ? { monitorHost: host } : {}) };
}

/** Java's Double.toString of a field's value (a number field is a Double): "91.0" for a whole number. */
const javaDouble = (n: number): string => (Number.isInteger(n) ? `${n}.0` : String(n));

/**
 * The flat alarm of a threshold: target app.metrics.field (CalculateAlarm), content the threshold's
 * template rendered by AlertTemplateUtil (${name} from the row's fields, app, metrics and metric, the
 * field's name). The template is the user's; whk's follows the example of home/docs/help/alert_threshold.md.
 */
function flat(random: Random, release: FlatTags): HertzbeatFlat {
  const rule = random.pick(RULES);
  const host = random.pick(HOSTS);
  const thresholdId = String(random.int(1, 400));
  const monitorId = String(random.int(10 ** 14, 10 ** 15 - 1));
  const alarmId = random.int(1, 999_999);
  const priority = random.int(0, 2);
  const times = random.int(1, 5);
  const triggerTime = hertzbeatTime(sampleInstant(random));
  // A percentage with one decimal, up to 100; a time or a count whole.
  const value = rule.unit === '%' ? (rule.limit * 10 + random.int(1, (100 - rule.limit) * 10)) / 10 : rule.limit + random.int(1, rule.limit / 4);
  return {
    target: `${rule.app}.${rule.metrics}.${rule.field}`,
    alarmId,
    thresholdId,
    priority,
    content: `${rule.app}.${rule.metrics}.${rule.field} Metric's value is ${javaDouble(value)}, greater than ${rule.limit} triggers an alarm`,
    status: 0,
    times,
    triggerTime,
    tags: flatTags(release, { monitorId, app: rule.app, thresholdId, host }),
  };
}

/** The Alert entity as Jackson wrote it (up to 1.4.1); `oldest` gives the names up to 1.3.1. */
function entity(random: Random, oldest: boolean): HertzbeatEntity {
  const rule = random.pick(RULES);
  const host = random.pick(HOSTS);
  const firstMs = sampleInstant(random);
  const lastMs = firstMs + random.int(0, 30) * 60_000;
  const times = random.int(1, 5);
  return {
    id: random.int(1, 99_999),
    target: random.chance(0.5) ? 'available' : `${rule.app}.${rule.metric.replace(/ /g, '_')}`,
    alertDefineId: random.int(1, 400),
    priority: random.int(0, 2),
    content: `${rule.metric} on ${host} exceeded ${rule.limit}${rule.unit}`,
    status: 0,
    times,
    ...(oldest ? { firstTriggerTime: firstMs, lastTriggerTime: lastMs, nextEvalInterval: 0 } : { firstAlarmTime: firstMs, lastAlarmTime: lastMs, triggerTimes: times }),
    tags: { monitorId: String(random.int(10 ** 14, 10 ** 15 - 1)), monitorName: `${rule.app}_${host}` },
    creator: null,
    modifier: null,
    gmtCreate: jacksonDateArray(firstMs),
    gmtUpdate: jacksonDateArray(lastMs),
  };
}

function generate({ random, variant }: GenerateContext): HertzbeatAlarm {
  if (variant === 'flat') return flat(random, '1.5.0');
  if (variant in FLAT_TEMPLATES) return flat(random, '1.4.2');
  if (variant === 'entity' || variant === 'entity-oldest') return entity(random, variant === 'entity-oldest');
  const labels = variant === 'grouped-1.7.0' || variant === 'raw-template-1.7.0' ? '1.7.0' : variant === 'grouped-1.7.3' ? '1.7.3' : '1.8.0';
  return grouped(random, variant === 'grouped-resolved', variant.startsWith('raw-template'), labels);
}

// The variants of 1.4.2–1.4.4, whose flat template leaves a trailing comma or (1.4.2) a grouped alarmId.
const FLAT_TEMPLATES: Readonly<Record<string, FlatTemplateRelease>> = { 'flat-1.4.2': '1.4.2', 'flat-1.4.3': '1.4.3', 'flat-1.4.4': '1.4.4' };

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
  follows: 'Apache HertzBeat default webhook template 2-WebhookTemplate.txt of 1.7.1 and later (grouped), with the alert labels of RealTimeAlertCalculator (1.7.x) and MetricsRealTimeAlertCalculator (1.8.0); the flat 1.4.2–1.6.1 template (its tags as CalculateAlarm, AlarmCommonReduce and DbAlertStoreHandlerImpl fill them) and the ≤1.4.1 Jackson entity also validate',
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
    return generation ? GENERATION_SCHEMAS[generation] : hertzbeatAlarmSchema;
  },
  looksLike: (payload) => {
    if (!isRecord(payload)) return false;
    // Alertmanager and Grafana share alerts/commonLabels/title but always carry groupKey and receiver.
    if (Array.isArray(payload['alerts'])) return ('commonLabels' in payload || 'title' in payload) && !('groupKey' in payload) && !('receiver' in payload);
    // The flat and entity generations share target + content; nothing else whk knows has both.
    return typeof payload['target'] === 'string' && ('content' in payload || 'triggerTime' in payload || 'alertDefineId' in payload);
  },
  generate,
  render,
  senderVersions: HERTZBEAT_VERSIONS,
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
    'The body is rendered from a user-editable FreeMarker template, so real payloads can have any shape; whk knows the default templates only.',
    'The grouped template can leave a trailing comma before "}" (a firing alert without annotations); validate repairs it and warns, in a text up to 1 MiB (whk\'s bound: a longer one is reported as not JSON).',
    'HertzBeat 1.7.0 emitted doubled commas (",,"); they are repaired the same way.',
    'The flat template of 1.4.2 and 1.4.3 leaves a trailing comma after the last tag, and 1.4.4 one after triggerTime (or restoreTime) when an alarm has no tags; repaired the same way. 1.4.2 writes alarmId in the locale\'s number format (781,929), which no repair makes JSON: its alarms past the 999th reach a receiver as a body that is not JSON.',
    'Times carry no zone (the server\'s zone); samples use UTC.',
    'An alert\'s labels come from a Java HashMap, so their order on the wire is not the samples\' (whk\'s, alphabetical); grouped-resolved and raw-template carry 1.8.0\'s labels whichever sender version is chosen.',
    'A flat alarm\'s tags (1.4.2–1.6.1) are a Java HashMap too (Alert.clone copies them through JSON on the way), so their order on the wire is the map\'s, neither alphabetical nor the samples\': whk writes them in the order HertzBeat\'s code adds them (monitorId, app, thresholdId, monitorName, and monitorHost from 1.5.0), its own choice.',
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
