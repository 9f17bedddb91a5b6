// The kinds whk knows, each with the loader of its module: the one list to edit when adding a kind.
// Cheap enough for `whk --help` and flag checks: no kind's module (nor its schema) loads until asked.
import { UsageError } from '../errors.js';
import { suggestionHint } from '../util/suggest.js';
import type { Kind } from './types.js';

/** In listing order: the first generation, the monitoring tools (issue 9), the catalogue's senders (issues 14, 15). */
export const KIND_LOADERS = {
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
  jira: async () => (await import('./jira.js')).jira as Kind,
  'jira-incident': async () => (await import('./jira-incident.js')).jiraIncident as Kind,
  'octopus-deploy': async () => (await import('./octopus-deploy.js')).octopusDeploy as Kind,
  'harness-build': async () => (await import('./harness-build.js')).harnessBuild as Kind,
  'harness-deployment': async () => (await import('./harness-deployment.js')).harnessDeployment as Kind,
  'travis-ci': async () => (await import('./travis-ci.js')).travisCi as Kind,
  gitlab: async () => (await import('./gitlab.js')).gitlab as Kind,
  bitbucket: async () => (await import('./bitbucket.js')).bitbucket as Kind,
  opsgenie: async () => (await import('./opsgenie.js')).opsgenie as Kind,
  'new-relic': async () => (await import('./new-relic.js')).newRelic as Kind,
  dynatrace: async () => (await import('./dynatrace.js')).dynatrace as Kind,
  bigpanda: async () => (await import('./bigpanda.js')).bigpanda as Kind,
  'grafana-incident': async () => (await import('./grafana-incident.js')).grafanaIncident as Kind,
  'harness-slo': async () => (await import('./harness-slo.js')).harnessSlo as Kind,
  lacework: async () => (await import('./lacework.js')).lacework as Kind,
  servicenow: async () => (await import('./servicenow.js')).servicenow as Kind,
  'servicenow-incident': async () => (await import('./servicenow-incident.js')).servicenowIncident as Kind,
  alertsite: async () => (await import('./alertsite.js')).alertsite as Kind,
} satisfies Record<string, () => Promise<Kind>>;

export type KindId = keyof typeof KIND_LOADERS;
export const KIND_IDS = Object.keys(KIND_LOADERS) as readonly KindId[];

/** The one error for a kind id that is not known, naming the kinds. */
export function unknownKindError(id: string): UsageError {
  return new UsageError(`unknown kind '${id}'`, knownKindsHint(id), 'kind');
}

/** The kinds, the one nearest an unknown `id` first: the hint wherever a kind id is not known. */
export function knownKindsHint(id: string): string {
  return suggestionHint(id, KIND_IDS, `known kinds: ${KIND_IDS.join(', ')}`);
}
