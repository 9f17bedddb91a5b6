// A sender that closes its connection before the answer (its own timeout ran out while the app
// behind --forward-to, or --delay, kept it waiting) never sees that answer. Its record must not read
// as an acknowledged delivery: the sender counts a failure and will likely deliver again.
import type { IncomingMessage } from 'node:http';
import { serialize } from '../capture/serialize.js';
import type { Processed } from './pipeline.js';

/** The request's connection is gone: nothing written now reaches the sender. */
export function senderHungUp(req: IncomingMessage): boolean {
  return req.socket.destroyed;
}

/** The processed request with a warning saying its answer was never seen, and its capture line made again. */
export function withHangUp(processed: Processed, waitedMs: number): Processed {
  const warning = `the sender closed the connection ${waitedMs} ms after its body arrived, before the answer: it never saw this ${processed.record.status}`;
  const record = { ...processed.record, warnings: [...processed.record.warnings, warning] };
  if (processed.line === undefined) return { ...processed, record };
  // Rare (a sender gave up), so the line is written whole again rather than kept in pieces for it.
  const written = serialize(record, undefined);
  return { ...processed, record: written.record, line: written.line };
}
