// The running tally of a listen session: what the summary on exit reports.
import { isUnknown, type CaptureRecord } from '../capture/record.js';
import { encodingHasGzip } from '../util/gzip-magic.js';
import { cutText } from '../util/cut-text.js';

export interface ReceiverSummary {
  requests: number;
  valid: number;
  invalid: number;
  /** Requests no kind claims (and nothing else wrong): neither valid nor invalid. */
  unknown: number;
  /** Requests per kind, as validate's summary names its count by kind; 'unknown' when no kind could be told. */
  kinds: Record<string, number>;
  /**
   * Requests per body encoding ('identity', 'gzip', 'gzip (sniffed)', 'br', ...; a list of codings as
   * 'gzip+br': see encodingKey); past MAX_TALLY_KEYS distinct ones, 'other'.
   */
  encodings: Record<string, number>;
  /** Gzipped bodies, with or without the header. */
  gzip: number;
  /** Bodies refused for size (413) over maxBody on the wire: the record holds only their first bytes (`truncated`). */
  truncated: number;
  /** Bodies refused for size (413) only once inflated past maxBody: every wire byte held, the record not truncated. */
  refusedOnceInflated: number;
  /** Requests refused (503, Retry-After) because the bodies in flight filled the memory budget: not acknowledged. */
  busy: number;
  /** Requests whose capture line could not be written (a full disk): answered 500, so their senders deliver again. */
  notSaved: number;
  /** Requests carrying lenient-JSON repairs or other warnings. */
  warnings: number;
  /** Repeats after a 2xx; `conflicts`: requests reusing an idempotencyId with other content, not in `total` (they repeat nothing). */
  duplicates: { total: number; byIdempotencyId: number; byBody: number; conflicts: number };
  /** Requests that repeat one answered with a status other than 2xx: the senders' retries. */
  retries: number;
  /** The verdicts of the signatures checked; `unchecked`: requests that came signed when nothing was given to check them with. */
  signatures: { valid: number; invalid: number; expired: number; replayed: number; missing: number; unchecked: number };
  /** Requests of a kind other than --expect. */
  unexpected: number;
  /** Statuses answered, by code (answers that reached their sender). */
  statuses: Record<string, number>;
  /** Answers that never reached their sender: it hung up first, or its connection was refused (recorded `unseen`). */
  unseen: number;
  /** With `forwardTo`: requests the app never answered (unreachable, too slow, too large, a loop), answered by whk itself (502, 503, 508). */
  forwardFailed: number;
  /** Requests whose sender went away before the body ended (not recorded, not answered). */
  aborted: number;
  /**
   * Requests whk cut itself before their body ended (not recorded): a body silent for the idle timeout,
   * a request past the request-time limit (both answered 408 where they could be), and those whose
   * connections it cut as it stopped (not answered).
   */
  dropped: { idleTimeout: number; requestTimeout: number; shutdown: number };
  /** Requests refused before whk could read them (not recorded): headers past the header timeout (408), or bytes Node's HTTP parser refused (400, 431) or a CONNECT (501). */
  refused: { headerTimeout: number; parser: number };
  /** With a mapping: requests mapped, those with problems, and the problems (missing required fields, wrong types). */
  mapping: { mapped: number; failed: number; problems: number };
  /** @deprecated `kinds`, under its earlier name (the same object), kept for the scripts that read it. */
  byKind: Record<string, number>;
}

export function emptyReceiverSummary(): ReceiverSummary {
  const kinds = tally();
  return {
    requests: 0,
    valid: 0,
    invalid: 0,
    unknown: 0,
    kinds,
    encodings: tally(),
    gzip: 0,
    truncated: 0,
    refusedOnceInflated: 0,
    busy: 0,
    notSaved: 0,
    warnings: 0,
    duplicates: { total: 0, byIdempotencyId: 0, byBody: 0, conflicts: 0 },
    retries: 0,
    signatures: { valid: 0, invalid: 0, expired: 0, replayed: 0, missing: 0, unchecked: 0 },
    unexpected: 0,
    statuses: tally(),
    unseen: 0,
    forwardFailed: 0,
    aborted: 0,
    dropped: { idleTimeout: 0, requestTimeout: 0, shutdown: 0 },
    refused: { headerTimeout: 0, parser: 0 },
    mapping: { mapped: 0, failed: 0, problems: 0 },
    byKind: kinds,
  };
}

export function tallyRecord(summary: ReceiverSummary, record: CaptureRecord, flags: { unexpected: boolean; conflict: boolean; busy?: boolean; oversize?: boolean; unchecked?: boolean }): void {
  summary.requests++;
  if (record.valid) summary.valid++;
  else if (isUnknown(record)) summary.unknown++;
  else summary.invalid++;
  count(summary.kinds, record.kind ?? 'unknown');
  // Cut as the request's line cuts it: the tally is printed on one line too.
  count(summary.encodings, cutText(encodingKey(record.encoding)));
  if (encodingHasGzip(record.encoding)) summary.gzip++;
  if (flags.busy) summary.busy++;
  else if (record.truncated) summary.truncated++;
  // Refused for size with every byte held: a count of its own, so `truncated` says only what was cut.
  else if (flags.oversize === true) summary.refusedOnceInflated++;
  if (record.warnings.length > 0) summary.warnings++;
  if (record.duplicateOf != null) {
    summary.duplicates.total++;
    if (record.duplicateBy === 'idempotency-id') summary.duplicates.byIdempotencyId++;
    else summary.duplicates.byBody++;
  }
  if (flags.conflict) summary.duplicates.conflicts++;
  if (record.retryOf != null) summary.retries++;
  if (record.signature) summary.signatures[record.signature.verdict]++;
  else if (flags.unchecked === true) summary.signatures.unchecked++;
  if (flags.unexpected) summary.unexpected++;
  // An answer its sender never saw is no status it got: a 200 there is not a delivery acknowledged.
  if (record.unseen) summary.unseen++;
  else count(summary.statuses, String(record.status));
  if (record.forward?.error != null) summary.forwardFailed++;
  tallyMapping(summary.mapping, record.mapped);
}

// A coding that is an HTTP token (RFC 9110 §5.6.2) without '+', or whk's own '… (N codings)' for a list
// it did not undo (no header holds '…': Node reads header bytes as latin1).
const PLAIN_CODING = /^(?:[-!#$%&'*.^_`|~0-9a-z]+|… \(\d+ codings\))$/i;

/**
 * The tally key of a record's encoding. The record keeps a list as the header has it ('gzip, br': gzip
 * applied first); the tally joins it with '+' ('gzip+br'), since the printed tally separates its entries
 * with commas and `gzip, gzip ×2` read as two encodings. A coding of other characters (a '+' or a space
 * of its own: 'x ×2') is quoted as JSON, so no key reads as another or as a count.
 */
export function encodingKey(encoding: string): string {
  if (encoding === 'gzip (sniffed)' || PLAIN_CODING.test(encoding)) return encoding;
  return encoding
    .split(',')
    .map((coding) => coding.trim())
    .filter((coding) => coding !== '')
    .map((coding) => (PLAIN_CODING.test(coding) ? coding : JSON.stringify(coding)))
    .join('+');
}

/** Counts what a mapping recorded ({ ok, problems: [...] }); an API user's own map result of another shape is not counted. */
function tallyMapping(counts: ReceiverSummary['mapping'], mapped: unknown): void {
  if (mapped === null || typeof mapped !== 'object' || !('problems' in mapped) || !Array.isArray(mapped.problems)) return;
  counts.mapped++;
  if (mapped.problems.length > 0) counts.failed++;
  counts.problems += mapped.problems.length;
}

// A sender chooses the Content-Encoding text: without a cap, every distinct value would be a key kept
// for the whole session. Kinds (about thirty, and 'unknown') and statuses stay below it.
export const MAX_TALLY_KEYS = 64;
export const OTHER_KEY = 'other';

/** A tally with no prototype: a key such as 'constructor' or '__proto__' is counted like any other. */
function tally(): Record<string, number> {
  return Object.create(null) as Record<string, number>;
}

function count(counts: Record<string, number>, key: string): void {
  const known = Object.hasOwn(counts, key);
  const at = known || Object.keys(counts).length < MAX_TALLY_KEYS - 1 ? key : OTHER_KEY;
  counts[at] = (Object.hasOwn(counts, at) ? (counts[at] as number) : 0) + 1;
}

export function cloneSummary(summary: ReceiverSummary): ReceiverSummary {
  return structuredClone(summary);
}
