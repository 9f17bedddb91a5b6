// How an answer is framed on its connection: its Content-Length, and whether the connection stays
// open after it, so a keep-alive sender gets an answer to every request it pipelines.
import type { IncomingMessage } from 'node:http';
import type { Answer } from './answers.js';
import { connectionListed } from '../util/hop-headers.js';

/**
 * The answer's headers with its Content-Length. Without one, an answer to HTTP/1.0 can end only by
 * closing the connection, and the requests a keep-alive sender had pipelined behind it were recorded
 * as answered 200 though their answers were never sent; with one, each is answered in turn (and an
 * HTTP/1.1 answer is not chunked). `close`: the connection closes after this answer.
 */
export function framed(answer: Answer, close: boolean, req: IncomingMessage): Record<string, string | string[]> {
  // A 204 or 304 has no body (Node sends none of it), so no length either.
  if (answer.status === 204 || answer.status === 304) {
    if (close) return { ...answer.headers, connection: 'close' };
    // Its status alone ends it, but Node, finding neither a length nor chunks, closes an HTTP/1.0
    // keep-alive connection after it: the requests pipelined behind were recorded as answered and
    // never sent (found by fuzzing, --status 204). Said to be kept alive, the connection stays open.
    return keepsAlive10(req) ? { ...answer.headers, connection: 'keep-alive' } : answer.headers;
  }
  const body = sentBody(answer);
  const length = String(typeof body === 'string' ? Buffer.byteLength(body) : body.length);
  return close ? { ...answer.headers, 'content-length': length, connection: 'close' } : { ...answer.headers, 'content-length': length };
}

/**
 * The body that goes out. A 205 has none (RFC 9110 §15.3.6: "a server MUST NOT generate content in a
 * 205 response"), but unlike 204 and 304 Node sends whatever it is given: the script's JSON, an app's.
 */
export function sentBody(answer: Answer): Buffer | string {
  return answer.status === 205 ? '' : answer.body;
}

/** An HTTP/1.0 request that asked to keep its connection (RFC 9112 §9.3: only when it says so). */
function keepsAlive10(req: IncomingMessage): boolean {
  return req.httpVersion === '1.0' && connectionListed(req.headers.connection).has('keep-alive');
}
