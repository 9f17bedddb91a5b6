// Connection-level (hop-by-hop) headers: they belong to one connection, not to the request, so they
// are never copied when a request is sent again (replay), relayed (--forward-to) or put on the wire.
import { setOwn } from './set-own.js';

export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  // Credentials for (and challenges from) the proxy on this hop, never the origin's (RFC 9110 §11.7).
  'proxy-authorization',
  'proxy-authenticate',
  'transfer-encoding',
  'upgrade',
  'content-length',
  'te',
  'trailer',
  'expect',
  'http2-settings',
]);

/** The header names a message's own Connection header lists: hop-by-hop for that message alone (RFC 9110 §7.6.1). */
export function connectionListed(connection: string | readonly string[] | undefined): Set<string> {
  const values = connection === undefined ? [] : typeof connection === 'string' ? [connection] : connection;
  return new Set(values.flatMap((value) => value.split(',')).map((token) => token.trim().toLowerCase()).filter((token) => token !== ''));
}

/**
 * A message's headers without the hop-by-hop ones: the fixed list and those its own Connection header
 * names (RFC 9110 §7.6.1), for a request relayed (--forward-to), its app's answer, or one sent again.
 */
export function endToEndHeaders(headers: Readonly<Record<string, string | readonly string[] | undefined>>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const listed = connectionListed(Object.entries(headers).find(([name]) => name.toLowerCase() === 'connection')?.[1]);
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || HOP_BY_HOP_HEADERS.has(lower) || listed.has(lower)) continue;
    setOwn(out, name, typeof value === 'string' ? value : [...value]);
  }
  return out;
}
