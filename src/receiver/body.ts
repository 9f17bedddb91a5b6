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

export function readBody(req: IncomingMessage, options: ReadOptions): Promise<RawBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let size = 0;
    let settled = false;
    let busy = false;
    // Chunks before this index have been joined (see JOIN_RUN).
    let joined = 0;
    const finish = (aborted: boolean): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, kept);
      resolve({ bytes, size, aborted, busy });
    };
    const onData = (chunk: Buffer): void => {
      if (options.reading) options.reading.quiet = 0;
      size += chunk.length;
      if (kept < options.limit && !busy) {
        const room = options.limit - kept;
        const piece = chunk.length <= room ? chunk : chunk.subarray(0, room);
        if (options.lease && !options.lease.keep(piece.length)) {
          // Too much in flight: what was kept goes back at once, the rest is only counted.
          busy = true;
          options.lease.release();
          chunks.length = 0;
          joined = 0;
          kept = 0;
        } else {
          chunks.push(piece);
          kept += piece.length;
          // Join each run of pieces into one: a body sent a byte per chunk arrives as millions of
          // Buffers, each a JS object far larger than its byte (9 MB so held took 3.7 GB).
          if (chunks.length - joined >= JOIN_RUN) {
            chunks.push(Buffer.concat(chunks.splice(joined)));
            joined = chunks.length;
          }
        }
      }
      // A sender that keeps streaming far past the limit is not waited for.
      if (size > options.limit + options.drainLimit) finish(false);
    };
    req.on('data', onData);
    req.once('end', () => finish(false));
    // A request cut off is destroyed and closes incomplete. No 'error' listener: a server's request
    // emits its error only to listeners it has (node's _http_incoming.js), and one more a request costs.
    req.once('close', () => finish(!req.complete));
  });
}
