// One HTTP attempt over a shared keep-alive undici Agent, with a deadline for the whole attempt.
// Network failures come back as plain messages (connection refused, DNS, TLS, timeout), never throws.
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import type { Agent as UndiciAgent, buildConnector as undiciBuildConnector, Dispatcher } from 'undici';
import { formatDuration } from '../util/units.js';
import { escapeAllControls } from '../util/hex.js';
import type { PreparedRequest } from './request.js';
import { HOP_BY_HOP_HEADERS } from '../util/hop-headers.js';
import { describeNetworkError } from '../util/network-errors.js';
import { onAbort } from '../util/on-abort.js';
import { redirectStep } from './redirects.js';
import { ASTERISK_FORM, dispatchAsteriskForm } from '../util/asterisk-form.js';
import { maskUrl } from '../util/secrets.js';
import { asksForGzip, GZIPPED_ANSWER_BYTES, inflatedAnswer } from './gzipped-answer.js';

export interface AttemptOutcome {
  /** The response status, or null when no response arrived. */
  status: number | null;
  /** Milliseconds from sending to the end of the response (or the failure). */
  ms: number;
  /** Why no response arrived, in plain words; null when one did. */
  error: string | null;
  /** The receiver's answer: the first ANSWER_BYTES of the response body, on a failed attempt with one. */
  answer?: string;
  /** The response body went on past `answer`, or was cut short or stalled after it (where the status decides). */
  answerCut?: true;
  /** The answer's Retry-After, read where the sender's HTTP client acts on it (OkHttp on a 408 or 503). */
  retryAfter?: string;
  /** Why the sender's HTTP client sent this request again by itself, e.g. 'OkHttp sent it again after the 408'. */
  resent?: string;
  /** The redirects the sender's HTTP client followed in this attempt, in order: each 3xx and where it led (the URL's secrets masked). */
  redirects?: { status: number; to: string }[];
}

/**
 * How long the body of an answer decided unread may go on coming before the connection is dropped:
 * OkHttp, closing an answer unread, discards the rest for 100 ms and then gives up the connection
 * (okhttp 4.9.2 Http1ExchangeCodec FixedLengthSource/ChunkedSource close(), ExchangeCodec.DISCARD_STREAM_TIMEOUT_MILLIS).
 */
const UNREAD_BODY_MS = 100;

/** How much of a response body an attempt keeps: enough to read an error message. */
export const ANSWER_BYTES = 200;

export interface AttemptEnv {
  dispatcher?: Dispatcher | undefined;
  /** Monotonic milliseconds; injectable for tests. */
  now?: (() => number) | undefined;
  /** Aborting it cancels the attempt in flight (Ctrl-C). */
  signal?: AbortSignal | undefined;
}

/**
 * Whether a delivery's last attempt was cut off in flight by the end of the run (Ctrl-C, SIGTERM, a
 * stream's drain time up): sent, its answer never read, so the request may have arrived. Counted
 * apart from the failures.
 */
export function cutOffInFlight(result: { delivered: boolean; attempts: readonly AttemptOutcome[] }): boolean {
  return !result.delivered && result.attempts.at(-1)?.error === 'cancelled';
}

/**
 * An attempt in words: its status (or why none came) and the receiver's answer on one line, e.g.
 * `500 «{"error":"db down"}»`. Control characters are shown as escapes, runs of space as one.
 */
export function attemptText(attempt: AttemptOutcome): string {
  const said = attempt.status ?? attempt.error ?? 'no answer';
  if (attempt.answer === undefined) return String(said);
  // Whitespace (tab and newline among it) becomes one space first: the rest of the controls are escaped.
  const line = escapeAllControls(attempt.answer.replace(/\s+/g, ' ')).trim();
  return line === '' ? String(said) : `${said} «${line}${attempt.answerCut ? '…' : ''}»`;
}

/**
 * What the sender's HTTP client did by itself within an attempt, in words: `OkHttp sent it again
 * after the 408`; `after 302 → http://127.0.0.1:9000/moved`; `after 3 redirects, the last 307 → …`.
 * Empty when it did nothing of the kind.
 */
export function attemptNotes(attempt: Pick<AttemptOutcome, 'resent' | 'redirects'>): string[] {
  const notes = attempt.resent === undefined ? [] : [attempt.resent];
  const last = attempt.redirects?.at(-1);
  if (last) notes.push(`${attempt.redirects?.length === 1 ? 'after' : `after ${attempt.redirects?.length} redirects, the last`} ${last.status} → ${last.to}`);
  return notes;
}

// undici's index loads fetch, WebSocket, the mock agents and the caches, a fifth of a short run's
// start; a delivery needs the Agent alone. undici 7 has no exports map, so its modules are reachable by path.
const require = createRequire(import.meta.url);
const Agent = require('undici/lib/dispatcher/agent.js') as typeof UndiciAgent;
type Agent = UndiciAgent;
// Its connector returns the socket it makes, though its type says void.
type Connector = (options: undiciBuildConnector.Options, callback: undiciBuildConnector.Callback) => Socket;
const buildConnector = require('undici/lib/core/connect.js') as (options: undiciBuildConnector.BuildOptions) => Connector;

// The sockets each dispatcher is still connecting, which undici does not end when it is destroyed.
const connecting = new WeakMap<Dispatcher, Set<Socket>>();

let shared: Agent | undefined;

/** The process-wide keep-alive dispatcher of a delivery given none: code calling the delivery functions directly (the commands each own one: withOwnDispatcher). */
function sharedDispatcher(): Agent {
  shared ??= createDispatcher();
  return shared;
}

/** A keep-alive dispatcher with whk's settings, owned (and closed) by the caller. */
export function createDispatcher(): Agent {
  const connector = buildConnector({ timeout: 10_000 });
  const pending = new Set<Socket>();
  const connect: Connector = (options, callback) => {
    const socket = connector(options, (...result) => {
      pending.delete(socket);
      callback(...result);
    });
    pending.add(socket);
    return socket;
  };
  const agent = new Agent({ keepAliveTimeout: 4_000, keepAliveMaxTimeout: 30_000, connect });
  connecting.set(agent, pending);
  return agent;
}

/**
 * Runs `use` over a dispatcher of its own, ended when it settles. A command's deliveries go over
 * theirs: main() may run in a process beside another run of it (the wizard, the API's users, tests),
 * and one run ending a dispatcher the other shares cuts that one's requests in flight.
 */
export async function withOwnDispatcher<T>(use: (dispatcher: Agent) => Promise<T>): Promise<T> {
  const dispatcher = createDispatcher();
  try {
    return await use(dispatcher);
  } finally {
    await endDispatcher(dispatcher);
  }
}

/** Closes the shared dispatcher's sockets so the process can exit promptly. */
export async function closeSharedDispatcher(): Promise<void> {
  const agent = shared;
  shared = undefined;
  if (agent) await endDispatcher(agent);
}

/**
 * Ends a dispatcher once the deliveries that use it are over. Not close(): it waits for every request
 * still queued, and one whose attempt ended at its deadline before its connection was made (a TLS
 * handshake the receiver never answers) stays queued until undici's 10 s connect timeout, so
 * `--timeout 1s` ended after 11 s; and destroy() leaves such a connection to that timeout, keeping
 * the process alive. Nothing else is in flight then: every attempt has settled.
 */
export async function endDispatcher(dispatcher: Dispatcher): Promise<void> {
  for (const socket of connecting.get(dispatcher) ?? []) socket.destroy(new Error('whk is done with this connection'));
  await dispatcher.destroy().catch(() => {});
}

/**
 * One attempt: one request, or for a sender whose client follows redirects, the requests of its
 * redirects under the one deadline, ending as that client ends them (redirects.ts).
 */
export function attempt(request: PreparedRequest, timeoutMs: number, env: AttemptEnv = {}, keepAnswer: (status: number) => boolean = () => true): Promise<AttemptOutcome> {
  return request.redirects || request.resends ? attemptInCall(startCall(request), timeoutMs, env, keepAnswer).then((done) => done.outcome) : hop(request, timeoutMs, timeoutMs, env, keepAnswer);
}

/**
 * One call of a sender's HTTP client that sends again by itself (resends.ts), across its attempts: OkHttp
 * runs redirects and re-sends in one loop (RetryAndFollowUpInterceptor.intercept, okhttp 4.12.0).
 */
export interface ClientCall {
  /** The request the next attempt sends; after an attempt, the one its last answer came from. */
  request: PreparedRequest;
  /** Redirects followed so far: OkHttp counts them with the re-sends against MAX_FOLLOW_UPS (lines 126–127). */
  redirects: number;
  /** Re-sends made so far. */
  resends: number;
  /** The status of the answer before the next one (OkHttp's priorResponse); after an attempt, before its last. */
  prior: number | null;
}

export function startCall(request: PreparedRequest): ClientCall {
  return { request, redirects: 0, resends: 0, prior: null };
}

/**
 * An attempt within a client's call: it starts where the call stands and says where it stands after,
 * so a re-send asks the URL the last answer came from (after a redirect, the redirected one) and counts on.
 * The final answer's Retry-After comes with the outcome.
 */
export async function attemptInCall(call: ClientCall, timeoutMs: number, env: AttemptEnv = {}, keepAnswer: (status: number) => boolean = () => true): Promise<{ outcome: AttemptOutcome; call: ClientCall }> {
  const now = env.now ?? (() => performance.now());
  const started = now();
  const { redirects: rule, resends } = call.request;
  let current = call;
  const followed: { status: number; to: string }[] = [];
  // The attempt as it ends, with the redirects that led there.
  const ended = (outcome: AttemptOutcome): { outcome: AttemptOutcome; call: ClientCall } => ({ outcome: followed.length === 0 ? outcome : { ...outcome, redirects: followed }, call: current });
  for (;;) {
    let location: string | undefined;
    let retryAfter: string | undefined;
    const outcome = await hop(current.request, timeoutMs, timeoutMs - (now() - started), env, keepAnswer, (status, rawHeaders) => {
      if (status >= 300 && status < 400) location = headerValue(rawHeaders, 'location');
      // OkHttp reads the header's last value (Response.header).
      else if (resends?.on.some((on) => on.status === status)) retryAfter = headerValue(rawHeaders, 'retry-after', 'last');
    });
    const total: AttemptOutcome = { ...outcome, ms: elapsed(now, started) };
    if (retryAfter !== undefined && outcome.status !== null) total.retryAfter = retryAfter;
    if (outcome.status === null || !rule) return ended(total);
    const step = redirectStep(current.request, rule, outcome.status, location, current.redirects, current.resends);
    if (step.kind === 'answer') return ended(total);
    if (step.kind === 'error') return ended({ status: null, ms: total.ms, error: step.error });
    followed.push({ status: outcome.status, to: maskUrl(step.next.url) });
    current = { request: step.next, redirects: current.redirects + 1, resends: current.resends, prior: outcome.status };
  }
}

/**
 * One request. It talks to the dispatcher through a bare handler rather than `request()`: no
 * AbortController, no response stream and no promise chain per attempt, which is most of what a
 * delivery costs at thousands per second. The response body is read to the end and dropped,
 * which keeps the socket reusable for the next delivery.
 */
function hop(request: PreparedRequest, timeoutMs: number, budgetMs: number, env: AttemptEnv, keepAnswer: (status: number) => boolean, onAnswer?: (status: number, rawHeaders: Buffer[] | string[] | null | undefined) => void): Promise<AttemptOutcome> {
  const now = env.now ?? (() => performance.now());
  const dispatcher = env.dispatcher ?? sharedDispatcher();
  const started = now();
  return new Promise((resolve) => {
    let status: number | null = null;
    // The body's first bytes, kept for the report of a failed attempt; the rest is read and dropped.
    const answer: Buffer[] = [];
    let kept = 0;
    // Kept whole enough to inflate when the client asked for gzip and the answer came so (gzipped-answer.ts).
    let gzipped = false;
    let keep = ANSWER_BYTES + 1;
    let stopped: 'timeout' | 'cancelled' | undefined;
    let abort: ((reason: Error) => void) | undefined;
    let done = false;
    let forget: (() => void) | undefined;
    const finish = (error: unknown): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      forget?.();
      const message = error === null || bodyCutShort() ? null : stopped === 'cancelled' ? 'cancelled' : stopped === 'timeout' ? timedOut(timeoutMs, final(status)) : describeNetworkError(error, request.url, final(status));
      const outcome: AttemptOutcome = { status: message === null ? status : null, ms: elapsed(now, started), error: message };
      // Ended early, the body is partial however short: it is marked so, as one past ANSWER_BYTES is.
      const partial = error !== null;
      if (message === null && kept > 0 && status !== null && keepAnswer(status)) Object.assign(outcome, answerOf(gzipped ? inflatedAnswer(Buffer.concat(answer)) : Buffer.concat(answer), partial));
      resolve(outcome);
    };
    // The connection ended in the body of a final answer, or the deadline passed in it, and the sender's
    // code goes by its status alone: it read no body first (Alertmanager drains it after deciding).
    const bodyCutShort = (): boolean => final(status) !== undefined && (stopped === undefined ? request.shortBody === 'status' : stopped === 'timeout' && request.stalledBody !== undefined);
    // A sender that returns on a 2xx without reading its body (Harness's WebhookSenderImpl) has decided
    // at the headers. The body is still read to keep the connection, for as long as OkHttp would.
    let keepReading: ReturnType<typeof setTimeout> | undefined;
    const decidedUnread = (): void => {
      finish(null);
      keepReading = setTimeout(() => abort?.(new Error('answer closed unread')), UNREAD_BODY_MS);
      keepReading.unref();
    };
    const stop = (why: 'timeout' | 'cancelled'): void => {
      stopped ??= why;
      // A request still waiting for its connection has nothing to abort yet: onConnect aborts it.
      abort?.(new Error(why));
      // The deadline holds even then: the attempt is over now, whatever undici does after.
      finish(new Error(why));
    };
    const timer = setTimeout(() => stop('timeout'), Math.max(0, budgetMs));
    if (env.signal?.aborted) return stop('cancelled');
    if (env.signal) forget = onAbort(env.signal, () => stop('cancelled'));
    const handler: Dispatcher.DispatchHandler = {
      onConnect(abortRequest) {
        abort = abortRequest;
        if (stopped) abortRequest(new Error(stopped));
      },
      onHeaders(statusCode, rawHeaders) {
        status = statusCode;
        gzipped = /^\s*gzip\s*$/i.test(headerValue(rawHeaders, 'content-encoding') ?? '') && asksForGzip(request.headers);
        keep = gzipped ? GZIPPED_ANSWER_BYTES : ANSWER_BYTES + 1;
        // The headers a client acts on (a redirect's Location, a Retry-After), read only for such a client.
        onAnswer?.(statusCode, rawHeaders);
        if (request.stalledBody === '2xx-at-headers' && statusCode >= 200 && statusCode < 300) decidedUnread();
        return true;
      },
      onData(chunk) {
        // One byte past what is shown tells whether the body went on.
        if (kept < keep) {
          answer.push(chunk.subarray(0, keep - kept));
          kept += Math.min(chunk.length, keep - kept);
        }
        return true;
      },
      onComplete: () => {
        clearTimeout(keepReading);
        finish(null);
      },
      onError: (error) => {
        clearTimeout(keepReading);
        finish(error);
      },
    };
    try {
      const { origin, path } = target(request.url);
      // A replayed OPTIONS * goes by node:http, not the dispatcher: undici sends no '*' target.
      if (request.target === ASTERISK_FORM) dispatchAsteriskForm({ url: request.url, method: request.method, headers: wireHeaders(request.headers), body: request.body }, handler);
      else dispatcher.dispatch({ origin, path: request.target ?? path, method: request.method as Dispatcher.HttpMethod, headers: wireHeaders(request.headers), body: request.body }, handler);
    } catch (error) {
      finish(error);
    }
  });
}

/** The first (or last) value of a header in undici's raw [name, value, …] list. */
function headerValue(rawHeaders: Buffer[] | string[] | null | undefined, name: string, which: 'first' | 'last' = 'first'): string | undefined {
  let found: string | undefined;
  for (let i = 0; rawHeaders && i + 1 < rawHeaders.length; i += 2) {
    if (String(rawHeaders[i]).toLowerCase() !== name) continue;
    found = String(rawHeaders[i + 1]);
    if (which === 'first') return found;
  }
  return found;
}

// A run sends thousands of requests to one URL: parse it once, not per attempt.
const targets = new Map<string, { origin: string; path: string }>();

function target(url: string): { origin: string; path: string } {
  let found = targets.get(url);
  if (!found) {
    const parsed = new URL(url);
    found = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
    if (targets.size >= 64) targets.clear();
    targets.set(url, found);
  }
  return found;
}

// A replayed capture carries the original hop-by-hop headers, and undici refuses some of them
// outright; it sets its own from the body and URL. 'Connection: close' is kept: undici sends it and
// closes the socket after the answer, as a sender that asks for it does (HertzBeat). A generated
// request has none to drop: it goes as it is, without a copy.
function wireHeaders(headers: Record<string, string>): Record<string, string> {
  const names = Object.keys(headers);
  if (!names.some((name) => dropped(name, headers[name] as string))) return headers;
  const out: Record<string, string> = {};
  for (const name of names) if (!dropped(name, headers[name] as string)) out[name] = headers[name] as string;
  return out;
}

// The same few names come with every delivery: whether one is hop-by-hop is decided once.
const hopByHop = new Map<string, boolean>();

function dropped(name: string, value: string): boolean {
  let hop = hopByHop.get(name);
  if (hop === undefined) {
    hop = HOP_BY_HOP_HEADERS.has(name.toLowerCase());
    if (hopByHop.size < 256) hopByHop.set(name, hop);
  }
  return hop && !(name.toLowerCase() === 'connection' && value.toLowerCase() === 'close');
}

/**
 * The first ANSWER_BYTES of a body as text, cut before a character they would split (it would read as
 * U+FFFD), and whether the body went on (or, `partial`, ended before its end).
 */
function answerOf(bytes: Buffer, partial: boolean): Pick<AttemptOutcome, 'answer' | 'answerCut'> {
  if (bytes.length <= ANSWER_BYTES) return partial ? { answer: bytes.toString('utf8'), answerCut: true } : { answer: bytes.toString('utf8') };
  let end = ANSWER_BYTES;
  // A UTF-8 character is at most 4 bytes: back over at most 3 continuation bytes (10xxxxxx) to its first.
  for (let back = 0; back < 3 && end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80; back++) end--;
  if (((bytes[end] ?? 0) & 0xc0) === 0x80) end = ANSWER_BYTES;
  return { answer: bytes.subarray(0, end).toString('utf8'), answerCut: true };
}

/** A deadline that passed with the answer's headers in says so: the receiver answered, its body never ended. */
function timedOut(timeoutMs: number, answered: number | undefined): string {
  const after = `timed out after ${formatDuration(timeoutMs)}`;
  return answered === undefined ? after : `${after} reading the body of its ${answered} answer`;
}

/** A final status whose answer had begun (an interim 1xx is not one). */
function final(status: number | null): number | undefined {
  return status !== null && status >= 200 ? status : undefined;
}

function elapsed(now: () => number, started: number): number {
  return Math.max(0, Math.round(now() - started));
}
