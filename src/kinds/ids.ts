// The kind ids, without their schemas: cheap enough for `whk --help` and flag checks.
import { UsageError } from '../errors.js';
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
  'github',
  'gitlab',
  'bitbucket',
] as const;
export type KindId = (typeof KIND_IDS)[number];

/** The one error for a kind id that is not known, naming the kinds. */
export function unknownKindError(id: string): UsageError {
  return new UsageError(`unknown kind '${id}'`, `known kinds: ${KIND_IDS.join(', ')}`);
}
