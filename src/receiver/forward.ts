// Forwarding a received request to the user's app (--forward-to): the original bytes and headers
// go out unchanged (hop-by-hop headers aside) to the app's URL with the request's own path and
// query after it, and the app's answer comes back to be relayed, up to a size. Each forwarder names
// itself in Via, so a request that comes back to it (a forward target that leads to the receiver
// itself) is seen as a loop instead of going round forever.
import { randomBytes } from 'node:crypto';
import type { ClientRequest, IncomingHttpHeaders } from 'node:http';
import { networkInterfaces } from 'node:os';
import type { Dispatcher } from 'undici';
import { ASTERISK_FORM, requestAsteriskForm } from '../util/asterisk-form.js';
import { endToEndHeaders } from '../util/hop-headers.js';
import { isEveryInterface, isLoopback } from '../util/hosts.js';
import { describeNetworkError } from '../util/network-errors.js';
import { maskUrl, splitCredentials } from '../util/secrets.js';
import type { Lease } from './budget.js';

export type ForwardResult =
  | { ok: true; status: number; headers: Record<string, string | string[]>; body: Buffer; ms: number }
  /** `busy`: the answer came but the budget of bodies in flight could not hold it. */
  | { ok: false; error: string; ms: number; busy?: boolean };

export interface ForwardRequest {
  method: string;
  /** The request-target as received (path and query), put after the app URL's own path. */
  target: string;
  headers: Record<string, string | string[]>;
  body: Buffer;
  /** The request's share of the budget of bodies in flight: the app's answer is held in it too. */
  lease?: Lease | undefined;
}

export interface Forwarder {
  /** The app's URL as printed and recorded: its password and secret query values masked. */
  readonly url: string;
  /** This request passed through this forwarder already (its Via names it): forwarding it again loops. */
  looped(headers: Record<string, string | string[]>): boolean;
  forward(request: ForwardRequest): Promise<ForwardResult>;
  /** Waits for the forwards in flight, then closes; with `cut`, ends them now (each fails, and says why). */
  close(options?: { cut?: boolean }): Promise<void>;
}

/** How long one forward may take by default, from sending the request to the answer's last byte. */
export const FORWARD_TIMEOUT_MS = 30_000;

export interface ForwarderOptions {
  /** How long one forward may take, from sending the request to the answer's last byte. Default FORWARD_TIMEOUT_MS. */
  timeoutMs?: number;
  now?: () => number;
  /** The largest app answer relayed; past it the answer is dropped and the forward failed. Default 10 MB. */
  maxAnswerBytes?: number;
}

const DEFAULT_MAX_ANSWER = 10 * 1024 * 1024;

/** The pseudonym of one forwarder in Via (RFC 9110 §7.6.3): random, so two receivers never share it. */
function viaToken(): string {
  return `whk-${randomBytes(6).toString('hex')}`;
}

/** Where a receiver is bound (server.address()): its address, family and port. */
export interface BoundAddress {
  address: string;
  family: string;
  port: number;
}

/**
 * Whether `url` names the receiver bound at `bound`: its port on its address. Bound to every
 * interface, any address of this machine on that port is the receiver (`0.0.0.0` its IPv4 ones,
 * `::` all of them, dual-stack); bound to one address, only that one is: another loopback address
 * (127.0.0.2) may be another app's. `localAddresses`: this machine's interface addresses.
 */
export function isOwnAddress(url: string, bound: BoundAddress, localAddresses: readonly string[] = machineAddresses()): boolean {
  const target = new URL(url);
  const targetPort = target.port === '' ? (target.protocol === 'https:' ? 443 : 80) : Number(target.port);
  if (targetPort !== bound.port) return false;
  // The URL parser writes an address one way (127.1 as 127.0.0.1, IPv6 compressed); so does the OS.
  const name = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const address = bound.address.toLowerCase();
  if (isEveryInterface(address)) {
    const ipv4Only = bound.family === 'IPv4' || bound.family === '4';
    const local = name === 'localhost' || isLoopback(name) || isEveryInterface(name) || localAddresses.includes(name);
    return local && (!ipv4Only || !name.includes(':'));
  }
  // localhost resolves to the loopback address bound (127.0.0.1 or ::1), and a connection to the
  // wildcard address reaches the loopback one.
  if (name === 'localhost') return isLoopback(address);
  if (isEveryInterface(name)) return address === (name.includes(':') ? '::1' : '127.0.0.1');
  return name === address;
}

/** This machine's interface addresses, lower-case. */
function machineAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((entries) => (entries ?? []).map((entry) => entry.address.toLowerCase()));
}

export async function createForwarder(url: string, options: ForwarderOptions = {}): Promise<Forwarder> {
  // undici is loaded only when forwarding is asked for: plain `whk listen` never pays for it.
  const { Agent } = await import('undici');
  const timeoutMs = options.timeoutMs ?? FORWARD_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const maxAnswer = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER;
  const agent: Dispatcher = new Agent({ headersTimeout: timeoutMs, bodyTimeout: timeoutMs, keepAliveTimeout: 4_000 });
  // undici takes the origin alone: credentials in the URL go as Authorization: Basic, as curl sends them.
  const { url: bare, authorization } = splitCredentials(url);
  const target = new URL(bare);
  const shown = maskUrl(url);
  const via = viaToken();
  let closing: Promise<void> | undefined;
  let cut = false;
  // Requests in the asterisk-form, which go by node:http, not the agent: a cut ends them too.
  const asterisk = new Set<ClientRequest>();
  const send = (path: string, method: string, headers: Record<string, string | string[]>, body: Buffer | null, signal: AbortSignal): Promise<Answered> =>
    path === ASTERISK_FORM
      ? asteriskAnswer({ url: target.origin, method, headers, body: body ?? Buffer.alloc(0) }, signal, asterisk)
      : agent.request({ origin: target.origin, path, method: method as Dispatcher.HttpMethod, headers, body, signal });
  return {
    url: shown,
    looped: (headers) => viaEntries(headers['via']).some((entry) => entry.split(/\s+/)[1] === via),
    async forward(request) {
      const started = now();
      const failed = (error: string, busy?: boolean): ForwardResult => ({ ok: false, error, ms: now() - started, ...(busy ? { busy } : {}) });
      // undici's timeouts count the gaps between chunks: an app that drips its answer would hold it for ever.
      const deadline = AbortSignal.timeout(timeoutMs);
      let response: Answered | undefined;
      try {
        const body = ['GET', 'HEAD'].includes(request.method) && request.body.length === 0 ? null : request.body;
        response = await send(forwardPath(target, request.target), request.method, forwardHeaders(request.headers, via, authorization), body, deadline);
        const answer = await readAnswer(response, maxAnswer, request.lease);
        if (answer === 'too-large') return failed(`the app's answer (${response.statusCode}) exceeds ${maxAnswer} bytes; not relayed`);
        if (answer === 'busy') return failed(`whk was busy: the bodies and answers in flight filled its memory budget; the app's answer (${response.statusCode}) was not relayed`, true);
        // undici refuses a status below 100 itself (describeNetworkError); one past 599 it passes on.
        if (response.statusCode > 599) return failed(`${target.host} answered something that is not HTTP/1.1 (status ${response.statusCode}: a status is 100 to 599, RFC 9110 §15)`);
        return { ok: true, status: response.statusCode, headers: endToEndHeaders(response.headers), body: answer, ms: now() - started };
      } catch (error) {
        if (cut) return failed('cut off: the receiver was closing and the app had not answered within its grace');
        if (deadline.aborted) return failed(`the app did not finish answering within ${timeoutMs / 1000} s${response ? ` (status ${response.statusCode}, body cut short)` : ''}`);
        return failed(describeNetworkError(error, bare, response?.statusCode));
      }
    },
    close(options = {}) {
      // A cut ends what is in flight, even after a plain close began waiting for it.
      if (options.cut && !cut) {
        cut = true;
        for (const request of asterisk) request.destroy(new Error('cut off'));
        closing = agent.destroy();
      }
      closing ??= agent.close();
      return closing;
    },
  };
}

/**
 * The request's end-to-end headers for the app, with this hop added to Via (names are lower-case,
 * as copied off the request). The URL's credentials, when it has some, replace the request's
 * Authorization: they are what the user configured for the app.
 */
function forwardHeaders(received: Record<string, string | string[]>, via: string, authorization: string | undefined): Record<string, string | string[]> {
  const headers = endToEndHeaders(received);
  headers['via'] = [...viaEntries(received['via']), `1.1 ${via}`].join(', ');
  if (authorization !== undefined) headers['authorization'] = authorization;
  return headers;
}

/** The app's answer as the forwarder reads it: undici's, or node:http's for the asterisk-form. */
interface Answered {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: AsyncIterable<Buffer> & { destroy(): unknown };
}

/** The app's answer to a request in the asterisk-form (OPTIONS *), which undici cannot send. */
function asteriskAnswer(options: Parameters<typeof requestAsteriskForm>[0], signal: AbortSignal, inFlight: Set<ClientRequest>): Promise<Answered> {
  return new Promise((resolve, reject) => {
    const request = requestAsteriskForm(options);
    const abort = (): void => void request.destroy(signal.reason as Error);
    inFlight.add(request);
    signal.addEventListener('abort', abort, { once: true });
    request.once('close', () => {
      inFlight.delete(request);
      signal.removeEventListener('abort', abort);
    });
    request.once('error', reject);
    request.once('response', (response) => resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body: response }));
  });
}

/**
 * The answer's bytes; 'too-large' once they pass `limit`, 'busy' once the budget of bodies in flight
 * cannot hold them (either way the rest is not read: the connection is dropped).
 */
async function readAnswer(response: Answered, limit: number, lease: Lease | undefined): Promise<Buffer | 'too-large' | 'busy'> {
  const { body } = response;
  // The length the app declares is held at once: an answer the budget cannot hold is refused before
  // its bytes are read, instead of many half-read answers sharing the budget and none getting through.
  const declared = Number(response.headers['content-length']);
  let held = Number.isSafeInteger(declared) && declared > 0 ? declared : 0;
  const refusedAtOnce = held > limit ? 'too-large' : held > 0 && lease && !lease.keep(held) ? 'busy' : null;
  if (refusedAtOnce !== null) {
    body.destroy();
    return refusedAtOnce;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    const more = Math.max(0, size - held);
    const refused = size > limit ? 'too-large' : more > 0 && lease && !lease.keep(more) ? 'busy' : null;
    held += more;
    if (refused !== null) {
      body.destroy();
      return refused;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** The entries of the Via header(s): "1.1 whk-…", "HTTP/2 proxy.example" … */
function viaEntries(value: string | string[] | undefined): string[] {
  const values = value === undefined ? [] : typeof value === 'string' ? [value] : value;
  return values.flatMap((v) => v.split(',')).map((entry) => entry.trim()).filter((entry) => entry !== '');
}

/**
 * The app URL's path with the request's path after it, and both queries: '/app' and
 * '/hooks/gh?x=1' give '/app/hooks/gh?x=1'. A request to '/' adds nothing. The request's
 * target is kept as it came (its encoding too: some schemes sign the URL).
 */
export function forwardPath(app: URL, received: string): string {
  // The server as a whole (OPTIONS *) goes as such to an app URL that names no path or query, as
  // replay --keep-path sends it; otherwise to the app URL's own path, as a request to '/' does.
  if (received === ASTERISK_FORM && app.pathname === '/' && app.search === '') return ASTERISK_FORM;
  // An absolute-form target (a request sent as to a proxy) contributes its path and query only.
  const absolute = received.startsWith('/') ? received : URL.canParse(received) ? `${new URL(received).pathname}${new URL(received).search}` : '/';
  // A fragment is no part of a request-target (RFC 9112 §3.2), though Node takes one: it is left
  // out, as rawQueryOf leaves it out of the query, so the app URL's query does not land behind it.
  const hash = absolute.indexOf('#');
  const target = hash < 0 ? absolute : absolute.slice(0, hash);
  const at = target.indexOf('?');
  const path = at < 0 ? target : target.slice(0, at);
  const query = at < 0 ? '' : target.slice(at + 1);
  const base = app.pathname.replace(/\/+$/, '');
  const joined = path === '/' || path === '' ? app.pathname : `${base}${path.startsWith('/') ? '' : '/'}${path}`;
  const search = [app.search.slice(1), query].filter((part) => part !== '').join('&');
  return search === '' ? joined : `${joined}?${search}`;
}
