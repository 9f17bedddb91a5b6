// The Harness AI SRE "Jira Incident" template: a Jira Cloud webhook about an issue of Jira Service
// Management's incident type. No published body exists; the frame is jira's, the issue an incident.
import { openFields } from './common.js';
import { defineJiraKind, issueFieldsSchema, issueSchema, type IssueFlavour } from './jira-webhook.js';
import { lazySchema } from '../util/zod.js';

/** An issue whose type names an incident ("[System] Incident", or a site's own name for it). */
// Extending makes new schemas: they are REST-shaped like jira's, so they stay open too.
const incidentIssueSchema = lazySchema(() =>
  openFields(
    issueSchema().extend({
      fields: openFields(
        issueFieldsSchema().extend({
          issuetype: openFields(issueFieldsSchema().shape.issuetype.unwrap().refine((type) => /incident/i.test(type.name), 'expected an incident issue type, e.g. "[System] Incident"')),
        }),
      ),
    }),
  ),
);

const SERVICE_MANAGEMENT: IssueFlavour = {
  projects: [
    { key: 'IM', name: 'Incident Management', typeKey: 'service_desk' },
    { key: 'ITSM', name: 'IT Service Management', typeKey: 'service_desk' },
  ],
  issueTypes: ['[System] Incident'],
  statuses: [
    ['Open', 'new'],
    ['Work in progress', 'indeterminate'],
    ['Pending', 'indeterminate'],
    ['Completed', 'done'],
  ],
  priorities: ['Highest', 'High', 'Medium', 'Low'],
  summaries: ['Checkout API returning 502 for EU customers', 'Payments provider timeouts above 5%', 'Login page down after the 14:00 deploy', 'Order emails delayed by over an hour', 'Search degraded: p99 above 3 s'],
};

export const jiraIncident = defineJiraKind({
  id: 'jira-incident',
  title: 'Jira Service Management incident (Jira Cloud webhook on an incident issue)',
  template: 'Jira Incident',
  integrationType: 'incident',
  follows:
    'No published body: the Jira Cloud webhook frame of the jira kind (the Service Management "Webhooks" page is the platform page), with issue.fields.issuetype the incident type "[System] Incident" as REST create-issue calls name it (Grafana OnCall\'s Jira template and other public code); Harness AI SRE "Configure Webhook Integration" for the template',
  issue: incidentIssueSchema,
  flavour: SERVICE_MANAGEMENT,
  worklogs: false,
  incidents: true,
  doubts: [
    'No published example of an incident webhook exists, neither from Atlassian nor for the Harness "Jira Incident" template: the body is inferred as an ordinary Jira issue webhook whose issue type is an incident type.',
    'The template\'s own field list and mapping are shown only in the Harness product; the default mapping here is whk\'s.',
    'Service Management automation webhooks (a separate mechanism: no webhookEvent, 5 s to connect, 20 s to answer, no retry) are not this kind.',
    'Incidents are told by the issue type name containing "incident"; a site that renames the type otherwise is detected as jira.',
  ],
});
