// Connection-level (hop-by-hop) headers: they belong to one connection, not to the request, so they
// are never copied when a request is sent again (replay), relayed (--forward-to) or put on the wire.
export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'content-length',
  'te',
  'trailer',
  'expect',
  'http2-settings',
]);
