// The capture record as one NDJSON line, the form the capture file holds.
import type { CaptureRecord } from './record.js';

/**
 * One NDJSON line, and the record as that line holds it. The body's own one-line JSON text is
 * embedded as is when there is one (no second serialization); a parsed body too deep for
 * JSON.stringify is dropped with an issue (the returned record says so), never fatal.
 */
export function serialize(record: CaptureRecord, bodyJson: string | undefined): { line: string; record: CaptureRecord } {
  if (bodyJson !== undefined) {
    // The line in three parts, keys in the record's order: what precedes the body, the body's own
    // text, what follows it. Base64 needs no escaping, so JSON.stringify does not scan it either
    // (it is most of the line); together that is about half the cost of one whole stringify.
    const { receivedAt, method, path, query, headers, bodyBase64, body: _body, ...after } = record;
    try {
      const head = JSON.stringify({ receivedAt, method, path, query, headers });
      const tail = JSON.stringify(after);
      return { line: `${head.slice(0, -1)},"bodyBase64":"${bodyBase64}","body":${bodyJson}${tail === '{}' ? '}' : `,${tail.slice(1)}`}`, record };
    } catch {
      // A mapped value too deep to serialize: the general path below drops it.
    }
  }
  try {
    return { line: JSON.stringify(record), record };
  } catch (error) {
    const { mapped: _mapped, ...rest } = record;
    const message = `the parsed body cannot be recorded (${error instanceof Error ? error.message : String(error)}); bodyBase64 holds it`;
    const recordable: CaptureRecord = { ...rest, body: null, issues: [...record.issues, { path: '$', message }], valid: false };
    return { line: JSON.stringify(recordable), record: recordable };
  }
}
