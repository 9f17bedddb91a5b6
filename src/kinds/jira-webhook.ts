// The Jira Cloud webhook frame `jira` and `jira-incident` share: the envelope and entity schemas,
// the events (named by the body's webhookEvent), the sample entities, the request headers and the
// delivery profile. The two kinds differ only in the issue they carry (an incident issue type or not).
import { z } from 'zod';
import { createRandom, type Random } from '../util/prng.js';
import { isRecord } from '../util/json.js';
import { sampleInstant } from './common.js';
import { alertMapping } from './alert-mapping.js';
import type { DeliveryDefinition, EventDefinition, GenerateContext } from './define.js';

// Entities as the REST API shapes them ("the same shape the REST API returns"); only the fields
// receivers use are named, the rest pass through.
const userSchema = z
  .object({
    self: z.string(),
    // Absent on Jira Server, and the Cloud docs' own example misspells it (accoundId).
    accountId: z.string().optional(),
    name: z.string().optional(),
    key: z.string().optional(),
    emailAddress: z.string().optional(),
    avatarUrls: z.record(z.string(), z.string()).optional(),
    displayName: z.string(),
    // The docs' example has "true" as a string.
    active: z.union([z.boolean(), z.enum(['true', 'false'])]),
    timeZone: z.string().optional(),
    accountType: z.enum(['atlassian', 'app', 'customer']).optional(),
  })
  .loose();

const named = z.object({ self: z.string().optional(), id: z.string(), name: z.string() }).loose();

export const issueFieldsSchema = z
  .object({
    summary: z.string(),
    issuetype: named.extend({ subtask: z.boolean().optional() }).optional(),
    status: named.extend({ statusCategory: z.object({ key: z.string(), name: z.string() }).loose().optional() }).optional(),
    priority: named.optional(),
    project: named.extend({ key: z.string(), projectTypeKey: z.string().optional() }).optional(),
    assignee: userSchema.nullable().optional(),
    reporter: userSchema.nullable().optional(),
    created: z.string().optional(),
    updated: z.string().optional(),
    // A string in REST v2 shapes; v3 would give an Atlassian Document Format object.
    description: z.union([z.string(), z.record(z.string(), z.unknown())]).nullable().optional(),
    labels: z.array(z.string()).optional(),
  })
  .loose();

export const issueSchema = z.object({ id: z.string(), self: z.string(), key: z.string(), fields: issueFieldsSchema }).loose();

const changelogSchema = z
  .object({
    id: z.union([z.string(), z.number()]),
    items: z.array(
      z
        .object({
          field: z.string(),
          fieldtype: z.string(),
          fieldId: z.string().optional(),
          from: z.string().nullable(),
          fromString: z.string().nullable(),
          to: z.string().nullable(),
          toString: z.string().nullable(),
        })
        .loose(),
    ),
  })
  .loose();

const commentSchema = z
  .object({
    self: z.string(),
    id: z.string(),
    author: userSchema,
    body: z.union([z.string(), z.record(z.string(), z.unknown())]),
    updateAuthor: userSchema,
    created: z.string(),
    updated: z.string(),
    jsdPublic: z.boolean().optional(),
  })
  .loose();

const worklogSchema = z
  .object({
    self: z.string(),
    author: userSchema,
    updateAuthor: userSchema,
    comment: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
    created: z.string(),
    updated: z.string(),
    started: z.string(),
    timeSpent: z.string(),
    timeSpentSeconds: z.number().int(),
    id: z.string(),
    issueId: z.string(),
  })
  .loose();

/** Fields any event may carry: REST-registered webhooks add matchedWebhookIds, bulk operations bulkOperationMetaData. */
const envelope = {
  timestamp: z.number().int().nonnegative(),
  matchedWebhookIds: z.array(z.number()).optional(),
  bulkOperationMetaData: z.unknown().optional(),
};

export const ISSUE_EVENTS = ['jira:issue_created', 'jira:issue_updated', 'jira:issue_deleted'] as const;
export const COMMENT_EVENTS = ['comment_created', 'comment_updated', 'comment_deleted'] as const;
export const WORKLOG_EVENTS = ['worklog_created', 'worklog_updated', 'worklog_deleted'] as const;
type IssueEvent = (typeof ISSUE_EVENTS)[number];
type CommentEvent = (typeof COMMENT_EVENTS)[number];
type WorklogEvent = (typeof WORKLOG_EVENTS)[number];

/** An issue event's schema around the issue a kind accepts ("the user is always present" on issue events). */
function issueEventSchema(event: IssueEvent, issue: z.ZodType) {
  return z
    .object({
      ...envelope,
      webhookEvent: z.literal(event),
      // Absent on jira:issue_deleted in captured deliveries; issue_created, issue_generic, issue_assigned... otherwise.
      issue_event_type_name: event === 'jira:issue_deleted' ? z.string().optional() : z.string(),
      user: userSchema,
      issue,
      // "Only provided for jira:issue_updated", yet captured issue_created deliveries carry one too.
      changelog: changelogSchema.optional(),
      // Jira Server puts the comment on issue_commented updates.
      comment: commentSchema.optional(),
    })
    .loose();
}

function commentEventSchema(event: CommentEvent, issue: z.ZodType) {
  return z.object({ ...envelope, webhookEvent: z.literal(event), comment: commentSchema, issue }).loose();
}

function worklogEventSchema(event: WorklogEvent) {
  return z.object({ ...envelope, webhookEvent: z.literal(event), worklog: worklogSchema, isFromIssueLimitTransformation: z.boolean().optional() }).loose();
}

const DESCRIPTIONS: Record<IssueEvent | CommentEvent | WorklogEvent, string> = {
  'jira:issue_created': 'an issue was created',
  'jira:issue_updated': 'an issue was updated (fields, assignee, status, a comment on Jira Server)',
  'jira:issue_deleted': 'an issue was deleted',
  comment_created: 'a comment was added to an issue',
  comment_updated: 'a comment was edited',
  comment_deleted: 'a comment was deleted',
  worklog_created: 'work was logged on an issue',
  worklog_updated: 'a worklog entry was edited',
  worklog_deleted: 'a worklog entry was deleted',
};

/** What a kind's issues look like: the project, issue types, statuses and summaries its samples use. */
export interface IssueFlavour {
  projects: readonly { key: string; name: string; typeKey: string }[];
  issueTypes: readonly string[];
  /** [status, status category key] pairs; the last one is where resolved issues go. */
  statuses: readonly (readonly [string, string])[];
  priorities: readonly string[];
  summaries: readonly string[];
}

/** The events of a kind, each with its schema around the kind's issue schema and a generator. */
export function jiraEvents(issue: z.ZodType, flavour: IssueFlavour, options: { worklogs: boolean }): EventDefinition[] {
  const make = (id: IssueEvent | CommentEvent | WorklogEvent, schema: z.ZodType): EventDefinition => ({
    id,
    description: DESCRIPTIONS[id],
    schema,
    generate: (context) => generateJira(context, id, flavour),
  });
  return [
    ...ISSUE_EVENTS.map((id) => make(id, issueEventSchema(id, issue))),
    ...COMMENT_EVENTS.map((id) => make(id, commentEventSchema(id, issue))),
    ...(options.worklogs ? WORKLOG_EVENTS.map((id) => make(id, worklogEventSchema(id))) : []),
  ];
}

/** The event a Jira body names: its webhookEvent. */
export function jiraEventOf(payload: unknown): string | undefined {
  return isRecord(payload) && typeof payload['webhookEvent'] === 'string' ? payload['webhookEvent'] : undefined;
}

/** Every Jira callback carries webhookEvent and an epoch-ms timestamp. */
export function isJiraCallback(payload: unknown): payload is Record<string, unknown> {
  return isRecord(payload) && typeof payload['webhookEvent'] === 'string' && typeof payload['timestamp'] === 'number';
}

/** Jira Service Management's incident issue type is "[System] Incident" (sites may rename it). */
export function carriesIncident(payload: Record<string, unknown>): boolean {
  const issue = payload['issue'];
  const fields = isRecord(issue) ? issue['fields'] : undefined;
  const type = isRecord(fields) ? fields['issuetype'] : undefined;
  return isRecord(type) && typeof type['name'] === 'string' && /incident/i.test(type['name']);
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
  return {
    id,
    self: `${base}/rest/api/2/issue/${id}`,
    key: `${project.key}-${random.int(1, 4_000)}`,
    fields: {
      summary: random.pick(flavour.summaries),
      issuetype: { self: `${base}/rest/api/2/issuetype/${random.int(10_000, 10_020)}`, id: String(random.int(10_000, 10_020)), name: typeName, subtask: false },
      status: { self: `${base}/rest/api/2/status/${statusId}`, id: statusId, name: statusName, statusCategory: { key: category, name: category === 'done' ? 'Done' : category === 'new' ? 'To Do' : 'In Progress' } },
      priority: { self: `${base}/rest/api/2/priority/${flavour.priorities.indexOf(priority) + 1}`, id: String(flavour.priorities.indexOf(priority) + 1), name: priority },
      project: { self: `${base}/rest/api/2/project/${random.int(10_000, 10_200)}`, id: String(random.int(10_000, 10_200)), key: project.key, name: project.name, projectTypeKey: project.typeKey },
      assignee,
      reporter,
      created: jiraTime(created, site.offset),
      updated: jiraTime(at, site.offset),
      description: `Reported at ${new Date(created).toISOString()}; see the linked dashboards.`,
      labels: random.chance(0.5) ? ['production'] : [],
    },
  };
}

const UPDATE_TYPES = ['issue_generic', 'issue_assigned', 'issue_resolved'] as const;

/** One Jira callback of the event, on an issue of the kind's flavour, all by the seed. */
function generateJira({ random }: GenerateContext, event: IssueEvent | CommentEvent | WorklogEvent, flavour: IssueFlavour): Record<string, unknown> {
  const site: Site = { base: `https://${random.pick(SITES)}.atlassian.net`, random, offset: random.pick([-480, -300, 0, 60, 330]) };
  const at = sampleInstant(random);
  const actor = user(site, random.pick(PEOPLE));
  const reporter = user(site, random.pick(PEOPLE));
  const updateType = event === 'jira:issue_updated' ? random.pick(UPDATE_TYPES) : undefined;
  const issue = issueOf(site, flavour, at, updateType === 'issue_resolved', updateType === 'issue_assigned' || random.chance(0.6) ? actor : null, reporter);
  const base = { timestamp: at, webhookEvent: event };
  if (event.startsWith('comment_')) {
    const created = jiraTime(at - (event === 'comment_created' ? 0 : random.int(1, 90) * 60_000), site.offset);
    const id = String(random.int(10_000, 99_999));
    const comment = { self: `${issue.self}/comment/${id}`, id, author: actor, body: random.pick(COMMENTS), updateAuthor: actor, created, updated: jiraTime(at, site.offset), jsdPublic: true };
    return { ...base, comment, issue };
  }
  if (event.startsWith('worklog_')) {
    const hours = random.pick([1, 2, 4, 8]);
    const seconds = hours * 3600;
    const id = String(random.int(10_000, 99_999));
    const worklog = { self: `${issue.self}/worklog/${id}`, author: actor, updateAuthor: actor, comment: '', created: jiraTime(at, site.offset), updated: jiraTime(at, site.offset), started: jiraTime(at - seconds * 1000, site.offset), timeSpent: `${hours}h`, timeSpentSeconds: seconds, id, issueId: issue.id };
    return { ...base, worklog, isFromIssueLimitTransformation: false };
  }
  if (event === 'jira:issue_deleted') return { ...base, user: actor, issue };
  return { ...base, issue_event_type_name: updateType ?? 'issue_created', user: actor, issue, changelog: changelogFor(random, updateType, issue.fields, actor.displayName) };
}

const COMMENTS = ['Rolled back to the previous release; error rate is back to normal.', 'Looking into it now.', 'Root cause is a missing index; fix in review.', 'Customer confirmed the workaround works.'];

function changelogFor(random: Random, type: (typeof UPDATE_TYPES)[number] | undefined, fields: ReturnType<typeof issueOf>['fields'], assignee: string) {
  const item = (field: string, fromString: string | null, toString: string | null) => ({ field, fieldtype: 'jira', fieldId: field.toLowerCase(), from: null, fromString, to: null, toString });
  const items =
    type === 'issue_assigned'
      ? [item('assignee', null, assignee)]
      : type === 'issue_resolved'
        ? [item('resolution', null, 'Done'), item('status', 'In Progress', fields.status.name)]
        : type === 'issue_generic'
          ? [item('summary', 'Investigate alert', fields.summary)]
          : [item('summary', null, fields.summary), item('priority', null, fields.priority.name)];
  return { id: String(random.int(10_000, 99_999)), items };
}

/** The entity an event is about, for an identifier that stays the same for the same callback. */
function entityId(payload: Record<string, unknown>): string {
  for (const key of ['comment', 'worklog', 'issue']) {
    const entity = payload[key];
    if (isRecord(entity) && typeof entity['id'] === 'string') return entity['id'];
  }
  return '';
}

/**
 * The headers Jira Cloud sends: the identifier (the same across retries, so it is derived from the
 * callback, not drawn per request), the flow, and the User-Agent receivers match on.
 */
export function jiraHeaders(payload: unknown): Record<string, string> {
  const record = isRecord(payload) ? payload : {};
  const key = `${String(record['timestamp'])}|${String(record['webhookEvent'])}|${entityId(record)}`;
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (Math.imul(hash, 31) + key.charCodeAt(i)) | 0;
  return { 'User-Agent': 'Atlassian Webhook HTTP Client', 'X-Atlassian-Webhook-Identifier': createRandom(hash).uuid(), 'X-Atlassian-Webhook-Flow': 'Primary' };
}

/** Jira Cloud's delivery: retried on the documented statuses, with the retry count in a header. */
export const JIRA_DELIVERY: DeliveryDefinition = {
  success: '2xx',
  retry: { maxAttempts: 6, initialDelayMs: 5 * 60_000, backoff: 'fixed', retryOn: 'server-errors', alsoRetried: [408, 409, 425], retryCountHeader: 'X-Atlassian-Webhook-Retry' },
  timeoutMs: 20_000,
  atLeastOnce: true,
  signature: { scheme: 'jira' },
  provenance: {
    documented: [
      'retried when the answer is 408, 409, 425, 429 or 5xx, or the connection fails or times out (Atlassian, "New Jira Cloud webhook retry policy"); so a callback may arrive more than once',
      'X-Atlassian-Webhook-Identifier: the same across retries, for deduplication (Jira Cloud "Webhooks" page)',
      'X-Atlassian-Webhook-Retry: the retry count, only on retried deliveries (same announcement and page)',
      'X-Atlassian-Webhook-Flow: Primary, or Secondary for side effects of bulk or cascading operations (Jira Cloud "Webhooks" page)',
      'with a secret set: X-Hub-Signature: sha256=<hex HMAC-SHA256 of the body> (Jira Cloud "Webhooks" page, WebSub style)',
    ],
    ours: [
      "whk's reading of third-party summaries of the Cloud docs: 5 retries 5 minutes apart (they say up to five retries, 5 to 15 minutes apart); the official count and backoff were not readable",
      'the 20 s timeout: a third-party table (Hookdeck) for platform webhooks; Atlassian documents 5 s to connect and 20 s to answer only for Service Management automation webhooks',
      'User-Agent: Atlassian Webhook HTTP Client, as public receivers match it; Atlassian does not document it',
      'the identifier as a UUID (its format is not documented) and X-Atlassian-Webhook-Flow: Primary on every sample',
      'success is any 2xx (implied by the retry list; the Cloud Fortified SLO counts 200 and 204)',
    ],
  },
};

/** Doubts both Jira kinds share. */
export const JIRA_DOUBTS = [
  'The retry count and timing are third-party readings of the Cloud docs (up to five retries, 5-15 minutes apart, up to 30 minutes late); whk retries 5 times 5 minutes apart.',
  'Atlassian publishes one example body (jira:issue_updated); the other events follow deliveries captured as test fixtures by Mattermost and Zulip.',
  'Content-Type and User-Agent are undocumented; whk sends application/json and the User-Agent public receivers match.',
  'Webhooks that OAuth 2.0 apps register carry Authorization: Bearer <JWT> instead of X-Hub-Signature; whk does not send that.',
];

/** The fields an incident platform extracts from a Jira issue callback. */
export const JIRA_MAPPING = alertMapping({
  title: 'issue.fields.summary',
  severity: 'issue.fields.priority.name',
  status: 'issue.fields.status.name',
  service: 'issue.fields.project.name',
  description: 'issue.fields.description',
  link: 'issue.self',
  timestamp: { path: 'timestamp', type: 'number' },
});
