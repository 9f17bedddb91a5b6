// Travis CI webhook notifications: one POST per build (not per job), form-encoded with the build's
// JSON in the `payload` field, Travis-Repo-Slug and, when Travis has a signing key, a Signature
// header (RSA-SHA1 of the payload, verified with the public key Travis serves at /config).
import type { z } from 'zod';
import { isRecord } from '../util/json.js';
import { alertMapping } from './alert-mapping.js';
import { sampleInstant } from './common.js';
import { defineKind, eventInField, type GenerateContext, NO_RETRY } from './define.js';
import { FARADAY_REDIRECTS, RUBY_NET_HTTP_HEADERS } from './http-clients.js';
import { lazySchema, type Built } from '../util/zod.js';

const DOCS = 'Travis CI docs, Notifications → Configuring webhook notifications (travis-ci/docs-travis-ci-com user/notifications.md.erb)';
const CODE = 'travis-ci/travis-tasks lib/travis/addons/webhook/task.rb and payload.rb';

const STATUS_MESSAGES = ['Pending', 'Passed', 'Fixed', 'Broken', 'Failed', 'Still Failing', 'Canceled', 'Errored'] as const;

/** The build's schema, built on first use (util/zod.ts). */
export const travisSchema = lazySchema((z) => {
  const nullableString = z.string().nullable();

  // A job of the build (payload.rb#matrix): the fields it lists, the ones a job may lack optional.
  const jobSchema = z
    .object({
      id: z.number().int(),
      repository_id: z.number().int().optional(),
      parent_id: z.number().int().optional(),
      number: z.string(),
      state: z.string(),
      config: z.record(z.string(), z.unknown()).optional(),
      status: z.number().int().nullable().optional(),
      result: z.number().int().nullable().optional(),
      commit: z.string().optional(),
      branch: z.string().optional(),
      message: z.string().optional(),
      compare_url: z.string().optional(),
      started_at: z.string().nullable().optional(),
      finished_at: z.string().nullable().optional(),
      committed_at: z.string().nullable().optional(),
      author_name: z.string().optional(),
      author_email: z.string().optional(),
      committer_name: z.string().optional(),
      committer_email: z.string().optional(),
      allow_failure: z.boolean().nullable().optional(),
    })
    .loose();

  return z
    .object({
      id: z.number().int(),
      number: z.string(),
      config: z.record(z.string(), z.unknown()),
      // The docs: "one of push, pull_request, cron, or api".
      type: z.enum(['push', 'pull_request', 'cron', 'api']),
      state: z.string(),
      // 0 passed, 1 failed or errored; null for any other state (payload.rb#result; real on_start deliveries).
      status: z.union([z.literal(0), z.literal(1)]).nullable(),
      result: z.union([z.literal(0), z.literal(1)]).nullable(),
      status_message: z.enum(STATUS_MESSAGES),
      result_message: z.enum(STATUS_MESSAGES),
      started_at: nullableString,
      finished_at: nullableString,
      duration: z.number().int().nullable(),
      build_url: z.string(),
      commit_id: z.number().int(),
      commit: z.string(),
      base_commit: nullableString,
      head_commit: nullableString,
      branch: z.string(),
      message: z.string(),
      compare_url: z.string(),
      committed_at: nullableString,
      author_name: z.string(),
      author_email: z.string(),
      committer_name: z.string(),
      committer_email: z.string(),
      pull_request: z.boolean(),
      pull_request_number: z.number().int().nullable(),
      pull_request_title: nullableString,
      tag: nullableString,
      repository: z.object({ id: z.number().int(), name: z.string(), owner_name: z.string(), url: nullableString }).loose(),
      matrix: z.array(jobSchema),
    })
    .loose();
});

export type TravisPayload = z.infer<Built<typeof travisSchema>>;

/** The build states a delivery reports, as the events of the kind (the body's `state` names it). */
const OUTCOMES = {
  started: { status: null, message: 'Pending', finished: false },
  passed: { status: 0, message: 'Passed', finished: true },
  failed: { status: 1, message: 'Failed', finished: true },
  errored: { status: 1, message: 'Errored', finished: true },
  canceled: { status: null, message: 'Canceled', finished: true },
} as const;
type Outcome = keyof typeof OUTCOMES;

const REPOS = [
  { owner: 'acme', name: 'storefront', language: 'node_js' },
  { owner: 'acme', name: 'billing-api', language: 'ruby' },
  { owner: 'globex', name: 'edge-proxy', language: 'go' },
];
const AUTHORS = ['Ada Lovelace', 'Grace Hopper', 'Linus Pauling'];
const MESSAGES = ['Fix flaky checkout test', 'Bump rack to 3.1.8', 'Add retries to the payment client', 'Update CI matrix'];

function generate({ random, variant, event }: GenerateContext): TravisPayload {
  const outcome = OUTCOMES[(event ?? 'passed') as Outcome];
  const repo = random.pick(REPOS);
  const author = random.pick(AUTHORS);
  const email = `${author.split(' ')[0]?.toLowerCase() ?? 'dev'}@example.com`;
  const buildId = random.int(270_000_000, 279_999_999);
  const number = String(random.int(10, 9_999));
  const commit = random.hex(40);
  const before = random.hex(40);
  const committed = sampleInstant(random);
  const started = committed + random.int(30, 900) * 1000;
  const duration = outcome.finished ? random.int(40, 1_800) : null;
  const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const finishedAt = duration === null ? null : iso(started + duration * 1000);
  const pr = variant === 'pull_request' ? random.int(1, 900) : null;
  const message = random.pick(MESSAGES);
  const repoId = random.int(20_000_000, 29_999_999);
  const compareUrl = pr === null ? `https://github.com/${repo.owner}/${repo.name}/compare/${before}...${commit}` : `https://github.com/${repo.owner}/${repo.name}/pull/${pr}`;
  const config = { language: repo.language, os: ['linux'], dist: 'jammy', notifications: { webhooks: [{ urls: ['https://hooks.example.com/travis'], on_start: 'always', on_success: 'always', on_failure: 'always' }] } };
  const shared = { commit, branch: 'main', message, compare_url: compareUrl, started_at: iso(started), finished_at: finishedAt, committed_at: iso(committed), author_name: author, author_email: email, committer_name: author, committer_email: email };
  return {
    id: buildId,
    number,
    config,
    type: variant as TravisPayload['type'],
    state: event ?? 'passed',
    status: outcome.status,
    result: outcome.status,
    status_message: outcome.message,
    result_message: outcome.message,
    ...shared,
    duration,
    build_url: `https://app.travis-ci.com/${repo.owner}/${repo.name}/builds/${buildId}`,
    commit_id: random.int(1_200_000_000, 1_299_999_999),
    // A pull request's request records the SHAs of the base branch's tip and of the PR's head
    // (travis-core receive/pull_request.rb#request), and its commit is GitHub's merge commit (#commit);
    // payload.rb sends request.base_commit since travis-tasks b1cfc42 (2018-09). A push's request has neither.
    base_commit: pr === null ? null : random.hex(40),
    head_commit: pr === null ? null : random.hex(40),
    pull_request: pr !== null,
    pull_request_number: pr,
    pull_request_title: pr === null ? null : message,
    tag: null,
    repository: { id: repoId, name: repo.name, owner_name: repo.owner, url: null },
    // One job, so its state is the build's: payload.rb derives the job's status from it (a job is never
    // "finished", which would give a null status).
    matrix: [
      { id: random.int(630_000_000, 639_999_999), repository_id: repoId, parent_id: buildId, number: `${number}.1`, state: event ?? 'passed', config: { os: 'linux', language: repo.language, dist: 'jammy' }, status: outcome.status, result: outcome.status, ...shared, allow_failure: false },
    ],
  };
}

export const travisCi = defineKind<TravisPayload>({
  id: 'travis-ci',
  title: 'Travis CI webhook notification',
  bodyOrigin: 'sender-code',
  template: 'Travis CI',
  integrationType: 'alert',
  follows: `${DOCS}; sender code ${CODE}`,
  variants: [
    { id: 'push', description: 'a build of a pushed commit' },
    { id: 'pull_request', description: 'a pull request build (pull_request_number set)' },
    { id: 'cron', description: 'a build started by a cron job' },
    { id: 'api', description: 'a build triggered through the API' },
  ],
  schema: travisSchema,
  claims: { keys: ['status_message'] },
  looksLike: (payload) => isRecord(payload) && 'status_message' in payload && Array.isArray(payload['matrix']) && isRecord(payload['repository']) && 'owner_name' in payload['repository'],
  events: (Object.keys(OUTCOMES) as Outcome[]).map((id) => ({ id, description: `the build ${id === 'started' ? 'started (on_start)' : id}` })),
  defaultEvent: 'passed',
  eventOf: eventInField('state', OUTCOMES),
  generate,
  requestHeaders: (payload) => {
    const repo = isRecord(payload) && isRecord(payload['repository']) ? payload['repository'] : {};
    return { 'Travis-Repo-Slug': `${String(repo['owner_name'])}/${String(repo['name'])}` };
  },
  delivery: {
    contentType: 'application/x-www-form-urlencoded',
    formField: 'payload',
    success: '2xx',
    retry: NO_RETRY,
    timeoutMs: 60_000,
    userAgent: 'Travis CI Notifications',
    followRedirects: true,
    redirects: FARADAY_REDIRECTS,
    // Faraday's net_http adapter (faraday-net_http lib/faraday/adapter/net_http.rb create_request)
    // builds a Net::HTTPGenericRequest from the request's headers: Net::HTTP adds its own.
    clientHeaders: RUBY_NET_HTTP_HEADERS,
    // Net::HTTP's ignore_eof, true by default, which Faraday's net_http adapter leaves as it is: a body
    // cut short is a short body, no error (as for gitlab).
    shortBody: 'status',
    signature: { scheme: 'travis' },
    auth: ['basic'],
    whkChoices: ['success'],
    provenance: {
      documented: [
        `POST, application/x-www-form-urlencoded, the JSON in the payload parameter (${DOCS})`,
        `Travis-Repo-Slug: owner/repository (${DOCS}); User-Agent: Travis CI Notifications (${CODE} #add_headers)`,
        `Signature: base64 RSA-SHA1 of the payload JSON string with Travis's private key, verified with the public key at /config (${DOCS}, "Verifying Webhook requests"; ${CODE} #signature)`,
        `the 60 s timeout: DEFAULT_TIMEOUT in lib/travis/task.rb, set as the request's timeout option (${CODE} #send_webhook: req.options.timeout), which Faraday gives the net_http adapter as its open, read and write timeouts (faraday lib/faraday/adapter.rb request_timeout; faraday-net_http 3.1.0 configure_request): a bound on the connect, each read and each write, none on the whole request`,
        'redirects followed, 3 at most (follow_redirects in lib/travis/task.rb#http, faraday-follow_redirects 0.3.0 FOLLOW_LIMIT)',
        'Accept: */* and Accept-Encoding: gzip;q=1.0,deflate;q=0.6,identity;q=0.3, which Ruby\'s Net::HTTP adds (lib/net/http/generic_request.rb) to the request Faraday\'s net_http adapter builds (lib/travis/task.rb#http: f.adapter :net_http)',
        `never retried: a failed delivery is logged and the next target is tried (${CODE}: #process rescues a failure of #send_webhook, logs it and goes on)`,
        `Authorization: Basic only when the webhook URL carries user:password (${CODE} #add_headers)`,
        'no gzip: the form goes as Faraday\'s url_encoded middleware writes it over the net_http adapter, with no compressing middleware and no Content-Encoding (lib/travis/task.rb#http)',
        'a body cut short is read as a short body, not an error: Net::HTTP\'s ignore_eof is true by default (net-http lib/net/http.rb) and Faraday\'s net_http adapter sets none, so the status decides',
        'a body that stalls fails, a timeout: Net::HTTP reads the body inside #request before its caller sees the response (net-http lib/net/http.rb transport_request calls reading_body, which reads it: "ensure to read body", lib/net/http/response.rb), and raises the Net::ReadTimeout it meets there (a POST is not sent again), which Faraday\'s adapter raises to #send_webhook as an error of its own, a failure #process logs',
      ],
      ours: [
        'success is any 2xx (Faraday success? only decides which line Travis logs)',
        'the 60 s bounds the whole attempt (connect, send, the answer and its body), where Net::HTTP bounds each step and each read apart: a receiver that trickles its answer keeps Travis waiting past 60 s and is cut at 60 s by whk',
        'whk signs with a key pair of its own (Travis keeps its private key); listen verifies with the matching public key',
      ],
    },
  },
  doubts: [
    'The docs say status 1 means "not yet completed or failed"; the sender code and real on_start deliveries send null for started and canceled builds. whk follows the code.',
    "Travis's 60 s bounds the connect, each read and each write (Faraday's timeout over Net::HTTP), with no limit on the whole request; whk ends the attempt 60 s after it started, so a receiver that answers slowly but steadily can fail under whk and pass under Travis.",
    'Key order differs between the sender code and real 2026 deliveries; whk never relies on it.',
    'No published sample of a failed, errored or canceled delivery was found; those samples follow payload.rb.',
    'Since travis-tasks 5aee444 (2026-01, "Add MS Teams to Webhook task"), a webhook target marked for Microsoft Teams gets a JSON body of its own (Content-Type application/json, no Signature, the same Travis-Repo-Slug and User-Agent) instead of the payload form (lib/travis/addons/webhook/task.rb #send_webhook); whk does not send that body.',
    'The one published pull_request delivery (the docs site\'s own webhook, build 289215159 of travis-ci/docs-travis-ci-com, 2017-10-17, the payload example of user/notifications.md.erb) has base_commit equal to commit: payload.rb then set base_commit to the build\'s commit (travis-tasks 779b2d6); since b1cfc42 (2018-09) it is the request\'s base commit, so the sample\'s commit (the merge commit), base_commit and head_commit differ.',
  ],
  mapping: alertMapping({
    title: 'message',
    severity: 'status_message',
    status: 'state',
    service: 'repository.name',
    description: 'compare_url',
    link: 'build_url',
    timestamp: { path: 'started_at', default: null },
  }),
});
