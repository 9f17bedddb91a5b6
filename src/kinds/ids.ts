// The kind ids, without their schemas: cheap enough for `whk --help` and flag checks.
export const KIND_IDS = [
  'metric-alert',
  'impressions',
  'metaplane-incident',
  'hertzbeat-alarm',
  'alertmanager',
  'grafana-alert',
  'pagerduty-incident',
  'datadog-monitor',
  'sentry-issue-alert',
  'cloudwatch-alarm',
] as const;
export type KindId = (typeof KIND_IDS)[number];
