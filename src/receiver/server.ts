// The receiver's HTTP lifecycle: the server and its limits, each request handed to the handler
// (handler.ts: read, pipeline, capture line before the answer), events to subscribers, waiters and
// a graceful close. It never prints: `whk listen` subscribes a printer, `listen()` wraps it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CaptureRecord } from '../capture/record.js';
import { openCaptureStore, type CaptureStore, type FileChange, type StoreOptions } from '../capture/store.js';
import { blamedOn, CheckFailedError, fieldRef, messageOf, UsageError } from '../errors.js';
import { bind } from '../util/bind.js';
import { Fifo } from '../util/fifo.js';
import { checkField, int, MAX_DURATION_MS, size } from '../util/checks.js';
import { suggestionHint } from '../util/suggest.js';
import { parseTargetUrl } from '../util/url.js';
import { listKinds } from '../kinds/index.js';
import type { Kind } from '../kinds/types.js';
import { createVerifier, type VerifierEntry } from '../signing/verifier.js';
import { guardConnections, serverOptions } from './connections.js';
import { ANSWERS_WAIT_MS, withinMs } from './client-errors.js';
import { answerStalled } from './cuts.js';
import { DRAIN_BEYOND_LIMIT, resolveLimits, type ReceiverLimits } from './limits.js';
import { createHandler, type Handler, type HandlerSession } from './handler.js';
import { createDuplicateTracker, type DuplicateTracker } from './duplicates.js';
import { createEmitter, type Emitter, type Listener, type ReceiverEvent } from './events.js';
import { createForwarder, FORWARD_TIMEOUT_MS, isOwnAddress, type Forwarder } from './forward.js';
import { createInFlight, type InFlight } from './in-flight.js';
import { spareConnectionsInFlight } from './spare-answering.js';
import { watchOpenFiles } from './open-files.js';
import { DEFAULT_SIGNATURE_TOLERANCE_SECONDS } from './signature.js';
import { createPipeline } from './pipeline.js';
import { createStallWatch } from './stalls.js';
import { createResponder, type ResponsePlan } from './responder.js';
import { createWaiters } from './waiters.js';
import { createArrivals } from './arrivals.js';
import type { Wording } from './wording.js';
import { cloneSummary, emptyReceiverSummary, type ReceiverSummary } from './summary.js';

export type { ReceiverSummary } from './summary.js';
export type { ReceiverLimits } from './limits.js';
export { DEFAULT_MAX_BODY } from './limits.js';
export type { ResponsePlan } from './responder.js';
export type { Emitter, Listener, ReceiverEvent } from './events.js';

export interface ReceiverOptions {
  /** Default 127.0.0.1. */
  host?: string | undefined;
  /** Default 0: any free port. */
  port?: number | undefined;
  /** Append one NDJSON capture record per request to this file. */
  save?: string | undefined;
  respond?: ResponsePlan | undefined;
  limits?: ReceiverLimits | undefined;
  /** Verify the kind's signature (its scheme in src/signing) with this secret. */
  secret?: string | undefined;
  /** Keys for particular schemes by id, in place of the secret (travis: the public key PEM Travis serves). */
  schemeKeys?: Readonly<Record<string, string>> | undefined;
  /** Verify with these schemes and secrets instead of the kind's scheme; the same signed message (id and timestamp) again after a 2xx is 'replayed'. */
  verify?: readonly VerifierEntry[] | undefined;
  /** How far a signed timestamp may be from now. Default 300 s. */
  toleranceSeconds?: number | undefined;
  /** Answer 401 to a request whose signature is not valid. */
  reject?: boolean | undefined;
  /** Relay every accepted request to this URL and answer with the app's answer. */
  forwardTo?: string | undefined;
  /** Validate every body as this kind instead of detecting it. */
  kind?: string | undefined;
  /** Any request of another kind is a failure. */
  expect?: string | undefined;
  /** A request of no known kind is a failure (by default it is unknown: recorded, not invalid). */
  strict?: boolean | undefined;
  /** Extracts something from each parsed body; the result is recorded as `mapped` (undefined: nothing recorded). */
  map?: ((body: unknown, record: CaptureRecord) => unknown) | undefined;
  /** The kind registry (default: all kinds). */
  kinds?: readonly Kind[] | undefined;
  /** Clock for receivedAt and signature timestamps (epoch ms). */
  now?: (() => number) | undefined;
  /** Seed for --fail-rate. */
  seed?: number | undefined;
  /** How many records `requests` keeps (oldest dropped first). Default: all. */
  retain?: number | undefined;
  /** How long close() waits for in-flight requests before cutting connections. */
  closeGraceMs?: number | undefined;
  /** A first subscriber, subscribed before the port opens: the same as `receiver.subscribe(onEvent)`. */
  onEvent?: Listener<ReceiverEvent> | undefined;
  /** Told when a subscriber throws; the receiver itself goes on. Default: the error is dropped. */
  onSubscriberError?: ((error: unknown) => void) | undefined;
  /** How a record's issues and warnings name options, in the capture file too (the CLI: as its flags). Default: as fields (`maxBody`). */
  wording?: Wording | undefined;
}

export interface Receiver {
  /** http://host:port */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The records so far (the last `retain` of them), in the order they were answered. */
  readonly requests: readonly CaptureRecord[];
  /** Requests recorded and answered so far. */
  readonly count: number;
  /** Requests whose body came whole so far, answered or still held (a --delay, an app not done). */
  readonly arrived: number;
  /** Resolves once `n` requests have arrived whole (close() then still answers them). */
  whenArrived(n: number): Promise<void>;
  /**
   * Calls `listener` with every later event: each request once answered, each aborted request,
   * each problem. Any number may subscribe; returns the function that unsubscribes.
   */
  subscribe(listener: Listener<ReceiverEvent>): () => void;
  /** Resolves once `n` requests have been answered; rejects (CheckFailedError) on timeout or close. */
  waitFor(n: number, options?: { timeoutMs?: number }): Promise<CaptureRecord[]>;
  summary(): ReceiverSummary;
  /** Stops accepting, finishes in-flight requests (`now`: cuts them at once), flushes the capture file. Idempotent. */
  close(options?: { now?: boolean }): Promise<ReceiverSummary>;
}

export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const kinds = options.kinds ?? listKinds();
  checkOptions(options, kinds);
  const limits = resolveLimits(options.limits);
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const session = openSession(options, limits);
  // A file that cannot be the capture file is `save`'s fault: named in the error's field (the API's).
  const store: CaptureStore | null = options.save ? await openCaptureStore(options.save, storeWarnings(session.events, options.save)).catch(blamedOn('save')) : null;
  const forwarder: Forwarder | null = options.forwardTo ? await createForwarder(options.forwardTo, { now, maxAnswerBytes: limits.maxBodyBytes }) : null;
  const tolerance = options.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  const pipeline = createPipeline({
    kinds,
    kind: options.kind,
    expect: options.expect,
    strict: options.strict ?? false,
    secret: options.secret,
    schemeKeys: options.schemeKeys ?? {},
    verify: options.verify?.length ? createVerifier(options.verify, tolerance) : undefined,
    toleranceSeconds: tolerance,
    reject: options.reject,
    maxBody: limits.maxBodyBytes,
    drainLimit: DRAIN_BEYOND_LIMIT,
    now,
    duplicates: session.duplicates,
    responder: createResponder(options.respond ?? {}, options.seed ?? 1),
    forwarder,
    shaping: { delayMs: options.respond?.delayMs ?? 0, retryAfterSeconds: options.respond?.retryAfterSeconds },
    map: options.map,
    captureLines: store !== null,
    wording: options.wording,
  });
  const inFlight = createInFlight();
  const server = createHttpServer({ limits, inFlight, answersWaitMs: answersWait(options, forwarder !== null) }, session, createHandler(session, pipeline, store, limits, now, inFlight));
  // What the session holds besides the server, let go once it is closed (or never opened).
  const release = async (): Promise<void> => {
    session.stalls.close();
    await store?.close();
    await forwarder?.close();
  };
  await bind(server, { host, port: options.port ?? 0 }).catch(async (error: unknown) => {
    await release();
    throw error;
  });
  const bound = server.address() as AddressInfo;
  const port = bound.port;
  if (options.forwardTo !== undefined && isOwnAddress(options.forwardTo, bound)) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await release();
    throw new UsageError(`\`forwardTo\` ${options.forwardTo} is this receiver's own address: every request would be forwarded to itself`);
  }
  server.on('error', (error) => session.events.emit({ type: 'error', message: `server error: ${messageOf(error)}`, seq: null }));
  const { summary, records } = session;
  const waiters = createWaiters(session.events.subscribe, () => summary.requests, () => records.items());

  async function shutdown(): Promise<ReceiverSummary> {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // Held to a timer's most: past it Node warns (TimeoutOverflowWarning) and fires at once.
    const graceMs = Math.min(options.closeGraceMs ?? 10_000 + (options.respond?.delayMs ?? 0), MAX_DURATION_MS);
    const grace = setTimeout(() => cutInFlight(server, forwarder, session.cut), graceMs);
    await inFlight.drained();
    // Nothing is being answered now: what is left is idle keep-alive or half-sent requests.
    server.closeAllConnections();
    await closed;
    clearTimeout(grace);
    await release();
    waiters.rejectAll((n) => new CheckFailedError(`the receiver closed: ${summary.requests} of ${n} requests arrived`));
    return cloneSummary(summary);
  }

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
    get requests() {
      return records.items();
    },
    get count() {
      return summary.requests;
    },
    get arrived() {
      return session.arrivals.count;
    },
    whenArrived: (n) => session.arrivals.reached(n),
    subscribe: session.events.subscribe,
    waitFor(n, waitOptions = {}) {
      if (summary.requests < n && session.closing) return Promise.reject(new CheckFailedError(`the receiver is closed: ${summary.requests} of ${n} requests arrived`));
      return waiters.wait(n, waitOptions.timeoutMs);
    },
    summary: () => cloneSummary(summary),
    close(closeOptions = {}) {
      session.closing ??= shutdown();
      if (closeOptions.now) {
        cutInFlight(server, forwarder, session.cut);
      }
      return session.closing;
    },
  };
}

/** What one listen session keeps: the tally, the records retained, its subscribers (handler.ts), and its repeats. */
interface Session extends HandlerSession {
  /** Repeats across the session's requests, told each answer so a retry is told from a duplicate. */
  duplicates: DuplicateTracker;
  closing: Promise<ReceiverSummary> | null;
}

function openSession(options: ReceiverOptions, limits: Required<ReceiverLimits>): Session {
  const session: Session = {
    summary: emptyReceiverSummary(),
    records: new Fifo(options.retain),
    // A throwing subscriber is the caller's bug; it must not take the receiver (and its in-flight requests) down.
    events: createEmitter<ReceiverEvent>((error) => options.onSubscriberError?.(error)),
    duplicates: createDuplicateTracker(),
    closing: null,
    cut: new AbortController(),
    stalls: createStallWatch(limits.idleTimeoutMs, answerStalled),
    arrivals: createArrivals(),
    wording: options.wording,
  };
  if (options.onEvent) session.events.subscribe(options.onEvent);
  return session;
}

function createHttpServer({ limits, inFlight, answersWaitMs }: { limits: Required<ReceiverLimits>; inFlight: InFlight; answersWaitMs: number }, session: Session, handle: Handler): Server {
  const { events, summary } = session;
  const headersTimeout = limits.headersTimeoutMs;
  const server = createServer(
    serverOptions(headersTimeout, limits.requestTimeoutMs),
    (req, res) => {
      // In flight from here; the handler says when it is done with the request.
      inFlight.track(req, res);
      handle(req, res);
    },
  );
  guardConnections(server, {
    events,
    headersTimeoutMs: headersTimeout,
    requestTimeoutMs: limits.requestTimeoutMs,
    requestsOn: (socket) => inFlight.on(socket),
    afterAnswers: withinMs(answersWaitMs, (socket, then) => inFlight.afterAnswers(socket, then)),
    wording: session.wording,
    refused: (why) => void (why === 'parser' ? summary.refused.parser++ : summary.refused.headerTimeout++),
  });
  spareConnectionsInFlight(server, inFlight);
  watchOpenFiles(server, (message) => events.emit({ type: 'warning', message }));
  return server;
}

/**
 * How long a refusal of bytes pipelined behind requests waits for their answers: as long as one may
 * take by design (held for `delay`, then the app's), and ANSWERS_WAIT_MS more. A client parks its
 * connection with it no longer than with any request; past it, closed with the refusal unwritten.
 */
function answersWait(options: ReceiverOptions, forwarding: boolean): number {
  return Math.min((options.respond?.delayMs ?? 0) + (forwarding ? FORWARD_TIMEOUT_MS : 0) + ANSWERS_WAIT_MS, MAX_DURATION_MS);
}

/** What the capture store finds wrong with its file, told to the subscribers as warnings. */
function storeWarnings(events: Emitter<ReceiverEvent>, path: string): StoreOptions {
  const warn = (message: string): void => events.emit({ type: 'warning', message });
  return {
    onTornLine: (offset, others) => warn(`the capture file ended inside a line (at byte ${offset}: ${others ? 'a write cut short, or a line another process is still writing' : 'a write cut short'}); the next record starts on a line of its own`),
    onOtherWriter: () => warn(`another process is writing to ${path} too (it grew by bytes whk did not write); whk's records stay whole lines, but that process's lines are among them`),
    onRemade: (change) => warn(remadeWarning(path, change)),
  };
}

/** Said before the first record goes to the file now at the path. */
function remadeWarning(path: string, change: FileChange): string {
  if (change === 'replaced') return `the capture file ${path} was moved or replaced while whk listened; writing to ${path} anew: the records from here on are in the file now there`;
  return `the capture file ${path} was ${change} while whk listened; made anew: the records from here on are in it`;
}

/**
 * Past close()'s grace, what is still in flight is cut: its connection, and a forward to an app that
 * has not answered (whose own timeout may be far longer), so close() never outwaits the grace.
 */
function cutInFlight(server: Server, forwarder: Forwarder | null, cut: AbortController): void {
  cut.abort();
  server.closeAllConnections();
  void forwarder?.close({ cut: true });
}

function checkOptions(options: ReceiverOptions, kinds: readonly Kind[]): void {
  const known = kinds.map((k) => k.id);
  for (const [field, id] of [['kind', options.kind], ['expect', options.expect]] as const) {
    if (id !== undefined && !known.includes(id)) throw new UsageError(`${fieldRef(field)}: unknown kind '${id}'`, suggestionHint(id, known, `known kinds: ${known.join(', ')}`));
  }
  if (options.kind !== undefined && options.expect !== undefined && options.kind !== options.expect) {
    throw new UsageError(`\`kind\` ${options.kind} and \`expect\` ${options.expect} disagree: every request would fail`);
  }
  if (options.forwardTo !== undefined) parseTargetUrl(options.forwardTo, 'forwardTo');
  checkField('maxBody', options.limits?.maxBodyBytes, size('body'));
  checkField('port', options.port, int(0, 65535));
}
