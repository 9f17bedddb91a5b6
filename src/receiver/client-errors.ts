// What Node's HTTP server refused on a connection before a request was read (bytes its parser could
// not take, a request its timeouts cut), said in words and answered in Node's place: its own answer
// was a status and an empty body, on the receiver's port and the inspector page's alike.
import { METHODS, STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { renameFields } from '../errors.js';
import { formatLimit } from '../util/units.js';
import { cutText, QUOTE_TEXT_LIMIT } from '../util/cut-text.js';

export type ClientError = Error & { code?: string; reason?: string; rawPacket?: Buffer; bytesParsed?: number };

/** The server that refuses: how its words name it and its client, its limits, the requests open on a connection. */
export interface Refuser {
  /** 'whk listen', 'the inspector page'. */
  name: string;
  /** Who sends to it: 'sender', 'browser'. */
  client: string;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** The requests on a connection whose answers are not all written, in order. */
  requestsOn(socket: Duplex): readonly IncomingMessage[];
  /**
   * Calls `then` once every answer owed on the connection is written, or it has closed: a refusal of
   * bytes pipelined behind those requests comes after their answers. `written` false: they were not
   * all written in the time the refuser gives them, and the refusal is left unwritten (taken for one of them).
   */
  afterAnswers(socket: Duplex, then: (written: boolean) => void): void;
  /**
   * How an answer names a setting (`headerTimeout` as the command line's flag). Absent (the API's
   * listen(), whk check's receiver, which offer no such setting): as whk's own limit (ownLimits).
   */
  wording?: ((text: string) => string) | undefined;
}

/** What was refused on a connection before a request was read, and why. */
export interface ClientRefusal {
  status: number;
  /** Why, in words; undefined where there was no request to refuse (the client closed or reset mid-request). */
  problem: string | undefined;
  /** The parser's refusal; headers past the header timeout; a request past the request-time limit; a connection that sent nothing. */
  cause: 'parser' | 'headers' | 'request-time' | 'silent';
  /** Whether an answer may be written: none of an earlier request's is begun on the connection, or it waits for them. */
  answerable: boolean;
  /** Whether it waits for the answers owed before it on the connection: none is the refused request itself, cut mid-read. */
  waits: boolean;
}

/** What Node's own handler answers to each parser error (lib/_http_server.js, socketOnError); 400 for the rest. */
const STATUSES: Readonly<Record<string, number>> = {
  HPE_HEADER_OVERFLOW: 431,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

// A TLS record starts with its content type, 22 for a handshake, then the major version 3 (RFC 8446 §5.1).
const TLS_HANDSHAKE = 0x16;
const TLS_MAJOR = 0x03;

/** What the error refused, why, and whether it can be answered. */
export function clientRefusal(error: ClientError, socket: Duplex, refuser: Refuser): ClientRefusal {
  const pending = refuser.requestsOn(socket);
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return timedOut(socket, pending, refuser);
  const status = STATUSES[error.code ?? ''] ?? 400;
  // Written after the earlier answers; a request whose body the parser was reading (a malformed
  // chunk) is itself the one refused, and then only outside an answer begun: nothing written yet,
  // or every earlier answer written whole.
  const written = (socket as Duplex & { bytesWritten?: number }).bytesWritten ?? 0;
  // Bytes after a request that asked for the connection to close with its answer (HTTP/1.0 without
  // keep-alive, `Connection: close`): that answer closes it, and nothing after it is written.
  const closesAfter = error.code === 'HPE_CLOSED_CONNECTION' && pending.length > 0;
  const waits = pending.every((req) => req.complete);
  const answerable = socket.writable && !closesAfter && (waits || written === 0 || pending.length === 0);
  return { status, problem: describe(error, status, refuser), cause: 'parser', answerable, waits };
}

/**
 * Node's server timed a request out: its headers took longer than the header timeout, or the whole
 * request longer than the request-time limit. Either is whk's own cut, not the client going away:
 * answered 408 when nothing else is still to be answered on the connection.
 */
function timedOut(socket: Duplex, pending: readonly IncomingMessage[], refuser: Refuser): ClientRefusal {
  // A request whose body is being read (the receiver's handler reports it, with its method and path).
  const reading = pending.find((req) => !req.complete);
  // Only when no earlier answer on this connection is still due, or after them: a 408 before one
  // would be taken for it.
  const waits = reading === undefined;
  const answerable = socket.writable && (pending.length === 0 || pending[0] === reading || waits);
  const within = `\`headerTimeout\` (${formatLimit(refuser.headersTimeoutMs)})`;
  if (reading !== undefined) return { status: 408, problem: `the request took longer than whk's request-time limit (${formatLimit(refuser.requestTimeoutMs)})`, cause: 'request-time', answerable, waits };
  if ((socket as Duplex & { bytesRead?: number }).bytesRead === 0) return { status: 408, problem: `no request came within ${within}`, cause: 'silent', answerable, waits };
  return { status: 408, problem: `its headers did not all arrive within ${within}`, cause: 'headers', answerable, waits };
}

/**
 * Writes the refusal's answer, with its reason, when one may be written, after the answers owed to
 * the requests before it on the connection (refused at once, it was taken for the first one's
 * answer, and that answer was never written); then closes the connection.
 */
export function answerRefusal(socket: Duplex, refusal: ClientRefusal, refuser: Refuser, headers: Readonly<Record<string, string>> = {}): void {
  const { status, problem, answerable, waits } = refusal;
  const shown = problem === undefined ? problem : (refuser.wording ?? ownLimits)(problem);
  const refuse = (after: boolean): void => {
    if (answerable && after && socket.writable) socket.write(closingAnswer(status, shown, headers));
    socket.destroy();
  };
  if (waits) refuser.afterAnswers(socket, refuse);
  else refuse(true);
}

/**
 * Hands `handle` the first error Node's server reports on each connection: one refused is held open
 * while the answers before it are written, and its parser, stopped, reports the same error again
 * for any bytes that come meanwhile.
 */
export function onFirstClientError(server: Server, handle: (error: ClientError, socket: Duplex) => void): void {
  const refused = new WeakSet<Duplex>();
  server.on('clientError', (error: ClientError, socket: Duplex) => {
    if (refused.has(socket)) return;
    refused.add(socket);
    handle(error, socket);
  });
}

/**
 * The settings a refusal names, said as whk's own where no option of the starter sets them: the
 * API's listen() and a contract have no header timeout, and `headerTimeout` read as one they lacked.
 */
function ownLimits(text: string): string {
  return renameFields(text, (field) => (field === 'headerTimeout' ? "whk's header timeout" : undefined));
}

/** A server that reports none of these (the inspector page's): each answered with its reason. */
export function answerClientErrors(server: Server, refuser: Refuser, headers: Readonly<Record<string, string>> = {}): void {
  onFirstClientError(server, (error, socket) => answerRefusal(socket, clientRefusal(error, socket, refuser), refuser, headers));
}

/**
 * An answer whk writes on a connection it then closes, `problem` as its body's `error` (in JSON, as
 * whk's other refusals say why); without one, an empty body.
 */
export function closingAnswer(status: number, problem?: string, headers: Readonly<Record<string, string>> = {}): string {
  const body = problem === undefined ? '' : JSON.stringify({ error: problem });
  const fields = { ...(problem === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' }), ...headers, Connection: 'close', 'Content-Length': String(Buffer.byteLength(body)) };
  const head = Object.entries(fields).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${head}\r\n${body}`;
}

/**
 * How long a refusal of bytes pipelined behind requests waits for their answers past the longest one
 * may take by design (the page's are files and small JSON, and an event stream's never ends; the
 * receiver's are held by --delay and the app behind --forward-to): past it, the connection is closed
 * without the refusal, which the client would take for one of those answers. whk's choice.
 */
export const ANSWERS_WAIT_MS = 2_000;

/**
 * `afterAnswers` given up on after `waitMs` (`then(false)`), or ended by the connection's close:
 * `then` once. Unbounded, a client that sent a request and bytes that are none, then never read its
 * answer, held its connection for as long as it liked.
 */
export function withinMs(waitMs: number, afterAnswers: (socket: Duplex, then: () => void) => void): Refuser['afterAnswers'] {
  return (socket, then) => {
    let waiting = true;
    const settle = (written: boolean): void => {
      if (!waiting) return;
      waiting = false;
      clearTimeout(late);
      then(written);
    };
    const late = setTimeout(() => settle(false), waitMs);
    socket.once('close', () => settle(true));
    afterAnswers(socket, () => settle(true));
  };
}

/**
 * The requests on each connection whose answers are not yet all written, for a server with no such
 * count of its own (the page's), and a wait for them that gives up after `waitMs`. An answer is
 * written once all of it is handed to the connection ('prefinish', in end() itself): a refusal
 * written then comes after it. Left for 'close', a pipelined request answered at once kept the
 * parser's refusal of the next one, in the same bytes, unsaid.
 */
export function requestsInFlight(server: Server, waitMs: number): Pick<Refuser, 'requestsOn' | 'afterAnswers'> {
  const open = new WeakMap<Duplex, Set<IncomingMessage>>();
  const waiting = new WeakMap<Duplex, () => void>();
  const settle = (socket: Duplex): void => {
    const then = waiting.get(socket);
    if (then === undefined || (open.get(socket)?.size ?? 0) > 0) return;
    waiting.delete(socket);
    then();
  };
  // Before the server's own handler, which may answer at once: the 'prefinish' would have gone by.
  server.prependListener('request', (req: IncomingMessage, res: { once(event: 'prefinish' | 'close', listener: () => void): unknown }) => {
    const requests = open.get(req.socket) ?? new Set<IncomingMessage>();
    open.set(req.socket, requests.add(req));
    const written = (): void => {
      requests.delete(req);
      settle(req.socket);
    };
    res.once('prefinish', written);
    res.once('close', written);
  });
  return {
    requestsOn: (socket) => [...(open.get(socket) ?? [])],
    afterAnswers: withinMs(waitMs, (socket, then) => {
      waiting.set(socket, then);
      settle(socket);
    }),
  };
}

/** Why a parser error refused the request, in words; undefined for what is no refusal (the client closed mid-request, a reset). */
function describe(error: ClientError, status: number, { name, client }: Refuser): string | undefined {
  const code = error.code ?? '';
  // The client closed mid-request (the aborted event says so for a body), or a reset.
  if (!code.startsWith('HPE_') || code === 'HPE_INVALID_EOF_STATE') return undefined;
  const packet = error.rawPacket;
  if (packet !== undefined && packet[0] === TLS_HANDSHAKE && packet[1] === TLS_MAJOR) {
    return `it is TLS (a handshake), not HTTP: the ${client} was given an https:// URL, and ${name} serves plain http://`;
  }
  // llhttp stops at HTTP/2's connection preface (PRI * HTTP/2.0), sent without TLS only by a client
  // told the server speaks HTTP/2 (prior knowledge); its own words were 'Pause on PRI/Upgrade'.
  if (code === 'HPE_PAUSED_H2_UPGRADE') return `it is HTTP/2 (its preface, sent with prior knowledge and without TLS), and ${name} speaks HTTP/1.1: let the ${client} use HTTP/1.1`;
  // The limit counts the request line too: a 64 kB path was said to be headers too large.
  if (status === 431) return "its request line and headers are larger than Node's limit (maxHeaderSize, 16 KiB by default): a path and query that long, or header fields";
  if (code === 'HPE_INVALID_METHOD') {
    const method = unknownMethod(error);
    if (method !== undefined) return method;
  }
  // The parser's reason is its own fixed text (llhttp), never the client's bytes.
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
