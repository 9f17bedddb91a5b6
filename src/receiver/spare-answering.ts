// Node's closeIdleConnections, which server.close() calls first, cuts a connection once every request
// on it has been read, even with answers still queued on it behind the one being written (a sender
// that pipelines): `listen --count 3` given six pipelined requests sent one answer and recorded six
// 200s. A connection whk still has requests in flight on is spared; close() waits for them to be
// answered (InFlight.drained) and closes every connection after.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { InFlight } from './in-flight.js';

export function spareConnectionsInFlight(server: Server, inFlight: InFlight): void {
  const open = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  const closeIdle = server.closeIdleConnections;
  // Node's own check, with the spared connections' destroy a no-op for its length: no internals read.
  server.closeIdleConnections = function (this: Server): void {
    const spared = [...open].filter((socket) => inFlight.on(socket).length > 0);
    for (const socket of spared) socket.destroy = keepOpen;
    try {
      closeIdle.call(this);
    } finally {
      for (const socket of spared) Reflect.deleteProperty(socket, 'destroy');
    }
  };
}

function keepOpen(this: Socket): Socket {
  return this;
}
