// Replay of captured requests (read and picked by src/capture/read.ts): re-send each with its
// original bytes and encoding headers, signed anew when asked.
import type { CaptureEntry, FilePaths } from '../capture/read.js';
import { NO_KIND, type CaptureRecord } from '../capture/record.js';
import { findKind } from '../kinds/index.js';
import { KIND_IDS } from '../kinds/ids.js';
import { suggestionHint } from '../util/suggest.js';
import { compileGlob } from '../util/glob.js';
import type { DeliveryProfile } from '../kinds/types.js';
import type { Attempt, DeliverEnv } from './retry.js';
import { checkRetrySchedule, resolvePolicy, type DeliveryPolicy } from './policy.js';
import { messageId, signedRequest, USER_AGENT, type PreparedRequest } from './request.js';
import { isSendableHeader } from '../util/sendable-header.js';
import { arrivalSignatureHeaders } from '../capture/arrival-signing.js';
import type { SchemeParams } from '../signing/types.js';
import { UsageError, WhkError } from '../errors.js';
import { sendPrepared } from './chains.js';
import { endToEndHeaders } from '../util/hop-headers.js';
import { splitCredentials } from '../util/secrets.js';
import { headerValue, recordQuery } from '../capture/request-fields.js';
import { encodingHasGzip } from '../util/gzip-magic.js';
import { ASTERISK_FORM } from '../util/asterisk-form.js';
import { setOwn } from '../util/set-own.js';
import { cutText } from '../util/cut-text.js';
import { applyParsedAssignments, parseAssignment, type Assignment } from '../util/json-path.js';
import { nestsDeeperThan } from '../util/deep-json.js';
import { stringifyWithTexts } from '../util/number-texts.js';
import { assignedNumberTexts } from '../util/assigned-numbers.js';
import { numbersAsSent } from '../capture/body-text.js';
import { validateAgainst } from '../validate/against.js';
import { parseJsonLenient } from '../util/json.js';
import { firstIssue } from '../validate/assigned.js';
import { schemeFor } from './replay-signing.js';
import { applyKindAssignments, kindAssignedTexts } from '../kinds/sample.js';

export { checkReplaySigning } from './replay-signing.js';

export interface ReplayOptions {
  url: string;
  /** Send every original header (hop-by-hop ones excepted), not only Content-Type/-Encoding. */
  originalHeaders?: boolean | undefined;
  /** Append each record's path and query to `url`. */
  keepPath?: boolean | undefined;
  /** Extra headers, replacing originals of the same name. */
  headers?: readonly (readonly [string, string])[] | undefined;
  timeoutMs?: number | undefined;
  retries?: number | undefined;
  /** Sign each request anew with this scheme (src/signing) and `secret`, at the time each attempt goes. */
  sign?: string | undefined;
  /** With `sign`, its secret; alone, each record is signed as it was checked when it arrived (that scheme, with the settings the record keeps unless `params` are given), or with its kind's own scheme. */
  secret?: string | undefined;
  /**
   * The settings of the scheme that signs (hmac's and grafana's, as whk sign takes them): refused
   * before anything is sent with `sign`, else for each record whose scheme reads none of them.
   */
  params?: SchemeParams | undefined;
  /** The clock signatures are made on. Default Date.now. */
  now?: (() => number) | undefined;
  /**
   * 'path=value' changes to each record's JSON body before it goes (the CLI's --set), applied by
   * replayCaptures: the changed body goes as `body` does. A record whose body is not JSON is refused.
   */
  set?: readonly string[] | undefined;
  /**
   * Bytes sent in place of the record's own, as they are: no Content-Encoding, and none of the
   * signature headers it came with, which signed the old bytes (`secret` signs these anew).
   */
  body?: Buffer | undefined;
}

export interface ReplayResult {
  index: number;
  method: string;
  /** The path the record was received on. */
  path: string;
  kind: string | null;
  /** The event the record was of (kinds with events), null otherwise. */
  event: string | null;
  url: string;
  /** Accepted by the kind's success rule (a 2xx for records of no known kind). */
  delivered: boolean;
  attempts: Attempt[];
  bytes: number;
  gzip: boolean;
  /** Why the record was not sent (a truncated body); null when it was. */
  refused: string | null;
  /**
   * The signature headers the record arrived with (x-hub-signature-256, stripe-signature…) that its
   * request does not carry: sent without `originalHeaders`, `secret` or a header of that name, it
   * goes unsigned, and a receiver that checks signatures refuses it.
   */
  signaturesLeftOut: string[];
  /**
   * With `set`: the first issue of the changed body, when the record was a valid payload of its kind
   * and the change made it an invalid one (it goes as changed all the same: a receiver may be tested
   * with a bad payload on purpose); null otherwise.
   */
  invalidAfterSet: string | null;
  /** Present (true) when the replay was cancelled in a wait before a retry (chains.ts: DeliveryResult). */
  retriesCancelled?: true;
}

// The headers that give the bytes their meaning; always sent as they came.
const ENCODING_HEADERS = ['content-type', 'content-encoding'];

const UNKNOWN_KIND: Pick<DeliveryProfile, 'success' | 'retry' | 'timeoutMs'> = {
  success: '2xx',
  retry: { maxAttempts: 1, initialDelayMs: 300, backoff: 'fixed' },
  timeoutMs: 10_000,
};

/**
 * The request that re-sends a record: its original method and bytes, to `url`; with a `secret`, signed
 * for the time it goes (and again for a retry in a later second), as the sender signs a re-delivery:
 * the record's own message id is kept where the scheme signs one (a redelivery keeps its id).
 */
export function replayRequest(record: CaptureRecord, options: ReplayOptions): PreparedRequest {
  const edited = options.body !== undefined;
  const body = options.body ?? Buffer.from(record.bodyBase64, 'base64');
  const headers: Record<string, string> = { 'user-agent': USER_AGENT };
  // The kind's event header names what the bytes are (X-GitHub-Event), so it goes along too.
  const eventHeader = record.kind === null ? undefined : findKind(record.kind)?.eventHeader?.toLowerCase();
  // Headers that described the recorded bytes, not the ones in their place.
  const stale = edited ? new Set(['content-encoding', ...arrivalSignatureHeaders(record)]) : undefined;
  // Not the hop-by-hop ones, nor those the record's own Connection header named (as --forward-to drops them).
  for (const [name, value] of Object.entries(endToEndHeaders(record.headers))) {
    const lower = name.toLowerCase();
    if (stale?.has(lower)) continue;
    if (options.originalHeaders || ENCODING_HEADERS.includes(lower) || lower === eventHeader) setOwn(headers, lower, Array.isArray(value) ? value.join(', ') : value);
  }
  // user:pass@ in the target goes as Authorization: Basic, over an original one; --header over both.
  const { url: target, authorization } = splitCredentials(options.url);
  if (authorization !== undefined) headers['authorization'] = authorization;
  const place = options.keepPath ? joinPath(target, record) : { url: target };
  const gzip = !edited && encodingHasGzip(record.encoding);
  // The signature's headers over the originals of their names; --header over them.
  const withHeaders = (signature: Record<string, string>, url: string): PreparedRequest => {
    const sent = { ...headers };
    for (const [name, value] of Object.entries(signature)) setOwn(sent, name.toLowerCase(), value);
    for (const [name, value] of options.headers ?? []) setOwn(sent, name.toLowerCase(), value);
    return { method: record.method, headers: sent, body, gzip, ...place, url };
  };
  const { secret } = options;
  if (secret === undefined) return withHeaders({}, place.url);
  const { scheme, params } = schemeFor(record, options, secret);
  // hmac names the header of the id it signs in its settings (idHeader), not in the scheme.
  const idHeader = scheme.idHeader ?? params?.idHeader?.toLowerCase();
  const id = (idHeader === undefined ? undefined : headerValue(record.headers, idHeader)) ?? messageId(body);
  const signing = { scheme, secret, id, body, url: place.url, contentType: headerValue(record.headers, 'content-type'), params };
  return signedRequest(withHeaders, signing, options.now ?? Date.now);
}

/**
 * What replay refuses once the file is read, before anything goes (the command's and the API's one
 * rule): a `kind` filter neither whk nor the file knows, and retries a picked record's kind would wait
 * past the longest wait whk takes.
 */
export function checkReplayPicks(given: { kind?: string | undefined; retries?: number | undefined }, read: { kinds: ReadonlySet<string>; pickedKinds: ReadonlySet<string> }): void {
  checkReplayKind(given.kind, read.kinds);
  checkReplayRetries(given.retries, read.pickedKinds);
}

/**
 * The retries wait as each record's kind's schedule does: refused when the kind of a record picked
 * (by `kind`, `path` and `index`) would wait past the longest wait whk takes.
 */
function checkReplayRetries(retries: number | undefined, picked: ReadonlySet<string>): void {
  for (const id of picked) {
    const profile = findKind(id)?.delivery;
    if (profile) checkRetrySchedule(resolvePolicy(profile, { retries: retries ?? 0 }).retry, `${id}'s`, false);
  }
}

/**
 * A `kind` filter is a kind whk knows or one the capture's records carry: a custom kind's id
 * (listen --schema) is known to the file, not to whk; 'unknown' picks the records of no kind, as
 * their lines name them. Any other is a typo, told with the nearest.
 */
function checkReplayKind(kind: string | undefined, inFile: ReadonlySet<string>): void {
  if (kind === undefined || kind === NO_KIND || findKind(kind) !== undefined || inFile.has(kind)) return;
  const recorded = [...inFile];
  const list = recorded.length > 0 ? `the file's records are of ${recorded.join(', ')}; known kinds: ${KIND_IDS.join(', ')}` : `known kinds: ${KIND_IDS.join(', ')}`;
  throw new UsageError(`unknown kind '${kind}': whk knows no such kind and no record in the file has it`, suggestionHint(kind, [...recorded, ...KIND_IDS], list), 'kind');
}

/**
 * What a `path` filter that matched no record is told: the query is not part of a path, a path
 * begins with '/', and the paths the file holds (the first few), the nearest named. Undefined when
 * a record has the path (another filter left it out).
 */
export function pathMissHint(path: string, paths: FilePaths): string | undefined {
  const pattern = compileGlob(path);
  if ([...paths.first].some((held) => pattern.test(held))) return undefined;
  const shown = [...paths.first].slice(0, PATHS_SHOWN);
  const list = `the file's paths: ${shown.join(', ')}${paths.more || paths.first.size > shown.length ? ', …' : ''}`;
  const query = path.indexOf('?');
  if (query >= 0) return `the query is not part of the path: \`path\` '${path.slice(0, query)}'; ${list}`;
  if (!path.startsWith('/') && !path.startsWith('*')) return `a path begins with '/': \`path\` '/${path}'; ${list}`;
  return suggestionHint(path, [...paths.first], list);
}

// whk's choice: a hint of one line.
const PATHS_SHOWN = 5;

/** A record to re-send, and where it was in its file (its place there is not needed, nor where its line ends). */
type ReplayEntry = Omit<CaptureEntry, 'placement' | 'end'>;

/** A record's request as it goes (`set` applied), and why it cannot go (null when it can). */
export interface PlannedReplay {
  index: number;
  record: CaptureRecord;
  request: PreparedRequest;
  refused: string | null;
  /** As ReplayResult's. */
  invalidAfterSet: string | null;
}

/** The entries' requests in order, as replayCaptures sends them: what --dry-run and --curl print. */
export async function* planReplays(entries: Iterable<ReplayEntry> | AsyncIterable<ReplayEntry>, options: ReplayOptions): AsyncGenerator<PlannedReplay> {
  // Parsed once, before any record: a malformed one is a usage error, not each record's refusal.
  const assignments = (options.set ?? []).map(parseAssignment);
  for await (const { index, record } of entries) yield { index, record, ...(await replayable(record, options, assignments)) };
}

/** Re-sends the entries in order, one result each; records that cannot be sent as they were are refused. */
export async function replayCaptures(
  entries: Iterable<ReplayEntry> | AsyncIterable<ReplayEntry>,
  options: ReplayOptions,
  env: DeliverEnv & { onResult?: (result: ReplayResult) => void } = {},
): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  for await (const { index, record, request, refused, invalidAfterSet } of planReplays(entries, options)) {
    if (env.signal?.aborted) break;
    const base = { index, method: record.method, path: record.path, kind: record.kind, event: record.event ?? null, url: request.url, bytes: request.body.length, gzip: request.gzip };
    const leftOut = signaturesLeftOut(record, request);
    let result: ReplayResult;
    if (refused !== null) {
      result = { ...base, delivered: false, attempts: [], refused, signaturesLeftOut: leftOut, invalidAfterSet };
    } else {
      const delivery = await sendPrepared({ kind: record.kind ?? 'unknown', request, policy: replayPolicy(record, options) }, env);
      result = { ...base, delivered: delivery.delivered, attempts: delivery.attempts, refused: null, signaturesLeftOut: leftOut, invalidAfterSet, ...(delivery.retriesCancelled ? { retriesCancelled: true as const } : {}) };
    }
    results.push(result);
    env.onResult?.(result);
  }
  return results;
}

/**
 * The record's kind's policy (its success rule, its wait between attempts), with the replay's
 * attempts: one, or `retries` more after every failure. Which failures the kind's sender retries
 * (Alertmanager 5xx and timeouts, Bitbucket 5xx answers) is not asked: the retries are the user's.
 */
function replayPolicy(record: CaptureRecord, options: ReplayOptions): DeliveryPolicy {
  const profile = (record.kind === null ? undefined : findKind(record.kind)?.delivery) ?? UNKNOWN_KIND;
  const policy = resolvePolicy(profile, { retries: options.retries ?? 0, timeoutMs: options.timeoutMs });
  return { ...policy, retry: { ...policy.retry, retryOn: 'any-failure', alsoRetried: undefined } };
}

/** The signature headers the record arrived with that its request does not send. */
function signaturesLeftOut(record: CaptureRecord, request: PreparedRequest): string[] {
  return arrivalSignatureHeaders(record).filter((name) => !Object.hasOwn(request.headers, name));
}

/**
 * A record's request, and why it cannot be sent (null when it can): one whose body `set` cannot
 * change, or that it cannot be signed for, is refused, the run goes on.
 */
async function replayable(record: CaptureRecord, options: ReplayOptions, assignments: readonly Assignment[]): Promise<{ request: PreparedRequest; refused: string | null; invalidAfterSet: string | null }> {
  const edit = assignments.length === 0 ? undefined : await changedBody(record, assignments, options.set ?? []);
  if (typeof edit === 'string') return { request: replayRequest(record, { ...options, sign: undefined, secret: undefined }), refused: edit, invalidAfterSet: null };
  const sending = edit === undefined ? options : { ...options, body: edit.bytes };
  const invalidAfterSet = edit === undefined ? null : madeInvalid(record, edit.payload);
  try {
    const request = replayRequest(record, sending);
    return { request, refused: unsendable(record, request, sending.body !== undefined), invalidAfterSet };
  } catch (error) {
    if (!(error instanceof WhkError)) throw error;
    return { request: replayRequest(record, { ...sending, sign: undefined, secret: undefined }), refused: `cannot sign it: ${error.message}${error.hint === undefined ? '' : ` (${error.hint})`}`, invalidAfterSet };
  }
}

/**
 * What the record's kind finds wrong with bytes edited in place of its body (the inspector's edit),
 * in words: "not valid JSON (line 1: …)", "empty, not JSON" or "not a valid <kind> payload (<first
 * issue>)"; null when the kind takes them, or the record was not a valid payload of a known kind.
 */
export function editedBodyInvalid(record: CaptureRecord, body: Buffer): string | null {
  if (!record.valid || record.kind === null) return null;
  // Read as the receiver reads a body: a trailing comma HertzBeat's template leaves is JSON to it.
  const parsed = parseJsonLenient(body.toString('utf8'));
  // The parser's message begins "not valid JSON: " (or is an empty body's): said once, not twice.
  if (!parsed.ok) return parsed.empty ? 'empty, not JSON' : `not valid JSON (line ${parsed.line}: ${parsed.message.replace(/^not valid JSON: /, '')})`;
  const issue = madeInvalid(record, parsed.value);
  return issue === null ? null : `not a valid ${record.kind} payload (${issue})`;
}

/** The changed payload's first issue, when the record was a valid payload of its kind and the change is not one. */
function madeInvalid(record: CaptureRecord, changed: unknown): string | null {
  const kind = record.valid && record.kind !== null ? findKind(record.kind) : undefined;
  if (kind === undefined) return null;
  const result = validateAgainst(kind, changed, 'given', record.event ?? undefined);
  return result.valid || result.issues.length === 0 ? null : firstIssue(result);
}

/** Why replay refuses the record for `set` (a change that does not fit its body, a body with no JSON), or undefined. */
export async function setRefusal(record: CaptureRecord, set: readonly string[]): Promise<string | undefined> {
  const edit = await changedBody(record, set.map(parseAssignment), set);
  return typeof edit === 'string' ? edit : undefined;
}

// whk's choice: far deeper than any sender's payload, well within what JSON.stringify and structuredClone recurse through.
const MAX_SET_DEPTH = 1000;

/**
 * The record's JSON body with `set`'s changes, and as compact JSON (an integer past 2^53 with the
 * digits it was sent with, or `set`'s value gave: JSON.parse read it as the nearest double); or why
 * it cannot be changed. `set`: the assignments as given, whose values' digits are read again.
 */
async function changedBody(record: CaptureRecord, assignments: readonly Assignment[], set: readonly string[]): Promise<{ payload: unknown; bytes: Buffer } | string> {
  if (record.truncated) return 'truncated: its body was cut (it went over `maxBody`), so `set` has no whole JSON to change';
  if (record.form !== undefined || record.body === null) return `its body is not JSON${record.form === undefined ? '' : ' (a form)'}: \`set\` changes a JSON body`;
  // A sender's body may nest thousands deep, past what the copy and the writing recurse through.
  if (nestsDeeperThan(record.body, MAX_SET_DEPTH)) return `its JSON nests deeper than ${MAX_SET_DEPTH} levels, past what \`set\` writes again (whk's bound)`;
  // JSON.parse read such a number as the nearest double: it is written with the digits of the
  // record's bytes, or of the `set` value that put it there (as send's --set keeps them).
  const sent = (await numbersAsSent(Buffer.from(record.bodyBase64, 'base64'), record, record.body)) ?? new Map<string, string>();
  // A batch kind's record (impressions) takes `set` as send and sample do: a path from a name sets
  // that field in every record of the batch, one from an index the batch's own.
  const kind = record.kind === null ? undefined : findKind(record.kind);
  const texts = kind === undefined ? assignedNumberTexts(set, sent) : kindAssignedTexts(kind, record.body, set, sent);
  try {
    // A copy: the record may be one a caller keeps (the inspector's).
    const copy = structuredClone(record.body);
    const payload = kind === undefined ? applyParsedAssignments(copy, assignments) : applyKindAssignments(kind, copy, set);
    const written = stringifyWithTexts(payload, texts);
    // One whose digits are not in the bytes (a capture edited by hand) would change.
    if (written.inexact !== undefined) return `its JSON holds ${written.inexact}, an integer past 2^53 that JSON.parse cannot keep exact, and its digits are not in the record's bytes: written again with \`set\`'s change it would change too`;
    return { payload, bytes: Buffer.from(written.text) };
  } catch (error) {
    if (!(error instanceof WhkError)) throw error;
    return `\`set\` does not fit it: ${error.message}${error.hint === undefined ? '' : ` (${error.hint})`}`;
  }
}

/**
 * Why a record cannot be re-sent as it was, or null: its body was cut, or (in a file edited by hand:
 * Node's parser refuses them, so listen never records one) a CONNECT, a header that HTTP cannot
 * carry or, with keepPath, a path a request-target cannot hold, which undici refused in words of its
 * own ('invalid onUpgrade method', 'invalid header key', 'invalid request path').
 */
function unsendable(record: CaptureRecord, request: PreparedRequest, edited: boolean): string | null {
  // Bytes given in place of the recorded ones are whole, however the record's were cut.
  if (record.truncated && !edited) return `truncated: only the first ${request.body.length} bytes were recorded (the body went over \`maxBody\`), so its bytes are incomplete`;
  if (request.method.toUpperCase() === 'CONNECT') return 'a CONNECT asks a proxy for a tunnel; it is not re-sent';
  // With keepPath the recorded path and query go on the wire as they are; undici refuses what a
  // request-target cannot hold ('invalid request path', shown as if the receiver had answered).
  if (request.target !== undefined && UNSENDABLE_TARGET.test(request.target)) return `its path and query ${JSON.stringify(cutText(`${record.path}${recordQuery(record)}`))} cannot be sent as they were (\`keepPath\`): they hold a space, a control character or one past U+00FF`;
  for (const [name, value] of Object.entries(request.headers)) {
    // JSON quoting shows a control character as an escape, not as a move of the terminal.
    if (!isSendableHeader(name, '')) return `its header name ${JSON.stringify(cutText(name))} is not an HTTP token, so it cannot be sent`;
    if (!isSendableHeader(name, value)) return `its ${JSON.stringify(cutText(name))} header cannot be sent: it holds a line break, a control character or one past U+00FF`;
  }
  return null;
}

// What undici refuses in a request-target (its invalidPathRegex): only '!' to U+00FF go.
const UNSENDABLE_TARGET = /[^\u0021-\u00ff]/;

/**
 * `target` with the record's path and query after its own path. The path goes as it was received
 * (dot segments, '//', backslashes, escapes), as `listen --forward-to` relays it: a URL would
 * resolve /hooks/../../admin to /admin, out of the base path, and turn a backslash into /. The query
 * goes as it was sent too (rawQuery); a record older than that field has it written from the parsed one.
 */
function joinPath(target: string, record: CaptureRecord): { url: string; target: string } {
  const url = new URL(target);
  // A '*' (OPTIONS *: the server as a whole) goes as it came (attempt.ts sends it past undici) when
  // the URL names no path or query of its own; a '*' cannot carry them, so then it goes to the URL's
  // own path, as `listen --forward-to` relays it. Appended, it read as a path '/*'.
  if (record.path === '*' && url.pathname === '/' && url.search === '') return { url: url.origin, target: ASTERISK_FORM };
  const query = [url.search.slice(1), recordQuery(record).slice(1)].filter((part) => part !== '').join('&');
  const joined = record.path === '*' ? url.pathname : `${url.pathname.replace(/\/$/, '')}${record.path.startsWith('/') ? '' : '/'}${record.path}`;
  const path = `${joined}${query === '' ? '' : `?${query}`}`;
  return { url: `${url.origin}${path}`, target: path };
}
