// Which requests are still being handled, so close() can wait for them and no longer: a request
// counts until it was handled and its response, or its connection, has closed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface InFlight {
  /** A request is in flight until it was handled and its response or its connection has closed. */
  track(req: IncomingMessage, res: ServerResponse, handling: Promise<void>): void;
  /** Resolves once no request is in flight. */
  drained(): Promise<void>;
  /** Whether others are in flight on this request's connection (pipelined behind it): it must not close it. */
  followed(req: IncomingMessage): boolean;
}

export function createInFlight(): InFlight {
  let count = 0;
  let onDrained: (() => void) | null = null;
  const settled = (): void => {
    count--;
    if (count === 0) onDrained?.();
  };
  // The responses open on each connection, in the order of their requests, ended together when it
  // closes: one listener a connection.
  const open = new WeakMap<Socket, Map<IncomingMessage, () => void>>();
  const onConnectionClose = (req: IncomingMessage, end: () => void): (() => void) => {
    let ends = open.get(req.socket);
    if (!ends) {
      const map = new Map<IncomingMessage, () => void>();
      req.socket.once('close', () => map.forEach((fn) => fn()));
      open.set(req.socket, (ends = map));
    }
    ends.set(req, end);
    return () => void ends.delete(req);
  };
  return {
    track(req, res, handling) {
      count++;
      // Two things end it: the handling settles, and the response (or its connection) closes.
      let waiting = 2;
      const one = (): void => {
        if (--waiting === 0) settled();
      };
      handling.then(one, one);
      if (req.socket.destroyed) return one();
      let ended = false;
      const end = (): void => {
        if (ended) return;
        ended = true;
        forget();
        one();
      };
      // A response queued behind others on a pipelined connection never emits 'close' when the
      // client hangs up first; the connection's own 'close' ends it then.
      const forget = onConnectionClose(req, end);
      res.once('close', end);
    },
    drained: () => (count === 0 ? Promise.resolve() : new Promise<void>((resolve) => (onDrained = resolve))),
    followed(req) {
      let after = false;
      for (const other of open.get(req.socket)?.keys() ?? []) {
        if (after) return true;
        after = other === req;
      }
      return false;
    },
  };
}
