// What Node's HTTP server leaves to its user at the connection level. Requests its parser refuses
// before whk sees them (not HTTP/1.1, headers past Node's limit, TLS or HTTP/2 sent to the plain port)
// are answered with Node's status and why in words (client-errors.ts), and reported and counted, not
// recorded: a sender told 400 by a silent receiver is left guessing. So are the requests its timeouts cut (408). Requests Node would
// refuse unsaid for what a stricter server refuses (no Host, an unknown Expect) are let through,
// recorded with a warning, as are those Node takes and a stricter server refuses (a transfer coding
// other than chunked); a CONNECT is refused and said. Connections that never send a byte are dropped.
import type { IncomingMessage, Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Emitter, ReceiverEvent } from './events.js';
import { cutText, QUOTE_TEXT_LIMIT } from '../util/cut-text.js';
import { answerRefusal, clientRefusal, closingAnswer, onFirstClientError, type ClientError, type ClientRefusal, type Refuser } from './client-errors.js';

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
  /** Whether the refusal is written (after the answers owed before it on the connection). */
  answered?: boolean | undefined;
}

/**
 * What the guard needs from the receiver: its limits, its requests in flight on a connection (in-flight.ts),
 * how its answers name settings, and how it tells of a request it refused.
 */
export interface Guard extends Omit<Refuser, 'name' | 'client'> {
  events: Emitter<ReceiverEvent>;
  /** Counts a request refused before whk could read it: by the parser, or for its headers' time. */
  refused(why: 'parser' | 'headers'): void;
}

// How the receiver's refusals name it and who sends to it.
const RECEIVER = { name: 'whk listen', client: 'sender' };

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
  onFirstClientError(server, clientErrorHandler(guard));
  // An Expect other than 100-continue: unlistened for, Node answers 417 itself, not a word printed
  // nor a record kept. A server may ignore it (RFC 9110 §10.1.1): handled as any request, its record warns.
  server.on('checkExpectation', (req, res) => {
    unmetExpectations.add(req);
    server.emit('request', req, res);
  });
  answerConnect(server, (req) => {
    const shown = cutText(req.url ?? '', QUOTE_TEXT_LIMIT);
    guard.refused('parser');
    const why = "asks for a proxy tunnel, and whk listen is no proxy (is it set as the sender's HTTP proxy?)";
    events.emit({ type: 'warning', message: `a request was refused with 501 before whk could read it: CONNECT ${shown} ${why}; not recorded` });
    return closingAnswer(501, `CONNECT ${why}`);
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
  // A refusal whose wait for the answers before it ran out is not written: the records made after say so.
  const afterAnswers: Refuser['afterAnswers'] = (socket, then) =>
    guard.afterAnswers(socket, (written) => {
      const refusal = refusals.get(socket);
      if (!written && refusal !== undefined) refusal.answered = false;
      then(written);
    });
  const refuser = { ...guard, ...RECEIVER, afterAnswers };
  return (error, socket) => {
    const refusal = clientRefusal(error, socket, refuser);
    report(guard, socket, refusal);
    answerRefusal(socket, refusal, refuser);
  };
}

/**
 * Tells of a refusal: a request cut for the request-time limit is left to the handler, which reports
 * it as a request dropped; a connection that never sent a byte is no request (dropped unsaid).
 */
function report(guard: Guard, socket: Duplex, { status, problem, cause, answerable }: ClientRefusal): void {
  if (problem === undefined || cause === 'silent') return;
  if (cause === 'request-time') return void refusals.set(socket, { status, problem, requestTime: { answered: answerable } });
  refusals.set(socket, { status, problem, answered: answerable });
  guard.refused(cause);
  const answer = answerable || cause === 'parser' ? `refused with ${status}` : 'dropped';
  guard.events.emit({ type: 'warning', message: `a request was ${answer} before whk could read it: ${problem}; not recorded` });
}
