// Which requests are still being handled, so close() can wait for them and no longer: a request
// counts until it was handled and its response, or its connection, has closed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface InFlight {
  /** A request is in flight until it was handled and its response or its connection has closed. */
  track(req: IncomingMessage, res: ServerResponse, handling: Promise<void>): void;
  /** Resolves once no request is in flight. */
  drained(): Promise<void>;
}

export function createInFlight(): InFlight {
  let count = 0;
  let onDrained: (() => void) | null = null;
  const settled = (): void => {
    count--;
    if (count === 0) onDrained?.();
  };
  // The responses open on each connection, ended together when it closes: one listener a connection.
  const open = new WeakMap<Socket, Set<() => void>>();
  const onConnectionClose = (socket: Socket, end: () => void): (() => void) => {
    let ends = open.get(socket);
    if (!ends) {
      const set = new Set<() => void>();
      socket.once('close', () => set.forEach((fn) => fn()));
      open.set(socket, (ends = set));
    }
    ends.add(end);
    return () => void ends.delete(end);
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
      const forget = onConnectionClose(req.socket, end);
      res.once('close', end);
    },
    drained: () => (count === 0 ? Promise.resolve() : new Promise<void>((resolve) => (onDrained = resolve))),
  };
}
