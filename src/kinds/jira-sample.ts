// Seeded sample callbacks of the Jira Cloud webhook: a site, people, an issue of the kind's flavour
// (software issues for jira, incidents for jira-incident) and the entity the event is about.
import type { Random } from '../util/prng.js';
import { sampleInstant } from './common.js';
import type { GenerateContext } from './define.js';

/** What a kind's issues look like: the project, issue types, statuses and summaries its samples use. */
export interface IssueFlavour {
  projects: readonly { key: string; name: string; typeKey: string }[];
  issueTypes: readonly string[];
  /** [status, status category key] pairs; the last one is where resolved issues go. */
  statuses: readonly (readonly [string, string])[];
  priorities: readonly string[];
  summaries: readonly string[];
}

const SITES = ['acme', 'globex-eng', 'initech', 'umbrella-ops'];
const PEOPLE = ['Priya Raman', 'Jonas Becker', 'Ana Sousa', 'Kenji Watanabe', 'Fatima Haddad', 'Lucas Moreau'];
const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Europe/Lisbon', 'America/Los_Angeles'];

/** Jira's own date-time format: milliseconds and an offset without a colon (2019-02-15T19:01:52.971-0800). */
function jiraTime(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

interface Site {
  base: string;
  random: Random;
  offset: number;
}

function user(site: Site, name: string) {
  const accountId = site.random.hex(24);
  const avatar = `https://secure.gravatar.com/avatar/${site.random.hex(32)}?d=mm`;
  return {
    self: `${site.base}/rest/api/2/user?accountId=${accountId}`,
    accountId,
    avatarUrls: { '48x48': `${avatar}&s=48`, '24x24': `${avatar}&s=24`, '16x16': `${avatar}&s=16`, '32x32': `${avatar}&s=32` },
    displayName: name,
    active: true,
    timeZone: site.random.pick(ZONES),
    accountType: 'atlassian' as const,
  };
}

function issueOf(site: Site, flavour: IssueFlavour, at: number, resolved: boolean, assignee: ReturnType<typeof user> | null, reporter: ReturnType<typeof user>) {
  const { random, base } = site;
  const project = random.pick(flavour.projects);
  const id = String(random.int(10_000, 99_999));
  const typeName = random.pick(flavour.issueTypes);
  const [statusName, category] = resolved ? (flavour.statuses[flavour.statuses.length - 1] as readonly [string, string]) : random.pick(flavour.statuses.slice(0, -1));
  const statusId = String(random.int(1, 10_100));
  const priority = random.pick(flavour.priorities);
  const created = at - random.int(5, 600) * 60_000;
  // An entity's self URL ends with its id, as in every captured Jira Cloud body (issuetype/10101 with id "10101").
  const typeId = String(random.int(10_000, 10_020));
  const projectId = String(random.int(10_000, 10_200));
  return {
    id,
    self: `${base}/rest/api/2/issue/${id}`,
    key: `${project.key}-${random.int(1, 4_000)}`,
    fields: {
      summary: random.pick(flavour.summaries),
      issuetype: { self: `${base}/rest/api/2/issuetype/${typeId}`, id: typeId, name: typeName, subtask: false },
      status: { self: `${base}/rest/api/2/status/${statusId}`, id: statusId, name: statusName, statusCategory: { key: category, name: category === 'done' ? 'Done' : category === 'new' ? 'To Do' : 'In Progress' } },
      // Null until a transition resolves the issue; then the resolution and its date, as the REST shape has them.
      resolution: resolved ? resolutionDone(base) : null,
      resolutiondate: resolved ? jiraTime(at, site.offset) : null,
      priority: { self: `${base}/rest/api/2/priority/${flavour.priorities.indexOf(priority) + 1}`, id: String(flavour.priorities.indexOf(priority) + 1), name: priority },
      project: { self: `${base}/rest/api/2/project/${projectId}`, id: projectId, key: project.key, name: project.name, projectTypeKey: project.typeKey },
      assignee,
      reporter,
      created: jiraTime(created, site.offset),
      updated: jiraTime(at, site.offset),
      description: `Reported at ${new Date(created).toISOString()}; see the linked dashboards.`,
      labels: random.chance(0.5) ? ['production'] : [],
    },
  };
}

/** What a sample jira:issue_updated callback changes: a field, the assignee, or the status to the resolved one. */
const UPDATES = ['edited', 'assigned', 'resolved'] as const;
type Update = (typeof UPDATES)[number];

/**
 * The issue_event_type_name each update arrives with. A transition that resolves an issue fires the
 * event its workflow's post function names: a captured Jira Cloud delivery of a move to Done carries
 * issue_generic (mattermost-plugin-jira webhook-issue-updated-resolved.json); issue_resolved comes only
 * from a transition that fires the Issue Resolved event, as Jira Server's classic Resolve Issue does
 * (webhook-server-issue-updated-resolved.json). The docs' own example of a field edit is issue_generic.
 */
const EVENT_TYPE_NAMES: Record<Update, string> = { edited: 'issue_generic', assigned: 'issue_assigned', resolved: 'issue_generic' };

/** Jira's resolution "Done" (id 10000 on the captured sites), set by the transition that resolves an issue. */
function resolutionDone(base: string) {
  return { self: `${base}/rest/api/2/resolution/10000`, id: '10000', description: 'Work has been completed on this issue.', name: 'Done' };
}

/** One Jira callback of the event, on an issue of the kind's flavour, all by the seed. */
export function generateJira({ random }: GenerateContext, event: string, flavour: IssueFlavour): Record<string, unknown> {
  const site: Site = { base: `https://${random.pick(SITES)}.atlassian.net`, random, offset: random.pick([-480, -300, 0, 60, 330]) };
  const at = sampleInstant(random);
  const actor = user(site, random.pick(PEOPLE));
  const reporter = user(site, random.pick(PEOPLE));
  const update = event === 'jira:issue_updated' ? random.pick(UPDATES) : undefined;
  const issue = issueOf(site, flavour, at, update === 'resolved', update === 'assigned' || random.chance(0.6) ? actor : null, reporter);
  const base = { timestamp: at, webhookEvent: event };
  if (event.startsWith('comment_')) {
    const created = jiraTime(at - (event === 'comment_created' ? 0 : random.int(1, 90) * 60_000), site.offset);
    const id = String(random.int(10_000, 99_999));
    const comment = { self: `${issue.self}/comment/${id}`, id, author: actor, body: random.pick(COMMENTS), updateAuthor: actor, created, updated: jiraTime(at, site.offset), jsdPublic: true };
    // A comment callback's issue is a summary of it: only these six fields, in captured Cloud deliveries.
    const { summary, issuetype, project, assignee, priority, status } = issue.fields;
    return { ...base, comment, issue: { ...issue, fields: { summary, issuetype, project, assignee, priority, status } } };
  }
  if (event.startsWith('worklog_')) {
    const hours = random.pick([1, 2, 4, 8]);
    const seconds = hours * 3600;
    const id = String(random.int(10_000, 99_999));
    const worklog = { self: `${issue.self}/worklog/${id}`, author: actor, updateAuthor: actor, comment: '', created: jiraTime(at, site.offset), updated: jiraTime(at, site.offset), started: jiraTime(at - seconds * 1000, site.offset), timeSpent: `${hours}h`, timeSpentSeconds: seconds, id, issueId: issue.id };
    return { ...base, worklog, isFromIssueLimitTransformation: false };
  }
  if (event === 'jira:issue_deleted') return { ...base, user: actor, issue };
  return { ...base, issue_event_type_name: update ? EVENT_TYPE_NAMES[update] : 'issue_created', user: actor, issue, changelog: changelogFor(random, update, issue.fields, actor, flavour) };
}

const COMMENTS = ['Rolled back to the previous release; error rate is back to normal.', 'Looking into it now.', 'Root cause is a missing index; fix in review.', 'Customer confirmed the workaround works.'];

/**
 * The changed fields. Fields that hold an entity (status, resolution, priority, assignee) carry its id
 * in from/to beside the names; text fields (summary) carry null there, as the docs' example shows.
 */
function changelogFor(random: Random, update: Update | undefined, fields: ReturnType<typeof issueOf>['fields'], assignee: { accountId: string; displayName: string }, flavour: IssueFlavour) {
  const item = (field: string, fromString: string | null, toString: string | null, from: string | null = null, to: string | null = null) => ({ field, fieldtype: 'jira', fieldId: field.toLowerCase(), from, fromString, to, toString });
  const working = flavour.statuses[1]?.[0] ?? 'In Progress';
  // A resolving transition sets the resolution and the status in one change, resolution first (the captured Cloud delivery).
  const items =
    update === 'assigned'
      ? [item('assignee', null, assignee.displayName, null, assignee.accountId)]
      : update === 'resolved'
        ? [item('resolution', null, fields.resolution?.name ?? 'Done', null, fields.resolution?.id ?? '10000'), item('status', working, fields.status.name, String(random.int(1, 10_100)), fields.status.id)]
        : update === 'edited'
          ? [item('summary', 'Investigate alert', fields.summary)]
          : [item('summary', null, fields.summary), item('priority', null, fields.priority.name, null, fields.priority.id)];
  return { id: String(random.int(10_000, 99_999)), items };
}
