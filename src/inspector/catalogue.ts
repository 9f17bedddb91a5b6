// The inspector's index of records: a stable id per record (the page's links use it), the row
// the list shows, the links between repeats of one delivery, and the free-text search. A live
// record is kept as its place in the capture file (read back when asked for), or as its line when
// there is no file to read (within a budget: catalogue-slots.ts): tens of thousands of parsed bodies kept live made the garbage
// collector's work grow with the session and slowed the receiver sharing the process with it.
import { eventSentAs } from '../kinds/common.js';
import { findKind } from '../kinds/index.js';
import { extractField } from '../mapping/extract.js';
import { fieldsMapping, type ExtractedFieldRule } from '../mapping/resolve.js';
import type { Kind } from '../kinds/types.js';
import { isUnknown, type CaptureRecord } from '../capture/record.js';
import { recordQuery } from '../capture/request-fields.js';
import type { LineReader } from '../capture/line-reader.js';
import type { Placement } from '../capture/store.js';
import type { Row, SignatureVerdict } from './wire.js';
import { encodeRow } from './page/row-wire.js';
import { createSeqIndex } from './seq-index.js';
import { holdsAny, searchForms, searchText, targetHolds } from './search-text.js';
import { createSlots, UnreadableRecord, withLists, type CatalogueEntry, type Entry } from './catalogue-slots.js';
import { Fifo } from '../util/fifo.js';
import { maskQueryString } from '../util/secrets.js';
import { cutText, mayBeCut, SHOWN_TEXT_LIMIT } from '../util/cut-text.js';

export { UnreadableRecord, type Entry } from './catalogue-slots.js';

export interface Catalogue {
  /** A record; given its line or its place in the capture file, the entry keeps that instead. */
  add(record: CaptureRecord, kept?: Kept): Entry;
  /** The entries kept, oldest first. */
  entries(): Entry[];
  /** The rows as one JSON array in UTF-8 (the page's snapshot). */
  rowsJson(): Buffer;
  get(id: number): Entry | undefined;
  /** The number of the newest record taken, kept or let go since; 0 before the first. */
  newestId(): number;
  /** Later records that repeat this one (by idempotency id or identical body). */
  repeatsOf(id: number): number[];
  /** Other records with the same idempotency id. */
  sameIdempotency(id: number): number[];
  /**
   * The ids of the records whose method, path, headers or decoded body contain `text` (any case;
   * JSON's layout whitespace aside: search-text.ts searchForms) and whose whole target (path and
   * masked query, as sent or decoded) contains `path`, or null when `signal` aborts first.
   * Resolves in slices, giving the event loop back between them. A record that can no longer be
   * read (UnreadableRecord) matches nothing, and `unreadable` is told its id.
   */
  search(query: SearchQuery, signal?: AbortSignal, unreadable?: (id: number) => void): Promise<number[] | null>;
}

/** What the page's free-text and path filters ask for; an empty or missing one lets every record through. */
export interface SearchQuery {
  text?: string;
  path?: string;
}

/** What an entry keeps in place of its record: the capture line, or where the line is in the file. */
export type Kept = { line: string } | { placement: Placement };

/**
 * `reader` reads the capture file back, for entries kept by their place; `linesBudget`: how many
 * characters the lines of entries kept by their line may take (catalogue-slots.ts HELD_LINES_CHARS).
 */
export function createCatalogue(retain: number, reader?: LineReader, linesBudget?: number): Catalogue {
  // A capture file may hold several sessions, each numbering from 1: the latest holder of a seq wins.
  const bySeq = createSeqIndex();
  const repeats = new Map<number, number[]>();
  // A sender may repeat one id thousands of times: its oldest is let go at each eviction (fifo.ts).
  const byIdempotency = new Map<string, Fifo<number>>();
  // The search text of records held whole (a file being inspected); for a kept one it would undo the saving.
  const haystacks = new WeakMap<CaptureRecord, string>();
  // An evicted record's links go with it, so the indexes stay as small as the records kept.
  const forget = (id: number, seq: number | null, key: string | null): void => {
    if (seq !== null) bySeq.forget(seq, id);
    repeats.delete(id);
    const same = key ? byIdempotency.get(key) : undefined;
    // Ids grow, so the oldest (this one) is first.
    if (key && same?.first() === id) {
      if (same.length === 1) byIdempotency.delete(key);
      else same.shift();
    }
  };
  const slots = createSlots(retain, reader, forget, linesBudget);
  const haystack = (entry: CatalogueEntry): string => {
    const whole = entry.whole ? entry.record : undefined;
    let text = whole && haystacks.get(whole);
    if (text === undefined) {
      text = searchText(entry.record).toLowerCase();
      if (whole) haystacks.set(whole, text);
    }
    return text;
  };
  return {
    add(given, held) {
      const record = withLists(given);
      if (held && 'placement' in held && !reader) throw new Error('a record kept by its place in the capture file needs a reader of that file');
      // Room first, so a new record never links to one this very call drops.
      slots.makeRoom();
      const id = slots.nextId();
      // A retry links to the request it retries as a duplicate does to the one it repeats.
      const repeated = record.duplicateOf ?? record.retryOf;
      const original = repeated == null ? null : (bySeq.get(repeated) ?? null);
      const row = toRow(id, record, original);
      const idempotencyId = record.idempotencyId ?? null;
      const entry = slots.push(JSON.stringify(encodeRow(row)), row.seq, idempotencyId, held === undefined ? record : 'line' in held ? held.line : held.placement);
      if (row.seq !== null) bySeq.add(row.seq, id);
      if (original !== null) listIn(repeats, original, () => []).push(id);
      if (idempotencyId) listIn(byIdempotency, idempotencyId, () => new Fifo<number>()).push(id);
      return entry;
    },
    entries: slots.all,
    rowsJson: slots.rowsJson,
    get: slots.get,
    newestId: () => slots.nextId() - 1,
    repeatsOf: (id) => (repeats.get(id) ?? []).filter(slots.has),
    sameIdempotency(id) {
      const key = slots.get(id)?.idempotencyId;
      return key ? (byIdempotency.get(key)?.items() ?? []).filter((other) => other !== id && slots.has(other)) : [];
    },
    async search({ text = '', path = '' }, signal, unreadable) {
      const forms = searchForms(text.toLowerCase());
      const matches = (entry: CatalogueEntry): boolean => (path === '' || targetHolds(targetOf(entry), path)) && (text === '' || holdsAny(haystack(entry), forms));
      const found: number[] = [];
      const slice = startSlice();
      for (const entry of slots.all()) {
        if (slice.over()) {
          await slice.next();
          if (signal?.aborted) return null;
        }
        // Evicted while the search gave way to new records: no longer on the page.
        if (!slots.has(entry.id)) continue;
        try {
          if (matches(entry)) found.push(entry.id);
        } catch (error) {
          // A text cannot be found in a record that cannot be read: the others are still searched.
          if (!(error instanceof UnreadableRecord)) throw error;
          unreadable?.(entry.id);
        }
      }
      return found;
    },
  };
}

/** The record's whole target as the detail shows it: the row's, unless the row had to cut it (then the record is read). */
function targetOf(entry: CatalogueEntry): string {
  const { path, query } = entry.row;
  if (!mayBeCut(path, ROW_TEXT_LIMIT) && !mayBeCut(query, ROW_TEXT_LIMIT)) return path + query;
  const record = entry.record;
  return record.path + maskQueryString(recordQuery(record));
}

// A live session keeps up to 50,000 records, most of them as their place in the capture file: one
// search reads and parses them all, seconds of work on the thread the receiver answers senders on.
// So it works in slices of at most this many records or milliseconds, whichever comes first.
const SEARCH_SLICE_RECORDS = 256;
const SEARCH_SLICE_MS = 8;

function startSlice(): { over(): boolean; next(): Promise<void> } {
  let started = performance.now();
  let records = 0;
  return {
    over: () => ++records > SEARCH_SLICE_RECORDS || performance.now() - started > SEARCH_SLICE_MS,
    async next() {
      await new Promise<void>((resolve) => setImmediate(resolve));
      started = performance.now();
      records = 1;
    },
  };
}

/** The list kept under `key`, made empty on first use. */
function listIn<K, L>(map: Map<K, L>, key: K, empty: () => L): L {
  let list = map.get(key);
  if (!list) map.set(key, (list = empty()));
  return list;
}

/** `record` with its lists, as add() completes it (withLists): an older record may lack issues or warnings. */
export function toRow(id: number, record: CaptureRecord, duplicateOf: number | null): Row {
  return {
    id,
    seq: typeof record.seq === 'number' ? record.seq : null,
    time: short(record.receivedAt),
    method: short(record.method),
    path: short(record.path),
    query: short(maskQueryString(recordQuery(record))),
    kind: shortOrNull(record.kind),
    event: shortOrNull(eventOf(record)),
    verdict: record.valid ? 'valid' : isUnknown(record) ? 'unknown' : 'invalid',
    issues: record.issues.length,
    status: record.status,
    size: record.size ?? Buffer.byteLength(record.bodyBase64, 'base64'),
    encoding: short(record.encoding),
    // Only the receiver's own words, but a capture file (whk inspect) may say anything.
    signature: shortOrNull(record.signature?.verdict ?? null) as SignatureVerdict | null,
    duplicateOf,
    unseen: record.unseen === true,
    warnings: record.warnings.length,
  };
}

// Every text in a row is cut (util/cut-text.ts): a row is what the page lists and sends all of at
// once, so it must stay small whatever the sender sends. Whole, 57 travis-ci bodies whose `state`
// (the row's event) was 9.5 MB passed V8's longest string in the rows' JSON: /api/rows and
// /api/events answered 500 for the rest of the session. Search (the path filter too: targetOf) and
// the detail read the whole record, so nothing past the cut is lost to them.
export const ROW_TEXT_LIMIT = SHOWN_TEXT_LIMIT;
const short = (text: string): string => cutText(text, ROW_TEXT_LIMIT);

function shortOrNull(text: string | null): string | null {
  return typeof text === 'string' ? short(text) : text;
}

/**
 * What happened, in the sender's words: the event the receiver recorded, or (in captures older
 * than that field) the one the header or body names, for kinds with events; otherwise the value
 * of the kind's mapped `status` field (whk's choice: every alert kind's mapping names the alert's
 * state so: firing, resolved, triggered...).
 */
export function eventOf(record: CaptureRecord): string | null {
  if (typeof record.event === 'string') return record.event;
  const kind = record.kind === null ? undefined : findKind(record.kind);
  if (!kind) return null;
  const header = kind.eventHeader === undefined ? undefined : record.headers[kind.eventHeader.toLowerCase()];
  const sent = Array.isArray(header) ? header[0] : header;
  if (sent) return eventSentAs(kind.events, sent)?.id ?? sent;
  if (record.body === null) return null;
  const named = kind.eventOf?.(record.body);
  if (named) return named;
  const field = statusField(kind);
  const value = field ? extractField(record.body, field).value : undefined;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;
}

// Each kind's mapped `status` field with its path parsed once: a live page reads it for every row.
const statusFields = new WeakMap<Kind, ExtractedFieldRule | null>();

function statusField(kind: Kind): ExtractedFieldRule | null {
  let field = statusFields.get(kind);
  if (field === undefined) {
    const found = kind.mapping?.fields.find((f) => f.name === 'status');
    field = found ? (fieldsMapping({ fields: [found] }).extracted[0] ?? null) : null;
    statusFields.set(kind, field);
  }
  return field;
}
