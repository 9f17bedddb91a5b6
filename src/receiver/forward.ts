// Forwarding a received request to the user's app (--forward-to): the original bytes and headers
// go out unchanged (hop-by-hop headers aside) to the app's URL with the request's own path and
// query after it, and the app's answer comes back to be relayed.
import type { Dispatcher } from 'undici';
import { HOP_BY_HOP_HEADERS } from '../util/hop-headers.js';
import { describeNetworkError } from '../util/network-errors.js';

export type ForwardResult =
  | { ok: true; status: number; headers: Record<string, string | string[]>; body: Buffer; ms: number }
  | { ok: false; error: string; ms: number };

export interface ForwardRequest {
  method: string;
  /** The request-target as received (path and query), put after the app URL's own path. */
  target: string;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export interface Forwarder {
  readonly url: string;
  forward(request: ForwardRequest): Promise<ForwardResult>;
  close(): Promise<void>;
}

// Headers that describe one connection, not the message (RFC 9110 §7.6.1), plus the ones the
// client library sets itself from the URL and the body.

export function endToEndHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP_HEADERS.has(name.toLowerCase())) continue;
    Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export async function createForwarder(url: string, options: { timeoutMs?: number; now?: () => number } = {}): Promise<Forwarder> {
  // undici is loaded only when forwarding is asked for: plain `whk listen` never pays for it.
  const { Agent } = await import('undici');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const now = options.now ?? Date.now;
  const agent: Dispatcher = new Agent({ headersTimeout: timeoutMs, bodyTimeout: timeoutMs, keepAliveTimeout: 4_000 });
  const target = new URL(url);
  return {
    url,
    async forward(request) {
      const started = now();
      try {
        const response = await agent.request({
          origin: target.origin,
          path: forwardPath(target, request.target),
          method: request.method as Dispatcher.HttpMethod,
          headers: endToEndHeaders(request.headers),
          body: ['GET', 'HEAD'].includes(request.method) && request.body.length === 0 ? null : request.body,
        });
        const body = Buffer.from(await response.body.arrayBuffer());
        return { ok: true, status: response.statusCode, headers: endToEndHeaders(response.headers), body, ms: now() - started };
      } catch (error) {
        return { ok: false, error: describeNetworkError(error, url), ms: now() - started };
      }
    },
    close: () => agent.close(),
  };
}

/**
 * The app URL's path with the request's path after it, and both queries: '/app' and
 * '/hooks/gh?x=1' give '/app/hooks/gh?x=1'. A request to '/' adds nothing. The request's
 * target is kept as it came (its encoding too: some schemes sign the URL).
 */
export function forwardPath(app: URL, received: string): string {
  // An absolute-form target (a request sent as to a proxy) contributes its path and query only.
  const target = received.startsWith('/') ? received : URL.canParse(received) ? `${new URL(received).pathname}${new URL(received).search}` : '/';
  const at = target.indexOf('?');
  const path = at < 0 ? target : target.slice(0, at);
  const query = at < 0 ? '' : target.slice(at + 1);
  const base = app.pathname.replace(/\/+$/, '');
  const joined = path === '/' || path === '' ? app.pathname : `${base}${path.startsWith('/') ? '' : '/'}${path}`;
  const search = [app.search.slice(1), query].filter((part) => part !== '').join('&');
  return search === '' ? joined : `${joined}?${search}`;
}
