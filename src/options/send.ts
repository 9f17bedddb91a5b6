// `whk send` options.
import { sharedOptions } from './shared.js';
import { options } from './spec.js';
import { schemeSettingsWith } from './scheme-settings.js';

// whk's bound on deliveries in flight (a connection each): a stream starts a worker for each, and a
// million held gigabytes before the first event went out.
export const MAX_CONCURRENCY = 10_000;

const signSettings = schemeSettingsWith('--sign');

// The conflicts of a flag a stream (--rate) cannot honour: it generates its events and sends as it goes.
const CANNOT_STREAM = ['rate'] as const;

// A sender filter makes the alert whk generates pass it; it rewrote the fields of a payload given.
const FILTERS_GENERATE = 'a sender filter picks the alert whk generates to pass it; --data sends your own as it is';

export const sendOptions = options({
  url: { flags: '--url <url>', description: 'where to deliver (http or https)', type: 'string', required: true },
  count: {
    flags: '--count <n>',
    description: 'payloads to send; impressions: events per batch',
    type: 'int',
    min: 1,
    conflicts: CANNOT_STREAM,
    conflictHint: "a stream's length is `total` N (events) or `duration` D",
  },
  concurrency: { flags: '--concurrency <n>', description: 'deliveries in flight at once', type: 'int', min: 1, max: MAX_CONCURRENCY, default: '1' },
  variant: {
    flags: '--variant <variant>',
    description: 'which variant of the kind to send',
    type: 'string',
    conflicts: ['data'],
    conflictHint: 'a variant picks the payload whk generates; --data sends your own as it is',
  },
  event: { flags: '--event <event>', description: 'which event to send, for kinds whose sender names its events (see whk kinds)', type: 'string' },
  seed: { flags: '--seed <n>', description: 'seed for reproducible payloads', type: 'int', defaultHelp: 'a fresh one, told on stderr' },
  set: { flags: '--set <path=value>', description: 'override a field of every payload (impressions: of every record, or [0].key of the first) (repeatable); a value that parses as JSON is read as JSON (3 a number, \'"3"\' a string), any other as text', type: 'list' },
  data: { flags: '--data <file>', description: "send your own payload from a file ('-' for stdin), validated first", type: 'string', conflicts: CANNOT_STREAM },
  schema: { flags: '--schema <file>', description: 'your own webhook: a JSON Schema makes it a kind; --data is the payload sent', type: 'string', once: 'whk send takes one JSON Schema, one kind of your own' },
  validate: { flags: '--no-validate', description: 'send --data, or a payload --set changed, without validating it', type: 'negatable' },
  header: sharedOptions.header,
  timeout: { flags: '--timeout <duration>', description: 'how long one attempt may take before it fails (and is retried as the kind retries)', type: 'duration', defaultHelp: "the kind's" },
  retry: { flags: '--no-retry', description: "no retries by the sender's schedule (its HTTP client's own re-send, as OkHttp's after a 408, still goes)", type: 'negatable' },
  retries: { flags: '--retries <n>', description: 'retries after the first attempt', type: 'int', defaultHelp: "the kind's", conflicts: ['retry'] },
  autoDisable: {
    flags: '--no-auto-disable',
    description: "send every delivery, even after the sender would have disabled a failing webhook (gitlab: after 4 consecutive failures; see whk kinds)",
    type: 'negatable',
  },
  retryDelay: { flags: '--retry-delay <duration>', description: 'wait before the first retry', type: 'duration', allowZero: true, defaultHelp: "the kind's", conflicts: ['retry'] },
  gzip: { flags: '--gzip <mode>', description: "gzip bodies: auto follows the kind's rule", type: 'choice', choices: ['auto', 'always', 'never'], default: 'auto' },
  dryRun: { flags: '--dry-run', description: 'print the exact requests and send nothing', type: 'boolean', conflicts: CANNOT_STREAM },
  // --curl prints shell text, not JSON; --dry-run prints the same requests its own way.
  curl: { flags: '--curl', description: 'print each request as a runnable curl command and send nothing', type: 'boolean', conflicts: [...CANNOT_STREAM, 'json', 'dryRun'] },
  environment: { flags: '--environment <name>', description: 'sender filter (kinds that have one, see whk kinds): the environment the alert fires in', type: 'string', nonEmpty: true, conflicts: ['data'], conflictHint: FILTERS_GENERATE },
  alertType: {
    flags: '--alert-type <type>',
    description: 'sender filter (kinds that have one, see whk kinds): the alert type, e.g. ALERT_POLICY, KEY_METRIC_SIGNIFICANCE, GUARDRAIL_METRIC_SIGNIFICANCE, ALL',
    type: 'string',
    conflicts: ['data'],
    conflictHint: FILTERS_GENERATE,
  },
  duplicates: { flags: '--duplicates <p>', description: 'at-least-once kinds: probability 0..1 of re-sending a delivered delivery byte-identical (as if its answer was lost; a failed one is not re-sent)', type: 'rate', conflicts: CANNOT_STREAM },
  duplicateId: {
    flags: '--duplicate-id <same|new>',
    description: 'with --duplicates: same re-sends the bytes; new sends the same content under a new idempotencyId (metaplane-incident)',
    type: 'choice',
    choices: ['same', 'new'],
    conflicts: CANNOT_STREAM,
  },
  senderVersion: { flags: '--sender-version <version>', description: 'behave as this release of the sender (kinds whose delivery changed between releases, see whk kinds)', type: 'string', defaultHelp: 'the newest' },
  lifecycle: { flags: '--lifecycle', description: 'send each event through its lifecycle, e.g. opened then resolved (kinds with one, see whk kinds)', type: 'boolean', conflicts: CANNOT_STREAM },
  secret: {
    flags: '--secret <secret>',
    description: "sign bodies with the kind's scheme (x-metaplane-sig, Sentry-Hook-Signature, X-PagerDuty-Signature, Bitbucket's X-Hub-Signature: hex HMAC-SHA256); GitLab's X-Gitlab-Token carries the secret itself",
    type: 'string',
    nonEmpty: 'the secret may not be empty',
    once: 'whk send signs with one secret',
  },
  secretEnv: { ...sharedOptions.secretEnv, once: 'whk send signs with one secret' },
  travisKey: {
    flags: '--travis-key <file>',
    description: 'travis-ci: sign with the RSA private key in this PEM file (created when missing; whk travis-key prints its public key)',
    type: 'string',
    nonEmpty: true,
  },
  sign: {
    flags: '--sign <scheme>',
    description: "sign with this scheme instead of the kind's (github, stripe, standard-webhooks, …; see whk sign)",
    type: 'string',
    nonEmpty: true,
  },
  // No kind signs with twilio by its own scheme: a SharedKey is --sign twilio's, as the settings below are --sign's.
  sharedKey: { ...sharedOptions.sharedKey, description: `with --sign ${sharedOptions.sharedKey.description}` },
  // hmac's and grafana's settings, as sign and listen --verify take them; --algorithm is twilio's too.
  ...signSettings,
  algorithm: { ...signSettings.algorithm, description: "with --sign: hmac's hash, or twilio's with --shared-key (sha256 or sha1)" },
  authBasic: { flags: '--auth-basic <token>', description: 'Authorization: Basic <token>, sent as given (kinds with basic auth, see whk kinds)', type: 'string', nonEmpty: 'the token may not be empty', conflicts: ['authBearer'] },
  authBearer: { flags: '--auth-bearer <token>', description: 'Authorization: Bearer <token> (kinds with bearer auth, see whk kinds)', type: 'string', nonEmpty: 'the token may not be empty' },
  rate: { flags: '--rate <rate>', description: 'stream events at this rate, e.g. 200/s (impressions are batched)', type: 'string' },
  duration: { flags: '--duration <duration>', description: 'stream for this long', type: 'duration', conflicts: ['total'], conflictHint: 'a stream ends after a time or after a number of events' },
  total: { flags: '--total <n>', description: 'stream this many events', type: 'int', min: 1 },
  flushInterval: { flags: '--flush-interval <duration>', description: 'batch kinds: flush a batch this often', type: 'duration', defaultHelp: "the kind's, 10s" },
  batchSize: { flags: '--batch-size <n>', description: 'batch kinds: events in a batch at most (one that holds this many goes at once)', type: 'int', min: 1 },
  pause: { flags: '--pause <on|off>', description: 'delivery protection', type: 'choice', choices: ['on', 'off'], defaultHelp: 'on for impressions' },
  pauseWindow: { flags: '--pause-window <duration>', description: 'errors count within this window', type: 'duration', defaultHelp: '"60s"' },
  pauseMinAttempts: { flags: '--pause-min-attempts <n>', description: 'attempts in the window before it may pause', type: 'int', min: 1, defaultHelp: '"10"' },
  pauseErrorRate: { flags: '--pause-error-rate <p>', description: 'pause at this fraction of failed attempts, 0..1', type: 'rate', defaultHelp: '"0.5"' },
  pauseCooldown: { flags: '--pause-cooldown <duration>', description: 'first pause before a probe (doubles per failed probe)', type: 'duration', defaultHelp: '"30s"' },
  pauseMax: { flags: '--pause-max <duration>', description: 'longest pause', type: 'duration', defaultHelp: '"10m"' },
  maxQueue: { flags: '--max-queue <n>', description: 'batches that may wait to go, while paused or behind the deliveries in flight; overflow is dropped and counted', type: 'int', min: 1, defaultHelp: '"1000"' },
  pauseDrop: { flags: '--pause-drop', description: "while paused, send nothing and count the gap (the FME doc's behaviour); without it whk queues", type: 'boolean' },
  drainTimeout: { flags: '--drain-timeout <duration>', description: 'after generation, how long queued batches may still take', type: 'duration', allowZero: true, defaultHelp: '"60s"' },
});
