// Server-sent events to every open page: on connect, a snapshot of all rows; then the rows of
// new records, gathered for a moment (ROWS_EVERY_MS) so a burst of requests is one message, not
// one write per turn of the event loop (which, under load, cost the receiver a sixth of its rate).
// Rows come as their JSON text (made once per record, as page/row-wire.ts encodes them), so a
// message is joined, never stringified.
import type { ServerResponse } from 'node:http';

export interface EventHub {
  /** `snapshot`: the JSON array of every row so far. */
  open(res: ServerResponse, snapshot: string): void;
  /** One row, as JSON. */
  push(rowJson: string): void;
  close(): void;
}

// Comments keep idle connections (and proxies between) from timing the stream out.
const KEEP_ALIVE_MS = 15_000;
// whk's choice: new rows reach the page within 50 ms, too soon to notice, and a busy receiver
// writes twenty messages a second instead of thousands.
export const ROWS_EVERY_MS = 50;

export function createEventHub(): EventHub {
  const clients = new Set<ServerResponse>();
  let pending: string[] = [];
  let scheduled: NodeJS.Timeout | null = null;
  const send = (res: ServerResponse, event: string, json: string): void => {
    // JSON.stringify never emits a raw newline, so the data is always one SSE line.
    res.write(`event: ${event}\ndata: ${json}\n\n`);
  };
  const flush = (): void => {
    scheduled = null;
    const rows = `[${pending.join(',')}]`;
    pending = [];
    for (const res of clients) send(res, 'rows', rows);
  };
  const keepAlive = setInterval(() => {
    for (const res of clients) res.write(': keep-alive\n\n');
  }, KEEP_ALIVE_MS);
  keepAlive.unref();
  return {
    open(res, snapshot) {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
      // The snapshot already holds the rows still gathered: they go to the pages open before this
      // one now, so this page is not sent them a second time.
      if (scheduled) {
        clearTimeout(scheduled);
        flush();
      }
      clients.add(res);
      res.once('close', () => clients.delete(res));
      send(res, 'snapshot', snapshot);
    },
    push(rowJson) {
      if (clients.size === 0) return;
      pending.push(rowJson);
      scheduled ??= setTimeout(flush, ROWS_EVERY_MS);
    },
    close() {
      clearInterval(keepAlive);
      if (scheduled) clearTimeout(scheduled);
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
