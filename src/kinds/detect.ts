// Detection: which kind (and event) a request or a payload is. Kinds are indexed once, by the event
// header they send and by the top-level keys they claim, so a request costs a few map lookups and
// the shape tests of the kinds it could be, not a pass over every kind.
import { counted } from '../util/units.js';
import { isRecord } from '../util/json.js';
import { eventSentAs } from './common.js';
import type { Kind } from './types.js';
import { checkWindowed, windowOf } from '../util/windowed.js';

export type Detection =
  | { status: 'detected'; kind: Kind; /** The event, for kinds with events, when the request or payload names one. */ event?: string | undefined }
  | { status: 'unknown'; message: string }
  | { status: 'ambiguous'; candidates: Kind[]; message: string };

/** Request headers as Node gives them (any case is accepted). */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

interface DetectionIndex {
  /** Lower-case event header name → the kinds that send it. */
  byHeader: Map<string, Kind[]>;
  /** Top-level key → the kinds that claim it, for object payloads and for arrays of objects. */
  byKey: Map<string, Kind[]>;
  byItemKey: Map<string, Kind[]>;
  /** Kinds that claim no keys: tried on every payload (user-written kinds, custom schemas without required keys). */
  always: Kind[];
  /** Compares two kinds by their registry order, so candidates are tried (and named) in the order the kinds are listed. */
  byPosition: (a: Kind, b: Kind) => number;
  ids: string;
}

const indexes = new WeakMap<readonly Kind[], DetectionIndex>();

function indexOf(kinds: readonly Kind[]): DetectionIndex {
  let index = indexes.get(kinds);
  if (index) return index;
  const position = new Map(kinds.map((kind, i) => [kind, i]));
  const byPosition = (a: Kind, b: Kind): number => (position.get(a) ?? 0) - (position.get(b) ?? 0);
  index = { byHeader: new Map(), byKey: new Map(), byItemKey: new Map(), always: [], byPosition, ids: kinds.map((k) => k.id).join(', ') };
  const add = (map: Map<string, Kind[]>, key: string, kind: Kind): void => {
    const list = map.get(key);
    if (list) list.push(kind);
    else map.set(key, [kind]);
  };
  for (const kind of kinds) {
    if (kind.eventHeader) add(index.byHeader, kind.eventHeader.toLowerCase(), kind);
    const claims = kind.claims ?? 'any';
    if (claims === 'any') index.always.push(kind);
    else for (const key of claims.keys) add(claims.items ? index.byItemKey : index.byKey, key, kind);
  }
  indexes.set(kinds, index);
  return index;
}

/**
 * The kinds whose claimed keys this payload has (each once, in registry order), and those that claim
 * none. The receiver asks this for every request: a few kinds at most are found, so a list searched
 * is all it takes, and the keys no kind claims cost a map lookup and nothing made.
 */
function candidatesFor(payload: unknown, index: DetectionIndex): Kind[] {
  const found = [...index.always];
  if (isRecord(payload)) addClaimants(payload, index.byKey, found);
  else if (Array.isArray(payload)) {
    // Several elements, not the first alone: a batch whose first record lost its claimed key is still
    // that kind's batch, invalid (a bound, so a long array of strangers costs a few lookups).
    const looked = Math.min(payload.length, ITEMS_LOOKED_AT);
    for (let i = 0; i < looked; i++) {
      const item: unknown = payload[i];
      if (isRecord(item)) addClaimants(item, index.byItemKey, found);
    }
  }
  return found.length > 1 ? found.sort(index.byPosition) : found;
}

/** How many of an array's first elements are read for the keys kinds claim (whk's choice). */
const ITEMS_LOOKED_AT = 16;

function addClaimants(record: Record<string, unknown>, map: Map<string, Kind[]>, found: Kind[]): void {
  for (const key in record) {
    const claimants = map.get(key);
    if (claimants === undefined || !Object.hasOwn(record, key)) continue;
    for (const kind of claimants) if (!found.includes(kind)) found.push(kind);
  }
}

/**
 * Which kind is this payload? The kinds it could be by its keys run their shape test; when several
 * pass, the ones whose schema accepts it win. Nothing claiming it is 'unknown'; a tie is 'ambiguous'.
 */
export function detectKind(payload: unknown, kinds: readonly Kind[]): Detection {
  const index = indexOf(kinds);
  const candidates = candidatesFor(payload, index).filter((kind) => kind.looksLike(payload));
  if (candidates.length === 1) return detected(candidates[0] as Kind, payload);
  if (candidates.length === 0) {
    // Told when read: the receiver records an unknown payload's own shape and never reads this (its
    // keys listed cost a third of a second on an object of 700,000).
    return {
      status: 'unknown',
      get message() {
        return `not a known kind (${describeShape(payload)}); pass \`kind\` to validate it as one of: ${index.ids}`;
      },
    };
  }
  // One issue settles it: a long array of bad elements is not judged to its end (windowed.ts).
  const valid = candidates.filter((kind) => checkWindowed(kind.schema, payload, 1, windowOf(kind)).success);
  if (valid.length === 1) return detected(valid[0] as Kind, payload);
  const names = candidates.map((k) => k.id).join(', ');
  return { status: 'ambiguous', candidates, message: `ambiguous payload: it could be ${names}; pass \`kind\` to choose` };
}

/**
 * Which kind and event is this request? The sender's event header first (X-GitHub-Event names the
 * kind and the event at once), then the body's shape as detectKind reads it.
 */
export function detectRequest(request: { headers: RequestHeaders; body: unknown }, kinds: readonly Kind[]): Detection {
  const index = indexOf(kinds);
  return (index.byHeader.size > 0 ? byEventHeader(request.headers, index, (kind) => kind.looksLike(request.body)) : undefined) ?? detectKind(request.body, kinds);
}

/**
 * Which kind and event does this request's event header name by itself? For a body that is not
 * JSON, which no shape test can read: a GitHub push cut short is still GitHub's, invalid, not unknown.
 */
export function detectByHeader(headers: RequestHeaders, kinds: readonly Kind[]): Detection {
  const index = indexOf(kinds);
  return (index.byHeader.size > 0 ? byEventHeader(headers, index, () => false) : undefined) ?? { status: 'unknown', message: 'no event header names a kind' };
}

/**
 * The kind and event an event header names: the one kind that sends that header and knows the event,
 * or of several such, the one whose shape the body has. Undefined when no header tells.
 */
function byEventHeader(headers: RequestHeaders, index: DetectionIndex, shaped: (kind: Kind) => boolean): Detection | undefined {
  // for…in, not Object.entries: the receiver asks this for every request.
  for (const name in headers) {
    const claimants = index.byHeader.get(name.toLowerCase());
    const raw = headers[name];
    if (!claimants || raw === undefined) continue;
    const value = typeof raw === 'string' ? raw : (raw[0] ?? '');
    const byEvent = claimants.flatMap((kind) => {
      const event = eventSentAs(kind.events, value);
      return event ? [{ kind, event: event.id }] : [];
    });
    if (byEvent.length === 1) return { status: 'detected', ...(byEvent[0] as { kind: Kind; event: string }) };
    if (byEvent.length === 0) return { status: 'unknown', message: `${name}: ${value} is not an event whk knows of ${claimants.map((k) => k.id).join(', ')}` };
    const withShape = byEvent.filter(({ kind }) => shaped(kind));
    if (withShape.length === 1) return { status: 'detected', ...(withShape[0] as { kind: Kind; event: string }) };
  }
  return undefined;
}

/** The payload detected as `kind`, with the event it names by itself (for kinds with events). */
function detected(kind: Kind, payload: unknown): Detection {
  const event = kind.events ? kind.eventOf?.(payload) : undefined;
  return event === undefined ? { status: 'detected', kind } : { status: 'detected', kind, event };
}

function describeShape(payload: unknown): string {
  if (Array.isArray(payload)) return payload.length === 0 ? 'an empty array' : `an array of ${counted(payload.length, 'item')}`;
  if (payload === null || payload === undefined) return String(payload);
  if (typeof payload === 'object') {
    // Listed once: an object of 700,000 keys took a third of a second a listing.
    const all = Object.keys(payload);
    return all.length ? `an object with ${all.slice(0, 5).join(', ')}${all.length > 5 ? ', ...' : ''}` : 'an empty object';
  }
  return `a ${typeof payload}`;
}
