// The capture record: one NDJSON line per request received by `whk listen --save`. The receiver
// writes it; validate, map and replay read it.
import type { SchemeParams, SchemeVerdict } from '../signing/index.js';
import { oneLine } from '../util/hex.js';
import { isRecord } from '../util/json.js';
import type { FormFile } from '../util/multipart.js';
import type { Issue } from '../validate/issues.js';

/**
 * The longest capture line whk reads back (replay, inspect, verify, map): the receiver never writes a
 * longer one (capture/serialize.ts leaves out what it derived from the body first).
 */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;

export interface CaptureRecord {
  receivedAt: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /**
   * The query exactly as sent (after '?'), only when there was one: what a re-send and a URL
   * signature need (written since replay kept queries byte for byte; older records lack it).
   */
  rawQuery?: string;
  headers: Record<string, string | string[]>;
  /** The raw request body as received (before decompression), base64. */
  bodyBase64: string;
  /**
   * The decoded, parsed JSON body (for a form body, the JSON its field holds: see form); null when
   * there is no JSON (see issues, form, text).
   */
  body: unknown;
  /**
   * How the body was encoded: the Content-Encoding's codings as the header lists them ('gzip, br':
   * gzip applied first), 'identity' (also when the header says so of bytes that begin 1f 8b: a warning
   * says it), or 'gzip (sniffed)' when only the magic bytes said so. The listen summary tallies a list
   * as one key, 'gzip+br' (receiver/summary.ts encodingKey).
   */
  encoding: string;
  /** The body went over --max-body: bodyBase64 holds only the first bytes. */
  truncated: boolean;
  kind: string | null;
  /** A kind, and no issues: a request of no known kind (see shape) is not valid, and not invalid either. */
  valid: boolean;
  issues: Issue[];
  warnings: string[];
  /** The HTTP status whk answered. */
  status: number;
  /**
   * That answer never reached the sender: its connection was gone first (it hung up, or whk's HTTP
   * server refused bytes after the request and closed it; a warning says which). Absent otherwise.
   */
  unseen?: true;
  // Written by `whk listen` since the receiver issue; optional so older captures still read.
  /** 1-based number of the request in its listen session. */
  seq?: number;
  /** Bytes received on the wire (counted past --max-body too). */
  size?: number;
  /** Bytes after decompression; null when the body could not be decoded. */
  decodedSize?: number | null;
  kindSource?: 'given' | 'detected' | 'none';
  /** Fields the kind's schema does not list, each note worded for who writes the kind's body. */
  notes?: string[];
  /** The sender's idempotency id, for kinds that have one. */
  idempotencyId?: string | null;
  /** The earlier request (seq) this one repeats, by idempotency id or by identical body. */
  duplicateOf?: number | null;
  duplicateBy?: 'idempotency-id' | 'body' | null;
  /** The earlier request (seq) this one repeats after an answer that was not 2xx: the sender's retry of it. */
  retryOf?: number | null;
  /** With --secret or --verify: the verdict of the signature scheme ('replayed': a message id with its signed timestamp accepted before); null when none applies. */
  signature?: {
    scheme?: string;
    header: string;
    verdict: SchemeVerdict | 'replayed';
    reason?: string;
    /** The settings it was checked with (`--verify hmac` or `grafana`'s), when any were given. */
    params?: SchemeParams;
  } | null;
  /** With --forward-to: what the app answered, or why it could not. */
  forward?: { url: string; status: number | null; error: string | null; ms: number } | null;
  /** For kinds with events: the event the request named (its event header) or the body names. */
  event?: string | null;
  /**
   * A form body (application/x-www-form-urlencoded or multipart/form-data): its fields in order
   * (repeats kept), the field whose JSON is `body`, and, for multipart (written since whk read it),
   * its file parts described (their bytes are in bodyBase64).
   */
  form?: { fields: [string, string][]; json: string | null; files?: FormFile[] };
  /** A text body (text/plain, XML) that is not JSON. */
  text?: string;
  /** A request no kind claims: what it looked like. */
  shape?: RequestShape;
  /** What the receiver's map hook extracted from the body. */
  mapped?: unknown;
  /**
   * Fields the record leaves out ('body', 'text', 'form', 'mapped'): with them its line would be
   * longer than MAX_RECORD_BYTES (body is then null, and says nothing of the body; bodyBase64 holds it).
   */
  leftOut?: string[];
  [extra: string]: unknown;
}

export interface RequestShape {
  /** The first header whose name says "event", as 'name: value'. */
  eventHeader: string | null;
  contentType: string | null;
  body: 'json' | 'json array' | 'form' | 'text' | 'empty' | 'other';
  /** The top-level keys of the JSON (of its first element), or a form's field names; the first 20. */
  keys: string[];
  /** Keys past the first 20. */
  moreKeys: number;
  /** A multipart form's file parts, "field (filename)", the first 20; absent when it has none. */
  files?: string[];
  /** File parts past the first 20. */
  moreFiles?: number;
}

/** What a record of no kind is called where a kind would be named (replay's lines, `--kind`). */
export const NO_KIND = 'unknown';

/** How many keys (and file parts) a shape names, the rest counted. */
export const MAX_SHAPE_KEYS = 20;

/** The keys a shape names: the first MAX_SHAPE_KEYS, and how many more there are. */
export function shownKeys(keys: readonly string[]): Pick<RequestShape, 'keys' | 'moreKeys'> {
  return { keys: keys.slice(0, MAX_SHAPE_KEYS), moreKeys: Math.max(0, keys.length - MAX_SHAPE_KEYS) };
}

/** Valid: of a kind, with no issues (a request no kind claims is unknown, not valid). */
export function isValid(record: Pick<CaptureRecord, 'kind' | 'issues'>): boolean {
  return record.kind !== null && record.issues.length === 0;
}

/** A request no kind claims, and nothing else wrong with it: neither valid nor invalid. */
export function isUnknown(record: Pick<CaptureRecord, 'kind' | 'issues'>): boolean {
  return record.kind === null && record.issues.length === 0;
}

/** An unknown request in one short line: "form, X-Event-Key: push, keys a, b, c (+3 more)". */
export function shapeText(shape: RequestShape): string {
  const parts: string[] = [shape.body];
  if (shape.eventHeader) parts.push(shape.eventHeader);
  if (shape.contentType) parts.push(shape.contentType);
  const shown = shape.keys.slice(0, 5);
  const more = shape.keys.length - shown.length + shape.moreKeys;
  if (shown.length) parts.push(`keys ${shown.join(', ')}${more > 0 ? ` (+${more} more)` : ''}`);
  const files = shape.files ?? [];
  const shownFiles = files.slice(0, 3);
  const moreFiles = files.length - shownFiles.length + (shape.moreFiles ?? 0);
  if (shownFiles.length) parts.push(`files ${shownFiles.join(', ')}${moreFiles > 0 ? ` (+${moreFiles} more)` : ''}`);
  // A JSON key may hold a newline: the line stays one line (listen, check and the page show it).
  return oneLine(parts.join(', '));
}

/** The record leaves out the parsed body (serialize.ts): its `body` null says nothing of the body. */
export function bodyLeftOut(record: CaptureRecord): boolean {
  // A file edited by hand may hold anything there.
  return Array.isArray(record.leftOut) && record.leftOut.includes('body');
}

/**
 * The body was JSON `null` itself, which the record's `body` (null: no JSON) cannot tell apart: the
 * request's shape says JSON (an unknown request), its form field held JSON, or, for a record without
 * either (a kind's, an older one), its bytes as received are `null`.
 */
export function heldJsonNull(record: CaptureRecord): boolean {
  if (record.body !== null || bodyLeftOut(record)) return false;
  if (record.form) return typeof record.form.json === 'string';
  if (isRecord(record.shape)) return record.shape.body === 'json';
  // Only a short body can be `null` (with some white space): a large one is not decoded to find out.
  return record.encoding === 'identity' && record.truncated === false && record.bodyBase64.length <= 64 && Buffer.from(record.bodyBase64, 'base64').toString('utf8').trim() === 'null';
}

/**
 * What a record whose `body` is null received instead of JSON, as a phrase ("its body is …"): the
 * words validate and `kind --from-capture` both say it in.
 */
export function unparsedBody(record: CaptureRecord): string {
  if (bodyLeftOut(record)) return 'left out of its record (its line would have been longer than whk reads back)';
  // Cut short, a JSON body is not JSON: the cut is what to say.
  if (record.truncated === true) return `cut short: only its first ${decodedLength(record.bodyBase64)} bytes were recorded (it went over the receiver's body limit)`;
  if (heldJsonNull(record)) return 'JSON null';
  if (record.form) return `a form whose fields hold no JSON (${formFieldNames(record.form.fields) || 'no fields'})`;
  if (record.text !== undefined) return 'text, not JSON';
  // An older record has no shape: its empty bytes say it.
  return (isRecord(record.shape) && record.shape.body === 'empty') || record.bodyBase64 === '' ? 'empty' : 'not JSON';
}

/** How many bytes a base64 text holds, without decoding it. */
function decodedLength(base64: string): number {
  return (base64.length / 4) * 3 - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0);
}

/** The names of a form's fields, once each; a record edited by hand may hold anything there. */
function formFieldNames(fields: unknown): string {
  if (!Array.isArray(fields)) return '';
  const names = fields.map((field: unknown) => (Array.isArray(field) && typeof field[0] === 'string' ? field[0] : undefined)).filter((name) => name !== undefined);
  return [...new Set(names)].join(', ');
}

/** Looks like a capture record (to tell one from a payload); recordProblem says whether it is a whole one. */
export function isCaptureRecord(value: unknown): value is CaptureRecord {
  return (
    isRecord(value) &&
    typeof value['bodyBase64'] === 'string' &&
    typeof value['receivedAt'] === 'string' &&
    'body' in value
  );
}

const isStringMap = (value: unknown): boolean =>
  isRecord(value) && Object.values(value).every((v) => typeof v === 'string' || (Array.isArray(v) && v.every((one) => typeof one === 'string')));

// Buffer.from(text, 'base64') never throws: it skips what is not base64, so a damaged body would be
// re-sent as other bytes. The alphabet, '=' only as the padding, and whole groups of four.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const isBase64 = (value: unknown): boolean => typeof value === 'string' && value.length % 4 === 0 && BASE64.test(value);

const RAW_QUERY = /^[^\s#\u0000-\u001f\u007f]*$/;

// The fields a record must carry, with their types, for a request to be re-sent or shown from it;
// those only a capture record has come first, so a payload given by mistake is named by them.
const REQUIRED: readonly (readonly [string, string, (value: unknown) => boolean])[] = [
  ['receivedAt', 'a string', (v) => typeof v === 'string'],
  ['bodyBase64', 'a base64 string (the body as received)', isBase64],
  ['body', 'any JSON value', () => true],
  ['method', 'an HTTP method', (v) => typeof v === 'string' && /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(v)],
  ['path', 'a string', (v) => typeof v === 'string'],
  ['query', 'an object of strings', isStringMap],
  ['headers', 'an object of strings', isStringMap],
  ['encoding', 'a string', (v) => typeof v === 'string'],
  ['truncated', 'true or false', (v) => typeof v === 'boolean'],
  ['kind', 'a string or null', (v) => v === null || typeof v === 'string'],
];

const isString = (v: unknown): boolean => typeof v === 'string';
const isCount = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;
const orNull = (test: (v: unknown) => boolean) => (v: unknown) => v === null || test(v);
const listOf = (test: (v: unknown) => boolean) => (v: unknown) => Array.isArray(v) && v.every(test);
const isPair = (v: unknown): boolean => Array.isArray(v) && v.length === 2 && isString(v[0]) && isString(v[1]);
const isFileInfo = (v: unknown): boolean => isRecord(v) && isString(v['name']) && isString(v['filename']) && orNull(isString)(v['contentType']) && isCount(v['size']);

// The fields whk writes since later releases (absent from older records), with their types when
// present: the page shows them, and one of another type (a hand edit) made it fail on the record
// (issues [5] or form.fields 'x' threw; a seq of '1' read as "the capture file changed").
const OPTIONAL: readonly (readonly [string, string, (value: unknown) => boolean])[] = [
  ['valid', 'true or false', (v) => typeof v === 'boolean'],
  ['issues', 'a list of {path, message}', listOf((v) => isRecord(v) && isString(v['path']) && isString(v['message']))],
  ['warnings', 'a list of strings', listOf(isString)],
  ['notes', 'a list of strings', listOf(isString)],
  ['status', 'an HTTP status', isCount],
  ['unseen', 'true', (v) => v === true],
  ['seq', 'a request number', isCount],
  ['size', 'a number of bytes', isCount],
  ['decodedSize', 'a number of bytes or null', orNull(isCount)],
  ['kindSource', 'a string', isString],
  ['idempotencyId', 'a string or null', orNull(isString)],
  ['duplicateOf', 'a request number or null', orNull(isCount)],
  ['duplicateBy', 'a string or null', orNull(isString)],
  ['retryOf', 'a request number or null', orNull(isCount)],
  ['signature', 'null or {header, verdict}', orNull((v) => isRecord(v) && isString(v['header']) && isString(v['verdict']))],
  ['forward', 'null or {url, status, error, ms}', orNull((v) => isRecord(v) && isString(v['url']))],
  ['form', '{fields: [name, value] pairs, json, files?}', (v) => isRecord(v) && listOf(isPair)(v['fields']) && orNull(isString)(v['json']) && (v['files'] === undefined || listOf(isFileInfo)(v['files']))],
  ['text', 'a string', isString],
  ['shape', '{body, keys, ...}', (v) => isRecord(v) && isString(v['body']) && listOf(isString)(v['keys']) && (v['files'] === undefined || listOf(isString)(v['files']))],
];

// How every line whk writes begins (receivedAt is a record's first field): a torn record has it.
const RECORD_START = '{"receivedAt":';

/** A line a save cut short: it begins as every record does, and is not JSON (read.ts leaves it out). */
export function beginsAsRecord(line: string): boolean {
  return line.trimStart().startsWith(RECORD_START);
}

/**
 * Why the first line of a file is not a capture record, or null when it is one: whole, damaged (see
 * claimsToBeRecord) or torn (a save cut short; it begins as every record does). What makes a file a
 * capture file, for map (read it as one) and the store (append to it).
 */
export function captureLineProblem(line: string): string | null {
  if (beginsAsRecord(line)) return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  return claimsToBeRecord(value) ? null : (recordProblem(value) ?? 'not a capture record');
}

/**
 * A capture record, whole or damaged, not a payload: it has `bodyBase64` (no payload does), or all
 * the fields a record must carry but one. Map reads such a file as a capture file, so a damaged
 * record is refused as the other readers refuse it, not mapped as a payload of its own fields.
 */
export function claimsToBeRecord(value: unknown): boolean {
  if (!isRecord(value)) return false;
  if ('bodyBase64' in value) return true;
  // Counted without a list: validate asks this of every payload object it reads.
  let missing = 0;
  for (const [field] of REQUIRED) if (!(field in value) && ++missing > 1) return false;
  return true;
}

/**
 * What is missing or of the wrong type in a capture record (the first such field), or null: the
 * check of a record read back from a file before anything is sent or shown from it.
 */
export function recordProblem(value: unknown): string | null {
  if (!isRecord(value)) return `a ${Array.isArray(value) ? 'JSON array' : value === null ? 'null' : typeof value}, not an object`;
  for (const [field, type, ok] of REQUIRED) {
    if (!(field in value)) return `no '${field}'`;
    if (!ok(value[field])) return `'${field}' is not ${type}`;
  }
  if (value['event'] != null && typeof value['event'] !== 'string') return "'event' is not a string";
  for (const [field, type, ok] of OPTIONAL) if (value[field] !== undefined && !ok(value[field])) return `'${field}' is not ${type}`;
  // Re-sent as written after '?': what an HTTP request-target cannot hold would change the URL.
  if (value['rawQuery'] !== undefined && !(typeof value['rawQuery'] === 'string' && RAW_QUERY.test(value['rawQuery']))) return "'rawQuery' is not a query as sent (a string with no space, '#' or control character)";
  return null;
}
