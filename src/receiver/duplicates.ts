// Repeats across requests. The same payload again at the same path (same idempotency id, or same
// body bytes) after a 2xx is an at-least-once duplicate; after an answer that was not 2xx it is the
// sender's retry. At another path it is neither: a sender delivers one event to each of its hooks.
// One id with different content is a contract violation (the sender promised identical payloads
// per id), neither a duplicate nor a retry: not the same payload again; one id with different bytes
// but equal parsed content (key order, whitespace) is a repeat, noted.
import * as crypto from 'node:crypto';
import { setBounded } from '../util/bounded-map.js';
import { canonicalJson } from '../util/deep-json.js';
import type { Issue } from '../validate/issues.js';

export interface DuplicateInfo {
  /** Sequence number of the first request this one repeats after a 2xx; null when it is new (or a retry, or a conflict). */
  duplicateOf: number | null;
  /** Sequence number of the first request this one repeats after an answer that was not 2xx. */
  retryOf: number | null;
  /** What made it a duplicate. */
  duplicateBy: 'idempotency-id' | 'body' | null;
  /** The id was seen before with different content: the request that had it (this one repeats nothing). */
  conflictsWith: number | null;
  /** The id was seen before with the same parsed content in other bytes: the request that had them. */
  reformattedOf: number | null;
}

export interface DuplicateTracker {
  /** `path` is where it was sent; `content` the parsed body, compared when an id comes again with other bytes. */
  check(seq: number, path: string, body: Buffer, idempotencyId: string | undefined, content?: unknown): DuplicateCheck;
}

/** One payload seen: the first request that carried it, and the last answer it got (null: not yet answered). */
interface Seen {
  seq: number;
  lastStatus: number | null;
}

/**
 * What check() found for one request, and the payloads it carries (its body, its id), which its
 * answer lands on: the request keeps them, not the tracker. A map from each request in flight to
 * them, set and deleted once a request, took about 5% of `listen --save`'s CPU a request under the
 * bench's load (bench/side-by-side.mjs, by hand; docs/performance-log.md, 2026-12-05 night).
 */
export class DuplicateCheck implements DuplicateInfo {
  readonly duplicateOf: number | null;
  readonly retryOf: number | null;
  readonly duplicateBy: 'idempotency-id' | 'body' | null;
  readonly conflictsWith: number | null;
  readonly reformattedOf: number | null;
  readonly #body: Seen | null;
  readonly #id: Seen | null;

  /** `body` and `id`: the payloads the request carries (none for an empty body; no id entry for a conflicting id). */
  constructor(found: Partial<DuplicateInfo>, body: Seen | null, id: Seen | null) {
    this.duplicateOf = found.duplicateOf ?? null;
    this.retryOf = found.retryOf ?? null;
    this.duplicateBy = found.duplicateBy ?? null;
    this.conflictsWith = found.conflictsWith ?? null;
    this.reformattedOf = found.reformattedOf ?? null;
    this.#body = body;
    this.#id = id;
  }

  /**
   * The status this request was answered (0: its sender never saw an answer, it had hung up): what
   * tells the next repeat of its payloads a retry from a duplicate.
   */
  answered(status: number): void {
    if (this.#body) this.#body.lastStatus = status;
    if (this.#id) this.#id.lastStatus = status;
  }
}

/** An empty body's check: no payload, nothing carried. */
const NOTHING = new DuplicateCheck({}, null, null);

/**
 * Remembers up to `capacity` ids and body hashes (oldest forgotten first), so memory stays bounded:
 * a long id or path is kept as its hash, never as the sender's string (which may be megabytes).
 */
export function createDuplicateTracker(capacity = 100_000): DuplicateTracker {
  const bodies = new Map<string, Seen>();
  const ids = new Map<string, Seen & { hash: string; content: string | undefined }>();
  const remember = <V>(map: Map<string, V>, key: string, value: V): void => setBounded(map, key, value, capacity);
  /** A repeat of `seen` (null: the payload is new): a retry when its last answer was not 2xx, else a duplicate. */
  const repeat = (seen: Seen | null, by: 'idempotency-id' | 'body'): Partial<DuplicateInfo> => {
    if (seen === null) return {};
    const retry = seen.lastStatus !== null && !(seen.lastStatus >= 200 && seen.lastStatus < 300);
    return retry ? { retryOf: seen.seq } : { duplicateOf: seen.seq, duplicateBy: by };
  };
  return {
    check(seq, path, body, idempotencyId, content) {
      // An empty body (a GET, a probe) is not a payload, so it cannot repeat one.
      if (body.length === 0) return NOTHING;
      const hash = digest(body);
      const place = placeOf(path);
      // Joined, not concatenated: a fresh string, so a key never keeps alive the request target a
      // short path was sliced from (its query may be tens of kB).
      const at = (key: string): string => [place, key].join('\n');
      const bodyKey = at(hash);
      let sameBody = bodies.get(bodyKey);
      const bodyRepeat = sameBody ?? null;
      if (sameBody === undefined) remember(bodies, bodyKey, (sameBody = { seq, lastStatus: null }));
      if (idempotencyId === undefined) return new DuplicateCheck(repeat(bodyRepeat, 'body'), sameBody, null);
      const key = at(idKey(idempotencyId));
      const seen = ids.get(key);
      if (seen === undefined) {
        const entry = { seq, lastStatus: null, hash, content: contentDigest(content) };
        remember(ids, key, entry);
        return new DuplicateCheck(repeat(bodyRepeat, 'body'), sameBody, entry);
      }
      if (seen.hash === hash) return new DuplicateCheck(repeat(seen, 'idempotency-id'), sameBody, seen);
      // A body that did not parse has no content to compare: other bytes are a conflict.
      if (seen.content !== undefined && seen.content === contentDigest(content)) return new DuplicateCheck({ ...repeat(seen, 'idempotency-id'), reformattedOf: seen.seq }, sameBody, seen);
      return new DuplicateCheck({ conflictsWith: seen.seq }, sameBody, null);
    },
  };
}

// crypto.hash (Node ≥ 20.12) skips the Hash object; identical bytes are all that matters here.
const oneShot = (crypto as { hash?: (algorithm: string, data: Buffer, encoding: 'base64') => string }).hash;
function digest(body: Buffer): string {
  return oneShot ? oneShot('sha256', body, 'base64') : crypto.createHash('sha256').update(body).digest('base64');
}

// Paths as senders use them are kept as they are; a longer one (a request line may be tens of kB)
// by its hash, so a remembered payload costs the same whatever its path.
const MAX_KEPT_PATH = 256;

/**
 * What a payload's key starts with: the path, or a long one's hash after a line break. A path
 * holds no line break (the HTTP parser refuses one), so a key splits one way only and a hashed
 * path is never taken for a kept one.
 */
export function placeOf(path: string): string {
  return path.length <= MAX_KEPT_PATH ? path : `\n${digest(Buffer.from(path))}`;
}

// Ids as senders make them (UUIDs, delivery ids) are kept as they are; a longer one by its hash.
const MAX_KEPT_ID = 128;

function idKey(id: string): string {
  return id.length <= MAX_KEPT_ID ? `id:${id}` : `sha256:${digest(Buffer.from(id))}`;
}

function contentDigest(content: unknown): string | undefined {
  return content === undefined ? undefined : digest(Buffer.from(canonicalJson(content)));
}

/** What a request's check adds to its record besides the check's own fields: an issue for a conflicting id, a note for a reformatted one. */
export interface DuplicateFindings {
  /** The check (its repeat, told the status the request is answered); none when the body was not read. */
  check: DuplicateCheck | undefined;
  issues: Issue[];
  notes: string[];
}

/**
 * A repeat of an earlier request, by idempotency id or identical bytes: a duplicate after a 2xx, a
 * retry after any other answer. One id with other content is an issue; with the same parsed content
 * in other bytes (key order, whitespace) only a note.
 */
export function duplicateFindings(check: DuplicateCheck): DuplicateFindings {
  const { conflictsWith, reformattedOf } = check;
  const notes = reformattedOf === null ? [] : [`${REFORMATTED_WORDS}${reformattedOf}, in other bytes (key order or whitespace)`];
  if (conflictsWith === null) return { check, issues: [], notes };
  return { check, issues: [{ path: CONFLICT_PATH, message: conflictMessage(conflictsWith) }], notes };
}

// The words of a repeat's note that its bytes differ: listen's line shows that note with the repeat
// (a record's other notes, fields a schema does not list, are validate's to print).
const REFORMATTED_WORDS = 'same idempotencyId and content as request #';

/** A record's note that it repeats an earlier request's id and content in other bytes. */
export function isReformattedNote(note: string): boolean {
  return note.startsWith(REFORMATTED_WORDS);
}

/** Where a conflicting idempotencyId's issue is recorded, and its words: validate finds it in a record by them. */
export const CONFLICT_PATH = '$.idempotencyId';
export const CONFLICT_WORDS = 'same idempotencyId as request #';

function conflictMessage(conflictsWith: number): string {
  return `${CONFLICT_WORDS}${conflictsWith} but different bytes and content (the sender promises identical payloads per id)`;
}
