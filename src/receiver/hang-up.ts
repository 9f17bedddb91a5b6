// A sender that closes its connection before the answer (its own timeout ran out while the app
// behind --forward-to, or --delay, kept it waiting) never sees that answer. Its record must not read
// as an acknowledged delivery: the sender counts a failure and will likely deliver again.
import type { IncomingMessage } from 'node:http';
import { serialize } from '../capture/serialize.js';
import type { Refusal } from './connections.js';
import type { Processed } from './pipeline.js';
import type { Wording } from './wording.js';

/** The request's connection is gone: nothing written now reaches the sender. */
export function senderHungUp(req: IncomingMessage): boolean {
  return req.socket.destroyed;
}

/**
 * The processed request with a warning saying its answer was never seen, and its capture line made
 * again. Who closed the connection: the sender; whk's HTTP server itself, refusing bytes that came
 * after the request (`refusal`: the sender was answered that refusal instead); or whk, cutting its
 * connections as it stopped (`cut`: a second Ctrl-C, or the close's grace run out), which a sender
 * blamed for would be looked for in the wrong place. `delay`: the sender hung up while --delay held
 * the answer (its wait ended there).
 */
export function withHangUp(processed: Processed, waitedMs: number, closedBy: { refusal?: Refusal | undefined; cut: boolean; delay?: boolean }, wording: Wording = (text) => text): Processed {
  const { refusal, cut, delay } = closedBy;
  const status = processed.record.status;
  const warning = refusal
    ? refusedAfter(processed, refusal)
    : cut
      ? `whk cut the connection as it stopped (told to stop at once, by a second Ctrl-C or SIGTERM, or the wait for requests in flight ran out), ${waitedMs} ms after the body arrived: the sender never saw this ${status}`
      : delay
        ? `the sender closed the connection while whk held its answer (\`delay\`), ${waitedMs} ms after its body arrived: it never saw this ${status}`
        : `the sender had closed the connection when whk answered, ${waitedMs} ms after its body arrived: it never saw this ${status}`;
  return withWarning(processed, wording(warning), true);
}

/** The processed request with one more warning (and marked unseen), its capture line made again. */
function withWarning(processed: Processed, warning: string, unseen: boolean): Processed {
  const record = { ...processed.record, warnings: [...processed.record.warnings, warning], ...(unseen ? { unseen: true as const } : {}) };
  if (processed.line === undefined) return { ...processed, record };
  // Rare (a sender gave up, bytes refused), so the line is written whole again rather than kept in pieces for it.
  const written = serialize(record, undefined);
  return { ...processed, record: written.record, line: { text: written.line } };
}

/**
 * The processed request, answered, with a warning that the bytes after it on its connection were
 * refused (that refusal follows its answer, and the connection is closed): a body sent without
 * Content-Length is the usual cause, and this request's record is then empty.
 */
export function withRefusalAfter(processed: Processed, refusal: Refusal, wording: Wording = (text) => text): Processed {
  const { status, problem, answered } = refusal;
  const after = answered === true ? `written after this ${processed.record.status}, and the connection closed` : `left unanswered: the connection closed with this ${processed.record.status}`;
  return withWarning(processed, wording(afterThis(processed, `refused with ${status} (${problem}), ${after}`)), false);
}

/**
 * Bytes after a request that are no request: the usual cause is a body sent without Content-Length
 * (or chunked Transfer-Encoding), which HTTP reads as no body at all (RFC 9112 §6.3; HTTP/1.0 asks a
 * request with a body for Content-Length, RFC 1945 §7.2.2), so the body is taken for the next request.
 */
function refusedAfter(processed: Processed, { status, problem, answered }: Refusal): string {
  const ours = processed.record.status;
  if (answered === false) return afterThis(processed, `refused with ${status} (${problem}); this ${ours} was not written within whk's wait for it, and the connection was closed with neither: the sender saw no answer`);
  return afterThis(processed, `refused with ${status} (${problem}), closing the connection before this answer: the sender got that ${status}, never this ${ours}`);
}

/** What became of the bytes after this request (`refused`), and why they were no request when that is known. */
function afterThis(processed: Processed, refused: string): string {
  const { headers, size } = processed.record;
  const unframed = size === 0 && headers['content-length'] === undefined && headers['transfer-encoding'] === undefined;
  if (!unframed) return `the bytes that came after this request on its connection were ${refused}`;
  return `no Content-Length (nor chunked Transfer-Encoding): HTTP reads this request as having no body, and the bytes the sender sent after it as another request, which whk's HTTP server ${refused}`;
}
