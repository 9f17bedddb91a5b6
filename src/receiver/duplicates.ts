// Duplicate detection across requests: the same idempotency id again (an at-least-once sender's
// re-delivery), the same body bytes again (a retry), and one id with different bytes (a contract
// violation: the sender promised identical payloads per id).
import * as crypto from 'node:crypto';

export interface DuplicateInfo {
  /** Sequence number of the first request this one repeats; null when it is new. */
  duplicateOf: number | null;
  /** What made it a duplicate. */
  duplicateBy: 'idempotency-id' | 'body' | null;
  /** The id was seen before with different bytes: the request that had them. */
  conflictsWith: number | null;
}

export interface DuplicateTracker {
  check(seq: number, body: Buffer, idempotencyId: string | undefined): DuplicateInfo;
}

/** Remembers up to `capacity` ids and body hashes (oldest forgotten first), so memory stays bounded. */
export function createDuplicateTracker(capacity = 100_000): DuplicateTracker {
  const bodies = new Map<string, number>();
  const ids = new Map<string, { seq: number; hash: string }>();
  const remember = <V>(map: Map<string, V>, key: string, value: V): void => {
    map.set(key, value);
    if (map.size > capacity) map.delete(map.keys().next().value as string);
  };
  return {
    check(seq, body, idempotencyId) {
      // An empty body (a GET, a probe) is not a payload, so it cannot repeat one.
      if (body.length === 0) return { duplicateOf: null, duplicateBy: null, conflictsWith: null };
      const hash = digest(body);
      const sameBody = bodies.get(hash);
      if (sameBody === undefined) remember(bodies, hash, seq);
      if (idempotencyId !== undefined) {
        const seen = ids.get(idempotencyId);
        if (seen === undefined) {
          remember(ids, idempotencyId, { seq, hash });
        } else if (seen.hash !== hash) {
          return { duplicateOf: seen.seq, duplicateBy: 'idempotency-id', conflictsWith: seen.seq };
        } else {
          return { duplicateOf: seen.seq, duplicateBy: 'idempotency-id', conflictsWith: null };
        }
      }
      return sameBody === undefined ? { duplicateOf: null, duplicateBy: null, conflictsWith: null } : { duplicateOf: sameBody, duplicateBy: 'body', conflictsWith: null };
    },
  };
}

// crypto.hash (Node ≥ 20.12) skips the Hash object; identical bytes are all that matters here.
const oneShot = (crypto as { hash?: (algorithm: string, data: Buffer, encoding: 'base64') => string }).hash;
function digest(body: Buffer): string {
  return oneShot ? oneShot('sha256', body, 'base64') : crypto.createHash('sha256').update(body).digest('base64');
}
