// Server-sent events to every open page: on connect, a snapshot of all rows; then the rows of
// new records, gathered for a moment (ROWS_EVERY_MS) so a burst of requests is one message, not
// one write per turn of the event loop (which, under load, cost the receiver a sixth of its rate).
// Rows come as their JSON text (made once per record, as page/row-wire.ts encodes them), so a
// message is joined, never stringified. A page that stops reading is cut off once too much waits
// for it (MAX_BACKLOG_BYTES); its EventSource reconnects and is sent a fresh snapshot. What waits for
// all pages together is held to the server's bound (unsent.ts): a snapshot and each message make room first.
import type { ServerResponse } from 'node:http';

export interface EventHub {
  /** MAX_STREAMS are open: another is refused before its snapshot is made. */
  full(): boolean;
  /** `snapshot`: the JSON array of every row so far, in UTF-8. */
  open(res: ServerResponse, snapshot: Buffer): void;
  /** One row, as JSON. */
  push(rowJson: string): void;
  /** Tells every page that /api/about changed (an `about` event), the rows gathered so far first. */
  aboutChanged(): void;
  close(): void;
}

// Comments keep idle connections (and proxies between) from timing the stream out.
const KEEP_ALIVE_MS = 15_000;
// whk's choice: new rows reach the page within 50 ms, too soon to notice, and a busy receiver
// writes twenty messages a second instead of thousands.
export const ROWS_EVERY_MS = 50;

// whk's choice: 4 MiB is thousands of rows, far more than a page that reads falls behind by (it
// takes them within milliseconds on a local connection); past it the client has stopped reading,
// and every row sent to it would otherwise be held in the receiver's memory for good.
export const MAX_BACKLOG_BYTES = 4 * 1024 * 1024;

// whk's choice: a browser holds one stream for all its tabs (page/feed.ts), or one a tab where it has
// no locks, six at most over HTTP/1.1. Every stream is sent every row: 4,000 held open by a stranger
// on the page's port (it binds where the receiver binds) made the receiver answer twenty times slower.
export const MAX_STREAMS = 32;

const SNAPSHOT_START = Buffer.from('event: snapshot\ndata: ');
const EVENT_END = Buffer.from('\n\n');

/** What an event stream's answer says of it (and an answer to HEAD, which opens none). */
export const EVENT_STREAM_HEADERS: Readonly<Record<string, string>> = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' };

/** `makeRoom`: before `bytes` more are written, room is made among the server's answers, never by cutting `except` (unsent.ts). */
export function createEventHub(makeRoom: (bytes: number, except?: ServerResponse) => void = () => undefined): EventHub {
  // Each page, and how much may wait unsent for it: until it has taken its snapshot, the snapshot too.
  const clients = new Map<ServerResponse, { allowance: number }>();
  let pending: string[] = [];
  let scheduled: NodeJS.Timeout | null = null;
  const write = (res: ServerResponse, text: string | Buffer): void => {
    const client = clients.get(res);
    if (!client) return;
    // Cut to make room for others (unsent.ts); its 'close' comes on a later turn.
    if (res.destroyed) {
      clients.delete(res);
      return;
    }
    // What is still unsent from earlier messages, not counting this one: a page that keeps up always
    // takes a burst, however large; one that stopped holds at most the allowance and one message.
    if (res.writableLength > client.allowance) {
      clients.delete(res);
      res.destroy();
      return;
    }
    res.write(text);
  };
  // JSON.stringify never emits a raw newline, so the data is always one SSE line.
  const send = (res: ServerResponse, event: string, json: string): void => write(res, `event: ${event}\ndata: ${json}\n\n`);
  // The snapshot stays bytes (row-log.ts json says why).
  const sendSnapshot = (res: ServerResponse, json: Buffer): void => write(res, Buffer.concat([SNAPSHOT_START, json, EVENT_END]));
  const flush = (): void => {
    scheduled = null;
    const rows = `[${pending.join(',')}]`;
    pending = [];
    makeRoom(rows.length * clients.size);
    for (const res of clients.keys()) send(res, 'rows', rows);
  };
  const keepAlive = setInterval(() => {
    for (const res of clients.keys()) write(res, ': keep-alive\n\n');
  }, KEEP_ALIVE_MS);
  keepAlive.unref();
  return {
    full: () => clients.size >= MAX_STREAMS,
    open(res, snapshot) {
      res.writeHead(200, EVENT_STREAM_HEADERS);
      // The snapshot already holds the rows still gathered: they go to the pages open before this
      // one now, so this page is not sent them a second time.
      if (scheduled) {
        clearTimeout(scheduled);
        flush();
      }
      makeRoom(snapshot.length, res);
      const client = { allowance: MAX_BACKLOG_BYTES + snapshot.length };
      clients.set(res, client);
      res.once('close', () => clients.delete(res));
      // Once all it was sent has gone out, the snapshot no longer counts.
      res.once('drain', () => (client.allowance = MAX_BACKLOG_BYTES));
      sendSnapshot(res, snapshot);
    },
    push(rowJson) {
      if (clients.size === 0) return;
      pending.push(rowJson);
      scheduled ??= setTimeout(flush, ROWS_EVERY_MS);
    },
    aboutChanged() {
      if (scheduled) {
        clearTimeout(scheduled);
        flush();
      }
      for (const res of clients.keys()) send(res, 'about', '{}');
    },
    close() {
      clearInterval(keepAlive);
      if (scheduled) clearTimeout(scheduled);
      for (const res of clients.keys()) res.end();
      clients.clear();
    },
  };
}
