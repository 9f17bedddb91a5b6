// Realistic Prometheus-style alerts shared by the Alertmanager and Grafana samples, and the small
// pieces both need: label intersections, values as text (Go's own formats are in go-format.ts).
import type { Random } from '../util/prng.js';

export interface AlertTemplate {
  alertname: string;
  severity: 'critical' | 'warning' | 'info';
  job: string;
  service: string;
  team: string;
  expr: string;
  summary: (instance: string) => string;
  description: (instance: string, value: string) => string;
  value: (random: Random) => number;
  instances: readonly string[];
}

export const ALERTS: readonly AlertTemplate[] = [
  {
    alertname: 'HighErrorRate',
    severity: 'critical',
    job: 'checkout-api',
    service: 'checkout',
    team: 'payments',
    expr: 'sum by (instance) (rate(http_requests_total{job="checkout-api",code=~"5.."}[5m])) / sum by (instance) (rate(http_requests_total{job="checkout-api"}[5m])) > 0.05',
    summary: (instance) => `High 5xx error rate on ${instance}`,
    description: (instance, value) => `${value}% of requests to ${instance} failed with a 5xx status over the last 5 minutes.`,
    value: (random) => 5 + random.next() * 20,
    instances: ['10.42.3.17:8080', '10.42.5.9:8080', '10.42.7.120:8080'],
  },
  {
    alertname: 'HighRequestLatencyP99',
    severity: 'warning',
    job: 'search-api',
    service: 'search',
    team: 'discovery',
    expr: 'histogram_quantile(0.99, sum by (le, instance) (rate(http_request_duration_seconds_bucket{job="search-api"}[5m]))) > 1.5',
    summary: (instance) => `p99 latency above 1.5s on ${instance}`,
    description: (instance, value) => `The 99th percentile request latency on ${instance} is ${value}s (threshold 1.5s).`,
    value: (random) => 1.5 + random.next() * 3,
    instances: ['search-api-7d9f8c6b5-x2k4q:9102', 'search-api-7d9f8c6b5-mz8wd:9102'],
  },
  {
    alertname: 'KubePodCrashLooping',
    severity: 'warning',
    job: 'kube-state-metrics',
    service: 'orders-worker',
    team: 'fulfilment',
    expr: 'max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff",job="kube-state-metrics"}[5m]) >= 1',
    summary: (instance) => `Pod ${instance} is crash looping`,
    description: (instance, value) => `Pod ${instance} has restarted ${value} times in the last 15 minutes (CrashLoopBackOff).`,
    value: (random) => 3 + Math.floor(random.next() * 9),
    instances: ['orders/orders-worker-5b7c9d8f4-q7lpn', 'orders/orders-worker-5b7c9d8f4-tw2hz'],
  },
  {
    alertname: 'NodeFilesystemAlmostFull',
    severity: 'critical',
    job: 'node-exporter',
    service: 'postgres-primary',
    team: 'platform',
    expr: 'node_filesystem_avail_bytes{job="node-exporter",fstype!="tmpfs",mountpoint="/var/lib/postgresql"} / node_filesystem_size_bytes < 0.05',
    summary: (instance) => `Filesystem on ${instance} has less than 5% space left`,
    description: (instance, value) => `/var/lib/postgresql on ${instance} has ${value}% space available.`,
    value: (random) => 1 + random.next() * 4,
    instances: ['db-1.prod.internal:9100', 'db-2.prod.internal:9100'],
  },
  {
    alertname: 'KafkaConsumerGroupLag',
    severity: 'warning',
    job: 'kafka-exporter',
    service: 'billing-events',
    team: 'billing',
    expr: 'sum by (consumergroup, instance) (kafka_consumergroup_lag{consumergroup="billing-events"}) > 10000',
    summary: (instance) => `Consumer group billing-events is lagging on ${instance}`,
    description: (instance, value) => `Consumer group billing-events is ${value} messages behind on ${instance}.`,
    value: (random) => 10_000 + Math.floor(random.next() * 90_000),
    instances: ['kafka-exporter-0:9308'],
  },
];

/** The key/value pairs every record shares (Alertmanager's commonLabels / commonAnnotations). */
export function common(records: readonly Record<string, string>[]): Record<string, string> {
  const [first, ...rest] = records;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first).filter(([key, value]) => rest.every((r) => r[key] === value)));
}

export function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
