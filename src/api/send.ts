// The public send(): one kind delivered to a URL with its real delivery profile, as plain data.
// It owns its HTTP dispatcher and closes it before resolving, so it never keeps a process alive.
import type { Dispatcher } from 'undici';
import type { Attempt } from '../delivery/retry.js';
import type { Auth, GzipMode } from '../delivery/request.js';
import type { DeliveryResult } from '../delivery/chains.js';
import type { SendRequest } from '../delivery/plan.js';
import type { SchemeParams } from '../signing/types.js';
import { parseJsonLenient, type ParseResult } from '../util/json.js';
import type { Kind } from '../kinds/types.js';
import { CheckFailedError, fieldRef, InputError, messageOf, UsageError, WhkError } from '../errors.js';
import type { ValidationResult } from '../validate/against.js';
import { freshSeed } from '../util/prng.js';
import { checkField, rate } from '../util/checks.js';
import { MAX_CONCURRENCY, sendOptions } from '../options/send.js';
import { checkConflicts, checkHeaders, checkInt, toMs, type AgreesWith } from './options.js';
import { checkRequired, checkShape, type Shape } from './shape.js';
import { describeValue } from '../util/describe-value.js';
import { optionHint } from '../util/suggest.js';
import { schemeSettingsShape, type SchemeSettings } from './scheme-settings.js';

/** send()'s options; the scheme settings are those of `sign` hmac or grafana, or the kind's own grafana. */
export interface SendOptions extends SchemeSettings {
  /** Where to deliver (http or https). */
  url: string;
  /** Your own payload, serialized as JSON (instead of a generated sample). */
  payload?: unknown;
  /** Your own payload's exact bytes, sent verbatim. */
  body?: Uint8Array | string;
  /** Seed of generated payloads (same seed, same bytes); payload i uses seed + i. Default: random. */
  seed?: number;
  variant?: string;
  /** For kinds with events: which event to send (default: the kind's). */
  event?: string;
  /** Records per batch for batch kinds (impressions); number of payloads otherwise. Default 1. */
  count?: number;
  /** 'path=value' overrides applied to every payload, e.g. 'data.environment.name="Staging"'. */
  set?: readonly string[];
  /**
   * false: send `payload`, `body` or what `set` makes even when it is not a valid payload of the kind
   * (the CLI's --no-validate). Default true: such a payload is refused before anything is sent, with a
   * CheckFailedError naming the field and the first issue (an InputError for a `body` that is not
   * JSON). Only what you shape is checked, once: a generated sample is valid by construction.
   */
  validate?: boolean;
  /** 'auto' (default) follows the kind's rule (impressions: gzip unless Slack or Fivetran). */
  gzip?: GzipMode;
  /** Extra headers; one with a default's name replaces it. */
  headers?: Record<string, string> | readonly (readonly [string, string])[];
  /**
   * Signs bodies, for kinds with a signature header (metaplane-incident: x-metaplane-sig). For
   * travis-ci it is an RSA private key in PEM; listen verifies with its public key.
   */
  secret?: string;
  /** Sign with this scheme (a src/signing id: 'github', 'standard-webhooks', ...) instead of the kind's. */
  sign?: string;
  /** twilio: sign as the SharedKey of this id (`secret` is its secret), adding X-Twilio-Webhooks-Signature-Settings. */
  sharedKey?: string;
  /** The hash: `sign: 'hmac'`'s (default sha256), or a twilio `sharedKey`'s (sha256 by default, or sha1). */
  algorithm?: 'sha1' | 'sha256' | 'sha512';
  /** Authorization header, for kinds that support one (hertzbeat-alarm). */
  auth?: Auth;
  /** At-least-once kinds: probability 0..1 that a delivered delivery is sent again, byte-identical (a failed one never is). */
  duplicates?: number;
  /** What a duplicate is: 'same' bytes (default), or 'new': the same content under a new idempotencyId (metaplane-incident). */
  duplicateId?: 'same' | 'new';
  /** Send each event's lifecycle (metaplane-incident: opened, then resolved). */
  lifecycle?: boolean;
  /** Behave as this release of the sender, for kinds whose delivery changed between releases (hertzbeat-alarm; default the newest). */
  senderVersion?: string;
  /** false: no retries by the kind's schedule (its HTTP client's own re-send, as OkHttp's after a 408, still goes). */
  retry?: boolean;
  /** Retries after the first attempt (default: the kind's). */
  retries?: number;
  /** Wait before the first retry, ms or '300ms' (default: the kind's). */
  retryDelay?: number | string;
  /**
   * false: send every delivery, even those the sender would not send to a webhook it has disabled
   * after its failures (gitlab: after 4 consecutive failures). Default true.
   */
  autoDisable?: boolean;
  /** Per-attempt timeout, ms or '6s' (default: the kind's). */
  timeout?: number | string;
  /** Deliveries in flight at once. Default 1. */
  concurrency?: number;
  /** Aborting stops the delivery in flight and any not yet started. */
  signal?: AbortSignal;
  /** Your own undici dispatcher; send() does not close it. Default: a fresh one, closed before send() resolves. */
  dispatcher?: Dispatcher;
}

true satisfies AgreesWith<SendOptions, typeof sendOptions>;

export const sendShape: Shape<SendOptions> = {
  url: 'string',
  payload: 'any',
  body: 'bytes',
  seed: 'number',
  variant: 'string',
  event: 'string',
  count: 'number',
  set: 'strings',
  validate: 'boolean',
  gzip: sendOptions.gzip.choices,
  headers: 'headers',
  secret: 'text',
  sign: 'string',
  sharedKey: 'string',
  ...schemeSettingsShape,
  auth: 'object',
  duplicates: 'number',
  duplicateId: sendOptions.duplicateId.choices,
  lifecycle: 'boolean',
  senderVersion: 'string',
  retry: 'boolean',
  retries: 'number',
  retryDelay: 'amount',
  autoDisable: 'boolean',
  timeout: 'amount',
  concurrency: 'number',
  signal: 'signal',
  dispatcher: 'dispatcher',
};

/** What the CLI refuses as a pair of flags or a malformed value, refused here with the fields' names. */
function checkSendCombination(options: SendOptions, body: ParseResult | undefined): void {
  // Stream's options too (duration and total): they share send's table.
  checkConflicts(options, sendOptions);
  // The CLI's --data is the API's payload or body, which its table does not name.
  if (options.payload !== undefined && options.body !== undefined) throw new UsageError('`payload` cannot be used with `body`', 'payload is sent as its JSON, body as its bytes: give one');
  const own = options.payload !== undefined ? 'payload' : options.body !== undefined ? 'body' : undefined;
  if (own !== undefined && options.variant !== undefined) throw new UsageError(`\`variant\` cannot be used with \`${own}\``, 'a variant picks the payload whk generates; your own is sent as it is');
  // Said here in the API's words: the core, planning the deliveries, names the CLI's --data.
  if (body !== undefined && !body.ok && (options.set?.length ?? 0) > 0) throw new UsageError('`set` needs a JSON payload, and the `body` given is not JSON');
  if (options.auth !== undefined) checkAuthFields(options.auth);
}

const AUTH_FIELDS = ['scheme', 'token'];

/** `auth`'s own fields; every error names `auth` as the field at fault (`auth.scheme` is no option name). */
function checkAuthFields(auth: Auth): void {
  // A misspelt `tokn` beside a token was dropped without a word, as an unknown option would be.
  const unknown = Object.keys(auth).find((key) => !AUTH_FIELDS.includes(key));
  if (unknown !== undefined) throw new UsageError(`invalid \`auth\`: unknown field ${fieldRef(unknown)}`, optionHint(unknown, AUTH_FIELDS, 'it takes `scheme` and `token`'), 'auth');
  try {
    checkRequired('auth.scheme', auth.scheme, ['basic', 'bearer']);
  } catch (error) {
    throw error instanceof UsageError ? error.blame('auth') : error;
  }
  if (typeof auth.token !== 'string' || auth.token === '') throw new UsageError(`invalid \`auth\`: expected { scheme: 'basic' | 'bearer', token: '...' } with a token`);
}

/**
 * A `body` read as the CLI reads --data: past stray commas (a HertzBeat body's, or any with `validate:
 * false`), so `set`, the sender's headers and its idempotency id see the payload there as they do with
 * --data. Read once a call: the request and the validate check both take this read.
 */
export function readBody(body: Uint8Array | string | undefined): ParseResult | undefined {
  return body === undefined ? undefined : parseJsonLenient(Buffer.from(body).toString('utf8'));
}

/**
 * The payload as the JSON it is sent as: a value JSON cannot hold (a cycle, a BigInt, a function) is
 * the caller's to fix, said in one line; and what is planned from is what goes out.
 */
function asJson(payload: unknown): unknown {
  if (payload === undefined) return undefined;
  let json: string | undefined;
  try {
    json = JSON.stringify(payload);
  } catch (error) {
    throw new UsageError(`invalid \`payload\`: it cannot be sent as JSON (${messageOf(error).split('\n')[0]})`);
  }
  if (json === undefined) throw new UsageError(`invalid \`payload\`: it cannot be sent as JSON, got ${describeValue(payload)}`);
  return JSON.parse(json) as unknown;
}

/** The API's name for a field the core names by the CLI's flags. */
function apiFieldName(field: string): string | undefined {
  // The CLI's auth flags (authBasic, authBearer): the API has one field for both.
  if (field === 'authBasic' || field === 'authBearer') return fieldRef('auth');
  // --no-validate is `validate: false`, as checkConflicts names a negated field.
  if (field === 'validate') return fieldRef('validate: false');
  return undefined;
}

/** Runs `run` with the fields its errors name renamed as the API names them. */
export function withApiFieldNames<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof WhkError) error.renameFields(apiFieldName);
    throw error;
  }
}

/**
 * What `whk send` checks before anything goes, unless `validate` is false (--no-validate): your own
 * payload or body (--data) must be one of the kind, and so must the first payload as `set` leaves it
 * (delivery/plan.ts applies it to each). A generated sample without `set` is one by construction.
 */
export async function checkShapedPayloads(request: SendRequest, body: ParseResult | undefined, validate: boolean | undefined, stream: boolean): Promise<void> {
  if (validate === false) return;
  const [{ checkAssigned, firstAssignedPayload, firstIssue }, { givenVerdict }] = await Promise.all([import('../validate/assigned.js'), import('../validate/given.js')]);
  const refuse = (field: string, verdict: ValidationResult): void => {
    if (!verdict.valid) throw new CheckFailedError(`${fieldRef(field)} is not a valid ${request.kind.id} payload: ${firstIssue(verdict)}`, 'nothing was sent; fix it, or give `validate: false` to send it anyway');
  };
  let given: { payload: unknown } | undefined;
  if (body !== undefined) {
    if (!body.ok) throw new InputError(body.empty ? `${fieldRef('body')} is empty: not JSON` : `${fieldRef('body')}: line ${body.line}: ${body.message}`, 'fix it, or give `validate: false` to send the bytes as they are');
    // Stray commas read past are an issue unless the kind's sender writes them.
    refuse('body', givenVerdict(request.kind, body.value, body.warnings, request.event));
    given = { payload: body.value };
  } else if (request.payload !== undefined) {
    refuse('payload', givenVerdict(request.kind, request.payload, [], request.event));
    given = { payload: request.payload };
  }
  if ((request.set?.length ?? 0) > 0) withApiFieldNames(() => checkAssigned(request.kind, firstAssignedPayload(request.kind, request, given, stream), request.event));
}

export interface SendResult {
  kind: string;
  url: string;
  /** The seed used (pass it back to send the same payloads again). */
  seed: number;
  /** Every delivery was delivered (by the kind's success rule, retries included); false when cancelled. */
  delivered: boolean;
  /**
   * `signal` aborted the run: the deliveries listed are what was sent (the one in flight ends in an
   * attempt with error 'cancelled'), and those not yet started are not listed. `whk send` exits 130.
   */
  cancelled: boolean;
  /** Every HTTP attempt, in the order made, across all deliveries. */
  attempts: Attempt[];
  /** One entry per delivery (duplicates and lifecycle stages included), each with its own attempts. */
  deliveries: DeliveryResult[];
}

export type { Attempt } from '../delivery/retry.js';
export type { DeliveryResult } from '../delivery/chains.js';
export type { Auth, GzipMode } from '../delivery/request.js';

/**
 * Delivers payloads of a kind to a URL with the kind's delivery profile (success rule, retries,
 * gzip, signing). Failed deliveries are reported in the result, not thrown; bad options throw a
 * UsageError.
 */
export async function send(kind: string, options: SendOptions): Promise<SendResult> {
  checkRequired('kind', kind, 'string');
  // Unknown fields first: a URL given as `to` is named as the `url` it meant, not as missing.
  checkShape('send()', options, sendShape, { rate: "stream(kind, { url, rate: '200/s', ... }) streams events at a rate" });
  if (options?.url === undefined) {
    throw new UsageError('send(): `url` is required', "e.g. send('metric-alert', { url: 'http://127.0.0.1:9000/hook' })");
  }
  const [{ checkRequest, planChains }, { runChains }, { createDispatcher, endDispatcher }, { getKind }, { givenSchemeParams }] = await Promise.all([
    import('../delivery/plan.js'),
    import('../delivery/chains.js'),
    import('../delivery/attempt.js'),
    import('../kinds/index.js'),
    import('../signing/given-params.js'),
  ]);
  const body = readBody(options.body);
  const request = sendRequestOf(getKind(kind), options, givenSchemeParams(options), body);
  // planChains checks the request too, but only once iterated: here a bad one throws before a dispatcher exists.
  withApiFieldNames(() => checkRequest(request.kind, request));
  await checkShapedPayloads(request, body, options.validate, false);
  const owned = options.dispatcher ? undefined : createDispatcher();
  try {
    const deliveries = await runChains(planChains(request), {
      concurrency: checkInt(options.concurrency, 'concurrency', 1, MAX_CONCURRENCY),
      signal: options.signal,
      dispatcher: options.dispatcher ?? owned,
    });
    // As `whk send` decides its 130: the run was cancelled if the signal aborted before it ended.
    const cancelled = options.signal?.aborted === true;
    return {
      kind: request.kind.id,
      url: deliveries[0]?.url ?? options.url,
      seed: request.seed,
      delivered: !cancelled && deliveries.length > 0 && deliveries.every((d) => d.delivered),
      cancelled,
      attempts: deliveries.flatMap((d) => d.attempts),
      deliveries,
    };
  } finally {
    if (owned) await endDispatcher(owned);
  }
}

/**
 * The request send() and stream() plan from: each field checked as the CLI checks its flag, and
 * the pairs it refuses refused. `signParams`: the scheme settings as given-params.ts gathers them
 * (loaded by the caller: importing the API loads no signing code).
 */
export function sendRequestOf(kind: Kind, options: SendOptions, signParams: SchemeParams, body = readBody(options.body)): SendRequest & { seed: number } {
  checkSendCombination(options, body);
  checkHeaders(options.headers);
  const seed = checkInt(options.seed, 'seed') ?? freshSeed();
  return {
    kind,
    url: options.url,
    payload: body !== undefined ? (body.ok ? body.value : undefined) : asJson(options.payload),
    body: options.body,
    seed,
    variant: options.variant,
    event: options.event,
    count: checkInt(options.count, 'count', 1),
    set: options.set,
    gzip: options.gzip,
    headers: options.headers,
    secret: options.secret,
    sign: options.sign,
    signParams,
    auth: options.auth,
    duplicates: checkField('duplicates', options.duplicates, rate),
    duplicateId: options.duplicateId,
    lifecycle: options.lifecycle,
    senderVersion: options.senderVersion,
    retry: options.retry,
    autoDisable: options.autoDisable,
    retries: checkInt(options.retries, 'retries'),
    retryDelayMs: toMs(options.retryDelay, 'retryDelay', sendOptions.retryDelay),
    timeoutMs: toMs(options.timeout, 'timeout', sendOptions.timeout),
  };
}
