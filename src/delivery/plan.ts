// Turns "send this kind to this URL" into the exact deliveries: payloads (generated, or the user's),
// lifecycles and at-least-once duplicates, each prepared as the bytes that will go on the wire.
import { UsageError } from '../errors.js';
import { checkSigningParams, getScheme, givenParams, refuseParamsUnsigned } from '../signing/index.js';
import type { SchemeParams } from '../signing/types.js';
import { applyKindAssignments, checkBatchCount, generateSample, kindAssignedTexts, wireBytes } from '../kinds/sample.js';
import type { DeliveryProfile, Kind, KindEvent } from '../kinds/types.js';
import { pickEvent, pickVariant, variantScope } from '../kinds/common.js';
import { requestedSender, type SenderChoice } from '../kinds/sender-version.js';
import { parseAssignment } from '../util/json-path.js';
import { tryParse } from '../util/json.js';
import { inexactNumberTexts, stringifyWithTexts } from '../util/number-texts.js';
import { assignedNumberTexts } from '../util/assigned-numbers.js';
import { createRandom, freshSeed } from '../util/prng.js';
import { checkRetrySchedule, resolvePolicy, type DeliveryPolicy, type PolicyOverrides } from './policy.js';
import { parseTargetUrl } from '../util/url.js';
import { splitCredentials } from '../util/secrets.js';
import { headerValueProblem } from '../util/sendable-header.js';
import { checkHeaderConflicts } from './header-conflicts.js';
import { checkLifecycleSet } from './lifecycle-set.js';
import { messageId, prepareRequest, shouldGzip, type Auth, type EncodeOptions, type GzipMode, type PreparedRequest } from './request.js';

export interface SendRequest extends PolicyOverrides {
  /** The kind itself, not its id: callers resolve ids (the API, the commands), so sending loads no other kind. */
  kind: Kind;
  url: string;
  /** The user's own payload (parsed). Serialized as JSON unless `body` gives its exact bytes. */
  payload?: unknown;
  /** The user's own payload bytes, sent verbatim (unless `set` changes the payload). */
  body?: Uint8Array | string | undefined;
  /** Seed for generated payloads and the duplicate draw; payload i uses seed + i. */
  seed?: number | undefined;
  variant?: string | undefined;
  /** For kinds with events: which event to send (default: the kind's; the payload's own for given data). */
  event?: string | undefined;
  /** Records per batch for batch kinds (impressions); number of payloads otherwise. */
  count?: number | undefined;
  /** 'path=value' overrides applied to every payload. */
  set?: readonly string[] | undefined;
  gzip?: GzipMode | undefined;
  headers?: readonly (readonly [string, string])[] | Record<string, string> | undefined;
  secret?: string | undefined;
  /** Sign with this scheme (src/signing) instead of the kind's own; any kind may then be signed. */
  sign?: string | undefined;
  /** The settings of the scheme it signs with (a Twilio SharedKey, hmac's and grafana's settings); refused where it reads none of them. */
  signParams?: SchemeParams | undefined;
  auth?: Auth | undefined;
  /** At-least-once kinds: the probability (0..1) that a delivery is sent again, byte-identical. */
  duplicates?: number | undefined;
  /**
   * What a duplicate is: 'same' re-sends the bytes (same idempotency id); 'new' sends the same content
   * under a new idempotency id, for kinds whose sender says that can happen.
   */
  duplicateId?: 'same' | 'new' | undefined;
  /** Send each event's whole lifecycle (Metaplane: opened, then resolved). */
  lifecycle?: boolean | undefined;
  /** For senders whose delivery changed between releases (HertzBeat): the version to behave as (default: the newest). */
  senderVersion?: string | undefined;
}

export interface PlannedDelivery {
  kind: string;
  /** What the delivery is, as its result names it (chains.ts DeliveryResult). */
  variant: string | null;
  event: string | null;
  stage: number;
  request: PreparedRequest;
  policy: DeliveryPolicy;
  idempotencyId: string | null;
  /** A byte-identical re-send of the delivery before it. */
  duplicate: boolean;
}

/** Deliveries that go out one after another, in order: one event's lifecycle and its duplicates. */
export type DeliveryChain = PlannedDelivery[];

/** Every planned delivery, flat and in order (for --dry-run and --curl). */
export function prepareSend(request: SendRequest): PlannedDelivery[] {
  return [...planChains(request)].flat();
}

/** The chains lazily, so a large --count never holds every body in memory at once. */
export function* planChains(request: SendRequest): Generator<DeliveryChain> {
  const kind = request.kind;
  checkRequest(kind, request);
  const url = parseTargetUrl(request.url);
  const seed = request.seed ?? freshSeed();
  const sender = requestedSender(kind, request);
  const delivery = sender.delivery;
  const variant = request.variant ?? sender.variant;
  const line = releaseLine(request, sender);
  const policy = resolvePolicy(delivery, request);
  const encode = encodeOptions(request, delivery, url);
  const duplicateDraw = createRandom(seed ^ 0x2545f491);
  const batch = kind.delivery.batching !== null;
  const events = batch ? 1 : (request.count ?? 1);
  // A generated payload goes out as its sender writes it (HertzBeat's raw template, Go's escapes),
  // each stage of its lifecycle and a renewed duplicate too; the user's own payload as its JSON.
  const generated = request.payload === undefined && request.body === undefined;
  const wireVariant = variantOf(kind, { variant, event: request.event });
  // Integers past 2^53 keep the digits given (the user's JSON's, a `set` value's): JSON.parse read them as the nearest double.
  // A batch's are by record (a field `set` in every record): read from the batch, one a request.
  const texts = batch ? undefined : numberTextsOf(kind, request);
  const bytesOf = (payload: unknown): Buffer => {
    const digits = texts ?? numberTextsOf(kind, request, payload);
    return generated ? wireBytes(kind, payload, wireVariant, digits) : Buffer.from(stringifyWithTexts(payload, digits).text);
  };
  // The event each delivery is of (kinds with events): the one named, else a given payload's own
  // (Jira's webhookEvent), else the kind's default, as its event header goes.
  const event = eventOf(kind, request.event)?.id ?? null;
  const ownEvent = event !== null && request.event === undefined && !generated ? kind.eventOf : undefined;

  // The payload is serialized as it is planned; its request is encoded and signed when it goes.
  // Deliveries planned so far: the next one's place in the run.
  let made = 0;
  // `renewing`: the place of the delivery a duplicate under a new idempotency id repeats.
  const plan = (payload: unknown, stage: number, bytes?: Buffer, renewing?: number): PlannedDelivery => {
    const json = bytes ?? bytesOf(payload);
    const named = { variant: generated ? wireVariant : null, event: ownEvent?.(payload) ?? event, stage };
    const fields = { kind: kind.id, ...named, policy, idempotencyId: idempotencyOf(kind, payload), duplicate: false };
    // Each delivery a message id of its own (one payload sent N times is N messages); its retries and
    // byte-identical duplicates keep it. A duplicate under a new idempotency id is a message of its
    // own, named after the delivery it repeats: the others' ids do not move with it.
    const place = renewing === undefined ? made++ : `${renewing}:new`;
    const sent = request.secret === undefined ? encode : { ...encode, messageId: deliveryMessageId(kind.id, seed, place) };
    return new PreparedWhenRead(fields, () => prepareRequest(delivery, url, json, withSenderHeaders(kind, payload, request.event, sent)));
  };

  const withVariant = { ...request, variant };
  // The user's own bytes are the same for every delivery (duplicates share them too): read once.
  const given = givenBytes(request);
  for (let i = 0; i < events; i++) {
    const stages: PlannedDelivery[] = [];
    const first = given ?? payloadAt(kind, withVariant, seed + i, batch, line);
    const payloads = request.lifecycle && kind.lifecycle ? kind.lifecycle(first.payload) : [first.payload];
    payloads.forEach((payload, stage) => {
      const planned = plan(payload, stage + 1, stage === 0 ? first.bytes : undefined);
      stages.push(planned);
      // A duplicate under a new id is planned as the repeat of this delivery, the last one planned.
      if (request.duplicates && duplicateDraw.chance(request.duplicates)) stages.push(duplicateOf(kind, planned, payload, request.duplicateId, (content) => plan(content, stage + 1, undefined, made - 1)));
    });
    yield stages;
  }
}

/** A byte-identical re-send, or (duplicateId 'new') the same content under a new idempotency id. */
function duplicateOf(kind: Kind, planned: PlannedDelivery, payload: unknown, mode: SendRequest['duplicateId'], plan: (payload: unknown) => PlannedDelivery): PlannedDelivery {
  const source = mode === 'new' && kind.withNewIdempotencyId ? plan(kind.withNewIdempotencyId(payload, 1)) : planned;
  // Not a spread, which would read (prepare) the request now: the source's own request, when it goes
  // (and signed again then if its second has passed: retry.ts, each attempt at its own time).
  const { kind: id, variant, event, stage, policy, idempotencyId } = source;
  return new PreparedWhenRead({ kind: id, variant, event, stage, policy, idempotencyId, duplicate: true }, () => source.request);
}

/**
 * A planned delivery whose request is encoded and signed the first time it is read, which is when
 * the delivery goes (chains.ts), not when it was planned: chains are planned ahead (read-ahead.ts)
 * and a chain's later stages wait for its earlier ones, retries and all, and a scheme that signs the
 * time (Slack, Stripe, Standard Webhooks) must sign the time the request is sent, as its sender does.
 * A class, its getter one function on the prototype: an accessor defined on each delivery object
 * (Object.defineProperty) gave each a shape of its own, and every read of its fields was slow (by
 * hand, planning a metric alert took 8.1 µs against 6.2, and whk send's instructions a delivery rose
 * 12%).
 */
class PreparedWhenRead implements PlannedDelivery {
  readonly kind: string;
  readonly variant: string | null;
  readonly event: string | null;
  readonly stage: number;
  readonly policy: DeliveryPolicy;
  readonly idempotencyId: string | null;
  readonly duplicate: boolean;
  #prepare: (() => PreparedRequest) | undefined;
  #request: PreparedRequest | undefined;

  constructor(fields: Omit<PlannedDelivery, 'request'>, prepare: () => PreparedRequest) {
    this.kind = fields.kind;
    this.variant = fields.variant;
    this.event = fields.event;
    this.stage = fields.stage;
    this.policy = fields.policy;
    this.idempotencyId = fields.idempotencyId;
    this.duplicate = fields.duplicate;
    this.#prepare = prepare;
  }

  get request(): PreparedRequest {
    if (this.#prepare) {
      this.#request = this.#prepare();
      // Dropped once used: the payload it holds is not kept for the delivery's life.
      this.#prepare = undefined;
    }
    return this.#request as PreparedRequest;
  }
}

/**
 * The message id a scheme that signs one (Standard Webhooks, Svix) signs for a kind's nth delivery
 * of the run: from the kind, the seed and n (whk's choice), so a run sent again with its seed carries
 * the same ids, and no two deliveries of a run share one, even of the same bytes: `send all` plans
 * each kind from n = 0 with one seed, and the kind keeps their ids apart (a receiver dedupes on them).
 */
function deliveryMessageId(kind: string, seed: number, place: number | string): string {
  return messageId(Buffer.from(`${kind}:${seed}:${place}`));
}

/** The digits of the integers past 2^53 in the user's JSON and the `set` values, by path, as the assignments leave them. */
function numberTextsOf(kind: Kind, request: SendRequest, payload?: unknown): ReadonlyMap<string, string> {
  const given = request.body === undefined ? undefined : inexactNumberTexts(Buffer.from(request.body).toString('utf8'));
  return kindAssignedTexts(kind, payload, request.set ?? [], given);
}

/** The user's bytes, sent verbatim, when they are given and no `set` changes the payload. */
function givenBytes(request: SendRequest): { payload: unknown; bytes: Buffer } | undefined {
  if (request.body === undefined || (request.set?.length ?? 0) > 0) return undefined;
  const bytes = Buffer.from(request.body);
  return { payload: request.payload ?? tryParse(bytes), bytes };
}

function payloadAt(kind: Kind, request: SendRequest, seed: number, batch: boolean, line: string | undefined): { payload: unknown; bytes?: Buffer } {
  if (request.payload !== undefined || request.body !== undefined) {
    const payload = request.payload !== undefined ? structuredClone(request.payload) : tryParse(Buffer.from(request.body ?? ''));
    if (payload === undefined) throw new UsageError('`set` needs a JSON payload, and the `data` given is not JSON');
    return { payload: applyKindAssignments(kind, payload, request.set ?? []) };
  }
  return { payload: generateSample(kind, { seed, variant: request.variant, event: request.event, count: batch ? request.count : undefined, set: request.set, line }) };
}

/** The variant a request's payloads are generated as: the one it names, or its event's (or kind's) default. */
export function variantOf(kind: Kind, request: Pick<SendRequest, 'variant' | 'event'>): string {
  return pickVariant(variantScope(kind, eventOf(kind, request.event), request.event !== undefined), request.variant);
}

/**
 * The release line a variant is sent as, when the request names both (SampleOptions.line): what
 * differs by release follows the release. Undefined when either is left to its default.
 */
function releaseLine(request: SendRequest, sender: SenderChoice): string | undefined {
  return request.variant !== undefined && request.senderVersion !== undefined ? sender.variant : undefined;
}

/**
 * Payload i is drawn from seed + i: past 2^53 - 1 two of those sums are one double, and their payloads
 * the same bytes (a seed of 2^53 - 1 sent payloads 2 and 3 alike).
 */
function checkSeedRoom(kind: Kind, seed: number | undefined, count: number | undefined): void {
  if (seed === undefined || kind.delivery.batching !== null) return;
  const last = seed + (count ?? 1) - 1;
  if (!Number.isSafeInteger(last)) throw new UsageError(`\`seed\` ${seed} with \`count\` ${count ?? 1}: payload i is drawn from seed + i, and the last passes ${Number.MAX_SAFE_INTEGER}, past which two seeds are one`, `give a \`seed\` of at most ${Number.MAX_SAFE_INTEGER - (count ?? 1) + 1}`);
}

/** Usage errors in a request (a flag the kind's profile does not support), before anything is sent. */
export function checkRequest(kind: Kind, request: SendRequest): void {
  // The profile of the release asked for: HertzBeat sends an Authorization header only from 1.8.0.
  const sender = requestedSender(kind, request);
  const profile = sender.delivery;
  parseTargetUrl(request.url);
  const event = eventOf(kind, request.event);
  // An event with variants of its own (--event pull_request --variant closed) is chosen among those.
  if (request.variant !== undefined) pickVariant(variantScope(kind, event, request.event !== undefined), request.variant);
  const line = releaseLine(request, sender);
  const conflict = request.variant !== undefined && line !== undefined ? kind.lineConflict?.(request.variant, line) : undefined;
  if (conflict) throw new UsageError(`\`variant\` ${request.variant}: ${kind.id} ${sender.version} ${conflict}`, 'leave `variant` out to send what that release sends, or give the `senderVersion` of a release that sends it');
  for (const assignment of request.set ?? []) parseAssignment(assignment);
  checkRenderedDigits(kind, { ...request, variant: request.variant ?? sender.variant }, line);
  checkBatchCount(kind, request.count, 'send');
  checkSeedRoom(kind, request.seed, request.count);
  // A batch kind's `count` sizes the batch it generates: a batch given as it is has its own size.
  if (request.count !== undefined && kind.delivery.batching !== null && (request.body !== undefined || request.payload !== undefined)) {
    throw new UsageError(`\`count\` sizes the ${kind.id} batch whk generates, and this batch is given (\`data\`)`, 'leave out `count` to send the batch as given, or drop `data` for a generated batch of that size');
  }
  if (request.sign !== undefined) getScheme(request.sign, 'sign');
  if (request.sign !== undefined && request.secret === undefined) throw new UsageError('`sign` needs `secret`', 'the scheme signs with the secret');
  if (request.secret !== undefined && !profile.signature && request.sign === undefined) {
    throw new UsageError(`\`secret\`: ${kind.id} deliveries are not signed`, 'only kinds with a signature header (see whk kinds) take a secret alone; `sign` names a scheme for any kind');
  }
  checkSignParams(request, profile);
  checkRetryDelay(kind, profile, request);
  checkRetrySchedule(resolvePolicy(profile, request).retry, `${kind.id}'s`);
  // Refused as the other flags of a feature the kind lacks are (`duplicates`, `lifecycle`): taken, it did nothing.
  if (request.autoDisable === false && !profile.autoDisable) throw new UsageError(`\`autoDisable\`: ${kind.id} never disables a failing webhook, so every delivery goes without it`, 'see whk kinds for the senders that disable one (gitlab)');
  checkHeaderConflicts(request, { eventHeader: kind.eventHeader, scheme: request.sign ?? profile.signature?.scheme, contentType: profile.contentType });
  if (request.auth) checkAuth(kind, sender, request, request.auth);
  // Credentials in the URL go as Authorization: Basic (request.ts, as curl sends them): only where
  // the sender sends one, or they were a header the real sender never sends.
  else if (splitCredentials(request.url).authorization !== undefined) {
    checkSenderAuth(kind, sender, request, 'basic', "`url`'s credentials (user:password@)", `${SUPPORT_AUTH}; to send one anyway, take them out of the URL and give \`header\` 'Authorization: Basic …'`);
  }
  if (request.duplicates !== undefined && request.duplicates > 0 && !profile.atLeastOnce) {
    throw new UsageError(`\`duplicates\`: ${kind.id} is not delivered at-least-once`, 'only at-least-once kinds (see whk kinds) re-send duplicates');
  }
  if (request.duplicateId !== undefined && request.duplicates === undefined) throw new UsageError('`duplicateId` says what a duplicate is; add `duplicates`');
  if (request.duplicateId === 'new' && !kind.withNewIdempotencyId) {
    throw new UsageError(`\`duplicateId\` new: ${kind.id} has no idempotency id to renew`, 'only kinds whose sender may re-send content under a new id (see whk kinds) take it');
  }
  if (request.lifecycle && !kind.lifecycle) throw new UsageError(`\`lifecycle\`: ${kind.id} has no lifecycle to send`, 'see whk kinds for the kinds with a lifecycle');
  // A lifecycle goes from its start (opened) on: a resolved incident resolved again is no lifecycle.
  if (request.lifecycle && request.variant !== undefined && kind.lifecycleFrom && !kind.lifecycleFrom.includes(request.variant)) {
    throw new UsageError(`\`lifecycle\` starts at ${kind.lifecycleFrom.join(' or ')}; \`variant\` ${request.variant} is past its start`, `drop \`variant\` (the lifecycle sends ${request.variant} itself), or send ${request.variant} without \`lifecycle\``);
  }
  // Judged on the first payload as planChains makes it (the others differ by seed only).
  const first = { ...request, variant: request.variant ?? sender.variant };
  if (request.lifecycle) checkLifecycleSet(kind, request.set ?? [], (set) => payloadAt(kind, { ...first, set }, request.seed ?? 0, kind.delivery.batching !== null, line).payload);
}

/**
 * A `set` value's integer past 2^53 in a payload its sender renders (a template, Go's JSON) would go
 * as the nearest double: refused before anything goes (wireBytes says why), on the first payload.
 */
function checkRenderedDigits(kind: Kind, request: SendRequest, line: string | undefined): void {
  if (kind.render === undefined || request.payload !== undefined || request.body !== undefined) return;
  if (assignedNumberTexts(request.set ?? []).size === 0) return;
  const variant = variantOf(kind, request);
  const payload = generateSample(kind, { seed: request.seed ?? 0, variant, event: request.event, count: request.count, set: request.set, line });
  wireBytes(kind, payload, variant, kindAssignedTexts(kind, payload, request.set ?? []));
}

/** A wait before the first retry of a delivery that makes no retry (`retries` 0, a sender that retries none) is refused, as with `retry` false. */
function checkRetryDelay(kind: Kind, profile: DeliveryProfile, request: SendRequest): void {
  if (request.retryDelayMs === undefined || request.retry === false || resolvePolicy(profile, request).retry.maxAttempts > 1) return;
  if (request.retries === 0) throw new UsageError('`retryDelay` has no effect: `retries` 0 sends one attempt, and nothing waits for a retry', 'give `retries` 1 or more for a retry after that delay, or leave `retryDelay` out');
  throw new UsageError(`\`retryDelay\` has no effect: ${kind.id} makes one attempt (its sender retries none)`, 'add `retries` N for N retries, the first after that delay');
}

/** The scheme's settings, refused when nothing signs or the scheme does not read them, and checked as whk sign checks them. */
function checkSignParams(request: SendRequest, profile: Pick<DeliveryProfile, 'signature'>): void {
  const params = request.signParams ?? {};
  if (givenParams(params).length === 0) return;
  const schemeId = request.sign ?? profile.signature?.scheme;
  if (schemeId === undefined || request.secret === undefined) refuseParamsUnsigned(params, 'give `sign` and `secret`');
  else checkSigningParams(getScheme(schemeId), params);
}

/**
 * How a request's bodies are encoded: gzip, the user's headers, signing, auth (a plan's and a
 * stream's alike). Every body of a run goes to one URL with one profile, so whether it is gzipped is
 * decided here once, not per body (the kind's host rule parses the URL).
 */
export function encodeOptions(request: SendRequest, profile: Pick<DeliveryProfile, 'gzip'>, url: string): EncodeOptions & { headers: readonly (readonly [string, string])[] } {
  const headers = Array.isArray(request.headers) ? request.headers : Object.entries(request.headers ?? {});
  const gzip = shouldGzip(profile.gzip, request.gzip ?? 'auto', url) ? 'always' : 'never';
  return { gzip, headers, secret: request.secret, scheme: request.sign, params: request.signParams, auth: request.auth };
}

/** The headers the real sender adds (Sentry-Hook-Resource, x-amz-sns-*, the event header) go first, so --header overrides them. */
export function withSenderHeaders<T extends { headers: readonly (readonly [string, string])[]; messageId?: string | undefined }>(kind: Kind, payload: unknown, event: string | undefined, encode: T): T {
  if (!kind.requestHeaders || payload === undefined) return encode;
  const sender = kind.requestHeaders(payload, event);
  // A sender that signs one of its own headers as the message id (GitLab: webhook-id is the Idempotency-Key).
  const idFrom = kind.delivery.signature?.idFrom;
  const id = idFrom === undefined ? undefined : sender[idFrom];
  return { ...encode, headers: [...Object.entries(sender), ...encode.headers], ...(id === undefined ? {} : { messageId: id }) };
}

function idempotencyOf(kind: Kind, payload: unknown): string | null {
  if (payload === undefined) return null;
  return kind.idempotencyId?.(payload) ?? null;
}


/** The event named (a usage error for an unknown one), else the kind's default event; none for a kind without events. */
function eventOf(kind: Kind, event: string | undefined): KindEvent | undefined {
  return event === undefined && !kind.events?.length ? undefined : pickEvent(kind, event);
}

/** The Authorization header asked for: a token a header can carry, of a scheme the sender (of the release asked for) sends. */
function checkAuth(kind: Kind, sender: SenderChoice, request: SendRequest, auth: Auth): void {
  const flag = `\`${auth.scheme === 'basic' ? 'authBasic' : 'authBearer'}\``;
  // Refused here, as a header's value is (`header`): sent, it failed at every attempt as an invalid Authorization header.
  const problem = headerValueProblem(auth.token);
  if (problem !== undefined) throw new UsageError(`invalid ${flag}: the token goes in the Authorization header, and ${problem}`, 'give the token as one line of text');
  checkSenderAuth(kind, sender, request, auth.scheme, flag);
}

const SUPPORT_AUTH = 'see whk kinds for the kinds that support auth';

/** An Authorization header of `scheme` (asked for by `what`) only from a sender (of the release asked for) that sends one. */
function checkSenderAuth(kind: Kind, sender: SenderChoice, request: SendRequest, scheme: Auth['scheme'], what: string, otherwise = SUPPORT_AUTH): void {
  if (sender.delivery.auth.includes(scheme)) return;
  const since = kind.delivery.auth.includes(scheme) ? kind.senderVersions?.releases.find((line) => line.delivery.auth?.length !== 0)?.from : undefined;
  // A release taken from `variant` (requestedSender) is changed by leaving the variant out.
  const hint = request.senderVersion === undefined && request.variant !== undefined ? `it sends one from ${since}, and no release since sends ${request.variant}: leave out \`variant\`` : `it sends one from ${since}: give \`senderVersion\` ${since} or later`;
  if (since) throw new UsageError(`${what}: ${kind.id} ${sender.version} does not send an Authorization header`, hint);
  throw new UsageError(`${what}: ${kind.id} does not send an Authorization header`, otherwise);
}
