// The path of one request, from what arrived to what is recorded and answered:
//   decode → parse, detect, validate → signature → duplicates → map → respond → capture line.
// Each step returns data; the record is put together once from what the steps found. No sockets
// here: server.ts reads the request, runs this, writes the capture line and the answer.
import { isValid, type CaptureRecord } from '../capture/record.js';
import { serialize } from '../capture/serialize.js';
import { headerText } from '../capture/request-fields.js';
import { messageOf } from '../errors.js';
import type { Kind } from '../kinds/types.js';
import type { Issue } from '../validate/issues.js';
import { decodeBody, headerEncoding, isPlain } from './decode.js';
import { duplicateFindings, type DuplicateCheck, type DuplicateFindings, type DuplicateTracker } from './duplicates.js';
import type { Forwarder } from './forward.js';
import { inspectBody, type Inspection } from './inspect.js';
import type { Lease } from './budget.js';
import type { Responder } from './responder.js';
import { BUSY_RETRY_AFTER_SECONDS, busyAnswer, refusal, rejection, shaped, type Answer, type AnswerShaping } from './answers.js';
import { signatureFindings, type SignatureFindings, type SignatureStepConfig } from './signature.js';
import type { SignedMessage } from '../signing/verifier.js';
import { isThenable, unawaited } from '../util/thenable.js';
import { reword, type Wording } from './wording.js';

export type { Answer } from './answers.js';

/**
 * A request as read off the socket: the capture record's fields that come from the request (seq and size
 * always known here), the request-target as sent, and the bytes kept (whole, or the first maxBody bytes).
 */
export type IncomingRequest = Pick<CaptureRecord, 'receivedAt' | 'method' | 'path' | 'query' | 'rawQuery' | 'headers'> &
  Required<Pick<CaptureRecord, 'seq' | 'size'>> & {
    target: string;
    bytes: Buffer;
    /** The budget of bodies in flight could not hold its bytes: none were kept. */
    busy?: boolean | undefined;
    /** Its share of that budget, which decompression draws on too. */
    lease?: Lease | undefined;
    /** What a stricter server refuses in the request itself (no Host header), recorded first among its warnings. */
    warnings?: readonly string[] | undefined;
  };

/**
 * A capture line, and the pieces it was made of when it was (serialize.ts), for the capture store to
 * copy one by one. One value, so a line made again (hang-up.ts) never keeps the pieces of the old one.
 */
export interface CaptureLine {
  text: string;
  parts?: readonly string[] | undefined;
}

export interface Processed {
  record: CaptureRecord;
  answer: Answer;
  /** The record's NDJSON line, when a capture file is kept. */
  line: CaptureLine | undefined;
  /** The body's bytes after Content-Encoding, when it was decoded (`listen --body` reads its numbers' digits in them). */
  decoded?: Buffer | undefined;
  /** The request was of a kind other than the expected one. */
  unexpected: boolean;
  /** Its idempotency id came before with other bytes. */
  conflict: boolean;
  /** The sender went on writing far past the limit: close the connection once answered. */
  cutOff: boolean;
  /** Refused (503) because the bodies in flight filled the memory budget: not acknowledged. */
  busy: boolean;
  /** Refused (413) for its size, on the wire or once inflated (the summary counts these). */
  oversize: boolean;
  /** The payloads it carries, told the status it is answered (duplicates.ts); none when its body was not read. */
  duplicateCheck: DuplicateCheck | undefined;
  /** It came signed and nothing was given to verify signatures with (no secret, no --verify). */
  unchecked: boolean;
  /** With --verify, a valid signed message with an id: told the status it is answered (remembered for 'replayed' once accepted). */
  signedMessage: SignedMessage | undefined;
}

export interface PipelineConfig extends SignatureStepConfig {
  kinds: readonly Kind[];
  /** Validate every body as this kind instead of detecting it. */
  kind: string | undefined;
  expect: string | undefined;
  /** A request of no known kind is a failure. */
  strict: boolean;
  /** Answer 401 to a request whose signature is not valid. */
  reject?: boolean | undefined;
  maxBody: number;
  /** Past maxBody, how much more a sender may write before it is cut off. */
  drainLimit: number;
  duplicates: DuplicateTracker;
  responder: Responder;
  forwarder: Forwarder | null;
  /** --delay and --retry-after, put on every answer (the script's, the app's, whk's own). */
  shaping: AnswerShaping;
  map: ((body: unknown, record: CaptureRecord) => unknown) | undefined;
  /** Build the capture line (only when a capture file is kept: it costs a serialization). */
  captureLines: boolean;
  /** How the record's texts name options (the CLI: as its flags); by default as fields. */
  wording?: Wording | undefined;
}

/** What the steps from decode to duplicates found out about the body. */
interface Findings {
  encoding: string;
  truncated: boolean;
  /** The body's bytes after Content-Encoding (the record's decodedSize is their length); undefined when it was not decoded. */
  decoded: Buffer | undefined;
  inspection: Pick<Inspection, 'body' | 'bodyJson' | 'kindSource' | 'issues' | 'warnings' | 'notes' | 'event' | 'form' | 'text' | 'shape'> & { kind: string | null; idempotencyId: string | null };
  signature: SignatureFindings;
  duplicates: DuplicateFindings;
}

/**
 * Answers at once (no promise) when nothing has to be waited for, the common case: a plain body
 * answered by the script. Decompression and forwarding are waited for.
 */
export type Pipeline = (request: IncomingRequest) => Processed | Promise<Processed>;

export function createPipeline(config: PipelineConfig): Pipeline {
  const run = (request: IncomingRequest): Processed | Promise<Processed> => {
    const decoded = decodeStep(request, config.maxBody);
    return decoded instanceof Promise ? decoded.then((step) => afterDecode(config, request, step)) : afterDecode(config, request, decoded);
  };
  // The one place a step that throws is caught (whk's own bug, or a body no step was ready for): the
  // request is still recorded and answered, never answered without a record.
  return (request) => {
    try {
      const processed = run(request);
      return processed instanceof Promise ? processed.catch((error: unknown) => failed(config, request, error)) : processed;
    } catch (error) {
      return failed(config, request, error);
    }
  };
}

const FAILED: Answer = { status: 500, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: 'whk receiver error' }), delayMs: 0 };

/**
 * A request whose processing threw: recorded as invalid with an issue naming the failure, its bytes
 * kept, and answered 500, because whk could not judge it (a 2xx would acknowledge a request nobody
 * examined; the 500 tells the sender to deliver again, and the record says why).
 */
function failed(config: PipelineConfig, request: IncomingRequest, error: unknown, duplicateCheck?: DuplicateCheck): Processed {
  const issue = { path: '$', message: `whk failed while handling this request (internal error: ${messageOf(error)}); answered 500, its bytes kept in bodyBase64` };
  const findings = undecodedFindings(config, headerText(request.headers['content-encoding']) ?? 'identity', issue, false);
  return finish(config, draftRecord(request, findings), { ...FAILED, headers: { ...FAILED.headers } }, { conflict: false, duplicateCheck, cutOff: false, busy: false, oversize: false, mapped: undefined, bodyJson: undefined });
}

function afterDecode(config: PipelineConfig, request: IncomingRequest, decoded: DecodeStep): Processed | Promise<Processed> {
  if (decoded.outcome === 'refused' || decoded.outcome === 'busy') {
    const cutOff = request.size > config.maxBody + config.drainLimit;
    // Truncated only when bodyBase64 lacks bytes: over maxBody on the wire, or none kept while busy. A
    // body refused once inflated is held whole; its issue says why it was refused.
    const truncated = (decoded.outcome === 'refused' && request.size > config.maxBody) || request.busy === true;
    const findings = undecodedFindings(config, decoded.encoding, decoded.issue, truncated);
    const answer = decoded.outcome === 'busy' ? busyAnswer(cutOff) : refusal(config.maxBody, cutOff, request.size <= config.maxBody);
    return finish(config, draftRecord(request, findings), answer, { conflict: false, cutOff, busy: decoded.outcome === 'busy', oversize: decoded.outcome === 'refused', mapped: undefined, bodyJson: undefined });
  }
  const findings = decoded.outcome === 'decoded' ? examine(config, request, decoded) : undecodedFindings(config, decoded.encoding, decoded.issue, false);
  // A step after the duplicates' that throws still tells the payloads its 500: their repeat is a retry.
  const failedAfter = (error: unknown): Processed => failed(config, request, error, findings.duplicates.check);
  try {
    const processed = respond(config, request, findings);
    return processed instanceof Promise ? processed.catch(failedAfter) : processed;
  } catch (error) {
    return failedAfter(error);
  }
}

/** Map, answer (the script, the app, or 401 for a bad signature), and the record finished. */
function respond(config: PipelineConfig, request: IncomingRequest, findings: Findings): Processed | Promise<Processed> {
  const draft = draftRecord(request, findings);
  const mapped = mapStep(config.map, draft);
  const rejected = config.reject === true && findings.signature.check !== null && findings.signature.check.verdict !== 'valid';
  const answered = (reply: Reply): Processed => {
    // The draft becomes the record in place (its keys already in the capture line's order): a record
    // is copied no more per request than it must be.
    if (mapped.warnings.length > 0 || reply.warnings.length > 0) draft.warnings = [...draft.warnings, ...mapped.warnings, ...reply.warnings];
    draft.forward = reply.forward;
    return finish(config, draft, reply.answer, { conflict: findings.duplicates.check?.conflictsWith != null, duplicateCheck: findings.duplicates.check, cutOff: false, busy: reply.busy === true, oversize: false, mapped: mapped.value, bodyJson: findings.inspection.bodyJson, decoded: findings.decoded, unchecked: findings.signature.unchecked === true, signedMessage: findings.signature.message });
  };
  if (rejected) return answered({ answer: rejection(findings.signature.check), forward: null, warnings: [] });
  if (config.forwarder) return forwardStep(config.forwarder, request).then(answered);
  return answered(scriptedStep(config.responder, draft));
}

/** What finish needs besides the record and the answer. */
interface Outcome {
  conflict: boolean;
  duplicateCheck?: DuplicateCheck | undefined;
  cutOff: boolean;
  busy: boolean;
  oversize: boolean;
  /** Spread into the record: { mapped } when the map hook ran. */
  mapped: { mapped: unknown } | undefined;
  /** The body's own one-line JSON text, embedded in the capture line as is. */
  bodyJson: string | undefined;
  /** Processed.decoded. */
  decoded?: Buffer | undefined;
  /** It came signed, unchecked (Processed.unchecked); false when its body was never examined. */
  unchecked?: boolean;
  /** Processed.signedMessage. */
  signedMessage?: SignedMessage | undefined;
}

type DecodeStep =
  | { outcome: 'decoded'; encoding: string; bytes: Buffer; warnings?: string[] | undefined }
  /** Too large, on the wire or once inflated: answered 413. */
  | { outcome: 'refused'; encoding: string; issue: Issue }
  /** The budget of bodies in flight is full: answered 503 with Retry-After. */
  | { outcome: 'busy'; encoding: string; issue: Issue }
  /** Corrupt or of an unsupported coding: recorded as invalid and answered as usual. */
  | { outcome: 'undecodable'; encoding: string; issue: Issue };

function decodeStep(request: IncomingRequest, maxBody: number): DecodeStep | Promise<DecodeStep> {
  if (request.size > maxBody) {
    const message = `body of ${request.size} bytes exceeds \`maxBody\` (${maxBody} bytes); refused with 413, first ${maxBody} bytes recorded`;
    return { outcome: 'refused', encoding: headerEncoding(headerText(request.headers['content-encoding'])), issue: { path: '$', message } };
  }
  const contentEncoding = headerText(request.headers['content-encoding']);
  if (request.busy) {
    const message = `the receiver was busy: bodies in flight filled its memory budget; ${request.size} bytes refused with 503 and Retry-After (not acknowledged), none recorded`;
    return { outcome: 'busy', encoding: contentEncoding ?? 'identity', issue: { path: '$', message } };
  }
  // A plain body, the common case, is answered without a trip through a promise.
  if (isPlain(request.bytes, contentEncoding)) return { outcome: 'decoded', encoding: 'identity', bytes: request.bytes };
  return decodeBody(request.bytes, contentEncoding, maxBody, request.lease).then(decodedStep);
}

function decodedStep(decoded: Awaited<ReturnType<typeof decodeBody>>): DecodeStep {
  if (decoded.ok) return { outcome: 'decoded', encoding: decoded.encoding, bytes: decoded.bytes, warnings: decoded.warnings };
  if (decoded.reason === 'busy') return { outcome: 'busy', encoding: decoded.encoding, issue: { path: '$', message: `${decoded.message}; refused with 503 and Retry-After (not acknowledged)` } };
  const issue = { path: '$', message: decoded.message };
  return { outcome: decoded.reason === 'too-large' ? 'refused' : 'undecodable', encoding: decoded.encoding, issue };
}

/** Parse, detect and validate, then the signature and duplicates: everything a decoded body tells. */
function examine(config: PipelineConfig, request: IncomingRequest, { bytes, encoding, warnings }: Extract<DecodeStep, { outcome: 'decoded' }>): Findings {
  const inspection = inspectBody(bytes, { kinds: config.kinds, kind: config.kind, expect: config.expect, strict: config.strict, headers: request.headers });
  return {
    encoding,
    truncated: false,
    decoded: bytes,
    // Named one by one, not spread: `kind` turns from the Kind to its id (see inspect.ts, verdictOf).
    inspection: {
      body: inspection.body, bodyJson: inspection.bodyJson, kindSource: inspection.kindSource, event: inspection.event, form: inspection.form, text: inspection.text,
      shape: inspection.shape, issues: inspection.issues, notes: inspection.notes, idempotencyId: inspection.idempotencyId ?? null, kind: inspection.kind?.id ?? config.kind ?? null,
      // What decoding found (bytes after the gzip data) comes before what the body's content did.
      warnings: warnings ? [...warnings, ...inspection.warnings] : inspection.warnings,
    },
    signature: signatureFindings(config, inspection.kind, request),
    duplicates: duplicateFindings(config.duplicates.check(request.seq, request.path, bytes, inspection.idempotencyId, inspection.body ?? undefined)),
  };
}

/** A body that could not be decoded: nothing is known of it beyond the one issue. */
function undecodedFindings(config: PipelineConfig, encoding: string, issue: Issue, truncated: boolean): Findings {
  return {
    encoding,
    truncated,
    decoded: undefined,
    inspection: { body: null, bodyJson: undefined, kind: config.kind ?? null, kindSource: config.kind ? 'given' : 'none', event: undefined, form: undefined, text: undefined, shape: undefined, issues: [issue], warnings: [], notes: [], idempotencyId: null },
    signature: { check: null, issues: [] },
    duplicates: { check: undefined, issues: [], notes: [] },
  };
}

/** The record as the steps found it, before it is answered (status 0, not yet valid). */
function draftRecord(request: IncomingRequest, findings: Findings): CaptureRecord {
  const { inspection } = findings;
  // Keys in the order of the capture file's lines (serialize writes the first seven itself).
  const record: CaptureRecord = {
    receivedAt: request.receivedAt,
    method: request.method,
    path: request.path,
    query: request.query,
    headers: request.headers,
    bodyBase64: request.bytes.toString('base64'),
    body: inspection.body,
    encoding: findings.encoding,
    truncated: findings.truncated,
    kind: inspection.kind,
    event: inspection.event ?? null,
    valid: false,
    issues: joined(inspection.issues, findings.signature.issues, findings.duplicates.issues),
    warnings: request.warnings === undefined ? inspection.warnings : [...request.warnings, ...inspection.warnings],
    status: 0,
    seq: request.seq,
    size: request.size,
    decodedSize: findings.decoded?.length ?? null,
    kindSource: inspection.kindSource,
    notes: joined(inspection.notes, findings.duplicates.notes),
    idempotencyId: inspection.idempotencyId,
    duplicateOf: findings.duplicates.check?.duplicateOf ?? null,
    duplicateBy: findings.duplicates.check?.duplicateBy ?? null,
    retryOf: findings.duplicates.check?.retryOf ?? null,
    signature: findings.signature.check,
    forward: null,
  };
  // Only what the request had, after the rest (assigned, not spread: a literal with spreads is slow to build).
  if (request.rawQuery !== undefined) record.rawQuery = request.rawQuery;
  if (inspection.form) record.form = inspection.form;
  if (inspection.text !== undefined) record.text = inspection.text;
  if (inspection.shape) record.shape = inspection.shape;
  return record;
}

/** The lists one after another; the first itself when the others are empty (the common case). */
function joined<T>(first: T[], ...rest: T[][]): T[] {
  return rest.every((list) => list.length === 0) ? first : first.concat(...rest);
}

/** The user's map hook on the parsed body; a hook that throws, or returns a Promise (the pipeline is synchronous), becomes a warning. */
function mapStep(map: PipelineConfig['map'], draft: CaptureRecord): { value: { mapped: unknown } | undefined; warnings: string[] } {
  if (!map || draft.body === null) return { value: undefined, warnings: [] };
  try {
    // A copy: the draft itself goes on to become the answered record.
    const mapped = map(draft.body, { ...draft });
    if (isThenable(mapped)) return { value: undefined, warnings: [unawaited(mapped, 'map')] };
    // undefined: no mapping for this request (a mapping file without one for its kind).
    return { value: mapped === undefined ? undefined : { mapped }, warnings: [] };
  } catch (error) {
    return { value: undefined, warnings: [`map: ${messageOf(error)}`] };
  }
}

interface Reply {
  answer: Answer;
  forward: CaptureRecord['forward'];
  warnings: string[];
  /** Refused because the budget of bodies in flight was full (counted with the requests refused so). */
  busy?: boolean;
}

// Shared by every scripted answer; never changed (writeHead only reads it, shaped() copies it to add to it).
const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'content-type': 'application/json' });

// Its delay and Retry-After are put on in finish(), as on every answer (answers.ts shaped()).
function scriptedStep(responder: Responder, draft: CaptureRecord): Reply {
  const body = `{"seq":${draft.seq},"kind":${JSON.stringify(draft.kind)},"valid":${isValid(draft)}}`;
  return { answer: { status: responder.next(draft.path), headers: JSON_HEADERS, body, delayMs: 0 }, forward: null, warnings: [] };
}

async function forwardStep(to: Forwarder, request: IncomingRequest): Promise<Reply> {
  if (to.looped(request.headers)) {
    const error = 'loop: this request was forwarded by this receiver before (its Via names it); not forwarded again';
    return { answer: { status: 508, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: `whk: ${error}` }), delayMs: 0 }, forward: { url: to.url, status: null, error, ms: 0 }, warnings: [`forward to ${to.url}: ${error}`] };
  }
  const result = await to.forward({ method: request.method, target: request.target, headers: request.headers, body: request.bytes, lease: request.lease });
  if (result.ok) {
    return { answer: { status: result.status, headers: result.headers, body: result.body, delayMs: 0 }, forward: { url: to.url, status: result.status, error: null, ms: result.ms }, warnings: [] };
  }
  // An answer the memory budget could not hold is whk's overload (503: deliver again later); the rest is 502.
  const headers = result.busy ? { ...JSON_HEADERS, 'retry-after': String(BUSY_RETRY_AFTER_SECONDS) } : { ...JSON_HEADERS };
  const answer = { status: result.busy ? 503 : 502, headers, body: JSON.stringify({ error: `whk could not forward: ${result.error}` }), delayMs: 0 };
  return { answer, forward: { url: to.url, status: null, error: result.error, ms: result.ms }, warnings: [`forward to ${to.url} failed: ${result.error}`], busy: result.busy === true };
}

/** The answered record (valid decided, status set, what the map hook found; the draft, completed) and its capture line. */
function finish(config: PipelineConfig, draft: CaptureRecord, given: Answer, outcome: Outcome): Processed {
  const answer = shaped(given, config.shaping);
  const record = draft;
  record.valid = isValid(draft);
  record.status = answer.status;
  if (outcome.mapped) record.mapped = outcome.mapped.mapped;
  reword(record, config.wording);
  const written = config.captureLines ? serialize(record, outcome.bodyJson) : undefined;
  return {
    record: written?.record ?? record,
    answer,
    line: written && { text: written.line, parts: written.parts },
    decoded: outcome.decoded,
    unexpected: config.expect !== undefined && record.kind !== config.expect,
    conflict: outcome.conflict,
    cutOff: outcome.cutOff,
    busy: outcome.busy,
    oversize: outcome.oversize,
    duplicateCheck: outcome.duplicateCheck,
    unchecked: outcome.unchecked === true,
    signedMessage: outcome.signedMessage,
  };
}
