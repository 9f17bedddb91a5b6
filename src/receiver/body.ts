// Reads a request body with a byte limit: keeps at most `limit` bytes, and drains (counts, then
// discards) whatever comes after, so the sender can finish writing and read the 413 we answer.
// The bytes kept count against the budget of all bodies in flight; past it none are kept (busy).
import type { IncomingMessage } from 'node:http';
import type { Lease } from './budget.js';
import type { Reading } from './stalls.js';

export interface RawBody {
  /** The bytes kept: all of them, or the first `limit` when the body was larger. */
  bytes: Buffer;
  /** Bytes received in all, kept or not (more than `limit`: the body went over it). */
  size: number;
  /** The sender went away before the body ended. */
  aborted: boolean;
  /** The budget of bodies in flight could not hold it: nothing kept (bytes is empty), to be answered 503. */
  busy: boolean;
}

export interface ReadOptions {
  limit: number;
  /** After the limit, stop draining (and let the connection close) past this many extra bytes. */
  drainLimit: number;
  /** Counts the bytes kept against the budget of all bodies in flight. */
  lease?: Lease | undefined;
  /** Told of each piece of the body as it comes (stalls.ts: a body that sends nothing is dropped). */
  reading?: Reading | undefined;
}

// Pieces kept before they are joined into one Buffer: a body of few pieces (the usual case) is never copied.
const JOIN_RUN = 256;

/**
 * Reads `req`'s body and calls `done(context, body)` once, when it has ended, the sender went away, or
 * it went on far past the limit. Nothing is made per request but the read's state: the listeners are
 * shared by every request (`this` is the request) and the caller's state comes back as `context`,
 * where a promise, a closure per listener and `once`'s wrappers were made for each (handler.ts says
 * what that cost).
 */
export function readBody<C>(req: IncomingMessage, options: ReadOptions, context: C, done: (context: C, body: RawBody) => void): void {
  (req as BeingRead)[READ] = new BodyRead(options, context as unknown, done as (context: unknown, body: RawBody) => void);
  req.on('data', onData);
  req.on('end', onEnd);
  // A request cut off is destroyed and closes incomplete. No 'error' listener: a server's request
  // emits its error only to listeners it has (node's _http_incoming.js), and one more a request costs.
  req.on('close', onClose);
}

/** One body being read. */
class BodyRead {
  readonly chunks: Buffer[] = [];
  kept = 0;
  size = 0;
  settled = false;
  busy = false;
  /** Chunks before this index have been joined (see JOIN_RUN). */
  joined = 0;

  constructor(
    readonly options: ReadOptions,
    readonly context: unknown,
    readonly done: (context: unknown, body: RawBody) => void,
  ) {}
}

const READ = Symbol('whk.body-read');
type BeingRead = IncomingMessage & { [READ]: BodyRead };

function onData(this: IncomingMessage, chunk: Buffer): void {
  const read = (this as BeingRead)[READ];
  const { options } = read;
  if (options.reading) options.reading.quiet = 0;
  read.size += chunk.length;
  if (read.kept < options.limit && !read.busy) {
    const room = options.limit - read.kept;
    const piece = chunk.length <= room ? chunk : chunk.subarray(0, room);
    if (options.lease && !options.lease.keep(piece.length)) {
      // Too much in flight: what was kept goes back at once, the rest is only counted.
      read.busy = true;
      options.lease.release();
      read.chunks.length = 0;
      read.joined = 0;
      read.kept = 0;
    } else {
      read.chunks.push(piece);
      read.kept += piece.length;
      // Join each run of pieces into one: a body sent a byte per chunk arrives as millions of
      // Buffers, each a JS object far larger than its byte (9 MB so held took 3.7 GB).
      if (read.chunks.length - read.joined >= JOIN_RUN) {
        read.chunks.push(Buffer.concat(read.chunks.splice(read.joined)));
        read.joined = read.chunks.length;
      }
    }
  }
  // A sender that keeps streaming far past the limit is not waited for.
  if (read.size > options.limit + options.drainLimit) finish(this, false);
}

function onEnd(this: IncomingMessage): void {
  finish(this, false);
}

function onClose(this: IncomingMessage): void {
  finish(this, !this.complete);
}

function finish(req: IncomingMessage, aborted: boolean): void {
  const read = (req as BeingRead)[READ];
  if (read.settled) return;
  read.settled = true;
  req.off('data', onData);
  const { chunks } = read;
  const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, read.kept);
  // The read's state stays on the request until it is answered: its pieces, joined now, go at once
  // (a body of many pieces would otherwise be held twice, past the in-flight budget).
  chunks.length = 0;
  read.done(read.context, { bytes, size: read.size, aborted, busy: read.busy });
}
