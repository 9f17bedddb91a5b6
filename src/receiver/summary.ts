// The running tally of a listen session: what the summary on exit reports.
import { isUnknown, type CaptureRecord } from '../capture/record.js';

export interface ReceiverSummary {
  requests: number;
  valid: number;
  invalid: number;
  /** Requests no kind claims (and nothing else wrong): neither valid nor invalid. */
  unknown: number;
  /** Requests per kind; 'unknown' when no kind could be told. */
  byKind: Record<string, number>;
  /** Requests per body encoding ('identity', 'gzip', 'gzip (sniffed)', 'br', ...). */
  encodings: Record<string, number>;
  /** Gzipped bodies, with or without the header. */
  gzip: number;
  /** Bodies refused for size (413). */
  truncated: number;
  /** Requests carrying lenient-JSON repairs or other warnings. */
  warnings: number;
  duplicates: { total: number; byIdempotencyId: number; byBody: number; conflicts: number };
  /** Requests that repeat one answered with a status other than 2xx: the senders' retries. */
  retries: number;
  signatures: { valid: number; invalid: number; expired: number; replayed: number; missing: number };
  /** Requests of a kind other than --expect. */
  unexpected: number;
  /** Statuses answered, by code. */
  statuses: Record<string, number>;
  /** Requests whose sender went away before the body ended (not recorded, not answered). */
  aborted: number;
}

export function emptyReceiverSummary(): ReceiverSummary {
  return {
    requests: 0,
    valid: 0,
    invalid: 0,
    unknown: 0,
    byKind: {},
    encodings: {},
    gzip: 0,
    truncated: 0,
    warnings: 0,
    duplicates: { total: 0, byIdempotencyId: 0, byBody: 0, conflicts: 0 },
    retries: 0,
    signatures: { valid: 0, invalid: 0, expired: 0, replayed: 0, missing: 0 },
    unexpected: 0,
    statuses: {},
    aborted: 0,
  };
}

export function tallyRecord(summary: ReceiverSummary, record: CaptureRecord, flags: { unexpected: boolean; conflict: boolean }): void {
  summary.requests++;
  if (record.valid) summary.valid++;
  else if (isUnknown(record)) summary.unknown++;
  else summary.invalid++;
  const kind = record.kind ?? 'unknown';
  summary.byKind[kind] = (summary.byKind[kind] ?? 0) + 1;
  summary.encodings[record.encoding] = (summary.encodings[record.encoding] ?? 0) + 1;
  if (record.encoding.includes('gzip')) summary.gzip++;
  if (record.truncated) summary.truncated++;
  if (record.warnings.length > 0) summary.warnings++;
  if (record.duplicateOf != null) {
    summary.duplicates.total++;
    if (record.duplicateBy === 'idempotency-id') summary.duplicates.byIdempotencyId++;
    else summary.duplicates.byBody++;
  }
  if (flags.conflict) summary.duplicates.conflicts++;
  if (record.retryOf != null) summary.retries++;
  if (record.signature) summary.signatures[record.signature.verdict]++;
  if (flags.unexpected) summary.unexpected++;
  summary.statuses[String(record.status)] = (summary.statuses[String(record.status)] ?? 0) + 1;
}

export function cloneSummary(summary: ReceiverSummary): ReceiverSummary {
  return structuredClone(summary);
}
