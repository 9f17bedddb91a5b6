// Forwarding a received request to the user's app (--forward-to): the original bytes and headers
// go out unchanged (hop-by-hop headers aside), and the app's answer comes back to be relayed.
import type { Dispatcher } from 'undici';
import { connectionListed, HOP_BY_HOP_HEADERS } from '../util/hop-headers.js';

export type ForwardResult =
  | { ok: true; status: number; headers: Record<string, string | string[]>; body: Buffer; ms: number }
  | { ok: false; error: string; ms: number };

export interface ForwardRequest {
  method: string;
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
  const listed = connectionListed(Object.entries(headers).find(([name]) => name.toLowerCase() === 'connection')?.[1]);
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || HOP_BY_HOP_HEADERS.has(lower) || listed.has(lower)) continue;
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
          path: `${target.pathname}${target.search}`,
          method: request.method as Dispatcher.HttpMethod,
          headers: endToEndHeaders(request.headers),
          body: ['GET', 'HEAD'].includes(request.method) && request.body.length === 0 ? null : request.body,
        });
        const body = Buffer.from(await response.body.arrayBuffer());
        return { ok: true, status: response.statusCode, headers: endToEndHeaders(response.headers), body, ms: now() - started };
      } catch (error) {
        const code = (error as { code?: string }).code;
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, error: code && !message.includes(code) ? `${code} ${message}` : message, ms: now() - started };
      }
    },
    close: () => agent.close(),
  };
}
