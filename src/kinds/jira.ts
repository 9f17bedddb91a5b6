// Jira Cloud webhook (the Harness AI SRE "Jira" alert template): issue, comment and worklog
// callbacks, the event named by the body's webhookEvent. Incident issues belong to jira-incident.
import { lazySchema } from '../util/zod.js';
import { defineJiraKind, issueSchema, jiraEventOf, type IssueFlavour } from './jira-webhook.js';

const SOFTWARE: IssueFlavour = {
  projects: [
    { key: 'SHOP', name: 'Storefront', typeKey: 'software' },
    { key: 'PAY', name: 'Payments', typeKey: 'software' },
    { key: 'OPS', name: 'Platform Operations', typeKey: 'business' },
  ],
  issueTypes: ['Bug', 'Story', 'Task'],
  statuses: [
    ['To Do', 'new'],
    ['In Progress', 'indeterminate'],
    ['In Review', 'indeterminate'],
    ['Done', 'done'],
  ],
  priorities: ['Highest', 'High', 'Medium', 'Low'],
  summaries: ['Checkout fails for carts over 50 items', 'Search results miss new products for an hour', 'Upgrade Postgres to 16', 'Invoice PDF shows the wrong currency', 'Flaky test in orders-worker'],
};

/**
 * The other events of the Cloud page's catalogue: whk does not model their entities, so a callback
 * naming one is checked as a Jira callback (timestamp and event) and nothing more.
 */
const ENVELOPE_ONLY_EVENTS = [
  'issue_property_set', 'issue_property_deleted', 'attachment_created', 'attachment_deleted', 'issuelink_created', 'issuelink_deleted',
  'issuetype_created', 'issuetype_updated', 'issuetype_deleted',
  'project_created', 'project_updated', 'project_deleted', 'project_soft_deleted', 'project_restored_deleted', 'project_archived', 'project_restored_archived',
  'jira:version_released', 'jira:version_unreleased', 'jira:version_created', 'jira:version_moved', 'jira:version_updated', 'jira:version_deleted',
  'filter_created', 'filter_updated', 'filter_deleted', 'user_created', 'user_updated', 'user_deleted',
  'option_voting_changed', 'option_watching_changed', 'option_unassigned_issues_changed', 'option_subtasks_changed', 'option_issuelinks_changed', 'option_timetracking_changed', 'option_timetracking_provider_changed',
  'sprint_created', 'sprint_deleted', 'sprint_updated', 'sprint_started', 'sprint_closed', 'board_created', 'board_updated', 'board_deleted', 'board_configuration_changed',
  'app_access_to_objects_blocked', 'app_access_to_objects_in_container_blocked', 'jira_expression_evaluation_failed',
  // The deprecated name worklog_updated replaces.
  'jira:worklog_updated',
] as const;
const envelopeSchema = lazySchema((z) => z.object({ timestamp: z.number().int().nonnegative(), webhookEvent: z.enum(ENVELOPE_ONLY_EVENTS) }).loose());

export const jira = defineJiraKind({
  id: 'jira',
  title: 'Jira Cloud webhook (issue, comment and worklog events)',
  template: 'Jira',
  integrationType: 'alert',
  follows:
    'Atlassian\'s Jira Cloud "Webhooks" page (events, headers, signature; its one jira:issue_updated example, as transcribed in brooswit-factory/catamorbius docs/jira-webhooks.md) and "New Jira Cloud webhook retry policy"; other events as captured in mattermost/mattermost-plugin-jira and zulip/zulip test fixtures',
  issue: issueSchema,
  flavour: SOFTWARE,
  worklogs: true,
  incidents: false,
  schemaFor: (payload, event) => ((ENVELOPE_ONLY_EVENTS as readonly string[]).includes(event ?? jiraEventOf(payload) ?? '') ? envelopeSchema() : undefined),
  doubts: [
    'Only issue, comment and worklog events are modelled; the other events of the Cloud catalogue (project, sprint, board, version, user...) are checked only as Jira callbacks (timestamp and webhookEvent), and whk cannot send them.',
    'Issues of an incident type ("[System] Incident") are detected as jira-incident, not jira.',
    'Worklog callbacks carry no issue, and the issue of the Atlassian docs\' own issue_updated example has no status field: where the issue\'s summary or status is missing, the default mapping\'s title and status are the callback\'s webhookEvent (and a worklog\'s link its self), whk\'s choice.',
  ],
});
