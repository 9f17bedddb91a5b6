// What Node's HTTP server leaves to its user at the connection level. Requests its parser refuses
// before whk sees them (not HTTP/1.1, headers past Node's limit, TLS or HTTP/2 sent to the plain port)
// are answered as Node answers them, and reported and counted, not recorded: a sender told 400 by a
// silent receiver is left guessing. So are the requests its timeouts cut (408). Requests Node would
// refuse unsaid for what a stricter server refuses (no Host, an unknown Expect) are let through,
// recorded with a warning, as are those Node takes and a stricter server refuses (a transfer coding
// other than chunked); a CONNECT is refused and said. Connections that never send a byte are dropped.
import { METHODS, STATUS_CODES, type IncomingMessage, type Server, type ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { formatLimit } from '../util/units.js';
import type { Emitter, ReceiverEvent } from './events.js';
import { cutText, QUOTE_TEXT_LIMIT } from '../util/cut-text.js';

/** What Node's own handler answers to each parser error (lib/_http_server.js, socketOnError); 400 for the rest. */
const STATUSES: Readonly<Record<string, number>> = {
  HPE_HEADER_OVERFLOW: 431,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

// A TLS record starts with its content type, 22 for a handshake, then the major version 3 (RFC 8446 §5.1).
const TLS_HANDSHAKE = 0x16;
const TLS_MAJOR = 0x03;

type ClientError = Error & { code?: string; reason?: string; rawPacket?: Buffer; bytesParsed?: number };

// The connections whose bytes the parser refused, and how: a request cut off by it mid-body (a
// malformed chunk) is then no sender that went away, and one answered after it was never seen.
const refusals = new WeakMap<Duplex, Refusal>();

/** What whk's HTTP server (Node) answered to bytes it could not parse, and why, in words. */
export interface Refusal {
  status: number;
  problem: string;
  /**
   * The request being read took longer than the request-time limit: whk cut it (the handler reports
   * it, as a request dropped); `answered`, whether the 408 could still be sent on its connection.
   */
  requestTime?: { answered: boolean } | undefined;
}

/** What the guard needs from the receiver: its limits, and how it tells of a request it refused. */
export interface Guard {
  events: Emitter<ReceiverEvent>;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** The requests in flight on a connection, in order (in-flight.ts). */
  requestsOn(socket: Duplex): readonly IncomingMessage[];
  /** Counts a request refused before whk could read it: by the parser, or for its headers' time. */
  refused(why: 'parser' | 'headers'): void;
}

/** How the parser refused what came on this connection (its warning is given), if it did. */
export function refusalOf(socket: Duplex): Refusal | undefined {
  return refusals.get(socket);
}

/** Node's server options: the timeouts whk sets, and no request refused for want of a Host header. */
export function serverOptions(headersTimeout: number, requestTimeout: number): ServerOptions {
  return {
    ...timeoutOptions(headersTimeout, requestTimeout),
    // Node answers an HTTP/1.1 request without Host 400 itself, before whk sees it: not a word was
    // printed nor a record kept. whk records it, with a warning (requestWarnings).
    requireHostHeader: false,
  };
}

/** The timeouts whk sets on Node's server (the receiver's, and the inspector page's). */
export function timeoutOptions(headersTimeout: number, requestTimeout: number): ServerOptions {
  return {
    headersTimeout,
    requestTimeout,
    // Node checks those two timeouts on this interval (30 s by default, too coarse for them).
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
  };
}

// Requests whose Expect header asks for something other than 100-continue (Node told whk so).
const unmetExpectations = new WeakSet<IncomingMessage>();

/** What a stricter server refuses in this request, which whk recorded and answered as usual. */
export function requestWarnings(req: IncomingMessage, headers: Readonly<Record<string, string | string[]>>): string[] | undefined {
  // Node applies both rules to HTTP/1.1 only (an HTTP/1.0 request needs no Host).
  // Per request on the receiver's hot path: nothing is made for a request with none of these (a
  // plain `Transfer-Encoding: chunked` is told from another at one comparison).
  const trailers = req.rawTrailers.length > 0;
  const transfer = headers['transfer-encoding'];
  const coded = typeof transfer === 'string' && transfer !== 'chunked';
  if (!trailers && !coded && (req.httpVersion !== '1.1' || (headers['host'] !== undefined && !unmetExpectations.has(req)))) return undefined;
  const warnings: string[] = [];
  const codings = coded ? transferCodings(transfer) : [];
  if (codings.length > 0) warnings.push(transferCodingWarning(transfer as string, codings));
  // Fields after a chunked body (RFC 9112 §7.1.2): no header of the request, so not among its headers.
  if (trailers) warnings.push(`the body ended with trailer fields (${trailerNames(req.rawTrailers)}): not recorded, the record keeps the request's header fields only`);
  if (req.httpVersion !== '1.1') return warnings;
  if (headers['host'] === undefined) warnings.push("no Host header: HTTP/1.1 requires one, and a server must refuse such a request with 400 (RFC 9112 §3.2; Node's does)");
  if (unmetExpectations.has(req)) {
    const expect = String(headers['expect']);
    const shown = JSON.stringify(cutText(expect, QUOTE_TEXT_LIMIT));
    warnings.push(`Expect: ${shown} asks for what HTTP does not define (only 100-continue): a server may refuse it with 417 (RFC 9110 §10.1.1; Node's does)`);
  }
  return warnings;
}

/** The transfer codings a Transfer-Encoding names besides chunked (Node undoes chunked alone), once each. */
function transferCodings(header: string): string[] {
  const codings = header.split(',').map((coding) => coding.trim().toLowerCase());
  return [...new Set(codings.filter((coding) => coding !== '' && coding !== 'chunked'))];
}

/**
 * A transfer coding Node's parser lets through (chunked last, as RFC 9112 §6.3 asks) but does not
 * undo: it hands the bytes as they came out of chunked to whk, which reads them as any body. Go's
 * net/http and nginx answer such a request 501 (RFC 9112 §6.1: a server SHOULD, for a coding it does
 * not understand).
 */
function transferCodingWarning(header: string, codings: readonly string[]): string {
  const shown = JSON.stringify(cutText(header, QUOTE_TEXT_LIMIT));
  const named = codings.join(', ');
  const list = cutText(named, QUOTE_TEXT_LIMIT);
  return `Transfer-Encoding: ${shown} names a transfer coding other than chunked (${list}), which a server that does not understand it should refuse with 501 (RFC 9112 §6.1; Go's net/http and nginx do): whk undid only chunked, as Node does, and read the body as if no other were named: by its Content-Encoding, else gzip's magic bytes`;
}

/** The trailer fields' names, once each, quoted as far as QUOTE_TEXT_LIMIT characters. */
function trailerNames(raw: readonly string[]): string {
  const names = [...new Set(raw.filter((_, i) => i % 2 === 0).map((name) => name.toLowerCase()))].join(', ');
  return cutText(names, QUOTE_TEXT_LIMIT);
}

export function guardConnections(server: Server, guard: Guard): void {
  const { events, headersTimeoutMs } = guard;
  // Node keeps a request's first thousand or so headers and drops the rest unsaid (a signature sent
  // late among them vanished from the record). The header block is bounded by its size anyway
  // (maxHeaderSize, refused with 431 past it), so all of them are kept: 0 is no limit.
  server.maxHeadersCount = 0;
  server.on('clientError', clientErrorHandler(guard));
  // An Expect other than 100-continue: unlistened for, Node answers 417 itself, not a word printed
  // nor a record kept. A server may ignore it (RFC 9110 §10.1.1): handled as any request, its record warns.
  server.on('checkExpectation', (req, res) => {
    unmetExpectations.add(req);
    server.emit('request', req, res);
  });
  answerConnect(server, (req) => {
    const shown = cutText(req.url ?? '', QUOTE_TEXT_LIMIT);
    guard.refused('parser');
    events.emit({ type: 'warning', message: `a request was refused with 501 before whk could read it: CONNECT ${shown} asks for a proxy tunnel, and whk listen is no proxy (is it set as the sender's HTTP proxy?); not recorded` });
    return `HTTP/1.1 501 ${STATUS_CODES[501]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`;
  });
  dropSilentConnections(server, headersTimeoutMs);
}

/**
 * A CONNECT (a proxy's tunnel): unlistened for, Node drops its connection without an answer, and
 * nobody hears of it. The socket is Node's no more: its errors are listened for, what comes on it is
 * read and dropped, and once `answer`'s bytes are written it is closed (a held one would keep close()
 * waiting). The receiver's and the inspector page's servers answer one so.
 */
export function answerConnect(server: Server, answer: (req: IncomingMessage) => string): void {
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => undefined);
    socket.resume();
    socket.end(answer(req), () => socket.destroy());
  });
}

/**
 * A connection that never sends a byte must not be held: a few hundred of them (a usual open-file
 * limit is 1024) would leave no sender able to connect. Node 20.20's header check also drops one,
 * with a 408, on the checking interval timeoutOptions sets; this guard does not depend on Node doing so.
 */
export function dropSilentConnections(server: Server, afterMs: number): void {
  server.on('connection', (socket: Socket) => {
    const silent = setTimeout(() => {
      if (socket.bytesRead === 0) socket.destroy();
    }, afterMs);
    silent.unref();
    socket.once('close', () => clearTimeout(silent));
  });
}

function clientErrorHandler(guard: Guard): (error: ClientError, socket: Duplex) => void {
  return (error, socket) => {
    const status = STATUSES[error.code ?? ''] ?? 400;
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return timedOut(guard, socket);
    const problem = describe(error, status);
    if (problem !== undefined) {
      refusals.set(socket, { status, problem });
      guard.refused('parser');
      guard.events.emit({ type: 'warning', message: `a request was refused with ${status} before whk could read it: ${problem}; not recorded` });
    }
    // Not inside an answer begun: nothing written yet (an earlier request's answer, not begun, is
    // then this one, hang-up.ts says so), or every earlier answer written whole (a kept-alive connection).
    const written = (socket as Duplex & { bytesWritten?: number }).bytesWritten ?? 0;
    if (socket.writable && (written === 0 || guard.requestsOn(socket).length === 0)) socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\n\r\n`);
    socket.destroy();
  };
}

const TIMEOUT_ANSWER = `HTTP/1.1 408 ${STATUS_CODES[408]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`;

/**
 * Node's server timed a request out (ERR_HTTP_REQUEST_TIMEOUT): its headers took longer than the
 * header timeout, or the whole request longer than the request-time limit. Either is whk's own cut,
 * not the sender going away: answered 408 when nothing else is still to be answered on the
 * connection, and reported. A connection that never sent a byte is no request (dropped unsaid).
 */
function timedOut(guard: Guard, socket: Duplex): void {
  const pending = guard.requestsOn(socket);
  // A request whose body is being read: the handler reports it, with its method and path.
  const reading = pending.find((req) => !req.complete);
  // Only when no earlier answer on this connection is still due: a 408 before it would be taken for it.
  const answerable = socket.writable && (pending.length === 0 || pending[0] === reading);
  const silent = (socket as Duplex & { bytesRead?: number }).bytesRead === 0;
  if (reading !== undefined) {
    const limit = formatLimit(guard.requestTimeoutMs);
    refusals.set(socket, { status: 408, problem: `the request took longer than whk's request-time limit (${limit})`, requestTime: { answered: answerable } });
  } else if (!silent) {
    const problem = `its headers did not all arrive within \`headerTimeout\` (${formatLimit(guard.headersTimeoutMs)})`;
    refusals.set(socket, { status: 408, problem });
    guard.refused('headers');
    const answer = answerable ? 'refused with 408' : 'dropped';
    guard.events.emit({ type: 'warning', message: `a request was ${answer} before whk could read it: ${problem}; not recorded` });
  }
  if (answerable) socket.write(TIMEOUT_ANSWER);
  socket.destroy();
}

/** Why a parser error refused the request, in words; undefined for what is reported elsewhere or not at all. */
function describe(error: ClientError, status: number): string | undefined {
  const code = error.code ?? '';
  // The sender closed mid-request (the aborted event says so for a body), or a reset.
  if (!code.startsWith('HPE_') || code === 'HPE_INVALID_EOF_STATE') return undefined;
  const packet = error.rawPacket;
  if (packet !== undefined && packet[0] === TLS_HANDSHAKE && packet[1] === TLS_MAJOR) {
    return 'it is TLS (a handshake), not HTTP: the sender was given an https:// URL, and whk listen serves plain http://';
  }
  // llhttp stops at HTTP/2's connection preface (PRI * HTTP/2.0), sent without TLS only by a sender
  // told the server speaks HTTP/2 (prior knowledge); its own words were 'Pause on PRI/Upgrade'.
  if (code === 'HPE_PAUSED_H2_UPGRADE') return 'it is HTTP/2 (its preface, sent with prior knowledge and without TLS), and whk listen speaks HTTP/1.1: let the sender use HTTP/1.1';
  // The limit counts the request line too: a 64 kB path was said to be headers too large.
  if (status === 431) return "its request line and headers are larger than Node's limit (maxHeaderSize, 16 KiB by default): a path and query that long, or header fields";
  if (code === 'HPE_INVALID_METHOD') {
    const method = unknownMethod(error);
    if (method !== undefined) return method;
  }
  // The parser's reason is its own fixed text (llhttp), never the sender's bytes.
  return `not valid HTTP/1.1 (${error.reason ?? error.message})`;
}

// A method is any token (RFC 9110 §9.1, §5.6.2): these characters, one or more.
const TOKEN_CHARS = new Set(Buffer.from("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 'latin1'));

/**
 * A request line whose method is a token Node's parser (llhttp) does not know: valid HTTP, refused
 * all the same, and said so (it was "not valid HTTP/1.1"). Bytes that are no token at all (a body
 * sent without Content-Length, read as the next request) are left to the parser's own words.
 */
function unknownMethod(error: ClientError): string | undefined {
  const packet = error.rawPacket;
  if (packet === undefined) return undefined;
  // The parser stopped inside the method: it is the run of token characters around that byte (a
  // line's end, or the body of the request before it, is none).
  const at = Math.min(error.bytesParsed ?? 0, packet.length);
  let start = at;
  while (start > 0 && TOKEN_CHARS.has(packet[start - 1] ?? 0)) start--;
  let end = start;
  while (end < packet.length && end - start <= QUOTE_TEXT_LIMIT && TOKEN_CHARS.has(packet[end] ?? 0)) end++;
  if (end === start) return undefined;
  const method = packet.subarray(start, end).toString('latin1');
  const shown = JSON.stringify(cutText(method, QUOTE_TEXT_LIMIT));
  const upper = method.toUpperCase();
  if (upper !== method && METHODS.includes(upper)) {
    return `the method ${shown} is not in capitals: methods are case-sensitive (RFC 9110 §9.1), and Node's HTTP parser knows only ${upper}`;
  }
  return `an unknown method, ${shown}: any token is a method in HTTP (RFC 9110 §9.1), but Node's HTTP parser takes only the ${METHODS.length} it knows (GET, POST, PUT, PATCH, DELETE, WebDAV's and a few more)`;
}
