// A capture record judged as the receiver judged its request: the kind and event detected from the
// recorded headers and body together (the event header first), and a request no kind claims
// unknown, neither valid nor invalid, as listen counts it, unless a kind is given.
import { bodyLeftOut, heldJsonNull, shapeText, shownKeys, unparsedBody, type CaptureRecord, type RequestShape } from '../capture/record.js';
import { headerText } from '../capture/request-fields.js';
import { detectByHeader } from '../kinds/detect.js';
import { listKinds } from '../kinds/index.js';
import type { Kind } from '../kinds/types.js';
import { mediaType } from '../util/form.js';
import { isRecord, repairOf } from '../util/json.js';
import type { ValidationResult } from './against.js';
import type { Issue } from './issues.js';
import { notPayloadMessage, type BodyWithoutJson } from './not-json.js';
import { recordedRequestIssues } from './recorded-request.js';
import { judgeRequest } from './request.js';
import { strayCommaIssues, type CommaRepair } from './stray-commas.js';

export interface CapturedResult extends ValidationResult {
  /** A request no kind claims, as listen calls it (not a failure): what it looked like. */
  unknown?: string;
  /** The event the request named or its body names, for kinds with events (as listen shows it). */
  event?: string;
}

export interface CapturedVerdict {
  result: CapturedResult;
  /** The warnings the receiver recorded, to be told with the result. */
  warnings: string[];
  /** The stray commas the receiver read past in the body (from its warnings). */
  repairs: CommaRepair[];
}

export function judgeCaptured(record: CaptureRecord, options: { kind?: string | undefined; kinds?: readonly Kind[] | undefined }): CapturedVerdict {
  const recorded = recordedVerdict(record);
  const kinds = options.kinds ?? listKinds();
  const unknownKind = options.kind === undefined ? kindNotKnown(record, kinds) : undefined;
  if (unknownKind !== undefined) return asRecorded(record, recorded, unknownKind);
  const kind = options.kind ?? recordedGivenKind(record, kinds);
  const given = kind === undefined ? undefined : kinds.find((k) => k.id === kind);
  // The body is judged again; the request's own verdicts (signature, idempotencyId conflict) are listen's.
  const request = recordedRequestIssues(record, recorded.issues);
  if (record.body === null && !heldJsonNull(record)) {
    const bodyIssues = recorded.issues.filter((issue) => !request.own.includes(issue));
    return { result: withRequestIssues(withoutJson(record, { ...recorded, issues: bodyIssues }, given, kinds), request.issues), warnings: recorded.warnings, repairs: [] };
  }
  const verdict = judgeRequest(record.body, record.headers, { kinds, kind, given });
  const found = verdict.kind?.id ?? kind ?? null;
  const repairs = recorded.warnings.map(repairOf).filter((repair) => repair !== undefined);
  // A body of no kind read past stray commas is not JSON: invalid, as listen recorded it (a kind's verdict adds its own, files.ts).
  const issues = found === null && repairs.length > 0 ? [...strayCommaIssues(undefined, repairs), ...verdict.issues] : verdict.issues;
  const result: CapturedResult = { valid: found !== null && issues.length === 0, kind: found, kindSource: verdict.kindSource, issues, warnings: verdict.warnings, notes: verdict.notes };
  if (verdict.event !== undefined) result.event = verdict.event;
  if (found === null && issues.length === 0) result.unknown = unknownWords(record);
  return { result: withRequestIssues(result, request.issues), warnings: recorded.warnings, repairs };
}

/**
 * The body's verdict with the request's recorded issues after its own, as listen lists them: any
 * makes the record invalid, and a request no kind claims with one is invalid, not unknown (as listen counts it).
 */
function withRequestIssues(result: CapturedResult, issues: readonly Issue[]): CapturedResult {
  if (issues.length === 0) return result;
  const { unknown: _unknown, ...judged } = result;
  return { ...judged, valid: false, issues: [...result.issues, ...issues] };
}

/**
 * The kind a record was recorded as when the listener was given it (listen --kind): judged as that
 * kind, as the listener judged it, so one capture reads the same whatever its bodies hold.
 */
function recordedGivenKind(record: CaptureRecord, kinds: readonly Kind[]): string | undefined {
  if (record.kindSource !== 'given' || typeof record.kind !== 'string') return undefined;
  const kind = record.kind;
  return kinds.some((k) => k.id === kind) ? kind : undefined;
}

/** The kind a record was recorded as when this run does not know it (listen --schema's own kind, without --schema here). */
function kindNotKnown(record: CaptureRecord, kinds: readonly Kind[]): string | undefined {
  const kind = record.kind;
  return typeof kind === 'string' && !kinds.some((k) => k.id === kind) ? kind : undefined;
}

/**
 * A record of a kind this run cannot judge again, judged as listen recorded it (its issues, so an
 * invalid one stays invalid) with a note saying how to check it again: detection without that kind
 * would call it unknown, which is no failure, and an invalid request would pass.
 */
function asRecorded(record: CaptureRecord, recorded: { issues: Issue[]; warnings: string[] }, kind: string): CapturedVerdict {
  const note = `judged as recorded by listen: '${kind}' is not a kind whk knows (your own, from a JSON Schema?): validate with that schema to check the body again`;
  const kindSource = record.kindSource === 'given' ? 'given' : 'detected';
  const event = typeof record.event === 'string' ? { event: record.event } : {};
  return { result: { valid: recorded.issues.length === 0, kind, kindSource, ...event, issues: recorded.issues, warnings: [], notes: [note] }, warnings: recorded.warnings, repairs: [] };
}

/**
 * A record with no JSON to judge, judged as listen judges such a body: of the given kind, else of the
 * kind its event header names (not for a body cut short at --max-body, refused before listen told a kind),
 * invalid, in listen's words for that kind (not-json.ts); unknown where
 * neither names one and nothing is wrong (a text, an empty probe). A body listen could not read as
 * the JSON it claims keeps that issue, whatever the kind; a record whose body validate does not hold
 * (cut short, left out) is invalid, and says so.
 */
function withoutJson(record: CaptureRecord, recorded: { issues: Issue[]; given: boolean }, given: Kind | undefined, kinds: readonly Kind[]): CapturedResult {
  // A body cut short at --max-body was refused (413) before listen told its kind: named as listen named it.
  const named = given === undefined && record.truncated !== true ? detectByHeader(record.headers, kinds) : undefined;
  const kind = given ?? (named?.status === 'detected' ? named.kind : undefined);
  const event = named?.status === 'detected' ? named.event : undefined;
  const kindSource = given !== undefined ? 'given' : kind !== undefined ? 'detected' : 'none';
  const issues = contentIssues(record, recorded.issues);
  if (issues.length === 0 && kind !== undefined && !unheld(record)) issues.push({ path: '$', message: notPayloadMessage(bodyOf(record), kind.id) });
  if (issues.length === 0 && kind === undefined && (recorded.given || !claimedJson(record)) && !unheld(record)) {
    return { valid: false, kind: null, kindSource: 'none', issues: [], warnings: [], notes: [], unknown: unknownWords(record) };
  }
  if (issues.length === 0) issues.push({ path: '$', message: notJson(record) });
  return { valid: false, kind: kind?.id ?? null, kindSource, ...(event === undefined ? {} : { event }), issues, warnings: [], notes: [] };
}

/**
 * A body of a record with no recorded issues (an older whk's) that listen reads as JSON and fails on:
 * bytes labelled JSON or not labelled (content.ts reads JSON first). An empty body, a text, a form or
 * bytes labelled as something else carry no issue to listen, so such a request of no kind is unknown,
 * as a current record of it says; encoded bytes it may have failed to decode are left invalid.
 */
function claimedJson(record: CaptureRecord): boolean {
  if (record.bodyBase64 === '' || typeof record.text === 'string' || record.form !== undefined) return false;
  const media = mediaType(headerText(record.headers['content-type']));
  return record.encoding !== 'identity' || media === undefined || media.includes('json');
}

/** The body is not all here to say what it is: cut short at the receiver's limit, or left out of the record. */
function unheld(record: CaptureRecord): boolean {
  return record.truncated === true || bodyLeftOut(record);
}

/**
 * The recorded issues that are the body's own (not the JSON it claims to be), which listen gives
 * whatever the kind: those without the words listen gave for the kind it recorded.
 */
function contentIssues(record: CaptureRecord, issues: readonly Issue[]): Issue[] {
  if (typeof record.kind !== 'string') return [...issues];
  const kindWords = notPayloadMessage(bodyOf(record), record.kind);
  return issues.filter((issue) => issue.message !== kindWords);
}

/** The body of a record with no JSON, as listen read it: a form's fields, a text, nothing. */
function bodyOf(record: CaptureRecord): BodyWithoutJson {
  const form: unknown = record.form;
  const fields: unknown = isRecord(form) ? form['fields'] : undefined;
  const names = Array.isArray(fields) ? fields.map((field: unknown) => (Array.isArray(field) ? field[0] : undefined)).filter((name) => typeof name === 'string') : undefined;
  return { formFields: names === undefined ? undefined : [...new Set(names)], text: typeof record.text === 'string', empty: record.bodyBase64 === '' };
}

/**
 * The receiver's verdict a record carries, as far as it is well formed: the fields only `body`
 * needs are checked by isCaptureRecord, and a record from an older whk, the API or a hand edit may
 * lack `issues` and `warnings` or hold something else there (read as given, they crashed the run).
 * `given`: the record carries a list of issues at all (a verdict to agree with).
 */
function recordedVerdict(record: CaptureRecord): { issues: Issue[]; warnings: string[]; given: boolean } {
  const given = Array.isArray(record.issues);
  const issues = given ? record.issues.filter((issue: unknown) => isRecord(issue) && typeof issue['path'] === 'string' && typeof issue['message'] === 'string') : [];
  const warnings = Array.isArray(record.warnings) ? record.warnings.filter((warning: unknown) => typeof warning === 'string') : [];
  return { issues, warnings, given };
}

/** Why a captured body has nothing to validate: a form without JSON, a text, other bytes. */
function notJson(record: CaptureRecord): string {
  const body = `the captured body is ${unparsedBody(record)}`;
  return bodyLeftOut(record) ? `${body}: bodyBase64 holds the body, unjudged` : body;
}

/**
 * An unknown request in the words listen's line gives it: the shape the receiver recorded, else
 * (a record whose kind the receiver had told) one read from the record's body and Content-Type.
 */
function unknownWords(record: CaptureRecord): string {
  if (isRecord(record.shape)) return `no known kind claims it (${shapeText(record.shape)})`;
  const body: unknown = record.body;
  const contentType = headerText(record.headers['content-type']) ?? null;
  if (body === null && !heldJsonNull(record) && bodyOf(record).formFields === undefined) {
    // As listen's shape names a body with no JSON: empty, a text (its Content-Type says), or other bytes.
    const what = record.bodyBase64 === '' ? 'empty' : typeof record.text === 'string' || mediaType(contentType ?? undefined)?.startsWith('text/') === true ? 'text' : 'other';
    return `no known kind claims it (${shapeText({ eventHeader: null, contentType, body: what, keys: [], moreKeys: 0 })})`;
  }
  const item: unknown = Array.isArray(body) ? body[0] : body;
  // A form's JSON field is named by the form's field names, as listen's shape names them.
  const fields = bodyOf(record).formFields;
  const keys = fields ?? (isRecord(item) ? Object.keys(item) : []);
  const shape: RequestShape = {
    eventHeader: null,
    contentType,
    body: fields !== undefined ? 'form' : Array.isArray(body) ? 'json array' : 'json',
    ...shownKeys(keys),
  };
  return `no known kind claims it (${shapeText(shape)})`;
}
