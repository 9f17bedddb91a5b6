// The capture record: one NDJSON line per request received by `whk listen --save`. Defined here
// because both the receiver (writes it) and validate/replay (read it) depend on its shape.
import type { Issue } from './issues.js';

export interface CaptureRecord {
  receivedAt: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[]>;
  /** The raw request body as received (before decompression), base64. */
  bodyBase64: string;
  /** The decoded, parsed JSON body; null when the body is not JSON (see issues). */
  body: unknown;
  /** How the body was encoded: the Content-Encoding, or 'gzip (sniffed)' when only the magic bytes said so. */
  encoding: string;
  /** The body went over --max-body: bodyBase64 holds only the first bytes. */
  truncated: boolean;
  kind: string | null;
  valid: boolean;
  issues: Issue[];
  warnings: string[];
  /** The HTTP status whk answered. */
  status: number;
  [extra: string]: unknown;
}

export function isCaptureRecord(value: unknown): value is CaptureRecord {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as Record<string, unknown>)['bodyBase64'] === 'string' &&
    typeof (value as Record<string, unknown>)['receivedAt'] === 'string' &&
    'body' in value
  );
}
