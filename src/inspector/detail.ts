// What the detail view of one record shows, as data: headers (secrets masked unless asked), the
// body pretty-printed with its issues placed, the decoded text and form fields, the raw bytes as
// hex, and the links to repeats. The page only lays this out.
import { findKind } from '../kinds/index.js';
import { extract, mappedFields } from '../mapping/extract.js';
import { resolveMapping } from '../mapping/resolve.js';
import { isSecretHeader, maskHeaders } from '../receiver/redact.js';
import { signatureExpected } from '../receiver/signature.js';
import { isSecretName, maskQuery, maskQueryString } from '../util/secrets.js';
import type { CaptureRecord } from '../capture/record.js';
import { signingOf, type ReplaySecret } from '../capture/arrival-signing.js';
import { readableHeader, recordQuery } from '../capture/request-fields.js';
import type { Catalogue, Entry } from './catalogue.js';
import { drawableJson, MAX_DEPTH, prettyLines } from './pretty.js';
import { firstInexactInteger, nestsDeeperThan } from '../util/deep-json.js';
import { stringifyWithTexts, textsByValue } from '../util/number-texts.js';
import { decodedText, numbersAsSent, recordHeader } from '../capture/body-text.js';
import type { Detail, PrettyBody } from './wire.js';
import { hexRows } from '../util/hex.js';
import { mediaType, parseForm } from '../util/form.js';

const TEXT_LIMIT = 256 * 1024;
const HEX_LIMIT = 64 * 1024;
// The most characters of one pretty JSON line's value the detail sends (whk's choice, as TEXT_LIMIT):
// the page draws a value in one unwrapped span, and a 3,000,000-character string (~21.7 million px
// wide) painted nothing in Chromium, where 1,048,576 characters still painted. Past it the line says
// how many it left out (PrettyLine.more); the download and the curl command keep the whole body.
export const LINE_CHARS = 256 * 1024;

/**
 * `draw`: how the body is drawn (drawnBody here, or on the worker thread for a large one:
 * detail-answer.ts), given the record with its messages in the page's words.
 */
export async function buildDetail(
  entry: Entry,
  catalogue: Catalogue,
  options: { showSecrets: boolean; secretHeaders: readonly string[]; replaySecret?: ReplaySecret | undefined; wording?: ((text: string) => string) | undefined },
  draw: (record: CaptureRecord) => Promise<PrettyBody | null> = drawnBody,
): Promise<Detail> {
  const { row } = entry;
  const record = worded(entry.record, pageIdsFor(entry, catalogue, options.wording));
  const raw = Buffer.from(record.bodyBase64, 'base64');
  const json = await draw(record);
  const text = json === null ? await decodedText(raw, record) : null;
  const binary = text === null ? null : binaryReason(record, text);
  const decoded = binary === null ? text : null;
  return {
    // The list's row cuts its texts short; the detail is of one record, whose target is read whole
    // (bounded by the receiver's header limit, or by the capture file).
    row: { ...row, path: record.path, query: maskQueryString(recordQuery(record)) },
    headers: shownHeaders(record, options),
    masked: !options.showSecrets && (Object.keys(record.headers).some((name) => isSecretHeader(name, options.secretHeaders)) || Object.keys(record.query).some(isSecretName)),
    query: pairs(options.showSecrets ? record.query : maskQuery(record.query)),
    json,
    text: decoded === null ? null : decoded.slice(0, TEXT_LIMIT),
    textCut: decoded !== null && decoded.length > TEXT_LIMIT,
    binary,
    tooDeep: record.body !== null && json === null,
    // A form whose field holds JSON (Travis CI's payload) is drawn as that JSON: its fields are
    // the record's, so the page can say where the JSON came from.
    form: record.form?.fields ?? (decoded !== null && isForm(record) ? parseForm(decoded).fields : null),
    formJson: record.form?.json ?? null,
    files: record.form?.files ?? null,
    hex: { rows: hexRows(raw.subarray(0, HEX_LIMIT)), shown: Math.min(raw.length, HEX_LIMIT), total: raw.length },
    unseen: record.unseen === true,
    issues: record.issues,
    warnings: record.warnings,
    notes: record.notes ?? [],
    signature: record.signature ?? null,
    signatureExpected: record.signature ? null : signatureExpected(record.kind === null ? undefined : findKind(record.kind), record.headers),
    signAnew: signingOf(record, options.replaySecret)?.sign ?? null,
    idempotencyId: record.idempotencyId ?? null,
    duplicateBy: record.retryOf != null ? 'retry' : (record.duplicateBy ?? null),
    repeats: catalogue.repeatsOf(entry.id),
    sameIdempotency: catalogue.sameIdempotency(entry.id),
    ...(await mappedOf(record, raw)),
    forward: record.forward ?? null,
    sizes: { wire: row.size, decoded: record.decodedSize ?? null, truncated: record.truncated },
  };
}

/** The parsed body pretty-printed with its issues placed, as the detail sends it; null when there is none to draw (none, or too deep). */
export async function drawnBody(record: CaptureRecord): Promise<PrettyBody | null> {
  const json = drawableJson(record.body);
  return json === null ? null : longValuesCut(prettyLines(json, record.issues, undefined, await numbersAsSent(Buffer.from(record.bodyBase64, 'base64'), record, json)));
}

/** Each line's value cut to LINE_CHARS characters, never between the halves of a surrogate pair, saying how many it left out. */
function longValuesCut(body: PrettyBody): PrettyBody {
  const cut = (text: string): string => text.slice(0, /[\uD800-\uDBFF]/.test(text.charAt(LINE_CHARS - 1)) ? LINE_CHARS - 1 : LINE_CHARS);
  const lines = body.lines.map((line) => {
    if (line.text.length <= LINE_CHARS) return line;
    const text = cut(line.text);
    return { ...line, text, more: line.text.length - text.length };
  });
  return { ...body, lines };
}

/** The record with its messages (issues, warnings, notes, the signature's reason) in the page's words. */
function worded(record: CaptureRecord, wording: (text: string) => string): CaptureRecord {
  const signature = record.signature && typeof record.signature.reason === 'string' ? { ...record.signature, reason: wording(record.signature.reason) } : record.signature;
  return {
    ...record,
    issues: record.issues.map((issue) => ({ ...issue, message: wording(issue.message) })),
    warnings: record.warnings.map(wording),
    ...(record.notes === undefined ? {} : { notes: record.notes.map(wording) }),
    ...(signature === undefined ? {} : { signature }),
  };
}

// The receiver names the request a repeat of an idempotencyId refers to by its seq (duplicates.ts).
const SEQ_NAMED = /(same idempotencyId(?: and content)? as request )#(\d+)/g;

/**
 * `wording`, and the request a message names by its seq (`request #88`) named by its number on the
 * page: in a file of several sessions, each numbering from 1, #88 on the page is another request.
 * It is the latest record before this one that holds the seq and the same idempotencyId.
 */
function pageIdsFor(entry: Entry, catalogue: Catalogue, wording: ((text: string) => string) | undefined): (text: string) => string {
  const same = catalogue.sameIdempotency(entry.id).filter((id) => id < entry.id);
  const pageId = (seq: number): number | undefined => same.findLast((id) => catalogue.get(id)?.row.seq === seq);
  const named = (text: string): string =>
    text.replace(SEQ_NAMED, (whole, words: string, digits: string) => {
      const seq = Number(digits);
      const id = pageId(seq);
      if (id !== undefined) return `${words}#${id}`;
      // Not on the page: named by its seq, unless #seq here is that very request.
      return catalogue.get(seq)?.row.seq === seq ? whole : `${words}seq ${seq} (not on this page)`;
    });
  return wording ? (text) => wording(named(text)) : named;
}

/** The headers as [name, value] pairs, secrets masked unless asked. */
export function shownHeaders(record: CaptureRecord, options: { showSecrets: boolean; secretHeaders: readonly string[] }): [string, string][] {
  return pairs(options.showSecrets ? record.headers : maskHeaders(record.headers, options.secretHeaders)).map(([name, value]) => [name, readableHeader(value)]);
}

/** What the receiver's mapping recorded, or else what the kind's default mapping extracts, with the digits sent of its integers past 2^53. */
async function mappedOf(record: CaptureRecord, raw: Buffer): Promise<Pick<Detail, 'mapped' | 'mappedBy' | 'mappedTexts'>> {
  const found = mappingOf(record);
  return { ...found, mappedTexts: await textsSent(found.mapped, raw, record) };
}

function mappingOf(record: CaptureRecord): Pick<Detail, 'mapped' | 'mappedBy'> {
  if (record.mapped !== undefined) return { mapped: drawableMapped(record.mapped), mappedBy: 'record' };
  const kind = record.kind === null || record.body === null ? undefined : findKind(record.kind);
  if (!kind?.mapping) return { mapped: null, mappedBy: null };
  // The default mapping as whk map applies it: the template, then the mapped fields its integration type requires.
  const mapping = resolveMapping({ kind: kind.id }, findKind, kind.id);
  return { mapped: drawableMapped(mappedFields(extract(record.body, mapping))), mappedBy: 'kind' };
}

/**
 * The values of the mapping's fields that hold an integer past 2^53, as JSON written with the digits
 * the body sent them with: the parsed value holds the nearest double (12345678901234567000 for
 * ...891), which the page would draw. Null when no value holds such an integer.
 */
async function textsSent(mapped: unknown, raw: Buffer, record: CaptureRecord): Promise<Detail['mappedTexts']> {
  const shaped = mapped as { values?: unknown; mapped?: unknown } | null;
  if (!isFields(shaped?.values) || firstInexactInteger(mapped) === undefined) return null;
  // The body's numbers, read again from its bytes, found by value: a mapped field is at another path.
  const sent = (await numbersAsSent(raw, record, mapped)) ?? new Map<string, string>();
  const written = (values: Record<string, unknown>): Record<string, string> =>
    Object.fromEntries(Object.entries(values).flatMap(([name, value]) => (firstInexactInteger(value) === undefined ? [] : [[name, stringifyWithTexts(value, textsByValue(value, sent)).text]])));
  return { values: written(shaped.values), mapped: isFields(shaped.mapped) ? written(shaped.mapped) : {} };
}

const TOO_DEEP = `(nests deeper than ${MAX_DEPTH} levels: not drawn; the body is in the capture file)`;

/**
 * The mapped fields with any value nested deeper than MAX_DEPTH replaced by a note: a sender's field
 * of '[' × 10,000 overflowed JSON.stringify (the detail answered 500) and would the page's too. In
 * the { values, problems } shape each value is replaced alone, so the other fields still show.
 */
export function drawableMapped(mapped: unknown): unknown {
  const shaped = mapped as { values?: unknown; mapped?: unknown; problems?: unknown } | null;
  if (isFields(shaped?.values) && Array.isArray(shaped?.problems)) {
    const out: Record<string, unknown> = { ...shaped, values: drawableValues(shaped.values) };
    if (isFields(shaped.mapped)) out['mapped'] = drawableValues(shaped.mapped);
    // Two levels for the shape itself (the record, then `values`); anything else too deep (a hand-made problem) falls through.
    if (!nestsDeeperThan(out, MAX_DEPTH + 2)) return out;
  }
  return nestsDeeperThan(mapped, MAX_DEPTH) ? TOO_DEEP : mapped;
}

function isFields(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function drawableValues(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, nestsDeeperThan(value, MAX_DEPTH) ? TOO_DEEP : value]));
}

/** The header (or query) object as [name, value] pairs, repeated values joined as they came. */
export function pairs(values: Record<string, string | string[]>): [string, string][] {
  return Object.entries(values).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]);
}

// whk's choice: a body is shown as bytes alone when its Content-Type is of a binary family (a
// structured +json or +xml type is text), or when its first 8 kB hold a NUL, git's test for a binary
// file. Drawn as text, an image is thousands of escapes and replacement characters.
const BINARY_TYPE = /^(?:(?:image|audio|video|font)\/.+|application\/(?:octet-stream|pdf|zip|gzip|x-gzip|x-tar|protobuf|x-protobuf|vnd\.google\.protobuf|msgpack|x-msgpack|cbor))$/;
const BINARY_SNIFF_CHARS = 8000;

/** Why the decoded body is binary (`Content-Type image/png`, `NUL bytes`), or null for text. */
export function binaryReason(record: CaptureRecord, text: string): string | null {
  const type = mediaType(recordHeader(record, 'content-type')) ?? '';
  if (BINARY_TYPE.test(type) && !/\+(?:json|xml)$/.test(type)) return `Content-Type ${type}`;
  return text.slice(0, BINARY_SNIFF_CHARS).includes('\0') ? 'NUL bytes' : null;
}

function isForm(record: CaptureRecord): boolean {
  return mediaType(recordHeader(record, 'content-type')) === 'application/x-www-form-urlencoded';
}
