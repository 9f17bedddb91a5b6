// The Jira Cloud webhook frame `jira` and `jira-incident` share: the envelope and entity schemas,
// the events (named by the body's webhookEvent), the sample entities, the request headers and the
// delivery profile. The two kinds differ only in the issue they carry (an incident issue type or not).
import type { z } from 'zod';
import { randomFrom } from '../util/prng.js';
import { isRecord } from '../util/json.js';
import { alertMapping } from './alert-mapping.js';
import { openFields } from './common.js';
import { defineKind, type DeliveryDefinition, type EventDefinition } from './define.js';
import { generateJira, type IssueFlavour } from './jira-sample.js';
import type { IntegrationType, Kind } from './types.js';
import { lazySchema, zod } from '../util/zod.js';

export type { IssueFlavour } from './jira-sample.js';

// Entities as the REST API shapes them: the Jira Cloud "Webhooks" page gives the issue, user and
// comment as "the same shape returned from the Jira REST API" (the user without locale, emailAddress,
// groups and applicationRoles). Only the fields receivers use are named; the others are the REST
// shape's (resolution, fixVersions, customfield_*...), so openFields keeps validation from noting them.
/** Built on first use (util/zod.ts), as are the entities below. */
const userSchema = lazySchema((z) =>
  openFields(
    z
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
      .loose(),
  ),
);

export const issueFieldsSchema = lazySchema((z) => {
  const named = z.object({ self: z.string().optional(), id: z.string(), name: z.string() }).loose();
  const restNamed = <T extends z.ZodRawShape>(extra: T) => openFields(named.extend(extra));
  return openFields(
    z
      .object({
        summary: z.string(),
        issuetype: restNamed({ subtask: z.boolean().optional() }).optional(),
        status: restNamed({ statusCategory: openFields(z.object({ key: z.string(), name: z.string() }).loose()).optional() }).optional(),
        priority: restNamed({}).optional(),
        project: restNamed({ key: z.string(), projectTypeKey: z.string().optional() }).optional(),
        assignee: userSchema().nullable().optional(),
        reporter: userSchema().nullable().optional(),
        created: z.string().optional(),
        updated: z.string().optional(),
        // A string in REST v2 shapes; v3 would give an Atlassian Document Format object.
        description: z.union([z.string(), z.record(z.string(), z.unknown())]).nullable().optional(),
        labels: z.array(z.string()).optional(),
      })
      .loose(),
  );
});

export const issueSchema = lazySchema((z) => openFields(z.object({ id: z.string(), self: z.string(), key: z.string(), fields: issueFieldsSchema() }).loose()));

const changelogSchema = lazySchema((z) =>
  openFields(
    z
      .object({
        id: z.union([z.string(), z.number()]),
        items: z.array(
          openFields(
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
        ),
      })
      .loose(),
  ),
);

const commentSchema = lazySchema((z) =>
  openFields(
    z
      .object({
        self: z.string(),
        id: z.string(),
        author: userSchema(),
        body: z.union([z.string(), z.record(z.string(), z.unknown())]),
        updateAuthor: userSchema(),
        created: z.string(),
        updated: z.string(),
        jsdPublic: z.boolean().optional(),
      })
      .loose(),
  ),
);

const worklogSchema = lazySchema((z) =>
  openFields(
    z
      .object({
        self: z.string(),
        author: userSchema(),
        updateAuthor: userSchema(),
        comment: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
        created: z.string(),
        updated: z.string(),
        started: z.string(),
        timeSpent: z.string(),
        timeSpentSeconds: z.number().int(),
        id: z.string(),
        issueId: z.string(),
      })
      .loose(),
  ),
);

/** Fields any event may carry: REST-registered webhooks add matchedWebhookIds, bulk operations bulkOperationMetaData. */
const envelope = lazySchema((z) => ({
  timestamp: z.number().int().nonnegative(),
  matchedWebhookIds: z.array(z.number()).optional(),
  bulkOperationMetaData: z.unknown().optional(),
}));

const ISSUE_EVENTS = ['jira:issue_created', 'jira:issue_updated', 'jira:issue_deleted'] as const;
const COMMENT_EVENTS = ['comment_created', 'comment_updated', 'comment_deleted'] as const;
const WORKLOG_EVENTS = ['worklog_created', 'worklog_updated', 'worklog_deleted'] as const;
type IssueEvent = (typeof ISSUE_EVENTS)[number];
type CommentEvent = (typeof COMMENT_EVENTS)[number];
type WorklogEvent = (typeof WORKLOG_EVENTS)[number];

/**
 * An issue event's schema around the issue a kind accepts ("the user is always present" on issue events).
 * The event schemas are made when the kind's event is first read for its schema (define.ts), so zod is too.
 */
function issueEventSchema(event: IssueEvent, issue: z.ZodType) {
  const z = zod();
  return z
    .object({
      ...envelope(),
      webhookEvent: z.literal(event),
      // Absent on jira:issue_deleted in captured deliveries; issue_created, issue_generic, issue_assigned... otherwise.
      issue_event_type_name: event === 'jira:issue_deleted' ? z.string().optional() : z.string(),
      user: userSchema(),
      issue,
      // "Only provided for jira:issue_updated", yet captured issue_created deliveries carry one too.
      changelog: changelogSchema().optional(),
      // Jira Server puts the comment on issue_commented updates.
      comment: commentSchema().optional(),
    })
    .loose();
}

function commentEventSchema(event: CommentEvent, issue: z.ZodType) {
  const z = zod();
  return z.object({ ...envelope(), webhookEvent: z.literal(event), comment: commentSchema(), issue }).loose();
}

function worklogEventSchema(event: WorklogEvent) {
  const z = zod();
  return z.object({ ...envelope(), webhookEvent: z.literal(event), worklog: worklogSchema(), isFromIssueLimitTransformation: z.boolean().optional() }).loose();
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

/** The events of a kind, each with its schema (built when first read) around the kind's issue schema and a generator. */
function jiraEvents(issue: () => z.ZodType, flavour: IssueFlavour, options: { worklogs: boolean }): EventDefinition[] {
  const make = (id: IssueEvent | CommentEvent | WorklogEvent, schema: () => z.ZodType): EventDefinition => ({
    id,
    description: DESCRIPTIONS[id],
    schema,
    generate: (context) => generateJira(context, id, flavour),
  });
  return [
    ...ISSUE_EVENTS.map((id) => make(id, () => issueEventSchema(id, issue()))),
    ...COMMENT_EVENTS.map((id) => make(id, () => commentEventSchema(id, issue()))),
    ...(options.worklogs ? WORKLOG_EVENTS.map((id) => make(id, () => worklogEventSchema(id))) : []),
  ];
}

/** The event a Jira body names: its webhookEvent. */
export function jiraEventOf(payload: unknown): string | undefined {
  return isRecord(payload) && typeof payload['webhookEvent'] === 'string' ? payload['webhookEvent'] : undefined;
}

const MODELLED_EVENTS: ReadonlySet<string> = new Set([...ISSUE_EVENTS, ...COMMENT_EVENTS, ...WORKLOG_EVENTS]);

/**
 * Every Jira callback carries webhookEvent and an epoch-ms timestamp. One that names an event whk
 * models, or one of Jira's own `jira:` events, is Jira's whatever its timestamp holds, so a timestamp
 * that is not a number is an issue at $.timestamp, not an unknown sender (whk's choice: the event
 * names are Jira's, as its Webhooks page lists them; any other webhookEvent needs the timestamp too).
 */
function isJiraCallback(payload: unknown): payload is Record<string, unknown> {
  if (!isRecord(payload)) return false;
  const event = payload['webhookEvent'];
  return typeof event === 'string' && (typeof payload['timestamp'] === 'number' || MODELLED_EVENTS.has(event) || event.startsWith('jira:'));
}

/** Jira Service Management's incident issue type is "[System] Incident" (sites may rename it). */
function carriesIncident(payload: Record<string, unknown>): boolean {
  const issue = payload['issue'];
  const fields = isRecord(issue) ? issue['fields'] : undefined;
  const type = isRecord(fields) ? fields['issuetype'] : undefined;
  return isRecord(type) && typeof type['name'] === 'string' && /incident/i.test(type['name']);
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
function jiraHeaders(payload: unknown): Record<string, string> {
  const record = isRecord(payload) ? payload : {};
  const key = `${String(record['timestamp'])}|${String(record['webhookEvent'])}|${entityId(record)}`;
  return { 'User-Agent': 'Atlassian Webhook HTTP Client', 'X-Atlassian-Webhook-Identifier': randomFrom(key).uuid(), 'X-Atlassian-Webhook-Flow': 'Primary' };
}

/** Jira Cloud's delivery: retried on the documented statuses, with the retry count in a header. */
const JIRA_DELIVERY: DeliveryDefinition = {
  success: '2xx',
  retry: { maxAttempts: 6, initialDelayMs: 5 * 60_000, backoff: 'fixed', retryOn: 'server-errors', alsoRetried: [408, 409, 425], attemptHeader: { name: 'X-Atlassian-Webhook-Retry', counts: 'retries' } },
  timeoutMs: 20_000,
  atLeastOnce: true,
  userAgent: 'Atlassian Webhook HTTP Client',
  // Any 2xx is whk's reading too: no Atlassian page says which answers end a delivery.
  whkChoices: ['success', 'retry', 'timeout', 'user-agent'],
  signature: { scheme: 'jira' },
  provenance: {
    documented: [
      'one POST per callback with a JSON body: the Jira Cloud "Webhooks" page says a webhook sends a JSON callback by default, and Atlassian\'s "Webhook delivery success rate" page (Cloud Fortified apps program) calls a webhook an HTTP POST request from Atlassian\'s infrastructure',
      'retried when the answer is 408, 409, 425, 429 or 5xx, or the connection fails or times out, so a callback may arrive more than once and up to 30 minutes late, "subject to change" (Atlassian, "New Jira Cloud webhook retry policy", which points to the Webhooks page\'s #retry-policy)',
      'X-Atlassian-Webhook-Identifier: the same across retries, for deduplication (Jira Cloud "Webhooks" page)',
      'X-Atlassian-Webhook-Retry: the retry count, only on retried deliveries (same announcement and page)',
      'X-Atlassian-Webhook-Flow: Primary, or Secondary for side effects of bulk or cascading operations (Jira Cloud "Webhooks" page)',
      'with a secret set: X-Hub-Signature: sha256=<hex HMAC-SHA256 of the body> (Jira Cloud "Webhooks" page, WebSub style)',
    ],
    ours: [
      "whk's reading of third-party summaries of the Cloud docs: 5 retries 5 minutes apart, 25 minutes in all, inside the announcement's 30 (the summaries say up to five retries, 5 to 15 minutes apart); the Webhooks page's Retry policy section, which gives the official count and backoff, was not readable in the stored copies",
      'the 20 s timeout: a third-party table (Hookdeck) for platform webhooks; Atlassian documents 5 s to connect and 20 s to answer only for Service Management automation webhooks',
      'User-Agent: Atlassian Webhook HTTP Client, as public receivers match it; Atlassian does not document it',
      'Content-Type: application/json: no Atlassian page names the media type of a delivery (the Webhooks page shows application/json only in its requests that register a webhook)',
      'no gzip: neither the Webhooks page nor the retry announcement names compression or a Content-Encoding for a delivery',
      'the identifier as a UUID (its format is not documented) and X-Atlassian-Webhook-Flow: Primary on every sample',
      'success is any 2xx: whk\'s reading of the retry list (the announcement names the statuses retried, not those that end a delivery); Atlassian\'s "Webhook delivery success rate" page, a Cloud Fortified metric, counts only 200 and 204 as good',
    ],
  },
};

/** Doubts both Jira kinds share. */
const JIRA_DOUBTS = [
  'Unknown: the number of retries and the wait between them. Atlassian\'s announcement gives the retried statuses, the X-Atlassian-Webhook-Retry count and "up to 30 minutes" of delay, and points to the Cloud Webhooks page\'s Retry policy section for the rest; that section could not be read, and third-party summaries of it say up to five retries 5-15 minutes apart, so whk retries 5 times 5 minutes apart.',
  'A transition that resolves an issue arrives as issue_generic, as a captured Cloud delivery shows; a site whose workflow transition fires the Issue Resolved event sends issue_resolved instead (as Jira Server\'s classic workflow does). whk sends only issue_generic for it.',
  'Atlassian publishes one example body (jira:issue_updated); the other events follow deliveries captured as test fixtures by Mattermost and Zulip.',
  'Content-Type and User-Agent are undocumented; whk sends application/json and the User-Agent public receivers match.',
  'Webhooks that OAuth 2.0 apps register carry Authorization: Bearer <JWT> instead of X-Hub-Signature; whk does not send that.',
];

/**
 * The fields an incident platform extracts from a Jira callback. A worklog callback carries no issue
 * (and the docs' issue_updated example no status): title and status are then its webhookEvent, the
 * link its worklog's self (whk's choice: no page says what a template reads from one).
 */
const JIRA_MAPPING = alertMapping({
  title: { path: 'issue.fields.summary', orElse: ['webhookEvent'] },
  severity: 'issue.fields.priority.name',
  status: { path: 'issue.fields.status.name', orElse: ['webhookEvent'] },
  service: 'issue.fields.project.name',
  description: 'issue.fields.description',
  link: { path: 'issue.self', orElse: ['worklog.self'] },
  timestamp: { path: 'timestamp', type: 'number' },
});

/** What sets one Jira kind apart; the events, detection, headers, delivery and mapping are the frame's. */
export interface JiraKindSpec {
  id: string;
  title: string;
  template: string;
  integrationType: IntegrationType;
  follows: string;
  /** The issue the kind's issue and comment events carry: a lazySchema, built when an event's schema is. */
  issue: () => z.ZodType;
  flavour: IssueFlavour;
  /** Worklog callbacks carry no issue, so only a kind that takes any issue can have them. */
  worklogs: boolean;
  /** Whether the kind's issues are of an incident type: it decides detection between the two kinds. */
  incidents: boolean;
  schemaFor?(payload: unknown, event?: string): z.ZodType | undefined;
  doubts: readonly string[];
}

export function defineJiraKind(spec: JiraKindSpec): Kind {
  const { issue, flavour, worklogs, incidents, doubts, ...rest } = spec;
  return defineKind({
    ...rest,
    bodyOrigin: 'sender-code',
    events: jiraEvents(issue, flavour, { worklogs }),
    eventOf: jiraEventOf,
    claims: { keys: ['webhookEvent'] },
    looksLike: (payload) => isJiraCallback(payload) && carriesIncident(payload) === incidents,
    requestHeaders: jiraHeaders,
    delivery: JIRA_DELIVERY,
    doubts: [...doubts, ...JIRA_DOUBTS],
    mapping: JIRA_MAPPING,
  }) as Kind;
}
