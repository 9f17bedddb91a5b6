// The inspector's JSON API: rows (as server-sent events, and at once), one record's detail, search, the diff
// of two records (diff-answer.ts), a record as curl, replay of a record to a URL, and the capture download.
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Catalogue, SearchQuery } from './catalogue.js';
import { recordQuery, urlPathOf } from '../capture/request-fields.js';
import { shownHeaders } from './detail.js';
import { detailJson } from './detail-answer.js';
import { diffAnswer } from './diff-answer.js';
import { signingOf, type ReplaySecret } from '../capture/arrival-signing.js';
import { EVENT_STREAM_HEADERS, MAX_STREAMS, type EventHub } from './events.js';
import { access, type FileHandle } from 'node:fs/promises';
import type { InspectorSource } from './source.js';
import type { CaptureRecord } from '../capture/record.js';
import { maskHeaders } from '../receiver/redact.js';
import { maskQueryString, maskUrl } from '../util/secrets.js';
import { readFailure } from '../util/file-errors.js';
import { parseTargetUrl } from '../util/url.js';
import { UsageError } from '../errors.js';
import type { About, SearchAnswer } from './wire.js';
import { ownDispatcher, replay } from './page-replay.js';
import { roomFor } from './unsent.js';
import { createTurns } from './turns.js';
import { createAnswerThread, type AnswerThread } from './answer-thread.js';

export interface ApiContext {
  catalogue: Catalogue;
  hub: EventHub;
  source: InspectorSource;
  label: string;
  live: boolean;
  /** The records kept (About.keep). */
  keep: number | null;
  /** What the page must say of its source (About.notice). */
  notice(): string | null;
  secretHeaders: readonly string[];
  /** A receiver's secrets, for replays signed anew (absent: `whk inspect`, which holds none). */
  replaySecret?: ReplaySecret | undefined;
  /** How a record's messages name settings (InspectorOptions.wording). */
  wording?: ((text: string) => string) | undefined;
}

// whk's choice: room for a body edited on the page as large as listen's default --max-body (10 MiB)
// and the escapes JSON adds to it; nothing else is posted to this API.
const MAX_POST_BYTES = 16 * 1024 * 1024;

// whk's choice: a page runs one search at a time (a newer one abandons the last), so a few tabs fit.
// Each takes its slice of every turn of the event loop: forty at once, from a careless or hostile
// client, held the page's server (and the receiver beside it) up to 24 s between two answers, and
// their records read back took the process into seconds of garbage collection.
export const MAX_SEARCHES = 4;

// The query parameters the API reads, each once (the page never repeats one).
const PARAMETERS = ['q', 'path', 'a', 'b', 'secrets', 'check'] as const;

export function createApi(context: ApiContext): { handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>; close(): Promise<void> } {
  const { catalogue } = context;
  const replays = ownDispatcher();
  const search = searchOf(catalogue);
  const inTurn = createTurns();
  const heavy = createAnswerThread();
  const entryOf = (raw: string | null) => (raw === null || !/^\d+$/.test(raw) ? undefined : catalogue.get(Number(raw)));

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const route = /^\/api\/records\/(\d+)(\/curl|\/replay)?$/.exec(url.pathname);
    // Another site's page cannot read an answer, but it can have the browser ask (an <img>, an
    // EventSource, a no-cors fetch): each search reads every record, each stream is sent all rows.
    if (!sameOrigin(req)) return sendJson(res, 403, { error: 'cross-site request refused' });
    // A parameter given twice was read as its first value, unsaid (?q=a&q=b searched for a).
    const repeated = PARAMETERS.find((name) => url.searchParams.getAll(name).length > 1);
    if (repeated !== undefined) return sendJson(res, 400, { error: `the parameter \`${repeated}\` is given more than once: each is read as one value, give it once` });
    const allow = methodsOf(url.pathname, route);
    if (allow === undefined) return sendJson(res, 404, { error: 'not found' });
    // A POST to a path only read (/api/about) was answered 404, as if the path were unknown.
    if (!allow.split(', ').includes(req.method ?? '')) return methodNotAllowed(res, allow);
    if (req.method === 'POST') return url.pathname === '/api/search' ? postedSearch(req, res, search) : post(req, res, url, route);
    if (url.pathname === '/api/about') {
      const about: About = { source: context.label, live: context.live, download: true, keep: context.keep, notice: context.notice() };
      return sendJson(res, 200, about);
    }
    if (url.pathname === '/api/events') return bodiless(res) ? void res.writeHead(200, EVENT_STREAM_HEADERS).end() : openStream(res, context);
    // What /api/events opens with, for a tab that reads the stream another tab holds (page/feed.ts).
    if (url.pathname === '/api/rows') return sendJsonText(res, 200, catalogue.rowsJson());
    if (url.pathname === '/api/search') return search(res, { text: url.searchParams.get('q') ?? '', path: url.searchParams.get('path') ?? '' });
    if (url.pathname === '/api/capture') return url.searchParams.has('check') ? checkDownload(res, context.source) : download(res);
    if (url.pathname === '/api/diff') return inTurn(res, () => sendDiff(res, url.searchParams, context, heavy));
    const entry = entryOf(route?.[1] ?? null);
    // With the newest number taken, the page can say whether a missing one is yet to come or let go.
    if (!route || !entry) return sendJson(res, 404, { error: 'no such record', newest: catalogue.newestId() });
    const shown = { showSecrets: url.searchParams.get('secrets') === '1', secretHeaders: context.secretHeaders };
    if (route[2] === '/curl') return sendJson(res, 200, { curl: await curlOf(entry.record, receiverHost(context) ?? req.headers.host, shown) });
    return inTurn(res, async () => sendJsonText(res, 200, await detailJson(entry, catalogue, { ...shown, replaySecret: context.replaySecret, wording: context.wording }, heavy)));
  }

  function download(res: ServerResponse): void {
    const headers = { 'content-type': 'application/x-ndjson; charset=utf-8', 'content-disposition': 'attachment; filename="captures.ndjson"', 'cache-control': 'no-store' };
    const file = context.source.captureFile;
    const shown = context.source.shownFile;
    if (file && shown) return void downloadShown(res, file, { handle: shown.handle, end: shown.end() }, headers);
    if (file) {
      const stream = createReadStream(file);
      stream.once('open', () => {
        res.writeHead(200, headers);
        if (!bodiless(res)) return void stream.pipe(res);
        stream.destroy();
        res.end();
      });
      stream.once('error', (error) => (res.headersSent ? res.destroy() : sendJson(res, 500, { error: captureFileFailure(file, error) })));
      return;
    }
    // No file (a receiver without --save): the records this page holds, in the capture file's form.
    res.writeHead(200, headers);
    if (bodiless(res)) return void res.end();
    const lines = [...catalogue.entries()].filter((entry) => !entry.letGo).map((entry) => entry.line);
    roomFor(res, lines.reduce((sum, line) => sum + line.length + 1, 0));
    for (const line of lines) res.write(`${line}\n`);
    res.end();
  }


  /** A replay of a record, or its curl command, of its body as recorded or as edited on the page (`body`). */
  async function post(req: IncomingMessage, res: ServerResponse, url: URL, route: RegExpExecArray | null): Promise<void> {
    const action = route?.[2];
    const refusal = crossSiteRefusal(req);
    if (refusal) return sendJson(res, 403, { error: refusal });
    const entry = entryOf(route?.[1] ?? null);
    if (!entry) return sendJson(res, 404, { error: 'no such record' });
    const input = await readJson(req);
    // Said as it is: a body that was not a JSON object was answered "not a URL: ''".
    if (input === null) return sendJson(res, 400, { error: `expected a JSON object such as {"url": "http://127.0.0.1:3000/hook"}, of at most ${MAX_POST_BYTES / 1024 / 1024} MiB` });
    const body = input['body'];
    if (body !== undefined && typeof body !== 'string') return sendJson(res, 400, { error: 'expected `body`, the bytes to replay in place of the recorded ones, as a string' });
    const edited = body === undefined ? undefined : Buffer.from(body);
    if (action === '/curl') {
      const shown = { showSecrets: url.searchParams.get('secrets') === '1', secretHeaders: context.secretHeaders };
      return sendJson(res, 200, { curl: await curlOf(entry.record, receiverHost(context) ?? req.headers.host, shown, edited) });
    }
    if (typeof input['url'] !== 'string') return sendJson(res, 400, { error: 'expected `url`, the address to replay to, as a string' });
    const target = input['url'];
    const problem = urlProblem(target);
    if (problem) return sendJson(res, 400, { error: problem });
    const signing = input['sign'] === true ? signingOf(entry.record, context.replaySecret) : undefined;
    if (input['sign'] === true && signing === undefined) return sendJson(res, 400, { error: 'this record cannot be signed anew: no scheme checked its signature, or the receiver holds no secret for it' });
    return sendJson(res, 200, await replay(entry.record, { url: target, originalHeaders: input['originalHeaders'] === true, body: edited, ...signing }, await replays.get()));
  }

  return {
    handle,
    async close() {
      await Promise.all([replays.end(), heavy.end()]);
    },
  };
}

/** The page's search, MAX_SEARCHES at most at once; one the page has given up on (a newer one replaced it, the tab closed) stops reading records. */
function searchOf(catalogue: Catalogue): (res: ServerResponse, query: SearchQuery) => Promise<void> {
  let searching = 0;
  return async (res, query) => {
    if (searching >= MAX_SEARCHES) return sendJson(res, 503, { error: `${MAX_SEARCHES} searches are running already, whk's bound (each reads every record, on the thread the receiver answers on): wait for them to end, or close other pages of this inspector` });
    const abandoned = new AbortController();
    res.once('close', () => abandoned.abort());
    let unreadable = 0;
    searching++;
    const ids = await catalogue.search(query, abandoned.signal, () => unreadable++).finally(() => searching--);
    if (ids === null) return;
    const answer: SearchAnswer = unreadable > 0 ? { ids, unreadable } : { ids };
    sendJson(res, 200, answer);
  };
}

/** The diff of two records the page ticked (/api/diff?a=1&b=2). */
async function sendDiff(res: ServerResponse, params: URLSearchParams, { catalogue, secretHeaders }: ApiContext, heavy: AnswerThread): Promise<void> {
  const { status, json } = await diffAnswer(params, catalogue, secretHeaders, heavy);
  sendJsonText(res, status, json);
}

/** The event stream of a page, a snapshot of the rows first; refused past MAX_STREAMS (events.ts). */
function openStream(res: ServerResponse, { hub, catalogue }: ApiContext): void {
  if (hub.full()) return sendJson(res, 503, { error: `${MAX_STREAMS} event streams are open already, whk's bound (each is sent every row, and the receiver's answers wait on it): close other pages of this inspector, or other browsers on it` });
  hub.open(res, catalogue.rowsJson());
}

// The Host a sender wrote is its own text: '127.0.0.1:9000@evil.example' made the command's URL read
// as the local receiver and go to evil.example. Only a plain name or address, perhaps with a port.
const PLAIN_HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * Where a live page's receiver listens (its label is the receiver's URL): the command of a record
 * with no plain Host goes there, not to the page, which would answer it 405.
 */
function receiverHost(context: ApiContext): string | undefined {
  return context.live && URL.canParse(context.label) ? new URL(context.label).host || undefined : undefined;
}

/** The record as a curl command (with `body` in place of its own, as a replay sends it); its secrets masked like the detail's unless asked. */
async function curlOf(record: CaptureRecord, host: string | undefined, options: { showSecrets: boolean; secretHeaders: readonly string[] }, body?: Buffer): Promise<string> {
  const [{ replayRequest }, { toCurl }] = await Promise.all([import('../delivery/replay.js'), import('../delivery/describe.js')]);
  const recordHost = record.headers['host'];
  const origin = `http://${typeof recordHost === 'string' && PLAIN_HOST.test(recordHost) ? recordHost : (host ?? 'localhost')}`;
  const query = recordQuery(record);
  const shown = options.showSecrets ? record : { ...record, headers: maskHeaders(record.headers, options.secretHeaders) };
  const request = replayRequest(shown, { url: `${origin}${urlPathOf(record.path)}${options.showSecrets ? query : maskQueryString(query)}`, originalHeaders: true, body });
  // The command resends the request as it came: no User-Agent of whk's (a replay's) where it had none.
  if (!Object.hasOwn(record.headers, 'user-agent')) delete request.headers['user-agent'];
  // A '*' target (OPTIONS *) is no path of a URL: curl sends it with --request-target.
  // An empty body as recorded is sent with Content-Length: 0 only if the request had a length (or was chunked).
  const emptyBodySent = body === undefined ? Object.hasOwn(record.headers, 'content-length') || Object.hasOwn(record.headers, 'transfer-encoding') : undefined;
  return toCurl(record.path === '*' ? { ...request, target: '*' } : request, { headersAsGiven: true, emptyBodySent });
}

/**
 * Whether the download can be given, asked by the page before it follows its link: a download the
 * server refuses, the browser shows as nothing at all (or a failed download in its own list).
 */
async function checkDownload(res: ServerResponse, { captureFile: file, shownFile: shown }: InspectorSource): Promise<void> {
  const problem = file && shown ? await shownFileCut(file, shown.handle, shown.end()) : file ? await access(file).then(() => null, (error: unknown) => captureFileFailure(file, error)) : null;
  if (problem === null) return sendJson(res, 200, {});
  sendJson(res, file && shown ? 409 : 500, { error: problem });
}

/**
 * The file the page shows, up to its last line shown, from the descriptor that read it: by its path,
 * the download was whatever file is there now (another, after a rotation or an editor's save), or
 * held records the page did not list (appended since). One cut short under the page is refused.
 */
async function downloadShown(res: ServerResponse, file: string, shown: { handle: FileHandle; end: number }, headers: Record<string, string>): Promise<void> {
  const cut = await shownFileCut(file, shown.handle, shown.end);
  if (cut !== null) return sendJson(res, 409, { error: cut });
  res.writeHead(200, { ...headers, 'content-length': String(shown.end) });
  if (shown.end === 0 || bodiless(res)) return void res.end();
  const stream = shown.handle.createReadStream({ start: 0, end: shown.end - 1, autoClose: false });
  stream.once('error', () => res.destroy());
  stream.pipe(res);
}

/** Why the file the page shows cannot be downloaded as it shows it (cut short under it), or null. */
async function shownFileCut(file: string, handle: FileHandle, end: number): Promise<string | null> {
  const size = await handle.stat().then((stats) => stats.size, () => -1);
  return size < end ? `the capture file ${file} was cut short under the page: it no longer holds all the records listed; start whk inspect again to read it as it is` : null;
}

/** Why the capture file could not be offered, in words: moved or deleted under `whk inspect`, it is gone. */
function captureFileFailure(file: string, error: unknown): string {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return `the capture file ${file} no longer exists`;
  return `cannot read the capture file ${file}: ${readFailure(error)}`;
}

/** The browser's Fetch Metadata, when it sends any, says the page's own origin (or the reader's own typing). */
function sameOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

/**
 * Replay makes this server send requests, so another site must not be able to ask for one: the
 * body must be JSON (a cross-site form cannot send that without a preflight this server never
 * answers) and the browser's Origin, when present, must be this server's (Fetch Metadata, when
 * present, was checked for every request).
 */
/** A search too long for a URL, posted as `{"q": text, "path": path}`: refused as a replay is when another site asks. */
async function postedSearch(req: IncomingMessage, res: ServerResponse, search: (res: ServerResponse, query: SearchQuery) => Promise<void>): Promise<void> {
  const refusal = crossSiteRefusal(req);
  if (refusal) return sendJson(res, 403, { error: refusal });
  const input = await readJson(req);
  const [text, path] = [input?.['q'] ?? '', input?.['path'] ?? ''];
  if (input === null || typeof text !== 'string' || typeof path !== 'string') {
    return sendJson(res, 400, { error: `expected a JSON object such as {"q": "text", "path": "/hooks"}, its values strings, of at most ${MAX_POST_BYTES / 1024 / 1024} MiB` });
  }
  return search(res, { text, path });
}

function crossSiteRefusal(req: IncomingMessage): string | null {
  if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) return 'expected a JSON body';
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) return 'cross-origin request refused';
  return null;
}

/**
 * What is wrong with the URL to replay to, said as whk replay says it of its own (parseTargetUrl):
 * 'localhost:3000/hook' lacks its scheme, where URL read 'localhost:' as one ("only http and https").
 */
function urlProblem(target: string): string | null {
  try {
    parseTargetUrl(target);
    return null;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return error.hint === undefined ? error.message : `${error.message} (${error.hint})`;
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_POST_BYTES) return null;
    chunks.push(chunk);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

// The API's paths only read; HEAD is GET without the body (Node writes none).
const READ_PATHS = new Set(['/api/about', '/api/events', '/api/rows', '/api/capture', '/api/diff']);

/**
 * The methods an API path takes, as Allow names them; undefined for a path the API does not have (404).
 * A replay sends a request: asked for by GET it answered with the record, as if /api/records/N.
 */
function methodsOf(pathname: string, route: RegExpExecArray | null): string | undefined {
  if (route?.[2] === '/replay') return 'POST';
  if (route?.[2] === '/curl' || pathname === '/api/search') return 'GET, HEAD, POST';
  return route || READ_PATHS.has(pathname) ? 'GET, HEAD' : undefined;
}

/** 405, naming the methods the target takes (RFC 9110 §15.5.6: a 405 must; it named none). */
export function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('allow', allow);
  sendJson(res, 405, { error: `method not allowed: ${allow} only` });
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  sendJsonText(res, status, JSON.stringify(value));
}

/** JSON already made (the rows are kept as their JSON, in UTF-8); its length said, so a HEAD tells it too. */
function sendJsonText(res: ServerResponse, status: number, json: string | Buffer): void {
  if (!bodiless(res)) roomFor(res, json.length);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json), 'cache-control': 'no-store' });
  res.end(json);
}

/** An answer to HEAD: its headers are GET's, its body none (Node writes none; what would read or hold one is not begun). */
function bodiless(res: ServerResponse): boolean {
  return res.req.method === 'HEAD';
}
