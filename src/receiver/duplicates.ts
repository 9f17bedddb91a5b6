// Duplicate detection across requests: the same idempotency id again (an at-least-once sender's
// re-delivery), the same body bytes again (a retry), and one id with different content (a contract
// violation: the sender promised identical payloads per id). One id with different bytes but equal
// parsed content (key order, whitespace) is only noted.
import * as crypto from 'node:crypto';

export interface DuplicateInfo {
  /** Sequence number of the first request this one repeats; null when it is new. */
  duplicateOf: number | null;
  /** What made it a duplicate. */
  duplicateBy: 'idempotency-id' | 'body' | null;
  /** The id was seen before with different content: the request that had it. */
  conflictsWith: number | null;
  /** The id was seen before with the same parsed content in other bytes: the request that had them. */
  reformattedOf: number | null;
}

const NEW: DuplicateInfo = { duplicateOf: null, duplicateBy: null, conflictsWith: null, reformattedOf: null };

export interface DuplicateTracker {
  /** `content` is the parsed body, compared when an id comes again with other bytes. */
  check(seq: number, body: Buffer, idempotencyId: string | undefined, content?: unknown): DuplicateInfo;
}

/**
 * Remembers up to `capacity` ids and body hashes (oldest forgotten first), so memory stays bounded:
 * a long id is kept as its hash, never as the sender's string (which may be megabytes).
 */
export function createDuplicateTracker(capacity = 100_000): DuplicateTracker {
  const bodies = new Map<string, number>();
  const ids = new Map<string, { seq: number; hash: string; content: string | undefined }>();
  const remember = <V>(map: Map<string, V>, key: string, value: V): void => {
    map.set(key, value);
    if (map.size > capacity) map.delete(map.keys().next().value as string);
  };
  return {
    check(seq, body, idempotencyId, content) {
      // An empty body (a GET, a probe) is not a payload, so it cannot repeat one.
      if (body.length === 0) return NEW;
      const hash = digest(body);
      const sameBody = bodies.get(hash);
      if (sameBody === undefined) remember(bodies, hash, seq);
      if (idempotencyId !== undefined) {
        const key = idKey(idempotencyId);
        const seen = ids.get(key);
        if (seen === undefined) {
          remember(ids, key, { seq, hash, content: contentDigest(content) });
        } else if (seen.hash === hash) {
          return { ...NEW, duplicateOf: seen.seq, duplicateBy: 'idempotency-id' };
        } else {
          // A body that did not parse has no content to compare: other bytes are a conflict.
          const same = seen.content !== undefined && seen.content === contentDigest(content);
          return { ...NEW, duplicateOf: seen.seq, duplicateBy: 'idempotency-id', ...(same ? { reformattedOf: seen.seq } : { conflictsWith: seen.seq }) };
        }
      }
      return sameBody === undefined ? NEW : { ...NEW, duplicateOf: sameBody, duplicateBy: 'body' };
    },
  };
}

// crypto.hash (Node ≥ 20.12) skips the Hash object; identical bytes are all that matters here.
const oneShot = (crypto as { hash?: (algorithm: string, data: Buffer, encoding: 'base64') => string }).hash;
function digest(body: Buffer): string {
  return oneShot ? oneShot('sha256', body, 'base64') : crypto.createHash('sha256').update(body).digest('base64');
}

// Ids as senders make them (UUIDs, delivery ids) are kept as they are; a longer one by its hash.
const MAX_KEPT_ID = 128;

function idKey(id: string): string {
  return id.length <= MAX_KEPT_ID ? `id:${id}` : `sha256:${digest(Buffer.from(id))}`;
}

function contentDigest(content: unknown): string | undefined {
  return content === undefined ? undefined : digest(Buffer.from(canonicalJson(content)));
}

/** JSON with object keys sorted at every depth, so equal content gives equal text whatever the key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  ) ?? '';
}
