// GitHub repository and organization webhooks: one kind, its events named by X-GitHub-Event and its
// payloads judged by the maintained schemas of @octokit/webhooks-schemas (github-schemas.ts); samples
// are real published examples with their identities drawn from the seed (github-sample.ts).
import { isRecord } from '../util/json.js';
import { randomFrom, type Random } from '../util/prng.js';
import { schemaOfIssues, type AjvIssue } from './ajv-issues.js';
import { alertMapping } from './alert-mapping.js';
import { defineKind, type EventDefinition, type GenerateContext, NO_RETRY } from './define.js';
import { eventsJsonSchema, judge, SCHEMAS_PACKAGE } from './github-schemas.js';
import { seedPayload, varyPayload } from './github-sample.js';
import type { Variant } from './types.js';

/** The events whk samples, each with the actions it has a real example of (the first is the default). */
const EVENTS: readonly { id: string; description: string; actions: Readonly<Record<string, string>> }[] = [
  { id: 'push', description: 'commits or tags pushed to the repository', actions: {} },
  {
    id: 'pull_request',
    description: 'activity on a pull request',
    actions: { opened: 'a pull request opened', closed: 'a pull request closed (merged: true when it was merged)', synchronize: 'new commits pushed to the head branch of a pull request' },
  },
  { id: 'issues', description: 'activity on an issue', actions: { opened: 'an issue opened' } },
  { id: 'issue_comment', description: 'a comment on an issue or pull request', actions: { created: 'a comment created' } },
  { id: 'workflow_run', description: 'a GitHub Actions workflow run requested or completed', actions: { completed: 'a workflow run completed (see its conclusion)', requested: 'a workflow run requested' } },
  { id: 'workflow_job', description: 'a GitHub Actions job queued, started or completed', actions: { queued: 'a job queued', in_progress: 'a job started on a runner', completed: 'a job completed (see its conclusion)' } },
  { id: 'check_run', description: 'a check run created or completed', actions: { completed: 'a check run completed', created: 'a check run created' } },
  { id: 'check_suite', description: 'a check suite requested or completed', actions: { completed: 'all check runs of a suite completed', requested: 'a check suite requested (new code pushed)' } },
  { id: 'deployment', description: 'a deployment created', actions: { created: 'a deployment created' } },
  { id: 'deployment_status', description: "a deployment's status changed", actions: { created: 'a deployment status created' } },
  { id: 'release', description: 'a release published', actions: { published: 'a release published' } },
  { id: 'dependabot_alert', description: 'a Dependabot alert', actions: { created: 'a vulnerable dependency found' } },
  { id: 'code_scanning_alert', description: 'a code scanning alert', actions: { created: 'a code scanning alert created' } },
  { id: 'secret_scanning_alert', description: 'a secret scanning alert', actions: { reopened: 'a secret scanning alert reopened' } },
  { id: 'ping', description: 'the test delivery GitHub sends when a webhook is created', actions: {} },
];

/**
 * How each event looks without an X-GitHub-Event: the top-level keys its schema requires (and a
 * test of what they hold), the more specific first (a deployment_status also carries a deployment
 * and a check_run; an issue_comment also carries an issue). workflow_job comes before the deployment
 * events: in @octokit/webhooks-schemas 7.6 every workflow_job action may carry the deployment its job runs
 * for, and no other event has a workflow_job (octokit's example queued.with-deployment carries both).
 */
const SHAPES: readonly { event: string; keys: readonly string[]; holds?(payload: Record<string, unknown>): boolean }[] = [
  { event: 'ping', keys: ['zen', 'hook_id', 'hook'] },
  { event: 'push', keys: ['pusher', 'ref', 'commits', 'head_commit'] },
  { event: 'workflow_job', keys: ['workflow_job', 'action'] },
  { event: 'deployment_status', keys: ['deployment_status', 'deployment'] },
  { event: 'deployment', keys: ['deployment', 'action'] },
  { event: 'workflow_run', keys: ['workflow_run', 'workflow', 'action'] },
  { event: 'check_run', keys: ['check_run', 'action'] },
  { event: 'check_suite', keys: ['check_suite', 'action'] },
  { event: 'pull_request', keys: ['pull_request', 'number', 'action'], holds: (payload) => !('review' in payload) && !('comment' in payload) },
  { event: 'issue_comment', keys: ['issue', 'comment', 'action'] },
  { event: 'issues', keys: ['issue', 'action'] },
  { event: 'release', keys: ['release', 'action'] },
  { event: 'code_scanning_alert', keys: ['alert', 'action', 'commit_oid'], holds: (payload) => isRecord(payload['alert']) },
  { event: 'secret_scanning_alert', keys: ['alert', 'action'], holds: (payload) => isRecord(payload['alert']) && 'secret_type' in payload['alert'] },
  { event: 'dependabot_alert', keys: ['alert', 'action'], holds: ({ alert }) => isRecord(alert) && ('dependency' in alert || 'security_advisory' in alert) },
];

/** The event a payload is by its shape alone, when no X-GitHub-Event says it. */
export function githubEventOf(payload: unknown): string | undefined {
  if (!isRecord(payload)) return undefined;
  return SHAPES.find((shape) => shape.keys.every((key) => key in payload) && (shape.holds?.(payload) ?? true))?.event;
}

const NOT_AN_EVENT: AjvIssue = { path: [], message: `not a payload of a GitHub event whk knows (${EVENTS.map((e) => e.id).join(', ')}): no X-GitHub-Event header names one, and its keys are none of theirs (a capture record keeps the request's header; a payload file has only its keys)` };

const events: EventDefinition[] = EVENTS.map(({ id, description, actions }) => {
  const variants: Variant[] = Object.entries(actions).map(([action, about]) => ({ id: action, description: about }));
  return {
    id,
    description,
    schema: schemaOfIssues((payload) => judge(id, payload).issues),
    ...(variants.length > 0 ? { variants } : {}),
    generate: ({ random, variant }: GenerateContext) => varyPayload(seedPayload(id, variants.length > 0 ? variant : undefined), random),
  };
});

/** From 1582-10-15, where a version-1 UUID's clock starts, to the Unix epoch, in its 100 ns ticks. */
const UUID_CLOCK_TO_UNIX = 122_192_928_000_000_000n;

/**
 * A delivery GUID laid out as every published one is: a version-1, time-based UUID (the docs' example
 * delivery 72d3162e-cc78-11e3-…, the REST API's delivery example 58474f00-b361-11eb-…). Its time (in
 * 2024 or 2025) and its clock sequence and node are drawn, as GitHub's are its own.
 */
function deliveryGuid(random: Random): string {
  const ms = random.int(Date.UTC(2024, 0, 1), Date.UTC(2026, 0, 1) - 1);
  const ticks = (BigInt(ms) * 10_000n + BigInt(random.int(0, 9_999)) + UUID_CLOCK_TO_UNIX).toString(16).padStart(15, '0');
  const variant = (8 + random.int(0, 3)).toString(16);
  return `${ticks.slice(7)}-${ticks.slice(3, 7)}-1${ticks.slice(0, 3)}-${variant}${random.hex(3)}-${random.hex(12)}`;
}

/**
 * The headers GitHub documents for each delivery, drawn from the payload's bytes, so a seed's sample
 * always goes out with the same delivery id, hook id and Hookshot build.
 */
function deliveryHeaders(payload: unknown): Record<string, string> {
  const random = randomFrom(JSON.stringify(payload));
  const record = isRecord(payload) ? payload : {};
  const hookId = typeof record['hook_id'] === 'number' ? record['hook_id'] : random.int(100_000_000, 999_999_999);
  const headers: Record<string, string> = { 'X-GitHub-Delivery': deliveryGuid(random), 'User-Agent': `GitHub-Hookshot/${random.hex(7)}`, 'X-GitHub-Hook-ID': String(hookId) };
  const target = installationTarget(record);
  if (target) {
    headers['X-GitHub-Hook-Installation-Target-ID'] = String(target.id);
    headers['X-GitHub-Hook-Installation-Target-Type'] = target.type;
  }
  return headers;
}

/** Where the webhook lives: the payload's repository, else its organization. */
function installationTarget(record: Record<string, unknown>): { type: string; id: number } | undefined {
  for (const type of ['repository', 'organization']) {
    const owner = record[type];
    if (isRecord(owner) && typeof owner['id'] === 'number') return { type, id: owner['id'] };
  }
  return undefined;
}

export const github = defineKind<unknown>({
  id: 'github',
  title: 'GitHub webhook',
  bodyOrigin: 'sender-code',
  template: 'GitHub',
  integrationType: 'alert',
  follows:
    `GitHub Docs "Webhook events and payloads" (events, the X-GitHub-* headers, the example delivery), "Best practices for using webhooks" and "Handling failed webhook deliveries"; payloads judged by ${SCHEMAS_PACKAGE} 7.6 (draft-07, per <event>$<action> definition), samples seeded from @octokit/webhooks-examples 7.6.1`,
  eventHeader: 'X-GitHub-Event',
  events,
  eventOf: githubEventOf,
  schema: schemaOfIssues((payload) => {
    const event = githubEventOf(payload);
    return event === undefined ? [NOT_AN_EVENT] : judge(event, payload).issues;
  }),
  notes: (payload, event) => {
    const named = event ?? githubEventOf(payload);
    return named === undefined ? [] : judge(named, payload).notes;
  },
  jsonSchema: () => eventsJsonSchema(EVENTS.map((event) => event.id)),
  // Every shape needs all its keys, so its first one indexes it.
  claims: { keys: [...new Set(SHAPES.map((shape) => shape.keys[0] as string))] },
  looksLike: (payload) => githubEventOf(payload) !== undefined,
  requestHeaders: deliveryHeaders,
  delivery: {
    success: '2xx',
    retry: NO_RETRY,
    timeoutMs: 10_000,
    signature: { scheme: 'github' },
    // Each request carries GitHub-Hookshot/<build> with the build drawn per payload (requestHeaders);
    // the format is GitHub's, the build id whk's.
    userAgent: 'GitHub-Hookshot/<build>',
    whkChoices: ['user-agent'],
    provenance: {
      documented: [
        'POST with a JSON body, Content-Type: application/json — Webhook events and payloads, "Example delivery"; a webhook takes application/json or application/x-www-form-urlencoded (the JSON in a payload form field) — Creating webhooks; GitHub recommends application/json — GitHub Marketplace docs, "Configuring a webhook to notify you of plan changes"',
        'headers X-GitHub-Event, X-GitHub-Delivery (a GUID), X-GitHub-Hook-ID, X-GitHub-Hook-Installation-Target-ID and -Type, User-Agent GitHub-Hookshot/<build> — Webhook events and payloads, "Delivery headers"',
        'success is a 2XX answer within 10 seconds (30 s on GitHub Enterprise Server); slower is a failure and the connection is closed — Best practices for using webhooks',
        'no automatic redelivery: failed deliveries are redelivered only by hand, with the same X-GitHub-Delivery — Handling failed webhook deliveries; Best practices',
        'X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body> when the webhook has a secret — Validating webhook deliveries',
        'beside it X-Hub-Signature: sha1=<hex HMAC-SHA1 of the body>, kept for existing integrations — Webhook events and payloads, "Delivery headers"; GitHub changelog 2020-10-26',
        'no gzip: the example delivery lists its request headers (Content-Type, Content-Length among them) and none is a Content-Encoding — Webhook events and payloads, "Example delivery"',
      ],
      ours: [
        'delivery id, hook id and Hookshot build are drawn from the payload\'s bytes (the same sample, the same headers); the delivery id is a version-1 UUID, the layout of every published one (Webhook events and payloads, "Example delivery"; the REST API\'s delivery example), its time in 2024 or 2025 and its clock sequence and node drawn',
        'the build id in User-Agent GitHub-Hookshot/<build> (7 hex digits): the real one names GitHub\'s running Hookshot build',
        'X-GitHub-Hook-Installation-Target-Type is repository when the payload has a repository (the one value the docs show), organization otherwise',
      ],
    },
  },
  doubts: [
    `Payloads are judged by ${SCHEMAS_PACKAGE} 7.6; GitHub may send newer actions (an issue naming one is reported at $.action) and fields (notes, not failures).`,
    'Published examples are older than the schemas of the same release: 53 of 329 fail them, and no secret_scanning_alert example passes; its sample adds the five repository properties the schema requires.',
    'Without X-GitHub-Event the event is told by the payload\'s keys; events whk does not list (star, fork, ...) are unknown, not invalid.',
    'A received delivery is verified by X-Hub-Signature-256 alone, as GitHub advises; one that carries only the SHA-1 X-Hub-Signature (from a GitHub older than the SHA-256 header) is reported missing.',
    'GitHub payloads carry no one event time or severity: the mapping takes the repository\'s name, URL and updated_at, the action as status, a code scanning alert\'s rule severity.',
    'The form-encoded content type (payload=<json>) is not sent; only JSON.',
  ],
  mapping: alertMapping({
    title: 'repository.full_name',
    severity: { path: 'alert.rule.severity', default: 'info' },
    status: { path: 'action', default: 'received' },
    service: 'repository.name',
    description: 'sender.login',
    link: 'repository.html_url',
    timestamp: 'repository.updated_at',
  }),
});
