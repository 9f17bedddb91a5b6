// The inspector's index of records: a stable id per record (the page's links use it), the row
// the list shows, the links between repeats of one delivery, and the free-text search.
import { findKind } from '../kinds/index.js';
import { extractField } from '../mapping/extract.js';
import { isUnknown, type CaptureRecord } from '../capture/record.js';
import { queryString } from '../capture/request-fields.js';
import type { Row } from './wire.js';
import { maskQueryString } from '../util/secrets.js';

export { queryString };

export interface Entry {
  id: number;
  record: CaptureRecord;
  row: Row;
}

export interface Catalogue {
  add(record: CaptureRecord): Entry;
  rows(): Row[];
  get(id: number): Entry | undefined;
  /** Later records that repeat this one (by idempotency id or identical body). */
  repeatsOf(id: number): number[];
  /** Other records with the same idempotency id. */
  sameIdempotency(id: number): number[];
  /** The ids of the records whose method, path, headers or decoded body contain `text` (any case). */
  search(text: string): number[];
}

export function createCatalogue(retain: number): Catalogue {
  const entries: Entry[] = [];
  let nextId = 1;
  // A capture file may hold several sessions, each numbering from 1: the latest holder of a seq wins.
  const bySeq = new Map<number, number>();
  const repeats = new Map<number, number[]>();
  const byIdempotency = new Map<string, number[]>();
  const haystacks = new WeakMap<Entry, string>();
  const get = (id: number): Entry | undefined => {
    const first = entries[0]?.id ?? 1;
    return entries[id - first];
  };
  const haystack = (entry: Entry): string => {
    let text = haystacks.get(entry);
    if (text === undefined) {
      text = searchText(entry.record).toLowerCase();
      haystacks.set(entry, text);
    }
    return text;
  };
  // An evicted record's links go with it, so the indexes stay as small as the records kept.
  const forget = ({ id, record }: Entry): void => {
    if (typeof record.seq === 'number' && bySeq.get(record.seq) === id) bySeq.delete(record.seq);
    repeats.delete(id);
    const key = record.idempotencyId;
    const same = key ? byIdempotency.get(key) : undefined;
    // Ids grow, so the oldest (this one) is first.
    if (key && same?.[0] === id) {
      if (same.length === 1) byIdempotency.delete(key);
      else same.shift();
    }
  };
  return {
    add(record) {
      const id = nextId++;
      // Room first, so a new record never links to one this very call drops.
      if (entries.length >= retain) for (const gone of entries.splice(0, entries.length - retain + 1)) forget(gone);
      // A retry links to the request it retries as a duplicate does to the one it repeats.
      const repeated = record.duplicateOf ?? record.retryOf;
      const original = repeated == null ? null : (bySeq.get(repeated) ?? null);
      const entry: Entry = { id, record, row: toRow(id, record, original) };
      entries.push(entry);
      if (typeof record.seq === 'number') bySeq.set(record.seq, id);
      if (original !== null) listIn(repeats, original).push(id);
      if (record.idempotencyId) listIn(byIdempotency, record.idempotencyId).push(id);
      return entry;
    },
    rows: () => entries.map((entry) => entry.row),
    get,
    repeatsOf: (id) => (repeats.get(id) ?? []).filter((other) => get(other) !== undefined),
    sameIdempotency(id) {
      const key = get(id)?.record.idempotencyId;
      return key ? (byIdempotency.get(key) ?? []).filter((other) => other !== id && get(other) !== undefined) : [];
    },
    search(text) {
      const needle = text.toLowerCase();
      return entries.filter((entry) => haystack(entry).includes(needle)).map((entry) => entry.id);
    },
  };
}

/** The list kept under `key`, created empty on first use. */
function listIn<K>(map: Map<K, number[]>, key: K): number[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}

export function toRow(id: number, record: CaptureRecord, duplicateOf: number | null): Row {
  return {
    id,
    seq: typeof record.seq === 'number' ? record.seq : null,
    time: record.receivedAt,
    method: record.method,
    path: record.path,
    query: maskQueryString(queryString(record.query)),
    kind: record.kind,
    event: eventOf(record),
    verdict: record.valid ? 'valid' : isUnknown(record) ? 'unknown' : 'invalid',
    issues: record.issues.length,
    status: record.status,
    size: record.size ?? Buffer.byteLength(record.bodyBase64, 'base64'),
    encoding: record.encoding,
    signature: record.signature?.verdict ?? null,
    duplicateOf,
  };
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
  if (sent) return kind.events?.find((event) => (event.header ?? event.id) === sent)?.id ?? sent;
  if (record.body === null) return null;
  const named = kind.eventOf?.(record.body);
  if (named) return named;
  const field = kind.mapping?.fields.find((f) => f.name === 'status');
  const value = field ? extractField(record.body, field).value : undefined;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;
}

function searchText(record: CaptureRecord): string {
  const headers = Object.entries(record.headers).map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : value}`);
  // The decoded body as the receiver recorded it (JSON, a form's fields, text); the raw bytes only
  // when it recorded none of those (they may still be compressed).
  const decoded = [record.body === null ? undefined : JSON.stringify(record.body), ...(record.form?.fields.map(([name, value]) => `${name}=${value}`) ?? []), record.text];
  const body = decoded.some((part) => part !== undefined) ? decoded.filter((part) => part !== undefined) : [Buffer.from(record.bodyBase64, 'base64').toString('utf8')];
  return [record.method, record.path, queryString(record.query), record.kind ?? '', ...headers, ...body].join('\n');
}
