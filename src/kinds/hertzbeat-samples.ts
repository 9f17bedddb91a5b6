// Sample HertzBeat alarms of each generation and release line, as each release's code fills them.
import type { Random } from '../util/prng.js';
import { sampleInstant } from './common.js';
import type { GenerateContext } from './define.js';
import type { FlatTemplateRelease } from './hertzbeat-template.js';
import type { HertzbeatAlarm, HertzbeatEntity, HertzbeatFlat, HertzbeatGrouped } from './hertzbeat-schemas.js';
import { inJavaHashMapOrder } from './java-hashmap.js';

// The variants of 1.4.2–1.4.4, whose flat template leaves a trailing comma or (1.4.2) a grouped alarmId.
export const FLAT_TEMPLATES: Readonly<Record<string, FlatTemplateRelease>> = { 'flat-1.4.2': '1.4.2', 'flat-1.4.3': '1.4.3', 'flat-1.4.4': '1.4.4' };

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
 * instance, host and ":" + its port parameter (MonitorServiceImpl.addMonitor).
 *
 * Their order on the wire is a HashMap's (apache/hertzbeat at v1.7.0, v1.7.3 and 1.8.0): calculate puts
 * the labels one by one, in the order of the objects below, into commonFingerPrints, a new HashMap<>(8),
 * then the threshold's labels (severity) with putAll; afterThresholdRuleMatch copies them with putAll into
 * alertLabels, another new HashMap<>(8), and sends newAlert.clone(): SingleAlert.clone goes through JSON
 * (JsonUtil's Jackson ObjectMapper), which writes the HashMap in its order and reads it back as a
 * LinkedHashMap. Nothing after reorders it: AlarmCommonReduce, AlarmGroupReduce and AlarmInhibitReduce
 * pass the same SingleAlert on, DbAlertStoreHandlerImpl.store persists it (the same object for a new
 * fingerprint), and AbstractAlertNotifyHandlerImpl.renderContent hands it to FreeMarker
 * (Configuration(VERSION_2_3_0), whose wrapper copies a map into a SimpleHash with HashMap.clone(), which
 * keeps a LinkedHashMap's order), where 2-WebhookTemplate.txt lists alert.labels?keys.
 * Five labels fit 8 buckets on any JDK. 1.7.3's six do not everywhere: JDK 17 and 18 pre-size a putAll
 * of 6 into an empty table to 16 buckets ((float) 6 / 0.75f + 1 = 9, rounded up to a power of two), JDK 21
 * and later to 8 (Math.ceil(6 / 0.75) = 8; JDK 25's own src.zip, JDK 21's HashMap.java as typetools/jdk21u
 * copies it). whk writes 8's order, that of the openjdk:21-slim-bullseye image 1.7.3 ships
 * (script/docker/server/Dockerfile); on JDK 17 instancehost comes last (see the kind's doubts).
 */
function alertLabels(release: LabelRelease, { rule, host, defineId, severity }: LabelSource, monitorId: string): Record<string, string> {
  const instancename = `${rule.app}-${host.split('.')[0]}`;
  if (release === '1.8.0') return inJavaHashMapOrder({ defineid: defineId, alertname: rule.alertname, instancename, instance: `${host}:${rule.port}`, severity }, 8);
  const defineid: Record<string, string> = release === '1.7.3' ? { defineid: defineId } : {};
  return inJavaHashMapOrder({ instance: monitorId, ...defineid, alertname: rule.alertname, instancename, instancehost: host, severity }, 8);
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
 * threshold and monitor have no tags of their own. Every value is a string (a Map<String, String>).
 *
 * Their order on the wire (apache/hertzbeat at the release commits of 1.4.2 (#1317), 1.4.3 (#1400),
 * 1.4.4 (#1475), 1.5.0 (#1538) and the tags v1.6.0, v1.6.1): from 1.4.4 CalculateAlarm puts the first
 * three into a new HashMap<>(8) and sends alert.clone() (Alert.clone goes through JSON with JsonUtil's
 * Jackson ObjectMapper: a LinkedHashMap in the HashMap's order), to which AlarmCommonReduce and
 * DbAlertStoreHandlerImpl append theirs; the default in-memory queue (common.queue.type memory) hands
 * DispatcherAlarm the same Alert, and AbstractAlertNotifyHandlerImpl.renderContent gives FreeMarker
 * (Configuration(VERSION_2_3_0): its SimpleHash copies a map with HashMap.clone()) the tags that
 * 2-WebhookTemplate.txt lists (<#list tags as key,value>). 1.4.2 and 1.4.3 use a new HashMap<>(6)
 * (8 buckets as well) and send the alert itself, not a clone, when a threshold fires on its first
 * match: the tags stay one HashMap, which FreeMarker's clone re-sizes to 8 buckets for four tags. For
 * these four both ways give the same order (test/fixtures/java/HashMapOrder.java).
 */
function flatTags(release: FlatTags, { monitorId, app, thresholdId, host }: Record<'monitorId' | 'app' | 'thresholdId' | 'host', string>): Record<string, string> {
  // The monitor's name as the web UI proposes it from 1.4.2 to 1.6.0 (monitor-new onHostChange: app in
  // upper case, "_", the host); the name is the user's, and 1.6.1 proposes a random one.
  const monitorName = `${app.toUpperCase()}_${host}`;
  return { ...inJavaHashMapOrder({ monitorId, app, thresholdId }, 8), monitorName, ...(release === '1.5.0' ? { monitorHost: host } : {}) };
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

/**
 * The Alert entity as Jackson wrote it (up to 1.4.1); `oldest` gives the names up to 1.3.1. A threshold
 * alarm: its target is app.metrics.field, as CalculateAlarm writes it from 1.0 (the v1.0 release commit,
 * #158) to 1.4.0 (#1168). An availability alarm, targeted "available" up to 1.3.0 and "availability"
 * from 1.3.1 (CommonConstants), with its own tags (metrics, code), is not generated.
 */
function entity(random: Random, oldest: boolean): HertzbeatEntity {
  const rule = random.pick(RULES);
  const host = random.pick(HOSTS);
  const firstMs = sampleInstant(random);
  const lastMs = firstMs + random.int(0, 30) * 60_000;
  const times = random.int(1, 5);
  return {
    id: random.int(1, 99_999),
    target: `${rule.app}.${rule.metrics}.${rule.field}`,
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

/**
 * The payload generation a variant belongs to: the shape a release line sends. entity and
 * entity-oldest are one generation, as grouped and grouped-1.7.0 are: the Alert entity's field
 * names changed in 1.3.2 as the grouped labels did in 1.8.0, what a release writes within it.
 */
export function variantGeneration(variant: string): 'grouped (1.7.0 and later)' | 'flat (1.4.2 to 1.6.1)' | 'entity (up to 1.4.1)' {
  if (variant.startsWith('entity')) return 'entity (up to 1.4.1)';
  return variant.startsWith('flat') ? 'flat (1.4.2 to 1.6.1)' : 'grouped (1.7.0 and later)';
}

/**
 * The variant's payload. What differs by release within a generation (the grouped alerts' labels, the
 * flat alarms' tags, the entity's field names) follows `line`, the release line asked for, when the variant is not its own
 * (a resolved alert from 1.7.0); else the variant's own release.
 */
export function generateHertzbeat({ random, variant, line = variant }: GenerateContext): HertzbeatAlarm {
  if (variant === 'flat' || variant in FLAT_TEMPLATES) return flat(random, line in FLAT_TEMPLATES ? '1.4.2' : '1.5.0');
  if (variant === 'entity' || variant === 'entity-oldest') return entity(random, line === 'entity-oldest');
  const labels = line === 'grouped-1.7.0' || line === 'raw-template-1.7.0' ? '1.7.0' : line === 'grouped-1.7.3' ? '1.7.3' : '1.8.0';
  return grouped(random, variant === 'grouped-resolved', variant.startsWith('raw-template'), labels);
}
