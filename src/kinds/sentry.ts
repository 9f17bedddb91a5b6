// Sentry integration platform issue alert webhook (resource event_alert): the event that made an
// issue alert rule fire, sent to an internal or public integration used as an alert action.
import type { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { sampleInstant } from './common.js';
import { isRecord } from '../util/json.js';
import { alertMapping } from './alert-mapping.js';
import { defineKind, type GenerateContext, NO_RETRY } from './define.js';
import { PYTHON_REQUESTS_HEADERS } from './http-clients.js';
import { sentryBody, storedEventSize } from './sentry-body.js';
import type { Random } from '../util/prng.js';
import { lazySchema, type Built } from '../util/zod.js';

/** The alert's schema, built on first use (util/zod.ts). */
export const sentrySchema = lazySchema((z) => {
  const eventSchema = z
    .object({
      event_id: z.string().regex(/^[0-9a-f]{32}$/, 'expected a 32-digit hex event id'),
      issue_id: z.string(),
      issue_url: z.string(),
      url: z.string(),
      web_url: z.string(),
      title: z.string(),
      level: z.enum(['fatal', 'error', 'warning', 'info', 'debug']),
      platform: z.string(),
      project: z.number().int(),
      culprit: z.string().nullable().optional(),
      datetime: z.iso.datetime({ offset: true }).optional(),
      timestamp: z.number().optional(),
      message: z.string().optional(),
      tags: z.array(z.tuple([z.string(), z.string()])).optional(),
      exception: z
        .object({
          values: z.array(z.object({ type: z.string().nullable(), value: z.string().nullable(), mechanism: z.unknown().optional(), stacktrace: z.unknown().optional() }).loose()),
        })
        .loose()
        .nullable()
        .optional(),
      // Fields of the doc's example event that vary by SDK; known, not checked.
      logger: z.string().nullable().optional(),
      release: z.string().nullable().optional(),
      environment: z.string().nullable().optional(),
      dist: z.string().nullable().optional(),
      sdk: z.unknown().optional(),
      metadata: z.unknown().optional(),
      contexts: z.unknown().optional(),
      request: z.unknown().optional(),
      user: z.unknown().optional(),
      location: z.string().nullable().optional(),
      time_spent: z.number().nullable().optional(),
      type: z.string().optional(),
      version: z.string().optional(),
      // What ingestion stores with every error event and the webhook sends as stored (see storedFields);
      // optional, as an event stored before one of them was written lacks it.
      fingerprint: z.array(z.string()).optional(),
      hashes: z.array(z.string()).optional(),
      grouping_config: z.object({ id: z.string(), enhancements: z.string().optional() }).loose().optional(),
      key_id: z.string().optional(),
      received: z.number().optional(),
      _ref: z.number().int().optional(),
      _ref_version: z.number().int().optional(),
      _metrics: z.object({ 'bytes.stored.event': z.number().int().optional() }).loose().optional(),
      nodestore_insert: z.number().optional(),
    })
    .loose();

  return z
    .object({
      action: z.literal('triggered'),
      actor: z.object({ id: z.union([z.string(), z.number()]), name: z.string(), type: z.enum(['user', 'application']) }).loose(),
      data: z
        .object({
          event: eventSchema,
          triggered_rule: z.string(),
          // Only for alert rule action UI components. notify_sentry_app (sentry_apps/tasks/sentry_apps.py)
          // writes all four; the docs' example has only title and settings.
          issue_alert: z
            .object({ id: z.number().int().optional(), title: z.string(), sentry_app_id: z.number().int().optional(), settings: z.array(z.object({ name: z.string(), value: z.unknown() }).loose()).optional() })
            .loose()
            .optional(),
        })
        .loose(),
      installation: z.object({ uuid: z.string() }).loose(),
    })
    .loose();
});

export type SentryPayload = z.infer<Built<typeof sentrySchema>>;

interface SampleError {
  type: string;
  value: string;
  culprit: string;
  file: string;
  fn: string;
}

const ERRORS: Record<'javascript-error' | 'python-error', readonly SampleError[]> = {
  'javascript-error': [
    { type: 'TypeError', value: "Cannot read properties of undefined (reading 'price')", culprit: 'renderCartLine(app/components/cart/CartLine)', file: 'app/components/cart/CartLine.tsx', fn: 'renderCartLine' },
    { type: 'ChunkLoadError', value: 'Loading chunk 812 failed.', culprit: 'loadChunk(webpack/runtime/jsonp)', file: 'webpack/runtime/jsonp chunk loading', fn: 'loadChunk' },
  ],
  'python-error': [
    { type: 'KeyError', value: "'currency'", culprit: 'billing.invoices in build_line_items', file: 'billing/invoices.py', fn: 'build_line_items' },
    { type: 'OperationalError', value: 'could not serialize access due to concurrent update', culprit: 'orders.tasks.reserve_stock', file: 'orders/tasks.py', fn: 'reserve_stock' },
  ],
};
const PROJECTS = { 'javascript-error': { slug: 'storefront', platform: 'javascript', sdk: 'sentry.javascript.react' }, 'python-error': { slug: 'billing-api', platform: 'python', sdk: 'sentry.python.django' } } as const;
// An issue alert rule belongs to one project, so the samples' rule names (the user's) name the event's.
const RULES: readonly ((project: string) => string)[] = [
  (project) => `Page on-call for new production errors in ${project}`,
  (project) => `High volume of errors in ${project}`,
  (project) => `New issue in ${project}`,
];

/**
 * What a browser SDK's event carries that a server's does not: the browser and os contexts Relay parses
 * from the request's User-Agent, the page's URL and the user's IP, and the tags made of them; a server
 * SDK's event names its host in server_name. Tags and contexts as the docs' JavaScript example has them
 * (browser "Chrome 75.0.3770", browser.name, os "Mac OS X 10.14.0", os.name, url, user "ip:…").
 */
function platformParts(random: Random, variant: keyof typeof ERRORS, slug: string, org: string) {
  if (variant === 'python-error') return { tags: [['server_name', `${slug}-${random.hex(6)}`]] as [string, string][] };
  const client = random.pick(BROWSERS);
  const url = `https://www.${org}.example${random.pick(['/cart', '/checkout', '/products/sku-1042'])}`;
  const ip = `203.0.113.${random.int(1, 254)}`;
  const tags: [string, string][] = [
    ['browser', `${client.browser} ${client.browserVersion}`],
    ['browser.name', client.browser],
    ['os', `${client.os} ${client.osVersion}`],
    ['os.name', client.os],
    ['url', url],
    ['user', `ip:${ip}`],
  ];
  return {
    tags,
    contexts: { browser: { name: client.browser, type: 'browser', version: client.browserVersion }, os: { name: client.os, type: 'os', version: client.osVersion } },
    request: { headers: [['User-Agent', client.userAgent]], url },
    user: { ip_address: ip },
  };
}

// Two browsers as a User-Agent parser names them: the version cut to three parts, as in the docs' example.
const BROWSERS = [
  { browser: 'Chrome', browserVersion: '124.0.6367', os: 'Windows', osVersion: '10', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.91 Safari/537.36' },
  { browser: 'Safari', browserVersion: '17.4.1', os: 'Mac OS X', osVersion: '10.15.7', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15' },
] as const;

// Enhancements.dumps (getsentry/sentry src/sentry/grouping/enhancer/__init__.py: msgpack of [version 2,
// bases, rules], zlib, URL-safe base64 without padding) of the newstyle:2023-01-11 base with no rules of
// the project's own; whether current releases still encode it so is one of the kind's doubts.
const NEWSTYLE_ENHANCEMENTS = 'eJybzDRxc15qeXFJZU6qlZGBkbGugaGuoeEEAHJMCAM';

/**
 * What ingestion stores with every error event, which the webhook sends as stored: send_alert_webhook_v2
 * (sentry_apps/tasks/sentry_apps.py) reads the event's nodestore data with nodestore.backend.get and
 * hands the dict to GroupEvent, so NodeData.bind_data, which pops _ref and _ref_version, never runs;
 * GroupEvent.as_dict (services/eventstore/models.py) then copies every key of it.
 */
function storedFields(random: Random, at: number, projectId: number) {
  return {
    // Relay's normalization (getsentry/relay relay-event-normalization/src/event.rs): the DSN key's
    // numeric id as a string, and when Relay received the event, as float seconds (after the event).
    key_id: String(random.int(1_000_000, 4_999_999)),
    received: (at * 1000 + random.int(40_000, 2_500_000)) / 1e6,
    // The project's grouping config, which ingestion keeps with the event (grouping/api.py,
    // get_grouping_config_dict_for_project; newstyle:2023-01-11 is projectoptions/defaults.py's default).
    grouping_config: { enhancements: NEWSTYLE_ENHANCEMENTS, id: 'newstyle:2023-01-11' },
    // One md5 hex digest per grouping variant that contributes (BaseEvent.get_hashes_and_variants).
    hashes: [random.hex(32)],
    // event_manager.py save_error_events: data.bind_ref(event) before the nodestore save; Event's
    // NodeData has ref_func (the project id) and ref_version=2 (services/eventstore/models.py).
    _ref: projectId,
    _ref_version: 2,
  };
}

/**
 * What event_manager.py writes into the event as it saves it, after the fields above: the stored JSON's
 * length (_materialize_event_metrics, _metrics['bytes.stored.event']), then the time of the nodestore
 * write (_nodestore_save_many, nodestore_insert, float seconds).
 */
function saveFields(event: Record<string, unknown>, received: number, random: Random) {
  // The stored event is what the webhook sends less what _webhook_event_data adds; when it is measured
  // it holds _metrics as the dict _materialize_event_metrics has just put in (empty: the ingestion
  // sizes it says Relay usually puts there are not in whk's sample), and not yet nodestore_insert.
  // The fields GroupEvent.as_dict computes (datetime, message, dist, tags) are measured as sent: see
  // the kind's doubts.
  return {
    _metrics: { 'bytes.stored.event': storedEventSize(event, {}) },
    nodestore_insert: (Math.round(received * 1e6) + random.int(150_000, 1_500_000)) / 1e6,
  };
}

function generate({ random, variant: chosen }: GenerateContext): SentryPayload {
  const variant = chosen as keyof typeof ERRORS;
  const error = random.pick(ERRORS[variant]);
  const project = PROJECTS[variant];
  const at = sampleInstant(random);
  const eventId = random.hex(32);
  const issueId = String(random.int(4_000_000_000, 6_999_999_999));
  const projectId = random.int(4_500_000, 4_599_999);
  const org = random.pick(['acme', 'globex']);
  const release = `${project.slug}@${random.int(1, 9)}.${random.int(0, 40)}.${random.int(0, 12)}`;
  const environment = random.pick(['production', 'production', 'staging']);
  const rule = random.pick(RULES)(project.slug);
  const level = random.chance(0.85) ? 'error' : 'fatal';
  const mechanism = variant === 'javascript-error' ? 'onerror' : 'django';
  const { tags: platformTags, ...platformFields } = platformParts(random, variant, project.slug, org);
  const payload: SentryPayload = {
    action: 'triggered',
    actor: { id: 'sentry', name: 'Sentry', type: 'application' },
    data: {
      event: {
        event_id: eventId,
        issue_id: issueId,
        // Organization-scoped, as Sentry's code writes it (sentry_apps/tasks/sentry_apps.py, _webhook_event_data).
        issue_url: `https://sentry.io/api/0/organizations/${org}/issues/${issueId}/`,
        url: `https://sentry.io/api/0/projects/${org}/${project.slug}/events/${eventId}/`,
        web_url: `https://sentry.io/organizations/${org}/issues/${issueId}/events/${eventId}/`,
        title: `${error.type}: ${error.value}`,
        level,
        platform: project.platform,
        project: projectId,
        culprit: error.culprit,
        // Sentry derives datetime from timestamp (BaseEvent.datetime) and writes microseconds, so it
        // is the same instant as timestamp, here to the millisecond.
        datetime: new Date(at).toISOString().replace('Z', '000Z'),
        timestamp: at / 1000,
        message: '',
        logger: '',
        release,
        // GroupEvent.as_dict always sets dist (the sentry:dist tag, null without one) and location
        // (for an error, its metadata's filename).
        dist: null,
        location: error.file,
        environment,
        // Sorted by key, as BaseEvent.tags returns them: level copies the event's level
        // (event_manager.py), mechanism and handled come from the exception's mechanism.
        tags: ([['environment', environment], ['handled', 'no'], ['level', level], ['mechanism', mechanism], ['release', release], ...platformTags] as [string, string][]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        ...platformFields,
        exception: {
          values: [
            {
              type: error.type,
              value: error.value,
              mechanism: { type: mechanism, handled: false },
              stacktrace: { frames: [{ filename: error.file, function: error.fn, lineno: random.int(12, 400), colno: random.int(1, 80), in_app: true }] },
            },
          ],
        },
        // Grouping writes the fingerprint into every saved event, the default when the SDK sent
        // none (grouping/ingest/hashing.py, _calculate_event_grouping).
        fingerprint: ['{{ default }}'],
        sdk: { name: project.sdk, version: `${random.int(7, 8)}.${random.int(0, 60)}.${random.int(0, 9)}` },
        metadata: { type: error.type, value: error.value, filename: error.file },
        type: 'error',
        version: '7',
      },
      triggered_rule: rule,
    },
    installation: { uuid: random.uuid() },
  };
  // Drawn last, so the fields above keep the values a seed gave them.
  const event = { ...payload.data.event, ...storedFields(random, at, projectId) };
  payload.data.event = { ...event, ...saveFields(event, event.received, random) };
  // notify_sentry_app (sentry_apps/tasks/sentry_apps.py): the rule's id, int(id) (under the workflow
  // engine the legacy rule's id, -1 for a test notification), and the integration's SentryApp id.
  // Drawn after the event, which keeps its values; their sizes are whk's choice.
  payload.data.issue_alert = { id: random.int(10_000_000, 16_999_999), title: rule, sentry_app_id: random.int(100_000, 399_999), settings: [{ name: 'channel', value: '#incidents' }] };
  return payload;
}

export const sentry = defineKind<SentryPayload>({
  id: 'sentry-issue-alert',
  title: 'Sentry issue alert webhook',
  bodyOrigin: 'sender-code',
  template: 'Sentry',
  integrationType: 'alert',
  follows: 'Sentry docs, Integration Platform → Webhooks ("Issue Alerts", Sentry-Hook-Resource: event_alert, and the common headers and signature) and the 2023-10-3 changelog (1 s timeout); its delivery from getsentry/sentry: src/sentry/utils/sentry_apps/webhooks.py, src/sentry/sentry_apps/tasks/sentry_apps.py (send_alert_webhook_v2), src/sentry/http.py and src/sentry/net/http.py; the stored event fields (received, key_id, grouping_config, hashes, fingerprint, _ref, _ref_version, _metrics, nodestore_insert) from getsentry/sentry src/sentry/services/eventstore/models.py (GroupEvent.as_dict), src/sentry/event_manager.py and getsentry/relay relay-event-normalization; the body\'s bytes from src/sentry/sentry_apps/api/serializers/app_platform_event.py (AppPlatformEvent.body), src/sentry/utils/json.py (dumps: simplejson, compact, ASCII only), src/sentry/services/nodestore/base.py (the event stored with sorted keys) and simplejson encoder.py',
  variants: [
    { id: 'javascript-error', description: 'an unhandled browser error made the rule fire' },
    { id: 'python-error', description: 'a backend (Django) exception made the rule fire' },
  ],
  schema: sentrySchema,
  claims: { keys: ['installation'] },
  looksLike: (payload) =>
    isRecord(payload) &&
    isRecord(payload['installation']) &&
    isRecord(payload['data']) &&
    'triggered_rule' in payload['data'] &&
    isRecord(payload['data']['event']),
  generate,
  // The body as AppPlatformEvent.body makes it: json.dumps of the payload in Sentry's order (sentry-body.ts).
  render: (payload) => sentryBody(payload),
  // Request-ID is uuid4().hex in Sentry's code (app_platform_event.py, sentry_headers): 32 hex digits, no hyphens.
  requestHeaders: () => ({ 'Sentry-Hook-Resource': 'event_alert', 'Request-ID': randomUUID().replaceAll('-', ''), 'Sentry-Hook-Timestamp': String(Math.floor(Date.now() / 1000)) }),
  delivery: {
    // src/sentry/http.py safe_urlopen: allow_redirects=False.
    followRedirects: false,
    // webhooks.py send_and_save_webhook_request raises on 503, 504 and 400–499, then raise_for_status
    // (requests: 400–599); an unfollowed 3xx passes all of them, so Sentry counts it as sent.
    success: 'below-400',
    // getsentry/sentry src/sentry/utils/sentry_apps/webhooks.py: send_and_save_webhook_request raises on
    // a 4xx, 5xx, timeout or connection error, and its @ignore_unpublished_app_errors swallows that
    // for an unpublished (internal) integration, so the task's Retry never sees it: one attempt.
    retry: NO_RETRY,
    timeoutMs: 1_000,
    // src/sentry/net/http.py SafeSession: User-Agent sentry/<VERSION> (https://sentry.io); whk names one release.
    userAgent: 'sentry/25.10.0 (https://sentry.io)',
    // The rest of the requests Session's defaults (SafeSession sets only the User-Agent).
    clientHeaders: PYTHON_REQUESTS_HEADERS,
    // safe_urlopen asks without stream=True, so requests reads the body before it returns (sessions.py
    // send: r.content), and urllib3 2 (2.2.2 in requirements-frozen.txt; enforce_content_length, on by default) raises IncompleteRead at an
    // early end, which requests raises as ChunkedEncodingError; send_and_save_webhook_request catches
    // that (halt reason CONNECTION_RESET) and raises it again: the status is never looked at.
    shortBody: 'fails',
    whkChoices: ['user-agent'],
    signature: { scheme: 'sentry' },
    provenance: {
      documented: [
        'POST with a JSON body and Content-Type: application/json',
        'headers Request-ID (uuid4().hex: 32 hex digits), Sentry-Hook-Resource (event_alert here), Sentry-Hook-Timestamp (getsentry/sentry src/sentry/sentry_apps/api/serializers/app_platform_event.py, sentry_headers)',
        'Sentry-Hook-Signature: hex HMAC-SHA256 of the body with the integration\'s client secret',
        'answer within 1 second or it counts as a timeout; 1000 timeouts in 24 h unsubscribe the webhook (Sentry changelog 2023-10-3, internal integrations); in the code the 1 s is the option sentry-apps.webhook.timeout.sec (default 1.0, src/sentry/options/defaults.py) handed to requests as timeout, which bounds the connect and each wait for the answer\'s bytes apart, with no limit on the whole call (src/sentry/utils/sentry_apps/webhooks.py _send_webhook_request)',
        'User-Agent: sentry/<version> (https://sentry.io) (src/sentry/net/http.py USER_AGENT, set by SafeSession)',
        'redirects not followed (src/sentry/http.py safe_urlopen: allow_redirects=False)',
        'Accept: */* and Accept-Encoding, the requests Session\'s defaults SafeSession leaves (psf/requests utils.py default_headers); gzip, deflate, br, zstd as urllib3 writes it with brotli and zstandard installed, which Sentry\'s uv.lock requires',
        'success is any status below 400: it raises on a 4xx or 5xx answer only, so an unfollowed 3xx counts as sent (src/sentry/utils/sentry_apps/webhooks.py send_and_save_webhook_request, raise_for_status)',
        'no retry for an internal (unpublished) integration: its errors are swallowed (src/sentry/utils/sentry_apps/webhooks.py ignore_unpublished_app_errors)',
        'no gzip: the body is the string AppPlatformEvent.body (json.dumps) handed to safe_urlopen as data, which requests sends as it is, and sentry_headers name no Content-Encoding (src/sentry/sentry_apps/api/serializers/app_platform_event.py, src/sentry/utils/sentry_apps/webhooks.py _send_webhook_request)',
        'a body cut short fails the delivery, whatever its status: requests reads the body inside safe_urlopen (no stream=True; psf/requests sessions.py send), urllib3 2 (requirements-frozen.txt pins 2.2.2, with requests 2.32.3) ends an early end with IncompleteRead (enforce_content_length, true by default), raised as requests\' ChunkedEncodingError, which send_and_save_webhook_request catches only to record the halt (CONNECTION_RESET) and raise again, before the status is read (src/sentry/utils/sentry_apps/webhooks.py)',
      ],
      ours: [
        'the version in the User-Agent (25.10.0): the real one carries the running release',
        'the 1 s bounds the whole attempt (connect, send, the answer and its body), where requests bounds the connect and each read apart: a receiver that answers in pieces, each within a second, keeps Sentry waiting past 1 s and is cut at 1 s by whk',
      ],
    },
  },

  doubts: [
    'Sentry\'s own verification example signs JSON.stringify of the parsed body; that gives back Sentry\'s bytes only for a body with no character past \'~\' (Sentry writes DEL and beyond as \\uXXXX, JSON.stringify the character), no whole float (Sentry writes 1.0) and no whole-number key (JavaScript puts those first). whk signs the exact bytes it sends.',
    'Objects inside the event are sent with their keys sorted, as nodestore stores the event (sort_keys=True) and json.loads reads it back; when the webhook task reads the event from the nodestore cache (nodestore.set-subkeys.enable-set-cache-item) it gets the event as the save held it in memory, in an order the source does not fix. whk sends the sorted order.',
    'Only timestamp, received and nodestore_insert are written as Python floats when whole (1775808255.0); a whole float elsewhere in a real event (a context\'s or a measurement\'s value) would be a float in Sentry, but the payload\'s JSON does not tell it from an int, and whk writes it as an int.',
    'Event fields vary with the SDK and platform; only the fields the doc lists are required.',
    'A browser sample carries the docs\' JavaScript example\'s tags (browser, browser.name, os, os.name, url, user) and the contexts, request and user they are made of; the user\'s IP (user "ip:…") follows that example, and a real browser event may come without it. Server samples name their host in server_name. Rule names are the user\'s: the samples\' name the event\'s project, as a rule is one project\'s.',
    'grouping_config.enhancements is opaque: whk writes what Enhancements.dumps gave in the getsentry/sentry version read (zlib-compressed msgpack, version 2) for the newstyle:2023-01-11 base; whether current releases encode it so, or with another version or compression, is not settled.',
    'hashes holds one digest per grouping variant that contributes; whk sends one, as the docs\' example does; an event whose in-app and full stack traces group apart would carry two.',
    '_metrics[\'bytes.stored.event\'] is measured as current getsentry/sentry measures it (event_manager.py _materialize_event_metrics: len(orjson.dumps(...).decode()), a character counting once); releases before its move to orjson measured sentry.utils.json.dumps (ASCII only, so a non-ASCII character counted as its \\uXXXX). whk measures what it sends less the webhook\'s additions: the stored event may differ in the fields GroupEvent.as_dict computes (datetime, message, dist, and the tags, whose sentry: prefix it strips) and in any ingestion sizes Relay put in _metrics, so the number is near a real event\'s, not equal to it.',
    'requests\' 1 s timeout bounds the connect and each read, not the whole call (only organizations with the sentry-app-webhook-hard-timeout feature get a whole-call alarm, at sentry-apps.webhook.hard-timeout.sec); whk ends the attempt 1 s after it started, so a receiver that answers slowly but steadily can fail under whk and pass under Sentry.',
    'Current getsentry/sentry also sends the integration\'s custom webhook headers (SentryApp.webhook_headers, "Name: value" lines), its own headers winning a clash (app_platform_event.py custom_headers, headers); whk sends none of its own accord: they are yours to add as `headers`.',
    'A published integration is retried: its task (send_alert_webhook_v2, Retry(times=3, delay=300)) makes up to 3 attempts 5 minutes apart after a 5xx, a timeout or a connection error, never after a 4xx; whk models an internal integration, which gets one attempt.',
  ],
  mapping: alertMapping({ title: 'data.event.title', severity: 'data.event.level', status: 'action', service: { path: 'data.event.project', type: 'number' }, description: 'data.event.culprit', link: 'data.event.web_url', timestamp: 'data.event.datetime' }),
});
