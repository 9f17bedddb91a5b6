// Bitbucket Cloud repository webhooks: the event is named only in X-Event-Key ('repo:push'); each
// attempt says its number in X-Attempt-Number, and a 5xx answer is retried up to two more times.
import { isRecord } from '../util/json.js';
import { alertMapping } from './alert-mapping.js';
import { derivedUuid } from './common.js';
import { defineKind, type EventDefinition } from './define.js';
import { bitbucketSample, type BitbucketEventId } from './bitbucket-samples.js';
import { bitbucketJsonSchema } from './bitbucket-json-schema.js';
import { bitbucketApproval, bitbucketComment, bitbucketCommitStatus, bitbucketIssue, bitbucketPullRequest, bitbucketPush } from './bitbucket-schemas.js';

const event = (id: BitbucketEventId, description: string, schema: EventDefinition['schema']): EventDefinition => ({ id, description, schema, generate: bitbucketSample(id) });

// The event ids are the X-Event-Key values.
const EVENTS: readonly EventDefinition[] = [
  event('repo:push', 'branches or tags pushed, created or deleted', bitbucketPush),
  event('pullrequest:created', 'a pull request opened', bitbucketPullRequest(['OPEN'])),
  event('pullrequest:updated', 'a pull request updated (new commits, title, description, reviewers)', bitbucketPullRequest(['OPEN'])),
  event('pullrequest:fulfilled', 'a pull request merged', bitbucketPullRequest(['MERGED'])),
  event('pullrequest:rejected', 'a pull request declined', bitbucketPullRequest(['DECLINED'])),
  event('pullrequest:approved', 'a pull request approved', bitbucketApproval),
  event('pullrequest:comment_created', 'a comment on a pull request', bitbucketComment),
  event('repo:commit_status_created', 'a build status created on a commit', bitbucketCommitStatus),
  event('repo:commit_status_updated', 'a build status updated on a commit', bitbucketCommitStatus),
  event('issue:created', 'an issue created in the repository\'s issue tracker', bitbucketIssue),
];

/** Created and updated bodies look alike: a pull request updated this soon after its creation is taken as new. */
const NEW_WITHIN_MS = 5_000;
/**
 * A new commit status's updated_on is its created_on or microseconds later (12 µs in drone/go-scm's
 * pipeline_hook_created.json, 2025; equal in Atlassian's entity example); its update came 46 s later.
 * Within a second is whk's reading.
 */
const STATUS_NEW_WITHIN_MS = 1_000;

function commitStatusEventOf(status: Record<string, unknown>): string {
  const age = Date.parse(String(status['updated_on'])) - Date.parse(String(status['created_on']));
  const unchanged = status['created_on'] === status['updated_on'] || age <= STATUS_NEW_WITHIN_MS;
  return unchanged ? 'repo:commit_status_created' : 'repo:commit_status_updated';
}

/**
 * The event a body suggests when no X-Event-Key came with it (whk's reading: the body names no
 * event). Pull requests by their state, approval or comment; a commit status updated within a second of its creation is new.
 */
function bitbucketEventOf(payload: unknown): string | undefined {
  if (!isRecord(payload)) return undefined;
  if (isRecord(payload['push'])) return 'repo:push';
  const status = payload['commit_status'];
  if (isRecord(status)) return commitStatusEventOf(status);
  if (isRecord(payload['issue']) && !('comment' in payload) && !('changes' in payload)) return 'issue:created';
  const pr = payload['pullrequest'];
  if (!isRecord(pr)) return undefined;
  if (isRecord(payload['approval'])) return 'pullrequest:approved';
  if (isRecord(payload['comment'])) return 'pullrequest:comment_created';
  if (pr['state'] === 'MERGED') return 'pullrequest:fulfilled';
  if (pr['state'] === 'DECLINED') return 'pullrequest:rejected';
  const age = Date.parse(String(pr['updated_on'])) - Date.parse(String(pr['created_on']));
  return pr['state'] === 'OPEN' && !Number.isNaN(age) ? (age <= NEW_WITHIN_MS ? 'pullrequest:created' : 'pullrequest:updated') : undefined;
}

const repositoryOf = (payload: unknown): Record<string, unknown> | undefined => (isRecord(payload) && isRecord(payload['repository']) ? payload['repository'] : undefined);

export const bitbucket = defineKind({
  id: 'bitbucket',
  title: 'Bitbucket Cloud repository webhook',
  bodyOrigin: 'sender-code',
  template: 'Bitbucket',
  integrationType: 'alert',
  follows:
    'Atlassian\'s Bitbucket Cloud docs "Event payloads" (X-Event-Key and the request headers, the entities) and "Troubleshoot webhooks" (10 s timeout, two more attempts on 5xx); bodies after captured deliveries in jenkinsci/bitbucket-branch-source-plugin and bitbucket-push-and-pull-request-plugin, drone/go-scm scm/driver/bitbucket/testdata/webhooks and the 2023 deliveries in B-AROL-O/ble-testsuite docs/sample_webhooks',
  eventHeader: 'X-Event-Key',
  events: EVENTS,
  eventOf: bitbucketEventOf,
  jsonSchema: (): Record<string, unknown> => bitbucketJsonSchema(EVENTS.map((event) => event.id), bitbucket.schema),
  claims: { keys: ['actor'] },
  // Every Cloud body has its actor and repository; the event's object is one of these.
  looksLike: (payload) =>
    isRecord(payload) && isRecord(payload['actor']) && typeof repositoryOf(payload)?.['full_name'] === 'string' && ['push', 'pullrequest', 'commit_status', 'issue'].some((key) => isRecord(payload[key])),
  requestHeaders: (payload) => ({
    // One per webhook (so per repository here); one per request, the same on its retries.
    'X-Hook-UUID': derivedUuid('bitbucket-hook', repositoryOf(payload)?.['uuid'] ?? null),
    'X-Request-UUID': derivedUuid('bitbucket-request', payload),
  }),
  delivery: {
    success: '2xx',
    retry: { maxAttempts: 3, initialDelayMs: 0, backoff: 'fixed', retryOn: '5xx-answers', attemptHeader: { name: 'X-Attempt-Number', counts: 'attempts' } },
    timeoutMs: 10_000,
    // Seen in captured deliveries; no Atlassian page states it, so it is marked as whk's.
    userAgent: 'Bitbucket-Webhooks/2.0',
    whkChoices: ['success', 'user-agent'],
    signature: { scheme: 'bitbucket' },
    provenance: {
      documented: [
        'POST with a JSON body (Bitbucket Cloud developer docs, the "Webhook" module page: a POST request containing JSON data; Manage webhooks and Event payloads name no method or media type)',
        'headers X-Event-Key (the event), X-Hook-UUID (the webhook), X-Request-UUID (the request), X-Attempt-Number (Event payloads, "HTTP headers")',
        'an answer within 10 seconds or the request times out (Troubleshoot webhooks)',
        'a 5xx answer is re-sent up to two more times, X-Attempt-Number counting the attempts (Troubleshoot webhooks; Event payloads)',
        'with a secret, X-Hub-Signature: sha256=<hex HMAC-SHA256 of the body> (Manage webhooks; Atlassian\'s "Enhanced webhook security" post)',
        'payloads over 256 KB are not sent (Troubleshoot webhooks); a push lists at most the 5 latest commits per change, truncated true when there were more (Event payloads, repo:push commits, as Atlassian\'s BSERV-11847 quotes it; the 2023 capture webhooksite-2023-repo-push.json lists 5, truncated)',
      ],
      ours: [
        'User-Agent Bitbucket-Webhooks/2.0, as captured deliveries show (no Atlassian page states it)',
        'Content-Type: application/json, as captured deliveries\' headers show (bleenco/abstruse tests/e2e/webhooks/bitbucket; no Atlassian page states it)',
        'retries go out at once, as a developer who tested it reported in Atlassian\'s developer community ("Webhooks Retries - How to delay or re-request?"; Atlassian\'s answer there: no delay can be set)',
        'timeouts, connection failures and 4xx are not retried: Troubleshoot webhooks names only a 5xx answer as re-sent, while Event payloads says only that a failed attempt is tried again, up to twice, without saying what fails',
        'success is any 2xx (the doc states no success rule)',
        'X-Request-UUID stays the same on retries; the UUIDs are derived from the payload, so a seed gives the same headers',
        'no gzip: neither Event payloads nor Troubleshoot webhooks names compression or a Content-Encoding',
      ],
    },
  },
  doubts: [
    'The body names no event: without X-Event-Key whk reads it from the body, and can only guess pullrequest:created from updated (updated within 5 s of creation) and commit_status created from updated (updated_on within 1 s of created_on, whk\'s reading: a real created delivery, drone/go-scm pipeline_hook_created.json, has them 12 µs apart, its update 46 s).',
    'Atlassian\'s payload page could not be read whole; bodies follow captured deliveries, and the commit-status and issue bodies the page\'s entity examples (the issue\'s state, priority and kind values come from its placeholders).',
    'Whether X-Request-UUID changes between retries, and whether timeouts are retried, is undocumented.',
    'Only these ten events are covered; other keys (repo:fork, pullrequest:unapproved, issue:updated, ...) are unknown events. Bitbucket Data Center is another format.',
  ],
  mapping: alertMapping({
    title: { path: 'pullrequest.title', default: 'Bitbucket event' },
    severity: { path: 'commit_status.state', default: 'info' },
    status: { path: 'pullrequest.state', default: 'unknown' },
    service: 'repository.full_name',
    description: 'pullrequest.description',
    link: 'repository.links.html.href',
    timestamp: 'pullrequest.updated_on',
  }),
});
