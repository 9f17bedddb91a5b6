// A request whose body never ended: its sender went away, or whk cut it for one of its own limits
// (a body silent for the idle timeout, a request past the request-time limit) or as it stopped (a
// second Ctrl-C, or the close's grace run out). The two are told apart: a sender blamed for whk's
// own cut would be looked for in the wrong place.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { refusalOf } from './connections.js';
import type { Emitter, ReceiverEvent } from './events.js';
import type { ReceiverLimits } from './limits.js';
import type { Reading } from './stalls.js';
import type { ReceiverSummary } from './summary.js';

/** The body stalled past the idle timeout: answered 408, the connection then closed (its request is unfinished). */
export function answerStalled(res: ServerResponse): void {
  if (res.headersSent) return void res.req.destroy();
  res.writeHead(408, { connection: 'close', 'content-length': '0' });
  // Once answered, Node lets go of the request unfinished, never closing it: destroyed here, so its
  // read ends (destroyed at once, the 408 could be cut before it went out).
  res.end(() => res.req.destroy());
}

interface Unfinished {
  req: IncomingMessage;
  res: ServerResponse;
  reading: Reading;
  method: string;
  path: string;
  size: number;
  /** whk was cutting the connections in flight as it stopped when this one ended. */
  cutAtShutdown: boolean;
}

/** Counts and tells why a request's body never ended; nothing when the parser refused it (reported as refused). */
export function reportUnfinished(summary: ReceiverSummary, events: Emitter<ReceiverEvent>, limits: Required<ReceiverLimits>, request: Unfinished): void {
  const { method, path, size } = request;
  if (request.reading.stalled) {
    summary.dropped.idleTimeout++;
    const answered = request.res.headersSent && request.res.statusCode === 408;
    events.emit({ type: 'dropped', method, path, size, limit: 'idleTimeout', limitMs: limits.idleTimeoutMs, answered });
    return;
  }
  const refusal = refusalOf(request.req.socket);
  if (refusal?.requestTime) {
    summary.dropped.requestTimeout++;
    events.emit({ type: 'dropped', method, path, size, limit: 'requestTimeout', limitMs: limits.requestTimeoutMs, answered: refusal.requestTime.answered });
    return;
  }
  // Cut off by the parser (a malformed chunk): reported as refused.
  if (refusal) return;
  if (request.cutAtShutdown) {
    summary.dropped.shutdown++;
    events.emit({ type: 'dropped', method, path, size, limit: 'shutdown', answered: false });
    return;
  }
  summary.aborted++;
  events.emit({ type: 'aborted', method, path, size });
}
