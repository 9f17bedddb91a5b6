// GitLab project webhooks: nine events, named in X-Gitlab-Event ('Push Hook') and in the body's
// object_kind ('push'); one POST per event, a single attempt, the secret token sent as it is.
import { isRecord } from '../util/json.js';
import { alertMapping } from './alert-mapping.js';
import { derivedUuid } from './common.js';
import { defineKind, NO_RETRY, type EventDefinition } from './define.js';
import { gitlabSample, type GitlabEventId } from './gitlab-samples.js';
import { HTTPARTY_REDIRECTS, RUBY_NET_HTTP_HEADERS } from './http-clients.js';
import { gitlabDeployment, gitlabJob, gitlabPipeline } from './gitlab-ci-schemas.js';
import { gitlabNote } from './gitlab-note-schema.js';
import { gitlabIssue, gitlabMergeRequest, gitlabPush, gitlabRelease, gitlabTagPush } from './gitlab-schemas.js';

/** The GitLab version whk's User-Agent names (the format is GitLab's; the version is whk's choice). */
const GITLAB_VERSION = '18.2.0';

const event = (id: GitlabEventId, header: string, description: string, schema: EventDefinition['schema']): EventDefinition => ({
  id,
  header,
  description,
  schema,
  generate: gitlabSample(id),
});

// The event ids are the body's object_kind, so the body names its own event.
const EVENTS: readonly EventDefinition[] = [
  event('push', 'Push Hook', 'commits pushed to a branch', gitlabPush),
  event('tag_push', 'Tag Push Hook', 'a tag created or deleted', gitlabTagPush),
  event('merge_request', 'Merge Request Hook', 'a merge request opened, updated, approved, merged or closed', gitlabMergeRequest),
  event('pipeline', 'Pipeline Hook', 'a pipeline\'s status changed, with its jobs', gitlabPipeline),
  event('build', 'Job Hook', 'a job\'s status changed (object_kind build)', gitlabJob),
  event('deployment', 'Deployment Hook', 'a deployment started, succeeded, failed or was canceled', gitlabDeployment),
  event('issue', 'Issue Hook', 'an issue (or another work item: object_kind work_item) opened, updated, closed or reopened', gitlabIssue),
  event('note', 'Note Hook', 'a comment on a commit, merge request, issue or snippet', gitlabNote),
  event('release', 'Release Hook', 'a release created, updated or deleted', gitlabRelease),
];
const EVENT_IDS = new Set(EVENTS.map((e) => e.id));

/** The event a body names: its object_kind (an Issue Hook's work_item is the issue event). */
function gitlabEventOf(payload: unknown): string | undefined {
  if (!isRecord(payload) || typeof payload['object_kind'] !== 'string') return undefined;
  const kind = payload['object_kind'] === 'work_item' ? 'issue' : payload['object_kind'];
  return EVENT_IDS.has(kind) ? kind : undefined;
}

/**
 * X-Gitlab-Instance: GitLab sends Gitlab.config.gitlab.base_url (app/services/web_hook_service.rb
 * build_headers), which config/settings.rb builds as protocol://host, with the port only when it is not
 * the standard one, and without the relative_url_root that gitlab.url, and so every URL in a body,
 * carries. The body names no instance, so whk takes the origin of the project's web_url: the same
 * scheme, host and port, a relative root (https://host/gitlab/group/project) dropped as base_url drops it.
 */
function instanceOf(payload: unknown): string {
  const project = isRecord(payload) && isRecord(payload['project']) ? payload['project'] : undefined;
  const fallback = 'https://gitlab.example.com';
  try {
    // An origin is "null" for a scheme other than http(s), which GitLab's protocol never is.
    const { origin } = new URL(String(project?.['web_url']));
    return origin === 'null' ? fallback : origin;
  } catch {
    return fallback;
  }
}

export const gitlab = defineKind({
  id: 'gitlab',
  title: 'GitLab project webhook',
  bodyOrigin: 'sender-code',
  template: 'GitLab',
  integrationType: 'alert',
  follows:
    'GitLab docs "Webhook events" (doc/user/project/integrations/webhook_events.md, GitLab 18.2+: payloads and X-Gitlab-Event per event) and "Webhooks" (delivery headers, receiver requirements, auto-disabled webhooks), the auto-disabling\'s growth from app/models/concerns/web_hooks/auto_disabling.rb, and the request from app/services/web_hook_service.rb (headers, what counts as a success), config/settings.rb (the base_url X-Gitlab-Instance carries) and lib/gitlab/http.rb (HTTParty)',
  eventHeader: 'X-Gitlab-Event',
  events: EVENTS,
  eventOf: gitlabEventOf,
  claims: { keys: ['object_kind'] },
  // Every event carries its project (older Job Hook bodies only project_id and project_name).
  looksLike: (payload) => gitlabEventOf(payload) !== undefined && isRecord(payload) && (isRecord(payload['project']) || typeof payload['project_id'] === 'number'),
  requestHeaders: (payload) => ({
    'X-Gitlab-Instance': instanceOf(payload),
    // One per request (app/services/web_hook_service.rb build_headers: SecureRandom.uuid, although the
    // doc calls it "per webhook"); one per event; one per delivery, kept across a resend.
    'X-Gitlab-Webhook-UUID': derivedUuid('gitlab-webhook-request', payload),
    'X-Gitlab-Event-UUID': derivedUuid('gitlab-event', payload),
    'Idempotency-Key': derivedUuid('gitlab-idempotency', payload),
  }),
  delivery: {
    // app/services/web_hook_service.rb response_category: success? or redirection? is :ok, which
    // log_execution_service.rb takes as a success (enable!); anything else backs the webhook off.
    success: 'below-400',
    retry: NO_RETRY,
    timeoutMs: 10_000,
    userAgent: `GitLab/${GITLAB_VERSION}`,
    // Gitlab::HTTP is HTTParty, which follows redirects (HTTPARTY_REDIRECTS).
    followRedirects: true,
    redirects: HTTPARTY_REDIRECTS,
    // HTTParty asks a Net::HTTP it has not started (httparty lib/httparty/request.rb perform), which
    // starts it for the one request with Connection: close (net-http lib/net/http.rb #request); the
    // request is built by Net::HTTP, with its Accept and Accept-Encoding.
    connectionClose: true,
    clientHeaders: RUBY_NET_HTTP_HEADERS,
    // Net::HTTP reads a Content-Length body with ignore_eof, true by default (net-http lib/net/http.rb
    // #initialize; "For backwards compatibility, the default is true"), and HTTParty's ConnectionAdapter
    // sets none: a body cut short is a short body, no error, and the status decides.
    shortBody: 'status',
    // A signing token signs the Idempotency-Key as webhook-id (gitlab-org/gitlab MR 230944).
    signature: { scheme: 'gitlab', idFrom: 'Idempotency-Key' },
    // GitLab's app/models/concerns/web_hooks/auto_disabling.rb: TEMPORARILY_DISABLED_FAILURE_THRESHOLD 3
    // (disabled from the 4th), INITIAL_BACKOFF 1 minute × 2 per further failure, MAX_BACKOFF 1 day,
    // PERMANENTLY_DISABLED_FAILURE_THRESHOLD 39 (for good from the 40th).
    autoDisable: { sender: 'GitLab', afterFailures: 4, initialMs: 60_000, maxMs: 24 * 3600_000, permanentAfter: 40 },
    whkChoices: ['user-agent'],
    provenance: {
      documented: [
        'POST with a JSON body (GitLab docs, Webhooks; app/services/web_hook_service.rb make_request: Gitlab::HTTP.post of the payload encoded by Gitlab::Json::LimitedEncoder, at most 25 MB)',
        'Content-Type: application/json on every request (app/services/web_hook_service.rb build_headers)',
        'no gzip: make_request posts the encoded JSON as it is and build_headers sets no Content-Encoding; HTTParty and Net::HTTP compress no request body (app/services/web_hook_service.rb)',
        'a body cut short is read as a short body, not an error: Net::HTTP\'s ignore_eof is true by default (net-http lib/net/http.rb) and HTTParty sets none (lib/httparty/connection_adapter.rb), so the status decides',
        'a body that stalls fails, a timeout: Net::HTTP reads the body inside #request before its caller sees the response (net-http lib/net/http.rb transport_request calls reading_body, which reads it: "ensure to read body", lib/net/http/response.rb), and raises the Net::ReadTimeout it meets there (a POST is not sent again), which GitLab counts as a failure (app/services/web_hook_service.rb rescues Gitlab::HTTP::HTTP_ERRORS)',
        'X-Gitlab-Instance is the instance\'s base URL, Gitlab.config.gitlab.base_url: scheme, host and a non-standard port, without the relative URL root that payload URLs (gitlab.url) carry (app/services/web_hook_service.rb build_headers; config/settings.rb build_base_gitlab_url, build_gitlab_url)',
        'headers X-Gitlab-Event ("<EVENT> Hook"), X-Gitlab-Instance, X-Gitlab-Webhook-UUID, X-Gitlab-Event-UUID (one per event), Idempotency-Key (the same across retries, GitLab 17.4+), User-Agent GitLab/<version> (Webhooks, "Delivery headers"); X-Gitlab-Webhook-UUID is new on every request (app/services/web_hook_service.rb build_headers: SecureRandom.uuid) though the doc says "per webhook"',
        'the secret token travels as it is in X-Gitlab-Token, compared by the receiver, not a signature (Webhooks, "Create a webhook")',
        'a 2xx answer is a success, and so is a 3xx it does not follow (app/services/web_hook_service.rb response_category: success? or redirection?); 4xx, 5xx, timeouts and other HTTP errors are failures (Webhooks, "Webhook receiver requirements", "Temporarily disabled webhooks")',
        'redirects followed by Gitlab::HTTP (HTTParty): a 307/308 with the same POST and body, another 3xx with a Location as a GET, at most 4, the 5th fails (RedirectionTooDeep, an HTTP error to lib/gitlab/http.rb)',
        'a 10 s webhook timeout: webhook_timeout defaults to 10 on every instance (config/initializers/1_settings.rb: Settings.gitlab[\'webhook_timeout\'] ||= 10), GitLab.com keeps it, a self-managed instance may change it (GitLab issues 356867, gl-infra/production 1228); app/services/web_hook_service.rb passes it as HTTParty\'s timeout, which bounds the connect, each read and each write, not the whole exchange',
        'failing webhooks are disabled, not retried per delivery: for a while after 4 consecutive failures ("GitLab automatically disables project or group webhooks that fail four consecutive times"; "initially disabled for one minute, with the duration extending on subsequent failures up to 24 hours") and for good after 40 ("permanently disabled if they fail 40 consecutive times"); a failure is a 4xx or 5xx answer, a timeout or another HTTP error (Webhooks, "Auto-disabled webhooks", "Temporarily disabled webhooks", "Permanently disabled webhooks", GitLab 17.11+; before 17.11 a 4xx disabled at once); a test request answered 2xx re-enables one',
        'the disable doubles with each further failure, from 1 minute to at most 1 day, a success resets the count, and a disabled webhook is not triggered, so events meanwhile are not delivered (GitLab source, app/models/concerns/web_hooks/auto_disabling.rb: INITIAL_BACKOFF, BACKOFF_GROWTH_FACTOR 2.0, MAX_BACKOFF, the executable scope; app/services/web_hooks/log_execution_service.rb: enable! on success, backoff! on failure)',
        'a push of more than 3 branches or tags triggers no push webhook; commits holds at most 20 (Webhook events, "Push events")',
        'Accept: */*, Accept-Encoding: gzip;q=1.0,deflate;q=0.6,identity;q=0.3 and Connection: close, which Ruby\'s Net::HTTP adds (lib/net/http/generic_request.rb; lib/net/http.rb #request starts a connection HTTParty has not started with Connection: close): WebHookService sets none of them (app/services/web_hook_service.rb build_headers), nor do HTTParty and gitlab-http',
      ],
      ours: [
        'one attempt per delivery: no source documents an automatic retry of one delivery (only the manual "Resend Request", with the same Idempotency-Key)',
        `User-Agent GitLab/${GITLAB_VERSION}, X-Gitlab-Instance read from the origin of the project's web_url (the body names no instance; the origin drops a relative root as base_url does); the UUIDs are derived from the payload, so a seed gives the same headers`,
        'auto-disabling is modelled over one run of whk send: `count` deliveries are events coming as fast as whk sends them, so after 4 failures in a row the rest of a run shorter than the 1-minute disable is not sent, each reported as not sent; a delivery due after the disable has run out is sent, and its failure disables the webhook for twice as long; the webhook starts each run enabled (whk keeps no state between runs); a `rate` stream\'s deliveries are held back the same way, each event due while the webhook is disabled counted as not sent; `autoDisable` false sends every delivery',
      ],
    },
  },
  doubts: [
    'Samples follow the doc\'s examples (GitLab 18.2+); bodies of older versions, without event_name, ref_protected or event_type, validate too.',
    'A later GitLab\'s Pipeline Hook carries object_attributes.ref_status_name (lib/gitlab/data_builder/pipeline.rb: pipeline.ref_status_name, e.g. fixed or broken); neither that file nor the Webhook events doc has it at the 18.2 version whk follows (gitlabhq 017a6c12), and no source found names the release that added it, so the samples leave it out; a body with it validates (an unlisted field).',
    'Only project webhooks\' nine events are covered; Confidential Issue Hook, Confidential Note Hook, Wiki Page Hook, Emoji Hook, group-only and system hooks are not (their header is an unknown event).',
    'The doc gives User-Agent as "Gitlab/<VERSION>" but its example and the sender\'s code (app/services/web_hook_service.rb build_headers: "GitLab/#{Gitlab::VERSION}") say "GitLab/..."; whk sends GitLab/.',
    'A webhook\'s custom headers go with each delivery, GitLab\'s own winning a clash (app/services/web_hook_service.rb make_request: build_custom_headers.merge(build_headers)); whk sends none of its own accord: they are yours to add as `headers`.',
    'A webhook\'s custom payload template (custom_webhook_template; web_hook_service.rb request_payload renders it over the event\'s data and sends the JSON it makes) replaces the body; only the default body is covered.',
    'The 10 s timeout is GitLab\'s default (webhook_timeout), which a self-managed instance may change; it bounds each read and write, so a receiver that keeps trickling bytes can take longer, while whk ends the attempt at 10 s.',
    'Auto-disabling is behind the auto_disabling_web_hooks flag, on at GitLab.com and off by default on GitLab Self-Managed since 15.10; whk models GitLab.com (`autoDisable` false for an instance without it).',
    'GitLab\'s signing token (webhook-signature, Standard Webhooks format; gitlab-org/gitlab MR 230944, after the 18.2 code whk follows) is behind the webhook_signing_token flag; a secret starting whsec_ is taken as one and signs in place of X-Gitlab-Token, its webhook-id the Idempotency-Key as the MR sends it. A webhook with both a secret token and a signing token is not modelled: whk sends one or the other (its choice: one secret).',
  ],
  mapping: alertMapping({
    title: { path: 'object_attributes.title', default: 'GitLab event' },
    severity: { path: 'object_attributes.severity', default: 'info' },
    status: { path: 'object_attributes.status', default: 'unknown' },
    service: 'project.path_with_namespace',
    description: 'object_attributes.description',
    link: 'object_attributes.url',
    timestamp: 'object_attributes.updated_at',
  }),
});
