// What a webhook kind is: its schema, events, sample generator, variants and delivery profile, as data.
import type { z } from 'zod';
import type { TemplateSpec } from '../mapping/spec.js';

/** Which HTTP statuses count as a successful delivery. */
export type SuccessRule = 'exactly-200' | '2xx' | 'below-400';

/** The integration types of an incident platform's inbound webhooks (the Harness AI SRE page's four). */
export type IntegrationType = 'alert' | 'incident' | 'build' | 'deployment';

export interface RetryPolicy {
  /** Attempts in all, the first included (1 = no retry). */
  maxAttempts: number;
  /** Wait before the first retry. */
  initialDelayMs: number;
  /** 'fixed' waits initialDelayMs each time; 'exponential' doubles it after each retry. */
  backoff: 'fixed' | 'exponential';
  /**
   * Which failures are retried: every failure (the default); 'server-errors' (5xx, 429, timeouts and
   * connection failures; any other 4xx is final), as PagerDuty documents; '5xx' (5xx, timeouts and
   * connection failures; 429 is final too), as Alertmanager's Retrier does and Datadog documents; or
   * '5xx-answers' (5xx answers only; timeouts and connection failures are final), as Bitbucket Cloud
   * documents.
   */
  retryOn?: 'any-failure' | 'server-errors' | '5xx' | '5xx-answers';
  /** With 'server-errors' or '5xx': the 4xx statuses retried as well (Jira Cloud: 408, 409, 425). */
  alsoRetried?: readonly number[];
  /** A header that counts attempts; the other headers stay the same across attempts. */
  attemptHeader?: AttemptHeader;
}

/**
 * What an attempt header carries: 'attempts' numbers every attempt from 1 (Bitbucket's
 * X-Attempt-Number); 'retries' carries the retry count, absent on the first attempt (Jira's
 * X-Atlassian-Webhook-Retry).
 */
export interface AttemptHeader {
  name: string;
  counts: 'attempts' | 'retries';
}

/**
 * A sender's own rule for a webhook that keeps failing (GitLab's auto-disabled webhooks): after some
 * consecutive failed deliveries it disables the webhook for a while, growing with each further
 * failure, then for good. Deliveries due while it is disabled are not sent at all (dropped, not
 * queued); a delivery that succeeds ends the streak.
 */
export interface AutoDisableRule {
  /** Who disables the webhook, as a "not sent" line names it. */
  sender: string;
  /** Consecutive failed deliveries that disable the webhook for a while. */
  afterFailures: number;
  /** How long the first disable lasts; each further failure doubles it ... */
  initialMs: number;
  /** ... up to this. */
  maxMs: number;
  /** Consecutive failed deliveries that disable it for good (null: never). */
  permanentAfter: number | null;
}

/** Gzip every body except to these hosts (whose receivers cannot inflate), or never. */
export type GzipRule = 'never' | { unlessHosts: readonly string[] };

export interface DeliveryProfile {
  method: 'POST';
  /** SNS posts its JSON envelope as text/plain unless the subscription's delivery policy says otherwise. */
  /** Harness's OkHttp sender writes its body's media type, with the charset. */
  contentType: 'application/json' | 'application/json; charset=utf-8' | 'text/plain; charset=UTF-8' | 'application/x-www-form-urlencoded' | 'multipart/form-data';
  /** A form-encoded sender puts the JSON in this field (Travis CI: payload=<json>; a multipart form's, as Jotform's rawRequest). */
  formField?: string;
  success: SuccessRule;
  retry: RetryPolicy;
  /** Per-attempt timeout. */
  timeoutMs: number;
  gzip: GzipRule;
  /** Events are batched into one JSON array per request (impressions). */
  batching: { flushIntervalMs: number; maxBatchSize: number } | null;
  /** The sender may deliver the same payload more than once (same idempotency id, same bytes). */
  atLeastOnce: boolean;
  /**
   * How the sender signs with a shared secret: the id of a scheme in src/signing (its headers, digest,
   * prefix), and for a scheme that signs a message id, the request header whose value the sender signs
   * as that id (`idFrom`; GitLab's webhook-id is its Idempotency-Key).
   */
  signature: { scheme: string; idFrom?: string } | null;
  /** Optional Authorization header schemes the sender supports. */
  auth: readonly ('basic' | 'bearer')[];
  /** Delivery protection (the pause, SPEC section 3) is on by default for this kind. */
  pauseByDefault: boolean;
  /** The sender stops delivering to a webhook that keeps failing (GitLab); null: every delivery is sent. */
  autoDisable: AutoDisableRule | null;
  /** The User-Agent header: the sender's own, or whk's where the sender's is unknown (see whkChoices). */
  userAgent: string;
  /** The sender's HTTP client follows redirects (a 3xx with Location) and reports the final answer. */
  followRedirects: boolean;
  /** How that client follows them (its statuses, its limit, what ends it); needed when followRedirects. */
  redirects?: RedirectRule;
  /** Answers after which the sender's HTTP client sends the same request again on its own (OkHttp after a 408). */
  resends?: ResendRule;
  /** The sender asks for the connection to be closed after each request (Connection: close). */
  connectionClose: boolean;
  /**
   * An answer whose body ends before its Content-Length (the receiver closed the connection): 'fails',
   * the sender's code reads the body to its end and gets the error; 'status', it decides on the status
   * alone (a 2xx is delivered). Absent: it fails, whk's choice where no source says (http-clients.ts).
   */
  shortBody?: 'fails' | 'status';
  /**
   * An answer whose body is still coming when the attempt's deadline passes: 'status', the sender's
   * code decided on the status before it read the body (Alertmanager's Retrier.Check, the body drained
   * after), so the attempt ends at the deadline with that status. Absent: the attempt timed out, as a
   * client that reads the body before its caller sees the status ends it (Net::HTTP, io.ReadAll).
   * '2xx-at-headers': the sender's code returns on a 2xx without reading its body and closes the
   * answer (Harness's WebhookSenderImpl over OkHttp), so a 2xx attempt ends at its headers; another
   * status as 'status'.
   */
  stalledBody?: 'status' | '2xx-at-headers';
  /**
   * Headers the sender's HTTP client adds on its own, the sender's code setting none of them (Go's and
   * OkHttp's Accept-Encoding: gzip, Ruby Net::HTTP's Accept and Accept-Encoding): http-clients.ts.
   */
  clientHeaders?: Readonly<Record<string, string>> | undefined;
  /** Which of the numbers and headers above are whk's choice rather than the sender's documented or coded behaviour. */
  whkChoices: readonly WhkChoice[];
  /** Which of the rules above are documented upstream and which are whk's choice. */
  provenance: { documented: readonly string[]; ours: readonly string[] };
}

/**
 * How a sender's HTTP client follows redirects. The clients agree on the plain case and differ where
 * a receiver misbehaves: a loop, a Location missing or not a URL, a move to another scheme.
 */
export interface RedirectRule {
  /** The HTTP client, named when it gives up. */
  client: string;
  /** The 3xx statuses it follows; another status is the answer. */
  statuses: readonly number[];
  /** Redirects it follows at most in one request (for a client with a ResendRule, its re-sends count too). */
  max: number;
  /** One redirect more than `max`: that 3xx is the answer, or the request fails. */
  pastMax: 'answer' | 'error';
  /** A status it follows without a Location (or an empty one). */
  missingLocation: 'answer' | 'error';
  /** A status it follows with a Location that is not a URL (judged by the WHATWG URL parser). */
  badLocation: 'answer' | 'error';
  /** A Location that is not http or https (file:, ftp:, …). */
  notHttp: 'answer' | 'error';
  /** A Location from https to http: followed, or that 3xx is the answer. */
  downgrade: 'follow' | 'answer';
}

/**
 * Answers after which a sender's HTTP client re-sends the request of that answer by itself (after a
 * redirect, to the redirected URL), outside the sender's retry policy and with no wait (OkHttp's
 * follow-ups on 408 and 503). whk shows each as an attempt.
 */
export interface ResendRule {
  /** The HTTP client, named on the attempt it re-sent. */
  client: string;
  /**
   * The statuses it re-sends after, and the Retry-After that allows it: absent or 0, or exactly 0.
   * Never twice in a row on the same status (the answer just before, a 3xx included, was that status too: it gives up).
   */
  on: readonly { status: number; retryAfter: 'absent-or-0' | '0' }[];
  /** Follow-ups at most in one call, re-sends and redirects counted together (OkHttp's MAX_FOLLOW_UPS); one more fails the request. */
  max: number;
}

/** The parts of a delivery profile `whk kinds` marks as whk's choice. */
export type WhkChoice = 'success' | 'retry' | 'timeout' | 'user-agent' | 'batch-size' | 'gzip' | 'gzip-hosts' | 'queue-while-paused' | 'redirects';

/**
 * A release line of a sender whose HTTP delivery changed between versions (HertzBeat swapped its HTTP
 * client twice): from `from` (inclusive) until the next line.
 */
export interface SenderRelease {
  from: string;
  /** What this line's HTTP client does differently from the kind's profile. */
  delivery: Partial<Pick<DeliveryProfile, 'timeoutMs' | 'followRedirects' | 'redirects' | 'resends' | 'userAgent' | 'connectionClose' | 'clientHeaders' | 'auth' | 'whkChoices'>>;
  /** The payload generation (variant) this line sends. */
  variant: string;
  /** The HTTP client and its settings, in words, naming the source. */
  note: string;
}

export interface SenderVersions {
  /** The newest release: the default. */
  newest: string;
  /** The newest version whk knows a line for, past the newest release (a release candidate, the main branch); default: newest. */
  upTo?: string;
  /** Oldest line first. */
  releases: readonly SenderRelease[];
}

export interface Variant {
  id: string;
  description: string;
}

export interface SampleOptions {
  seed: number;
  variant?: string | undefined;
  /** Number of records for kinds whose payload is a batch (impressions). */
  count?: number | undefined;
  /** For kinds with events: which event (default: the kind's default event). */
  event?: string | undefined;
  /**
   * The own variant of the sender's release asked for (`senderVersion`), when another variant is
   * sent: what of the payload differs by release (HertzBeat's labels and tags) follows this line.
   */
  line?: string | undefined;
}

/**
 * One event of a kind whose sender names the event (GitHub's push, pull_request...). What it leaves
 * out comes from the kind: its schema, its sample generator, its variants.
 */
export interface KindEvent {
  id: string;
  description: string;
  /** The value the sender puts in the kind's event header for this event (default: the id). */
  header?: string;
  schema?: z.ZodType;
  sample?(options: SampleOptions): unknown;
  variants?: readonly Variant[];
  defaultVariant?: string;
}

/**
 * How detection finds a kind without trying every kind: the top-level keys of the payload (of its
 * first element when `items`) of which the kind's shape test needs at least one. 'any': always tried.
 */
export type Claims = { keys: readonly string[]; items?: boolean } | 'any';

/**
 * A sample option a kind declares besides variant and seed: a value the sender filters on (Harness
 * FME's environment and alert type), which makes the sample one that passes that filter.
 */
export interface SampleFilter {
  /** The option's name as a field (camelCase). */
  name: string;
  description: string;
  /** The values it takes (matched ignoring case, '-' for '_'), each with the variants that carry it. */
  choices?: Readonly<Record<string, readonly string[]>>;
  /** The `path=value` assignments that make a payload carry this (normalised) value. */
  set(value: string): string[];
}

/**
 * Who writes the body's fields, which tells where a field the schema does not list comes from:
 * - 'sender-code': the sender's code builds a fixed body, so a newer release may have added it;
 * - 'sender-code-or-template': the same, unless the user replaced the body with a custom template
 *   (Grafana's custom payload, Harness's notification templates);
 * - 'template': the body is a template the user may edit and whk knows the default one (Datadog,
 *   Dynatrace, New Relic, HertzBeat's templates), so an edited template likely added it;
 * - 'user-script': the user's own script writes the body and whk models a common form of it
 *   (ServiceNow's business rules);
 * - 'user-schema': the user's own sender, known only by the user's JSON Schema (--schema kinds).
 */
export const BODY_ORIGINS = ['sender-code', 'sender-code-or-template', 'template', 'user-script', 'user-schema'] as const;
export type BodyOrigin = (typeof BODY_ORIGINS)[number];

export interface Kind<T = unknown> {
  id: string;
  title: string;
  /** The upstream sender and the version(s) of its documentation this kind follows. */
  follows: string;
  /** The template's name on the Harness AI SRE webhook-integrations page, for kinds it lists. */
  template?: string;
  integrationType?: IntegrationType;
  variants: readonly Variant[];
  defaultVariant: string;
  schema: z.ZodType<T>;
  /**
   * For kinds whose schema is a union of generations or events: the one schema this payload claims
   * (by its keys, or by the event named). Validating against it alone reports issues at its own paths.
   */
  schemaFor?(payload: unknown, event?: string): z.ZodType;
  /** Who writes the body (see BodyOrigin): what a note on a field the schema does not list says. */
  bodyOrigin: BodyOrigin;
  /** For kinds whose generations differ in who writes them (HertzBeat: templates, then Jackson's entity): this payload's. */
  bodyOriginOf?(payload: unknown): BodyOrigin;
  /**
   * The paths ('$.a.b') of fields the payload has that its schema does not list, for kinds whose
   * schema is not a zod object (GitHub's and custom kinds' JSON Schemas); other kinds' come from their zod schema.
   */
  notes?(payload: unknown, event?: string): string[];
  /** The kind's JSON Schema when its schema is one rather than zod's (`whk schema`; draft 2020-12 is added). */
  jsonSchema?(): Record<string, unknown>;
  /** A cheap shape test used by detection: does this payload look like this kind at all? */
  looksLike(payload: unknown): boolean;
  /** Its payload is a JSON array (a custom kind whose schema says `type: array`): a file's array is one payload, not a list. */
  arrayPayload?: boolean;
  /** The keys that index this kind for detection; absent means 'any'. */
  claims?: Claims;
  /** The events the sender names (in the event header, or in the body for `eventOf`). */
  events?: readonly KindEvent[];
  defaultEvent?: string;
  /** The request header that names the event (X-GitHub-Event), matched ignoring case. */
  eventHeader?: string;
  /** The event a payload names by itself (Jira's webhookEvent), when no header says it. */
  eventOf?(payload: unknown): string | undefined;
  sample(options: SampleOptions): T;
  /** Options that shape the sample like the sender's own filters (see SampleFilter). */
  sampleFilters?: readonly SampleFilter[];
  delivery: DeliveryProfile;
  /** For senders whose delivery depends on their version: the release lines (the profile is the newest's). */
  senderVersions?: SenderVersions;
  /**
   * Why a variant cannot be sent as a release line's (a payload of another generation than the one
   * that release sends), in words after "<kind> <version>"; undefined when it can.
   */
  lineConflict?(variant: string, line: string): string | undefined;
  /** The exact bytes the sender puts on the wire for this payload, when not its JSON (a template's broken output). */
  render?(payload: unknown, variant: string): string | undefined;
  /** The sender's idempotency/deduplication id, for kinds that have one. */
  idempotencyId?(payload: unknown): string | undefined;
  /**
   * The same content under another idempotency id (the n-th such copy), for senders that say two
   * payloads with different ids may carry the same content (Metaplane).
   */
  withNewIdempotencyId?(payload: unknown, n: number): unknown;
  /**
   * The payloads one event goes through over its life, in order, starting with the given one
   * (Metaplane: opened, then resolved with a new updatedAt and idempotencyId). Used by --lifecycle.
   */
  lifecycle?(payload: unknown): unknown[];
  /** The variants a lifecycle starts at (Metaplane: opened); a sample of another is already past its start. */
  lifecycleFrom?: readonly string[];
  /** Each stage's name, in the lifecycle's order (Metaplane: the statuses, opened then resolved): send's line names the stage it is. */
  lifecycleStages?: readonly string[];
  /** Where upstream is uncertain, what whk assumes. Printed by `whk kinds` and the README. */
  doubts: readonly string[];
  /** The fields an incident platform extracts from this kind (title, severity, ...) as paths (`whk map`). */
  mapping?: TemplateSpec;
  /** Headers the real sender adds to each request besides Content-Type (Sentry-Hook-Resource, the event header). */
  requestHeaders?(payload: unknown, event?: string): Record<string, string>;
  /**
   * The sender is known to send stray commas (HertzBeat's template): a body whk read past them in
   * (util/json.ts) can still be valid. For every other kind such a body is not JSON, so invalid.
   */
  sendsStrayCommas?: boolean;
}
