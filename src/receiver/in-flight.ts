// Which requests are still being handled, so close() can wait for them and no longer: a request
// counts until it was handled and its response, or its connection, has closed. Per request: one
// small entry and one listener shared by all, no closure (the receiver's hot path: the closures, a
// once() wrapper and a promise reaction per request cost about 2.5% of its instructions, valgrind, by hand).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { LinkedList, type ListNode } from '../util/linked-list.js';

export interface InFlight {
  /** A request is in flight from here until it was handled and its response or its connection has closed. */
  track(req: IncomingMessage, res: ServerResponse): void;
  /** The request has been handled (answered, or given up on). */
  handled(req: IncomingMessage): void;
  /** Resolves once no request is in flight. */
  drained(): Promise<void>;
  /** Whether others are in flight on this request's connection (pipelined behind it): it must not close it. */
  followed(req: IncomingMessage): boolean;
  /** The requests in flight on a connection, in the order they came (none: an empty list). */
  on(socket: unknown): IncomingMessage[];
  /** Calls `then` once no request is in flight on the connection (at once when none is), or it has closed. */
  afterAnswers(socket: unknown, then: () => void): void;
}

/** What a request in flight still waits for. */
interface Entry {
  handled: boolean;
  closed: boolean;
  /** Its place among the requests open on its connection (null once closed). */
  place: ListNode<IncomingMessage> | null;
}

const ENTRY = Symbol('whk.in-flight');
type Tracked = IncomingMessage & { [ENTRY]?: Entry };

export function createInFlight(): InFlight {
  let count = 0;
  let onDrained: (() => void) | null = null;
  const over = (): void => {
    count--;
    if (count === 0) onDrained?.();
  };
  // The requests open on each connection, in order, closed together when it closes (a response
  // queued behind others on a pipelined connection never emits 'close' when the client hangs up first).
  // A list, not a Map: a keep-alive connection adds and removes one request after another (linked-list.ts).
  const open = new WeakMap<Socket, LinkedList<IncomingMessage>>();
  // What waits for a connection's answers all to be written: a refusal of bytes pipelined behind them.
  const waiting = new WeakMap<Socket, () => void>();
  const closed = (req: IncomingMessage): void => {
    const entry = (req as Tracked)[ENTRY];
    if (!entry || entry.closed) return;
    entry.closed = true;
    if (entry.place) open.get(req.socket)?.remove(entry.place);
    entry.place = null;
    if (entry.handled) over();
    answered(req.socket);
  };
  const answered = (socket: Socket): void => {
    const then = waiting.get(socket);
    if (then === undefined || open.get(socket)?.isEmpty() === false) return;
    waiting.delete(socket);
    then();
  };
  // One listener for every response: `this` is the response, and it knows its request.
  function onResponseClose(this: ServerResponse): void {
    closed(this.req);
  }
  const requestsOn = (socket: Socket): LinkedList<IncomingMessage> => {
    let requests = open.get(socket);
    if (!requests) {
      const list = new LinkedList<IncomingMessage>();
      socket.once('close', () => list.values().forEach(closed));
      open.set(socket, (requests = list));
    }
    return requests;
  };
  return {
    track(req, res) {
      count++;
      const entry: Entry = { handled: false, closed: req.socket.destroyed, place: null };
      (req as Tracked)[ENTRY] = entry;
      if (entry.closed) return;
      entry.place = requestsOn(req.socket).add(req);
      res.on('close', onResponseClose);
    },
    handled(req) {
      const entry = (req as Tracked)[ENTRY];
      if (!entry || entry.handled) return;
      entry.handled = true;
      if (entry.closed) over();
    },
    drained: () => (count === 0 ? Promise.resolve() : new Promise<void>((resolve) => (onDrained = resolve))),
    followed(req) {
      const place = (req as Tracked)[ENTRY]?.place;
      return place ? (open.get(req.socket)?.hasAfter(place) ?? false) : false;
    },
    on: (socket) => open.get(socket as Socket)?.values() ?? [],
    afterAnswers(socket, then) {
      waiting.set(socket as Socket, then);
      answered(socket as Socket);
    },
  };
}
