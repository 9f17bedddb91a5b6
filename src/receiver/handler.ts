// One request's way through the receiver: its body read, the turn's batch, the pipeline, its capture
// line written before the answer, the answer, the subscribers told. Written as steps that hand the
// request's Exchange on, not as one async function: its promises (the body's, the turn's, the line's,
// the handler's own), their continuations and the body reader's closures took about 4.5% more CPU a
// request under the bench's load (side by side, by hand: docs/performance-log.md, 2026-12-06). A
// request that must wait for more (decompression, forwarding, --delay) takes the async way for that part.
import { setTimeout as sleep } from 'node:timers/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CaptureRecord } from '../capture/record.js';
import { copyHeaders, rawQueryOf, splitUrl } from '../capture/request-fields.js';
import type { CaptureStore, Placement } from '../capture/store.js';
import { messageOf } from '../errors.js';
import type { Fifo } from '../util/fifo.js';
import type { Answer } from './answers.js';
import { readBody, type RawBody } from './body.js';
import type { Arrivals } from './arrivals.js';
import type { Wording } from './wording.js';
import { createBodyBudget, type Lease } from './budget.js';
import { refusalOf, requestWarnings } from './connections.js';
import { reportUnfinished } from './cuts.js';
import type { Emitter, ReceiverEvent } from './events.js';
import { framed, sentBody } from './framing.js';
import { senderHungUp, withHangUp, withRefusalAfter } from './hang-up.js';
import type { InFlight } from './in-flight.js';
import { DRAIN_BEYOND_LIMIT, type ReceiverLimits } from './limits.js';
import type { Pipeline, Processed } from './pipeline.js';
import type { Reading, StallWatch } from './stalls.js';
import { tallyRecord, type ReceiverSummary } from './summary.js';
import { createTurnBatch } from './turn-batch.js';

/** What the handler uses of the receiver's session (server.ts adds what the pipeline uses). */
export interface HandlerSession {
  summary: ReceiverSummary;
  /** The last `retain` records, oldest first. */
  records: Fifo<CaptureRecord>;
  events: Emitter<ReceiverEvent>;
  /** Set once close() was called: answers then close their connections. */
  closing: Promise<unknown> | null;
  /** Aborted by close({ now }) or the close's grace run out: the --delay waits end at once, and what is cut is whk's doing. */
  cut: AbortController;
  /** The bodies being read (by their responses), answered 408 and dropped when they stall for the idle timeout. */
  stalls: StallWatch<ServerResponse>;
  /** The requests whose body came whole, counted before a --delay or an app holds their answer. */
  arrivals: Arrivals;
  /** How a record's texts name options (the CLI: as its flags); undefined: as fields. */
  wording: Wording | undefined;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const STORE_FAILED: Answer = { status: 500, headers: { 'content-type': 'application/json', connection: 'close' }, body: JSON.stringify({ error: 'capture file write failed' }), delayMs: 0 };

/** A processed request, and where its line went in the capture file (when it was written). */
type Saved = Processed & { placement?: Placement | undefined };

/**
 * One request on its way: what each step hands the next. A field marked `!` is set by the step that
 * comes before the steps that read it (the head as the request comes in, the body once read, the
 * pipeline's result once saved), never made up front and thrown away.
 */
class Exchange {
  receivedAt!: string;
  method!: string;
  path!: string;
  query!: Record<string, string | string[]>;
  headers!: Record<string, string | string[]>;
  reading!: Reading<ServerResponse>;
  raw!: RawBody;
  /** When its body was in: how long a sender that hung up had waited. */
  bodyIn = 0;
  ready!: Processed;
  /** The sender hung up before its answer. */
  gone = false;
  /** It hung up while --delay held its answer: the wait ended there. */
  goneDuringDelay = false;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    /** Its bytes count against the budget of all bodies in flight until it has been answered. */
    readonly lease: Lease,
  ) {}
}

/** One request: read it, run the pipeline, write its capture line, answer, tell the subscribers. */
export function createHandler(session: HandlerSession, pipeline: Pipeline, store: CaptureStore | null, limits: Required<ReceiverLimits>, now: () => number, inFlight: InFlight): Handler {
  const { events, stalls } = session;
  const budget = createBodyBudget({ totalBytes: limits.inFlightBytes, inflatedBytes: limits.inflatedInFlightBytes });
  const reportError = (error: unknown): void => events.emit({ type: 'error', message: `request failed: ${messageOf(error)}`, seq: null });
  const { save, waitThenSave, failed, finished } = createResponding(session, store, now, inFlight, reportError);
  let seq = 0;
  // Requests of the same millisecond share its text (a busy receiver sees many in one).
  let lastMs = Number.NaN;
  let lastIso = '';
  const isoTime = (ms: number): string => {
    if (ms !== lastMs) {
      lastMs = ms;
      lastIso = new Date(ms).toISOString();
    }
    return lastIso;
  };

  const turnCame = (x: Exchange): void => {
    try {
      const { req, raw } = x;
      const target = req.url ?? '/';
      const result = pipeline({ seq: ++seq, receivedAt: x.receivedAt, method: x.method, target, path: x.path, query: x.query, rawQuery: rawQueryOf(target), headers: x.headers, warnings: requestWarnings(req, x.headers), bytes: raw.bytes, size: raw.size, busy: raw.busy, lease: x.lease });
      if (result instanceof Promise || result.answer.delayMs > 0) void waitThenSave(x, result);
      else save(x, result);
    } catch (error) {
      failed(x, error);
    }
  };

  // The bodies read in one turn are processed together, and their lines written in one go (turn-batch.ts).
  const nextTurn = createTurnBatch(turnCame, () => store?.flush(), reportError);

  const bodyRead = (x: Exchange, raw: RawBody): void => {
    try {
      const { req, res, reading } = x;
      // The body is in; answering may take a while (--delay, --forward-to) and must not count as idle.
      stalls.unwatch(reading);
      if (raw.aborted) {
        reportUnfinished(session.summary, events, limits, { req, res, reading, method: x.method, path: x.path, size: raw.size, cutAtShutdown: session.cut.signal.aborted });
        return finished(x);
      }
      x.bodyIn = now();
      x.raw = raw;
      session.arrivals.arrived();
      nextTurn(x);
    } catch (error) {
      failed(x, error);
    }
  };

  return (req, res) => {
    const x = new Exchange(req, res, budget.lease());
    try {
      x.receivedAt = isoTime(now());
      x.method = req.method ?? 'GET';
      const { path, query } = splitUrl(req.url ?? '/');
      x.path = path;
      x.query = query;
      x.headers = copyHeaders(req.rawHeaders);
      x.reading = stalls.watch(res);
      readBody(req, { limit: limits.maxBodyBytes, drainLimit: DRAIN_BEYOND_LIMIT, lease: x.lease, reading: x.reading }, x, bodyRead);
    } catch (error) {
      failed(x, error);
    }
  };
}

/** The steps after the pipeline: the capture line written, then the answer; and a request's end, however it ends. */
function createResponding(session: HandlerSession, store: CaptureStore | null, now: () => number, inFlight: InFlight, reportError: (error: unknown) => void) {
  const { events, summary, records } = session;

  /** Done with it: its bytes leave the budget, and close() no longer waits for it. */
  const finished = (x: Exchange): void => {
    x.lease.release();
    inFlight.handled(x.req);
  };

  /** A step threw (whk's own bug): told to the subscribers, answered 500 if it was not answered yet. */
  const failed = (x: Exchange, error: unknown): void => {
    try {
      reportError(error);
      if (x.res.writableEnded) return;
      if (!x.res.headersSent) x.res.writeHead(500, { 'content-type': 'application/json' });
      x.res.end(JSON.stringify({ error: 'whk receiver error' }));
    } finally {
      finished(x);
    }
  };

  /** A capture line that could not be written: the sender must see a failure and deliver again. */
  const notSaved = (processed: Processed, error: unknown): Saved => {
    summary.notSaved++;
    events.emit({ type: 'error', message: `could not write the capture file: ${messageOf(error)}`, seq: processed.record.seq ?? null });
    return { ...processed, record: { ...processed.record, status: STORE_FAILED.status }, answer: { ...STORE_FAILED, headers: { ...STORE_FAILED.headers } }, line: undefined };
  };

  // Until the answer goes out a repeat is a duplicate (its sender has seen no failure); then the tracker
  // is told the status the write settles (a failed write's 500), or 0: a sender gone saw no answer at all.
  // A signed message is remembered for 'replayed' only once so accepted: a refused one's retry is valid.
  const answer = (x: Exchange, processed: Saved): void => {
    const { req, res } = x;
    const status = x.gone ? 0 : processed.record.status;
    processed.duplicateCheck?.answered(status);
    processed.signedMessage?.answered(status, now());
    const { answer } = processed;
    // Closing: the connection closes after this answer, unless answers pipelined behind it would be dropped.
    res.writeHead(answer.status, framed(answer, session.closing !== null && !inFlight.followed(req), req));
    // A Buffer body (an app's answer) queued behind another answer had its head put before the held
    // `100 Continue` and its body after (Node's _send): the stream broke (fuzzing, --forward-to).
    const body = sentBody(answer);
    if (typeof body !== 'string') res.flushHeaders();
    res.end(body);
    if (processed.cutOff) res.once('finish', () => req.socket.destroy());
    tallyRecord(summary, processed.record, processed);
    records.push(processed.record);
    events.emit({ type: 'request', record: processed.record, line: processed.line?.text, placement: processed.placement, decoded: processed.decoded });
    finished(x);
  };

  const lineWritten = (x: Exchange, error: unknown, placement: Placement | undefined): void => {
    try {
      const ready: Saved = x.ready;
      if (error !== null) return answer(x, notSaved(ready, error));
      ready.placement = placement;
      answer(x, ready);
    } catch (thrown) {
      failed(x, thrown);
    }
  };

  // The capture line is written before the answer: what is not recorded is not acknowledged.
  const save = (x: Exchange, ready: Processed): void => {
    x.gone = senderHungUp(x.req);
    const refusal = refusalOf(x.req.socket);
    x.ready = x.gone
      ? withHangUp(ready, now() - x.bodyIn, { refusal, cut: session.cut.signal.aborted, delay: x.goneDuringDelay }, session.wording)
      : refusal === undefined || refusal.requestTime !== undefined ? ready : withRefusalAfter(ready, refusal, session.wording);
    const line = x.ready.line;
    if (store && line !== undefined) store.appendThen(line.text, line.parts, x, lineWritten);
    else answer(x, x.ready);
  };

  // The delay comes before the record is written, so a sender that gives up meanwhile is recorded so.
  const waitThenSave = async (x: Exchange, result: Processed | Promise<Processed>): Promise<void> => {
    try {
      const ready = await result;
      if (ready.answer.delayMs > 0) await delayAnswer(x, ready, session.cut.signal);
      save(x, ready);
    } catch (error) {
      failed(x, error);
    }
  };

  return { save, waitThenSave, failed, finished };
}

/**
 * --delay's wait. A sender that hangs up meanwhile will never see this answer, so the repeat it sends
 * next is its retry: its payloads are told so at once, not when the wait is over (it was called a
 * duplicate of a request still unanswered). Its wait ends there too: held on, it held shutdown for
 * the rest of the delay, and its record was written only then, as if whk had cut it.
 */
async function delayAnswer(x: Exchange, ready: Processed, cut: AbortSignal): Promise<void> {
  const senderGone = new AbortController();
  // The response's own 'close' (its connection ended before it did): one listener a request, where
  // the socket's would gather one for each request pipelined on it.
  const hungUp = (): void => {
    x.goneDuringDelay = true;
    ready.duplicateCheck?.answered(0);
    senderGone.abort();
  };
  if (senderHungUp(x.req)) hungUp();
  else x.res.once('close', hungUp);
  try {
    await sleep(ready.answer.delayMs, undefined, { signal: AbortSignal.any([cut, senderGone.signal]) }).catch(() => undefined);
  } finally {
    x.res.off('close', hungUp);
  }
}
