// Loads one kind's module by its id, so a command about one named kind (sample, schema) does not
// load all ten schemas; detection, which needs them all, uses the registry in index.ts.
import { KIND_IDS, unknownKindError, type KindId } from './ids.js';
import type { Kind } from './types.js';

const LOADERS: Record<KindId, () => Promise<Kind>> = {
  'metric-alert': async () => (await import('./metric-alert.js')).metricAlert as Kind,
  impressions: async () => (await import('./impressions.js')).impressions as Kind,
  'metaplane-incident': async () => (await import('./metaplane-incident.js')).metaplaneIncident as Kind,
  'hertzbeat-alarm': async () => (await import('./hertzbeat-alarm.js')).hertzbeatAlarm as Kind,
  alertmanager: async () => (await import('./alertmanager.js')).alertmanager as Kind,
  'grafana-alert': async () => (await import('./grafana.js')).grafana as Kind,
  'pagerduty-incident': async () => (await import('./pagerduty.js')).pagerduty as Kind,
  'datadog-monitor': async () => (await import('./datadog.js')).datadog as Kind,
  'sentry-issue-alert': async () => (await import('./sentry.js')).sentry as Kind,
  'cloudwatch-alarm': async () => (await import('./cloudwatch.js')).cloudwatch as Kind,
  github: async () => (await import('./github.js')).github as Kind,
  gitlab: async () => (await import('./gitlab.js')).gitlab as Kind,
  bitbucket: async () => (await import('./bitbucket.js')).bitbucket as Kind,
};

const isKindId = (id: string): id is KindId => (KIND_IDS as readonly string[]).includes(id);

/** The kind with this id, loading only its module; a usage error naming the known kinds otherwise. */
export async function loadKind(id: string): Promise<Kind> {
  if (!isKindId(id)) throw unknownKindError(id);
  return LOADERS[id]();
}
