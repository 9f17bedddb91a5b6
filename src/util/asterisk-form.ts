// The one request-target undici will not put on the wire: '*', a request to the server as a whole
// (OPTIONS *, RFC 9112 §3.2.4), which a replayed capture or a forwarded request may hold. undici
// refuses any path that does not start with '/' ('path must be an absolute URL or start with a
// slash'), so these go by node:http: replay's attempts drive their own handler through it
// (dispatchAsteriskForm), listen --forward-to reads the answer as it reads undici's.
import { createRequire } from 'node:module';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import type * as Https from 'node:https';
import type { Dispatcher } from 'undici';

// node:https (and TLS with it) only for an https URL: the receiver imports this module, and a plain
// `whk listen` should not load TLS at start-up for an OPTIONS * it may never forward.
const require = createRequire(import.meta.url);

export const ASTERISK_FORM = '*';

export interface AsteriskRequest {
  url: string;
  method: string;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/**
 * Sends `METHOD * HTTP/1.1` to the URL's host on a connection of its own (one request: keep-alive
 * buys nothing); the answer comes as the request's 'response', a failure as its 'error'.
 */
export function requestAsteriskForm(options: AsteriskRequest): ClientRequest {
  const url = new URL(options.url);
  const send = url.protocol === 'https:' ? (require('node:https') as typeof Https).request : httpRequest;
  // undici sets Content-Length from the body; node:http would send a body of its own accord chunked.
  const headers = options.body.length > 0 ? { ...options.headers, 'content-length': String(options.body.length) } : options.headers;
  const request = send({ host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port, path: ASTERISK_FORM, method: options.method, headers, agent: false });
  request.end(options.body.length > 0 ? options.body : undefined);
  return request;
}

/** requestAsteriskForm, calling the handler as undici's dispatcher would. */
export function dispatchAsteriskForm(options: AsteriskRequest, handler: Dispatcher.DispatchHandler): void {
  const request = requestAsteriskForm(options);
  handler.onConnect?.((reason) => request.destroy(reason));
  request.on('error', (error) => handler.onError?.(error));
  request.on('response', (response: IncomingMessage) => {
    const raw = response.rawHeaders.map((value) => Buffer.from(value, 'latin1'));
    handler.onHeaders?.(response.statusCode ?? 0, raw, () => {}, response.statusMessage ?? '');
    response.on('data', (chunk: Buffer) => handler.onData?.(chunk));
    response.on('end', () => handler.onComplete?.([]));
    // An answer cut short ('aborted', ECONNRESET).
    response.on('error', (error) => handler.onError?.(error));
  });
}
