// A capture record judged as the receiver judged its request: the kind and event detected from the
// recorded headers and body together (the event header first), and a request no kind claims
// unknown, neither valid nor invalid, as listen counts it, unless a kind is given.
import { bodyLeftOut, heldJsonNull, shapeText, unparsedBody, type CaptureRecord, type RequestShape } from '../capture/record.js';
import { headerText } from '../capture/request-fields.js';
import { detectByHeader } from '../kinds/detect.js';
import { listKinds } from '../kinds/index.js';
import type { Kind } from '../kinds/types.js';
import { isRecord, repairOf } from '../util/json.js';
import type { ValidationResult } from './against.js';
import type { Issue } from './issues.js';
import { judgeRequest } from './request.js';
import type { CommaRepair } from './stray-commas.js';

export interface CapturedResult extends ValidationResult {
  /** A request no kind claims, as listen calls it (not a failure): what it looked like. */
  unknown?: string;
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
  if (record.body === null && !heldJsonNull(record)) return { result: withoutJson(record, recorded, options.kind, kinds), warnings: recorded.warnings, repairs: [] };
  const given = options.kind === undefined ? undefined : kinds.find((k) => k.id === options.kind);
  const verdict = judgeRequest(record.body, record.headers, { kinds, kind: options.kind, given });
  const kind = verdict.kind?.id ?? options.kind ?? null;
  const result: CapturedResult = { valid: kind !== null && verdict.issues.length === 0, kind, kindSource: verdict.kindSource, issues: verdict.issues, warnings: verdict.warnings, notes: verdict.notes };
  if (kind === null && verdict.issues.length === 0) result.unknown = unknownWords(record);
  return { result, warnings: recorded.warnings, repairs: recorded.warnings.map(repairOf).filter((repair) => repair !== undefined) };
}

/**
 * A record with no JSON to judge: the receiver's issues (a body that is not the JSON it claims), or
 * unknown where the receiver found no kind and nothing wrong (a text, an empty probe), unless a kind
 * is given or its event header names one (as listen now reads a record an older whk called unknown).
 * Invalid for that kind, and for a record without a verdict of its own or whose body it left out
 * (validate cannot judge what it does not hold, and says so).
 */
function withoutJson(record: CaptureRecord, recorded: { issues: Issue[]; given: boolean }, kind: string | undefined, kinds: readonly Kind[]): CapturedResult {
  const recordedKind = typeof record.kind === 'string' ? record.kind : null;
  const named = kind === undefined && recordedKind === null ? detectByHeader(record.headers, kinds) : undefined;
  const found = kind ?? recordedKind ?? (named?.status === 'detected' ? named.kind.id : null);
  if (found === null && recorded.given && recorded.issues.length === 0 && !bodyLeftOut(record)) {
    return { valid: false, kind: null, kindSource: 'none', issues: [], warnings: [], notes: [], unknown: unknownWords(record) };
  }
  const issues = recorded.issues.length ? recorded.issues : [{ path: '$', message: notJson(record) }];
  return { valid: false, kind: found, kindSource: kind !== undefined ? 'given' : named?.status === 'detected' ? 'detected' : recordedSource(record, recordedKind), issues, warnings: [], notes: [] };
}

/** How the receiver chose the kind it recorded, as far as the record says. */
function recordedSource(record: CaptureRecord, recordedKind: string | null): CapturedResult['kindSource'] {
  return recordedKind !== null && (record.kindSource === 'given' || record.kindSource === 'detected') ? record.kindSource : 'none';
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

const MAX_SHAPE_KEYS = 20;

/**
 * An unknown request in the words listen's line gives it: the shape the receiver recorded, else
 * (a record whose kind the receiver had told) one read from the record's body and Content-Type.
 */
function unknownWords(record: CaptureRecord): string {
  if (isRecord(record.shape)) return `no known kind claims it (${shapeText(record.shape)})`;
  const body: unknown = record.body;
  if (body === null && !heldJsonNull(record)) return `no known kind claims it (${unparsedBody(record)})`;
  const item: unknown = Array.isArray(body) ? body[0] : body;
  const keys = isRecord(item) ? Object.keys(item) : [];
  const shape: RequestShape = {
    eventHeader: null,
    contentType: headerText(record.headers['content-type']) ?? null,
    body: Array.isArray(body) ? 'json array' : 'json',
    keys: keys.slice(0, MAX_SHAPE_KEYS),
    moreKeys: Math.max(0, keys.length - MAX_SHAPE_KEYS),
  };
  return `no known kind claims it (${shapeText(shape)})`;
}
