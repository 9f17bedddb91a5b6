// `whk listen` options.
import { sharedOptions } from './shared.js';
import { schemeSettingsWith } from './scheme-settings.js';
import { options } from './spec.js';

export const listenOptions = options({
  host: sharedOptions.host,
  port: { flags: '--port <port>', description: 'port to listen on (0 = any free port)', type: 'int', min: 0, max: 65535, default: '9000' },
  save: { flags: '--save <file>', description: 'append one NDJSON capture record per request to this file', type: 'string', nonEmpty: true },
  status: { flags: '--status <code>', description: 'status to answer', type: 'status', defaultHelp: '"200"' },
  respond: { flags: '--respond <codes>', description: 'statuses in turn, the last repeating, e.g. 500,500,200', type: 'statuses' },
  route: { flags: '--route <path=statuses>', description: "statuses per path, e.g. /split=500,200 or '/hooks/*=202' (repeatable; the first match answers, other paths get --status/--respond)", type: 'list' },
  failRate: { flags: '--fail-rate <p>', description: 'answer 500 to this fraction of requests (0..1, seeded)', type: 'rate' },
  seed: { flags: '--seed <n>', description: 'seed for --fail-rate', type: 'int' },
  delay: { flags: '--delay <duration>', description: 'wait this long before answering each request', type: 'duration', allowZero: true },
  retryAfter: { flags: '--retry-after <seconds>', description: 'send Retry-After: <seconds> on every answer that is not 2xx (5, or a duration in whole seconds: 5s, 2m)', type: 'seconds' },
  maxBody: { flags: '--max-body <size>', description: 'largest body, before and after decompression (413 above)', type: 'size', max: 'body', default: '10mb' },
  headerTimeout: sharedOptions.headerTimeout,
  idleTimeout: { flags: '--idle-timeout <duration>', description: 'drop a request whose body stalls this long', type: 'duration', default: '30s' },
  secret: {
    flags: '--secret <secret>',
    description: "verify signatures (the kind's scheme, or --verify's); repeatable, one per --verify",
    type: 'list',
  },
  // Repeatable as --secret is; not mixed with it, where the order pairs each with a --verify.
  secretEnv: {
    flags: sharedOptions.secretEnv.flags,
    description: `${sharedOptions.secretEnv.description}; repeatable, as --secret`,
    type: 'list',
    conflicts: sharedOptions.secretEnv.conflicts,
    conflictHint: sharedOptions.secretEnv.conflictHint,
  },
  verify: {
    flags: '--verify <scheme>',
    description: 'verify with this scheme (github, stripe, standard-webhooks, …; repeatable); the same signed message again, after a 2xx, is replayed',
    type: 'list',
  },
  // Sign's and verify's settings of the generic HMAC and Grafana, for `--verify hmac` and `--verify grafana`.
  ...schemeSettingsWith('--verify'),
  tolerance: sharedOptions.tolerance,
  reject: { flags: '--reject', description: 'answer 401 to a request whose signature is not valid', type: 'boolean' },
  forwardTo: { flags: '--forward-to <url>', description: "relay each request to your app and answer with the app's answer", type: 'string' },
  kind: { flags: '--kind <kind>', description: 'validate every body as this kind instead of detecting it', type: 'string' },
  expect: { flags: '--expect <kind>', description: 'a request of any other kind is a failure', type: 'string' },
  strict: { flags: '--strict', description: 'a request no kind claims is invalid (without it: unknown, recorded, not a failure)', type: 'boolean' },
  travisPublicKey: { flags: '--travis-public-key <file>', description: "verify Travis CI's Signature with this public key (PEM; or whk travis-key's key file)", type: 'string', nonEmpty: true },
  schema: { flags: '--schema <file>', description: 'also detect and validate your own webhook, described by this JSON Schema', type: 'string', once: 'whk listen takes one JSON Schema, one kind of your own' },
  map: { flags: '--map <file>', description: "extract fields with this mapping file (one mapping per kind under \"kinds\", each applied to its kind's requests): shown on each line, kept in the capture record, problems counted in the summary", type: 'string' },
  count: { flags: '--count <n>', description: 'exit after N requests (exit 1 if any was invalid, or had a --map problem)', type: 'int', min: 1 },
  timeout: { flags: '--timeout <duration>', description: 'CI mode: how long to listen, from the start; exit 1 if fewer than --count requests (without --count: none) arrived by then', type: 'duration' },
  headers: { flags: '--headers', description: 'print the request headers under each line', type: 'boolean' },
  body: { flags: '--body', description: 'print the decoded body under each line (JSON pretty-printed, form fields, text, hex); --json events carry it', type: 'boolean' },
  showSecrets: { flags: '--show-secrets', description: 'do not mask Authorization, Cookie and signature headers in printed output', type: 'boolean' },
  ui: { flags: '--ui', description: 'also serve the inspector page (live list, detail, diff, replay) on its own port', type: 'boolean' },
  uiPort: { flags: '--ui-port <port>', description: 'port of the inspector page (0 = any free port)', type: 'int', min: 0, max: 65535, fallback: 0, defaultHelp: '"0"' },
});
