// The receiver core: an HTTP server that decodes, validates and records every request, answers
// as scripted (or relays the user's app), and reports each request through a callback. It never
// prints; `whk listen` renders its events and the public `listen()` wraps it.
import { setTimeout as sleep } from 'node:timers/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CheckFailedError, UsageError } from '../errors.js';
import { listKinds } from '../kinds/index.js';
import type { Kind } from '../kinds/types.js';
import type { CaptureRecord } from '../validate/capture.js';
import { readBody } from './body.js';
import { copyHeaders, headerText, serialize, splitUrl } from './record.js';
import { decodeBody, isPlain, type Decoded } from './decode.js';
import { createDuplicateTracker } from './duplicates.js';
import { createForwarder, type Forwarder } from './forward.js';
import { inspectBody, type Inspection } from './inspect.js';
import { createResponder, type ResponsePlan } from './responder.js';
import { verifySignature } from './signature.js';
import { openCaptureStore, type CaptureStore } from './store.js';
import { cloneSummary, emptyReceiverSummary, tallyRecord, type ReceiverSummary } from './summary.js';

export type { ReceiverSummary } from './summary.js';
export type { ResponsePlan } from './responder.js';

export interface ReceiverLimits {
  /** Largest body accepted, before and after decompression. Default 10 MB. */
  maxBodyBytes?: number;
  /** Time allowed for a request's headers to arrive. Default 10 s. */
  headersTimeoutMs?: number;
  /** Time allowed for a whole request to arrive. Default 60 s. */
  requestTimeoutMs?: number;
  /** A request whose body stalls this long is dropped. Default 30 s. */
  idleTimeoutMs?: number;
}

export type ReceiverEvent =
  | { type: 'request'; record: CaptureRecord }
  | { type: 'aborted'; method: string; path: string; size: number }
  | { type: 'error'; message: string; seq: number | null };

export interface ReceiverOptions {
  /** Default 127.0.0.1. */
  host?: string | undefined;
  /** Default 0: any free port. */
  port?: number | undefined;
  /** Append one NDJSON capture record per request to this file. */
  save?: string | undefined;
  respond?: ResponsePlan | undefined;
  limits?: ReceiverLimits | undefined;
  /** Verify the kind's signature header (x-metaplane-sig) with this secret. */
  secret?: string | undefined;
  /** Relay every accepted request to this URL and answer with the app's answer. */
  forwardTo?: string | undefined;
  /** Validate every body as this kind instead of detecting it. */
  kind?: string | undefined;
  /** Any request of another kind is a failure. */
  expect?: string | undefined;
  /** Extracts something from each parsed body; the result is recorded as `mapped`. */
  map?: ((body: unknown, record: CaptureRecord) => unknown) | undefined;
  /** The kind registry (default: all kinds). */
  kinds?: readonly Kind[] | undefined;
  /** Clock for receivedAt (epoch ms). */
  now?: (() => number) | undefined;
  /** Seed for --fail-rate. */
  seed?: number | undefined;
  /** How many records `requests` keeps (oldest dropped first). Default: all. */
  retain?: number | undefined;
  /** How long close() waits for in-flight requests before cutting connections. */
  closeGraceMs?: number | undefined;
  /** Called once per request after it was answered, and on problems. */
  onEvent?: ((event: ReceiverEvent) => void) | undefined;
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
  /** Resolves once `n` requests have been answered; rejects (CheckFailedError) on timeout or close. */
  waitFor(n: number, options?: { timeoutMs?: number }): Promise<CaptureRecord[]>;
  summary(): ReceiverSummary;
  /** Stops accepting, finishes in-flight requests, flushes the capture file. Idempotent. */
  close(): Promise<ReceiverSummary>;
}

export const DEFAULT_MAX_BODY = 10 * 1024 * 1024;
// Past the limit we keep reading (and discarding) this much, so the sender can finish writing
// and actually read our 413; a sender still going after that is cut off.
const DRAIN_BEYOND_LIMIT = 64 * 1024 * 1024;

interface Waiter {
  n: number;
  resolve: (records: CaptureRecord[]) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer | string;
  delayMs: number;
}

export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const kinds = options.kinds ?? listKinds();
  checkOptions(options, kinds);
  const host = options.host ?? '127.0.0.1';
  const maxBody = options.limits?.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const headersTimeout = options.limits?.headersTimeoutMs ?? 10_000;
  const requestTimeout = Math.max(options.limits?.requestTimeoutMs ?? 60_000, headersTimeout);
  const idleTimeout = options.limits?.idleTimeoutMs ?? 30_000;
  const now = options.now ?? Date.now;
  const retain = options.retain ?? Number.POSITIVE_INFINITY;
  const responder = createResponder(options.respond ?? {}, options.seed ?? 1);
  const duplicates = createDuplicateTracker();
  const summary = emptyReceiverSummary();
  const records: CaptureRecord[] = [];
  const waiters = new Set<Waiter>();
  let inFlight = 0;
  let drained: (() => void) | null = null;
  const settled = (): void => {
    inFlight--;
    if (inFlight === 0) drained?.();
  };
  const emit = (event: ReceiverEvent): void => {
    try {
      options.onEvent?.(event);
    } catch (error) {
      // A throwing callback is the caller's bug; it must not take the receiver (and its in-flight requests) down.
      process.emitWarning(`whk receiver: the onEvent callback threw: ${messageOf(error)}`);
    }
  };
  let seq = 0;
  let closing: Promise<ReceiverSummary> | null = null;

  const store: CaptureStore | null = options.save ? await openCaptureStore(options.save) : null;
  const forwarder: Forwarder | null = options.forwardTo ? await createForwarder(options.forwardTo, { now }) : null;

  const server = createServer(
    {
      headersTimeout,
      requestTimeout,
      // Node checks those two timeouts on this interval (30 s by default, too coarse for them).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
    },
    (req, res) => {
      inFlight++;
      res.once('close', settled);
      handle(req, res).catch((error: unknown) => {
        emit({ type: 'error', message: `request failed: ${messageOf(error)}`, seq: null });
        if (res.writableEnded) return;
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'whk receiver error' }));
      });
    },
  );

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = new Date(now()).toISOString();
    const method = req.method ?? 'GET';
    const { path, query } = splitUrl(req.url ?? '/');
    const headers = copyHeaders(req.rawHeaders);
    req.setTimeout(idleTimeout, () => req.destroy());
    const raw = await readBody(req, { limit: maxBody, drainLimit: DRAIN_BEYOND_LIMIT });
    if (raw.aborted) {
      summary.aborted++;
      emit({ type: 'aborted', method, path, size: raw.size });
      return;
    }
    // The body is in; answering may take a while (--delay, --forward-to) and must not count as idle.
    req.setTimeout(0);
    const number = ++seq;
    const record: CaptureRecord = {
      receivedAt,
      method,
      path,
      query,
      headers,
      bodyBase64: raw.bytes.toString('base64'),
      body: null,
      encoding: 'identity',
      truncated: false,
      kind: options.kind ?? null,
      valid: false,
      issues: [],
      warnings: [],
      status: 0,
      seq: number,
      size: raw.size,
      decodedSize: null,
      kindSource: options.kind ? 'given' : 'none',
      notes: [],
      idempotencyId: null,
      duplicateOf: null,
      duplicateBy: null,
      signature: null,
      forward: null,
    };
    let flags = { unexpected: false, conflict: false };
    let bodyJson: string | undefined;
    let answer: Answer;
    if (raw.overLimit) {
      record.truncated = true;
      record.issues.push({ path: '$', message: `body of ${raw.size} bytes exceeds --max-body (${maxBody} bytes); refused with 413, first ${maxBody} bytes recorded` });
      answer = refusal(maxBody, raw.size > maxBody + DRAIN_BEYOND_LIMIT);
    } else {
      const contentEncoding = headerText(headers['content-encoding']);
      const decoded: Decoded = isPlain(raw.bytes, contentEncoding) ? { ok: true, bytes: raw.bytes, encoding: 'identity' } : await decodeBody(raw.bytes, contentEncoding, maxBody);
      record.encoding = decoded.encoding;
      if (!decoded.ok && decoded.reason === 'too-large') {
        record.truncated = true;
        record.issues.push({ path: '$', message: decoded.message });
        answer = refusal(maxBody, false);
      } else {
        if (decoded.ok) {
          record.decodedSize = decoded.bytes.length;
          const inspection = inspectBody(decoded.bytes, { kinds, kind: options.kind, expect: options.expect });
          flags = applyInspection(record, inspection, raw.bytes, decoded.bytes, number);
          bodyJson = inspection.bodyJson;
        } else {
          record.issues.push({ path: '$', message: decoded.message });
        }
        applyMap(record);
        answer = forwarder ? await forward(forwarder, record, method, raw.bytes) : scriptedAnswer(record, number);
      }
    }
    record.valid = record.issues.length === 0;
    record.status = answer.status;
    flags.unexpected = options.expect !== undefined && record.kind !== options.expect;
    if (closing) answer.headers['connection'] = 'close';
    if (store) {
      try {
        await store.append(serialize(record, bodyJson));
      } catch (error) {
        // Not recorded, so not acknowledged: the sender must see a failure and deliver again.
        record.status = 500;
        answer = { status: 500, headers: { 'content-type': 'application/json', connection: 'close' }, body: JSON.stringify({ error: 'capture file write failed' }), delayMs: 0 };
        emit({ type: 'error', message: `could not write the capture file: ${messageOf(error)}`, seq: number });
      }
    }
    if (answer.delayMs > 0) await sleep(answer.delayMs);
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
    if (raw.size > maxBody + DRAIN_BEYOND_LIMIT) res.once('finish', () => req.socket.destroy());
    finish(record, flags);
  }

  function applyInspection(record: CaptureRecord, inspection: Inspection, rawBytes: Buffer, decodedBytes: Buffer, number: number): { unexpected: boolean; conflict: boolean } {
    record.body = inspection.body;
    record.kind = inspection.kind?.id ?? record.kind;
    record.kindSource = inspection.kindSource;
    record.issues.push(...inspection.issues);
    record.warnings.push(...inspection.warnings);
    record.notes = inspection.notes;
    record.idempotencyId = inspection.idempotencyId ?? null;
    const signature = verifySignature(options.secret, inspection.kind, record.headers, rawBytes, kinds);
    if (signature) {
      record.signature = signature;
      if (signature.verdict === 'missing') record.issues.push({ path: '$', message: `signature header ${signature.header} is missing (--secret was given)` });
      if (signature.verdict === 'invalid') record.issues.push({ path: '$', message: `signature ${signature.header} does not match the body and --secret` });
    }
    const duplicate = duplicates.check(number, decodedBytes, inspection.idempotencyId, inspection.body);
    record.duplicateOf = duplicate.duplicateOf;
    record.duplicateBy = duplicate.duplicateBy;
    if (duplicate.conflictsWith !== null) {
      record.issues.push({ path: '$.idempotencyId', message: `same idempotencyId as request #${duplicate.conflictsWith} but different bytes and content (the sender promises identical payloads per id)` });
    }
    if (duplicate.reformattedOf !== null) {
      record.notes = [...record.notes, `same idempotencyId and content as request #${duplicate.reformattedOf}, in other bytes (key order or whitespace)`];
    }
    return { unexpected: false, conflict: duplicate.conflictsWith !== null };
  }

  function applyMap(record: CaptureRecord): void {
    if (!options.map || record.body === null) return;
    try {
      record.mapped = options.map(record.body, record);
    } catch (error) {
      record.warnings.push(`map: ${messageOf(error)}`);
    }
  }

  async function forward(to: Forwarder, record: CaptureRecord, method: string, rawBytes: Buffer): Promise<Answer> {
    const result = await to.forward({ method, headers: record.headers, body: rawBytes });
    if (result.ok) {
      record.forward = { url: to.url, status: result.status, error: null, ms: result.ms };
      return { status: result.status, headers: result.headers, body: result.body, delayMs: options.respond?.delayMs ?? 0 };
    }
    record.forward = { url: to.url, status: null, error: result.error, ms: result.ms };
    record.warnings.push(`forward to ${to.url} failed: ${result.error}`);
    return { status: 502, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: `whk could not forward: ${result.error}` }), delayMs: 0 };
  }

  function scriptedAnswer(record: CaptureRecord, number: number): Answer {
    const scripted = responder.next();
    const body = `{"seq":${number},"kind":${JSON.stringify(record.kind)},"valid":${record.issues.length === 0}}`;
    return { status: scripted.status, headers: { 'content-type': 'application/json', ...scripted.headers }, body, delayMs: scripted.delayMs };
  }

  function finish(record: CaptureRecord, flags: { unexpected: boolean; conflict: boolean }): void {
    tallyRecord(summary, record, flags);
    if (retain > 0) {
      records.push(record);
      if (records.length > retain) records.shift();
    }
    for (const waiter of waiters) {
      if (summary.requests >= waiter.n) {
        waiters.delete(waiter);
        if (waiter.timer) clearTimeout(waiter.timer);
        waiter.resolve([...records]);
      }
    }
    emit({ type: 'request', record });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await store?.close();
    await forwarder?.close();
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${options.port} on ${host} is in use`, 'pick another with --port, or --port 0 for any free port');
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`cannot listen on host '${host}': ${messageOf(error)}`);
    throw error;
  });
  server.on('error', (error) => emit({ type: 'error', message: `server error: ${messageOf(error)}`, seq: null }));
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  async function shutdown(): Promise<ReceiverSummary> {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const grace = setTimeout(() => server.closeAllConnections(), options.closeGraceMs ?? 10_000 + (options.respond?.delayMs ?? 0));
    if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
    // Nothing is being answered now: what is left is idle keep-alive or half-sent requests.
    server.closeAllConnections();
    await closed;
    clearTimeout(grace);
    await store?.close();
    await forwarder?.close();
    for (const waiter of waiters) {
      if (waiter.timer) clearTimeout(waiter.timer);
      waiter.reject(new CheckFailedError(`the receiver closed: ${summary.requests} of ${waiter.n} requests arrived`));
    }
    waiters.clear();
    return cloneSummary(summary);
  }

  return {
    url,
    host,
    port,
    get requests() {
      return records;
    },
    get count() {
      return summary.requests;
    },
    waitFor(n, waitOptions = {}) {
      if (summary.requests >= n) return Promise.resolve([...records]);
      if (closing) return Promise.reject(new CheckFailedError(`the receiver is closed: ${summary.requests} of ${n} requests arrived`));
      return new Promise((resolve, reject) => {
        const waiter: Waiter = { n, resolve, reject, timer: undefined };
        if (waitOptions.timeoutMs !== undefined) {
          waiter.timer = setTimeout(() => {
            waiters.delete(waiter);
            reject(new CheckFailedError(`timed out after ${waitOptions.timeoutMs} ms: ${summary.requests} of ${n} requests arrived`));
          }, waitOptions.timeoutMs);
        }
        waiters.add(waiter);
      });
    },
    summary: () => cloneSummary(summary),
    close() {
      closing ??= shutdown();
      return closing;
    },
  };
}

function checkOptions(options: ReceiverOptions, kinds: readonly Kind[]): void {
  const known = kinds.map((k) => k.id).join(', ');
  for (const [flag, id] of [['--kind', options.kind], ['--expect', options.expect]] as const) {
    if (id !== undefined && !kinds.some((k) => k.id === id)) throw new UsageError(`${flag}: unknown kind '${id}'`, `known kinds: ${known}`);
  }
  if (options.kind !== undefined && options.expect !== undefined && options.kind !== options.expect) {
    throw new UsageError(`--kind ${options.kind} and --expect ${options.expect} disagree: every request would fail`);
  }
  if (options.forwardTo !== undefined) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(options.forwardTo);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      throw new UsageError(`--forward-to: not an http(s) URL: '${options.forwardTo}'`, 'e.g. --forward-to http://localhost:3000/hook');
    }
  }
  const maxBody = options.limits?.maxBodyBytes;
  if (maxBody !== undefined && !(maxBody > 0)) throw new UsageError('--max-body must be more than 0 bytes');
  const port = options.port;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new UsageError(`invalid --port: expected an integer from 0 to 65535, got '${port}'`);
}

function refusal(maxBody: number, cutOff: boolean): Answer {
  return {
    status: 413,
    headers: { 'content-type': 'application/json', ...(cutOff ? { connection: 'close' } : {}) },
    body: JSON.stringify({ error: `body exceeds --max-body (${maxBody} bytes)` }),
    delayMs: 0,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
