// What a decoded body is: its content (JSON, a form and the JSON inside, text), which kind and
// event (the request's event header first, then the body's shape: detected once), valid or not,
// its idempotency id. A request no kind claims is unknown, not invalid, unless a known kind is
// asked for. Kind-generic: everything kind-specific comes from the Kind.
import { headerText, readableHeader } from '../capture/request-fields.js';
import { MAX_SHAPE_KEYS, shapeText, shownKeys, type RequestShape } from '../capture/record.js';
import { detectByHeader } from '../kinds/detect.js';
import type { Kind } from '../kinds/types.js';
import { mediaType } from '../util/form.js';
import type { FormFile } from '../util/multipart.js';
import { isRecord } from '../util/json.js';
import type { Issue } from '../validate/issues.js';
import { notPayloadMessage } from '../validate/not-json.js';
import { judgeRequest, type RequestVerdict } from '../validate/request.js';
import { strayCommaIssues } from '../validate/stray-commas.js';
import { readContent, type Content } from './content.js';

export interface Inspection {
  /** The parsed JSON body (for a form, the JSON its field holds); null when there is none. */
  body: unknown;
  /**
   * The JSON's own text, on one line, when it is strict JSON: a capture can embed it as is instead
   * of serializing the parsed value again (and a value too deep to serialize still gets recorded).
   */
  bodyJson: string | undefined;
  kind: Kind | undefined;
  kindSource: 'given' | 'detected' | 'none';
  /** For kinds with events: the event the request named (header) or the body names. */
  event: string | undefined;
  form: Content['form'];
  text: string | undefined;
  /** For a request no kind claims: its event header, content type and top-level keys. */
  shape: RequestShape | undefined;
  /** A kind, and no issues. */
  valid: boolean;
  issues: Issue[];
  warnings: string[];
  notes: string[];
  idempotencyId: string | undefined;
}

export interface InspectOptions {
  kinds: readonly Kind[];
  /** Validate as this kind instead of detecting it. */
  kind?: string | undefined;
  /** Any other kind is a failure. */
  expect?: string | undefined;
  /** A request of no known kind is a failure. */
  strict?: boolean | undefined;
  /** The request headers, lower-case names: Content-Type and the senders' event headers. */
  headers?: Readonly<Record<string, string | string[]>> | undefined;
}

export function inspectBody(bytes: Buffer, options: InspectOptions): Inspection {
  const headers = options.headers ?? {};
  const contentType = headerText(headers['content-type']);
  const content = readContent(bytes, mediaType(contentType), contentType);
  const given = options.kind === undefined ? undefined : options.kinds.find((k) => k.id === options.kind);
  const verdict: RequestVerdict = content.json ? judgeRequest(content.json.value, headers, { kinds: options.kinds, kind: options.kind, given }) : withoutJson(content, headers, given, options, bytes.length === 0);
  const shape = verdict.kind ? undefined : shapeOf(headers, contentType, content, bytes.length === 0);
  let issues = content.json && content.json.repairs.length > 0 ? [...strayCommaIssues(verdict.kind, content.json.repairs), ...verdict.issues] : verdict.issues;
  if (options.expect !== undefined && verdict.kind?.id !== options.expect) {
    issues = [{ path: '$', message: `expected kind '${options.expect}', got ${verdict.kind ? `'${verdict.kind.id}'` : 'an unknown kind'}` }, ...issues];
  } else if (options.strict && !verdict.kind && issues.length === 0 && shape) {
    issues = [{ path: '$', message: `no known kind claims it (${shapeText(shape)})` }];
  }
  const body = content.json?.value ?? null;
  return {
    body,
    bodyJson: content.json?.text,
    kind: verdict.kind,
    kindSource: verdict.kindSource,
    event: verdict.event,
    form: content.form,
    text: content.text,
    shape,
    valid: verdict.kind !== undefined && issues.length === 0,
    issues,
    warnings: verdict.warnings.length === 0 ? content.warnings : [...content.warnings, ...verdict.warnings],
    notes: verdict.notes,
    idempotencyId: verdict.kind && body !== null ? safeIdempotencyId(verdict.kind, body) : undefined,
  };
}

/**
 * A body with no JSON in it: of the given kind, else of the kind its event header names by itself
 * (a GitHub push cut short is GitHub's, invalid, not unknown). Nothing to validate, which is an
 * issue only when there is a kind (or the body claims to be JSON and is not).
 */
function withoutJson(content: Content, headers: Readonly<Record<string, string | string[]>>, given: Kind | undefined, options: InspectOptions, empty: boolean): RequestVerdict {
  if (given !== undefined || options.kind !== undefined) return { kind: given, kindSource: given ? 'given' : 'none', event: undefined, issues: notJsonIssues(content, given, empty), warnings: [], notes: [] };
  const named = detectByHeader(headers, options.kinds);
  if (named.status !== 'detected') return { kind: undefined, kindSource: 'none', event: undefined, issues: notJsonIssues(content, undefined, empty), warnings: [], notes: [] };
  return { kind: named.kind, kindSource: 'detected', event: named.event, issues: notJsonIssues(content, named.kind, empty), warnings: [], notes: [] };
}

/** Why a body with no JSON is not a payload of `kind`: the content's own issue, else what it is instead. */
function notJsonIssues(content: Content, kind: Kind | undefined, empty: boolean): Issue[] {
  if (content.issue) return [content.issue];
  if (!kind) return [];
  if (content.unparsed !== undefined) return [{ path: '$', message: `the body was not parsed (${content.unparsed}), so it cannot be checked as a ${kind.id} payload` }];
  const body = { formFields: content.form ? uniqueNames(content.form.fields) : undefined, text: content.text !== undefined, empty };
  return [{ path: '$', message: notPayloadMessage(body, kind.id) }];
}

// whk's choice: an unknown sender's event header is the first header whose name says "event".
const EVENT_HEADER = /event/i;

/** What an unknown request looked like, for the line that shows it and the capture record. */
function shapeOf(headers: Readonly<Record<string, string | string[]>>, contentType: string | undefined, content: Content, empty: boolean): RequestShape {
  const eventName = Object.keys(headers).find((name) => EVENT_HEADER.test(name));
  const value = content.json?.value;
  const item: unknown = Array.isArray(value) ? value[0] : value;
  // A form is named by its own field names, not by the keys of the JSON one holds (payload=<json>).
  const keys = content.form ? uniqueNames(content.form.fields) : isRecord(item) ? Object.keys(item) : [];
  return {
    // Shown as the UTF-8 its bytes are, as --headers and the page show a header (Node reads Latin-1).
    eventHeader: eventName === undefined ? null : `${eventName}: ${readableHeader(headerText(headers[eventName]) ?? '')}`,
    contentType: contentType ?? null,
    body: content.form ? 'form' : content.json ? (Array.isArray(value) ? 'json array' : 'json') : content.text !== undefined ? 'text' : empty ? 'empty' : 'other',
    ...shownKeys(keys),
    ...filesOf(content.form?.files),
  };
}

/** A multipart form's file parts, as the line names them: "field (filename)". */
function filesOf(files: readonly FormFile[] | undefined): Pick<RequestShape, 'files' | 'moreFiles'> {
  if (files === undefined || files.length === 0) return {};
  const shown = files.slice(0, MAX_SHAPE_KEYS).map((file) => `${file.name} (${file.filename})`);
  return files.length > MAX_SHAPE_KEYS ? { files: shown, moreFiles: files.length - MAX_SHAPE_KEYS } : { files: shown };
}

function uniqueNames(fields: readonly [string, string][]): string[] {
  return [...new Set(fields.map(([name]) => name))];
}

function safeIdempotencyId(kind: Kind, payload: unknown): string | undefined {
  try {
    const id = kind.idempotencyId?.(payload);
    return typeof id === 'string' && id !== '' ? id : undefined;
  } catch {
    return undefined;
  }
}
