// The capture record: one NDJSON line per request received by `whk listen --save`. The receiver
// writes it; validate, map and replay read it.
import type { SchemeVerdict } from '../signing/index.js';
import { isRecord } from '../util/json.js';
import type { Issue } from '../validate/issues.js';

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
  // Written by `whk listen` since the receiver issue; optional so older captures still read.
  /** 1-based number of the request in its listen session. */
  seq?: number;
  /** Bytes received on the wire (counted past --max-body too). */
  size?: number;
  /** Bytes after decompression; null when the body could not be decoded. */
  decodedSize?: number | null;
  kindSource?: 'given' | 'detected' | 'none';
  /** Fields the kind's schema does not list (newer sender fields). */
  notes?: string[];
  /** The sender's idempotency id, for kinds that have one. */
  idempotencyId?: string | null;
  /** The earlier request (seq) this one repeats, by idempotency id or by identical body. */
  duplicateOf?: number | null;
  duplicateBy?: 'idempotency-id' | 'body' | null;
  /** With --secret: the verdict of the kind's signature scheme; null when none applies. */
  signature?: { scheme?: string; header: string; verdict: SchemeVerdict; reason?: string } | null;
  /** With --forward-to: what the app answered, or why it could not. */
  forward?: { url: string; status: number | null; error: string | null; ms: number } | null;
  /** What the receiver's map hook extracted from the body. */
  mapped?: unknown;
  [extra: string]: unknown;
}

export function isCaptureRecord(value: unknown): value is CaptureRecord {
  return (
    isRecord(value) &&
    typeof value['bodyBase64'] === 'string' &&
    typeof value['receivedAt'] === 'string' &&
    'body' in value
  );
}
