// The inspector's HTTP server (node:http, no framework): the page's files shipped in the package,
// a JSON API over a source of capture records, server-sent events as records arrive, the capture
// download and replay to a URL. Every answer forbids inline script and content sniffing, because
// everything it shows came from a stranger's request. It never prints.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { createApi, methodNotAllowed, sendJson } from './api.js';
import type { ReplaySecret } from '../capture/arrival-signing.js';
import { createCatalogue, type Kept } from './catalogue.js';
import { lineReaderOn, openLineReader } from '../capture/line-reader.js';
import { serialize } from '../capture/serialize.js';
import { targetUrl } from '../capture/request-fields.js';
import { createEventHub } from './events.js';
import { createPageFiles } from './files.js';
import { createUnsentLedger, MAX_UNSENT_BYTES, roomFor } from './unsent.js';
import { DEFAULT_RETAIN, type InspectorSource } from './source.js';
import { bind } from '../util/bind.js';
import { watchOpenFiles, type WatchedServer } from '../receiver/open-files.js';
import { answerConnect, dropSilentConnections, timeoutOptions } from '../receiver/connections.js';
import { ANSWERS_WAIT_MS, answerClientErrors, closingAnswer, requestsInFlight, type Refuser } from '../receiver/client-errors.js';
import { resolveLimits, type ReceiverLimits } from '../receiver/limits.js';
import { isEveryInterface, isLoopback } from '../util/hosts.js';

// `whk listen --ui` loads this one module, before its receiver starts, for the store that feeds it.
export { createRecordStore } from './source.js';

export interface InspectorOptions {
  source: InspectorSource;
  /** Default 127.0.0.1. */
  host?: string | undefined;
  /** Default 0: any free port. */
  port?: number | undefined;
  /** The option that set `port`, named when it cannot be had (default 'port'; listen's page: 'uiPort'). */
  portField?: string | undefined;
  /** What the page names as its source: the receiver's URL or the capture file. */
  label: string;
  /** New records keep arriving (a receiver), or the set is fixed (a file). */
  live: boolean;
  /** How many of the newest records a live page keeps (default 50,000); a file's are all kept. */
  retain?: number | undefined;
  /** How many characters the capture lines a page holds may take (default catalogue-slots.ts HELD_LINES_CHARS). */
  heldLinesChars?: number | undefined;
  /** Extra header names to mask (the kinds' signature headers). */
  secretHeaders?: readonly string[] | undefined;
  /**
   * How a record's messages name the receiver's settings, for the people reading the page: listen's
   * flags (`maxBody` as --max-body) when the CLI serves it; absent, as recorded.
   */
  wording?: ((text: string) => string) | undefined;
  /** The receiver's secret of a scheme, for replays signed anew (listen --ui); absent: replays go unsigned. */
  replaySecret?: ReplaySecret | undefined;
  /** Where the page's files are (default: next to this module, as built). */
  pageDir?: string | undefined;
  /** How many bytes the answers may hold unsent for readers that have not taken them, over all connections (default unsent.ts MAX_UNSENT_BYTES). */
  unsentBytes?: number | undefined;
  /** How long a request's headers may take to arrive (default the receiver's, 10 s; listen's --header-timeout). */
  headersTimeoutMs?: number | undefined;
  /** Told once when the page's connections bring whk to the open-file limit (receiver/open-files.ts). */
  onWarning?: ((message: string) => void) | undefined;
}

// A live page binds where the receiver binds: a sender that holds connections open on its port takes
// the files the receiver's connections need, which the system then closes unanswered. whk inspect's
// page has no receiver beside it: its own new connections are closed so.
const PAGE: WatchedServer = { held: ' to the inspector page', closed: 'each new connection, to the page and to the receiver alike,', opener: 'whoever holds them', lost: 'unanswered and not recorded' };
const PAGE_ALONE: WatchedServer = { held: ' to the inspector page', closed: 'each new connection to the page', opener: 'whoever holds them', lost: 'unanswered' };

export interface Inspector {
  /** http://host:port/ */
  readonly url: string;
  /** Says `text` on every open page, and to every page opened later (About.notice). */
  notice(text: string): void;
  close(): Promise<void>;
}

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * How long the page keeps an idle connection. Node closes one idle for 5 s by default, and a client
 * that was slow to read a long answer (a large record's detail, a loaded machine) could send its next
 * request as that close crossed it: "other side closed". whk's choice: a minute, past any pause of a
 * page at work; stopping closes them. The receiver keeps Node's 5 s: its senders are many, and each
 * idle one holds a file. A page's are one browser's, which opens a handful to one host however long
 * each is kept (Chromium and Firefox, six), so a minute of a connection that made one request and
 * idles costs those few files at most.
 */
const PAGE_KEEP_ALIVE_MS = 60_000;

export async function startInspector(options: InspectorOptions): Promise<Inspector> {
  const host = options.host ?? '127.0.0.1';
  // A capture file is read back for records kept by their place: a live session's, and inspect's (from
  // the file it read and follows, whatever is at its path now).
  const { captureFile, shownFile } = options.source;
  const reader = shownFile ? lineReaderOn(shownFile.handle.fd) : captureFile !== undefined ? openLineReader(captureFile) : undefined;
  // A live session keeps its newest records only; a capture file's are a fixed set, kept all.
  const keep = options.live ? (options.retain ?? DEFAULT_RETAIN) : null;
  const catalogue = createCatalogue(keep ?? Number.POSITIVE_INFINITY, reader, options.heldLinesChars);
  const unsent = createUnsentLedger(options.unsentBytes ?? MAX_UNSENT_BYTES);
  const hub = createEventHub(unsent.makeRoom);
  for (const record of options.source.records()) catalogue.add(record);
  // A live session keeps each record as its place in the capture file (catalogue.ts says why), or
  // as its line when the file cannot be read back or there is none (the line is made here then).
  const unsubscribe = options.source.subscribe((record, line, placement) => {
    const kept: Kept = placement && reader ? { placement } : { line: line ?? serialize(record, undefined).line };
    hub.push(catalogue.add(record, kept).rowJson);
  });
  const files = createPageFiles(options.pageDir);
  let notice: string | null = null;
  const api = createApi({ catalogue, hub, source: options.source, label: options.label, live: options.live, keep, notice: () => notice, secretHeaders: options.secretHeaders ?? [], replaySecret: options.replaySecret, wording: options.wording });
  let allowedHost: (value: string) => boolean = () => true;

  // A connection that sends nothing, or a request's start and no more, is dropped as the receiver
  // drops one (its header timeout, its request-time limit): Node's own held it 60 to 90 s, each one
  // a file the receiver beside the page needs. An event stream or an answer being written is no
  // request still arriving, and neither cuts it.
  const limits = resolveLimits({ headersTimeoutMs: options.headersTimeoutMs });
  // Node answered a request without Host 400 with no word of why: handle() refuses it, saying so.
  const server = createServer({ keepAliveTimeout: PAGE_KEEP_ALIVE_MS, requireHostHeader: false, ...timeoutOptions(limits.headersTimeoutMs, limits.requestTimeoutMs) }, (req, res) => {
    unsent.track(res);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A page on another site may point a name of its own at 127.0.0.1 (DNS rebinding): only the
    // names this server was reached by are answered.
    const given = req.headers.host;
    if (given === undefined) return sendJson(res, 400, { error: 'no Host header: the page answers only requests that name it (HTTP/1.1 requires one)' });
    if (!allowedHost(given.toLowerCase())) {
      sendJson(res, 421, { error: 'unknown Host: the page answers only the names it listens on (a name of any other site could lead here by DNS rebinding)' });
      return;
    }
    const url = targetUrl(req.url ?? '/', 'http://inspector.invalid') ?? new URL('http://inspector.invalid/not-a-target');
    if (url.pathname.startsWith('/api/')) {
      await api.handle(req, res, url);
      return;
    }
    const name = url.pathname === '/' ? 'index.html' : url.pathname.startsWith('/page/') ? url.pathname.slice('/page/'.length) : undefined;
    const file = name === undefined ? undefined : await files.get(name);
    if (!file) {
      sendJson(res, 404, { error: 'not found' });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      methodNotAllowed(res, 'GET, HEAD');
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'content-length': file.bytes.length, 'cache-control': 'no-cache' });
    if (req.method !== 'HEAD') roomFor(res, file.bytes.length);
    res.end(req.method === 'HEAD' ? undefined : file.bytes);
  }

  guardConnections(server, limits, options.wording);
  if (options.onWarning) watchOpenFiles(server, options.onWarning, options.live ? PAGE : PAGE_ALONE);
  await bind(server, { host, port: options.port ?? 0, portField: options.portField }).catch((error: unknown) => {
    unsubscribe();
    hub.close();
    reader?.close();
    throw error;
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  allowedHost = hostCheck(host, shownHost, port);
  return {
    url: `http://${shownHost}:${port}/`,
    notice(text) {
      notice = text;
      hub.aboutChanged();
    },
    async close() {
      unsubscribe();
      hub.close();
      await api.close();
      reader?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Connections that send nothing dropped as the receiver drops them; a CONNECT, which Node drops
 * unanswered, and what Node's parser or timeouts refuse, which it answers with no word of why, refused
 * with a reason. These answers forbid sniffing as the page's others do.
 */
function guardConnections(server: Server, { headersTimeoutMs, requestTimeoutMs }: Required<ReceiverLimits>, wording: Refuser['wording']): void {
  const refuser: Refuser = { name: 'the inspector page', client: 'browser', headersTimeoutMs, requestTimeoutMs, ...requestsInFlight(server, ANSWERS_WAIT_MS), wording };
  dropSilentConnections(server, headersTimeoutMs);
  answerConnect(server, () => closingAnswer(405, 'CONNECT asks for a proxy tunnel, and the inspector page is no proxy', { ...SECURITY_HEADERS, allow: 'GET, HEAD, POST' }));
  answerClientErrors(server, refuser, SECURITY_HEADERS);
}

/** Whether a Host value (lower case) is one a browser sends for this server. */
function hostCheck(host: string, shownHost: string, port: number): (value: string) => boolean {
  if (isEveryInterface(host)) {
    // Every interface has no one name, but a rebinding site's is always a name: an address (any
    // port, as a container's port mapping changes it), localhost or this machine's own name pass.
    const own = new Set(['localhost', hostname().toLowerCase(), `${hostname().toLowerCase()}.local`]);
    return (value) => {
      const name = value.replace(/:\d*$/, '');
      return isIP(name.replace(/^\[(.*)\]$/, '$1')) !== 0 || own.has(name.replace(/\.$/, ''));
    };
  }
  const names = new Set([shownHost, ...(isLoopback(host) ? ['localhost', '127.0.0.1', '[::1]'] : [])].map((name) => `${name.toLowerCase()}:${port}`));
  return (value) => names.has(value);
}
