// Jira Cloud webhook (the Harness AI SRE "Jira" alert template): issue, comment and worklog
// callbacks, the event named by the body's webhookEvent. Incident issues belong to jira-incident.
import { defineKind } from './define.js';
import { carriesIncident, isJiraCallback, issueSchema, jiraEventOf, jiraEvents, jiraHeaders, JIRA_DELIVERY, JIRA_DOUBTS, JIRA_MAPPING, type IssueFlavour } from './jira-webhook.js';

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

export const jira = defineKind({
  id: 'jira',
  title: 'Jira Cloud webhook (issue, comment and worklog events)',
  template: 'Jira',
  integrationType: 'alert',
  follows:
    'Atlassian\'s Jira Cloud "Webhooks" page (events, headers, signature; its one jira:issue_updated example, as transcribed in brooswit-factory/catamorbius docs/jira-webhooks.md) and "New Jira Cloud webhook retry policy"; other events as captured in mattermost/mattermost-plugin-jira and zulip/zulip test fixtures',
  events: jiraEvents(issueSchema, SOFTWARE, { worklogs: true }),
  eventOf: jiraEventOf,
  claims: { keys: ['webhookEvent'] },
  looksLike: (payload) => isJiraCallback(payload) && !carriesIncident(payload),
  requestHeaders: jiraHeaders,
  delivery: JIRA_DELIVERY,
  doubts: [
    ...JIRA_DOUBTS,
    'Only issue, comment and worklog events are modelled; project, sprint, board, version, user and other documented events are detected as jira but fail validation.',
    'Issues of an incident type ("[System] Incident") are detected as jira-incident, not jira.',
    'Worklog callbacks carry no issue, so the default mapping finds no title in them.',
  ],
  mapping: JIRA_MAPPING,
});
