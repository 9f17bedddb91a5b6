// Validation of whole inputs: a JSON file, a JSON array of payloads, NDJSON, or a capture file,
// streamed so memory stays flat. Yields one result per payload, in order.
import { detectKind, listKinds } from '../kinds/index.js';
import type { Kind } from '../kinds/types.js';
import { MAX_RECORD_BYTES, beginsAsRecord, claimsToBeRecord, isCaptureRecord, recordProblem } from '../capture/record.js';
import { InputError, fieldRef } from '../errors.js';
import { SIZE_BOUNDS } from '../util/checks.js';
import { formatByteLimit } from '../util/units.js';
import { lineTooLong } from '../capture/read.js';
import { parseJsonLenient, parseJsonStrict, repairWarning, type ParseResult } from '../util/json.js';
import { LineTooLongError, readLineBatches, type Line } from './lines.js';
import { BinaryData, refuseBinary } from './binary-input.js';
import { validateAgainst } from './against.js';
import { judgeCaptured, type CapturedResult } from './captured.js';
import { validatePayload, type ValidationResult } from './payload.js';
import { withStrayCommaIssues, type CommaRepair } from './stray-commas.js';
import { cutText } from '../util/cut-text.js';

export interface PayloadResult extends CapturedResult {
  source: string;
  line: number;
  /** Position in a JSON array of payloads, when the input was one. */
  index?: number;
}

export interface FileValidationOptions {
  kind?: string | undefined;
  kinds?: readonly Kind[];
  /**
   * How capture records are judged when not as `kind`: `whk validate --schema` judges payloads as
   * the schema's kind, and records as `listen --schema` judged them, detecting the schema's kind next
   * to the built-in ones (records.kind: --kind, else undefined).
   */
  records?: { kind: string | undefined } | undefined;
  /** The largest document (or NDJSON line) read, in bytes; past it the input is refused. */
  maxDocumentBytes?: number | undefined;
  /**
   * Told of a torn line in a file of capture records, which is then left out instead of judged as a
   * payload, as replay and the other capture readers leave it out (capture/read.ts): a last line with
   * no newline after it that is not JSON (`listen --save` may still be writing it), or a line a save
   * cut short (`cutShort`: it begins as a record does and is not JSON; the next save appends after it).
   */
  unended?: ((line: { line: number; problem: string; cutShort?: true }) => void) | undefined;
}

/** An input with no payload to judge (not JSON, empty, an empty array): invalid at `line`, with why. */
function noPayload(source: string, line: number, options: FileValidationOptions, message: string, warnings: string[] = []): PayloadResult {
  return { source, line, valid: false, kind: options.kind ?? null, kindSource: options.kind ? 'given' : 'none', issues: [{ path: '$', message }], warnings, notes: [] };
}

/** Large enough for any webhook payload file, small enough that parsing it cannot exhaust memory. */
export const DEFAULT_MAX_DOCUMENT = 64 * 1024 * 1024;

function tooLargeError(source: string, what: string, limit: number): InputError {
  // At its bound already, a larger maxDocument is refused: the hint does not offer one.
  const raise = limit < SIZE_BOUNDS.text.bytes ? `; raise ${fieldRef('maxDocument')} if this one is meant to be read` : `, and ${fieldRef('maxDocument')} is at its most`;
  return new InputError(`'${source}': ${what} is larger than ${formatByteLimit(limit)} (${fieldRef('maxDocument')})`, `a webhook payload is far smaller${raise}`);
}

// A capture record's line may be as long as listen writes one (its body twice, up to --max-body
// 100mb): read to that bound, past --max-document, and no further.
const RECORD_LINES = { maxLineBytes: MAX_RECORD_BYTES, begins: beginsAsRecord };

// Worded as whk replay and inspect say it of a capture file.
function tooLargeRecord(source: string, line: number): InputError {
  return new InputError(lineTooLong(source, line));
}

export async function* validateSource(
  source: string,
  stream: AsyncIterable<Buffer | string>,
  options: FileValidationOptions = {},
): AsyncGenerator<PayloadResult> {
  for await (const results of validateSourceByChunk(source, stream, options)) yield* results;
}

/**
 * The results of validateSource, in the same order, a list per chunk read: a large file crosses
 * the async boundary once per chunk, not once per payload.
 */
export async function* validateSourceByChunk(
  source: string,
  stream: AsyncIterable<Buffer | string>,
  options: FileValidationOptions = {},
): AsyncGenerator<PayloadResult[]> {
  const limit = options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT;
  const tooLarge = (what: string): InputError => tooLargeError(source, what, limit);
  // NDJSON when the first non-empty line is a JSON value on its own; one document when it opens
  // one ('{' or '['). A broken first line that opens nothing is judged by the line after it, so
  // NDJSON with a bad first record is still read line by line (and never held in memory whole);
  // broken lines that stand alone (standsAlone) wait for the first line that is JSON.
  // Set by `take` as lines come: declared wide so the checks after the loop see every value.
  let mode = 'undecided' as 'undecided' | 'ndjson' | 'document';
  // The broken lines the shape waits on: a first line that may open a document, or lines that stand alone (see standsAlone).
  const pending: Line[] = [];
  let document: HeldDocument | undefined;
  // The last line ended: a NUL byte is on the line after it (every line before it is read first).
  let lastLine = 0;
  const nul: { found?: BinaryData } = {};
  // Every NDJSON line so far a capture record (and at least one): a file listen --save writes.
  let captures: boolean | undefined;
  const startDocument = (first: Line): 'document' => {
    const refused = notADocument(first);
    if (refused) throw refused;
    document = new HeldDocument(first, limit, tooLarge);
    return 'document';
  };
  /** One line read: held while the input's shape is undecided or inside a document, else validated into `results`. */
  const take = (line: Line, results: PayloadResult[]): void => {
    let parsed: ParseResult | undefined; // once, also where it decides the shape: a one-line payload may be megabytes
    if (mode === 'undecided') {
      if (line.text.trim() === '') return;
      parsed = parseLine(line.text);
      const first = pending[0];
      if (first === undefined && !parsed.ok) {
        if (opensDocument(line.text)) mode = startDocument(line);
        else pending.push(line);
        return;
      }
      if (first !== undefined && !parsed.ok && !standsAlone(first)) {
        mode = startDocument(first);
      } else if (first !== undefined && !parsed.ok && beginsAsRecord(line.text)) {
        // Saves cut short in a row: left out once a record follows them, as replay leaves them out.
        pending.push(line);
        return;
      } else {
        mode = 'ndjson';
        for (const held of pending.splice(0)) {
          if (options.unended && parsed.ok && cutBeforeRecords(held, parsed)) options.unended({ line: held.number, problem: 'not JSON', cutShort: true });
          else captures = validateText(results, source, held, options);
        }
      }
    }
    if (document !== undefined) return document.add(line);
    if (line.text.trim() === '') return;
    parsed ??= parseLine(line.text);
    const torn = captures && options.unended ? tornLine(line, parsed) : undefined;
    if (torn) return options.unended?.(torn);
    captures = validateText(results, source, line, options, parsed) && captures !== false;
  };
  // A line that fails (too large, not JSON at all) fails after the results of the lines before it.
  const takeAll = (lines: Line[]): { results: PayloadResult[]; failure?: unknown } => {
    const results: PayloadResult[] = [];
    try {
      for (const line of lines) take(line, results);
    } catch (failure) {
      return { results, failure };
    }
    return { results };
  };
  try {
    for await (const lines of readLineBatches(refuseBinary(stream, nul), { maxLineBytes: limit, longer: RECORD_LINES, utf8Warnings: true })) {
      lastLine = lines.at(-1)?.number ?? lastLine;
      const read = takeAll(lines);
      if (read.results.length > 0) yield read.results;
      if ('failure' in read) throw read.failure;
    }
  } catch (error) {
    if (error instanceof LineTooLongError) throw error.limit > limit ? tooLargeRecord(source, error.line) : tooLarge(`line ${error.line}`);
    // Lines before a NUL read as text (a PNG's first bytes) are binary data all the same.
    if (error instanceof NotJson && nul.found) error = nul.found;
    if (error instanceof BinaryData) error = new NotJson(lastLine + 1, error.what ? `not JSON: ${error.what}` : `not JSON: binary data (a NUL byte at byte ${error.offset})`);
    if (!(error instanceof NotJson)) throw error;
    // Content that is not JSON is an invalid payload, reported once: the rest of it is not read
    // (a log, an image, /dev/zero), and the run goes on to the next file.
    yield [noPayload(source, error.line, options, error.message)];
    return;
  }
  const last: PayloadResult[] = [];
  if (mode === 'undecided' && pending.length > 0) {
    // Lines that are not JSON, and nothing after them: their parse errors are the report.
    for (const held of pending) validateText(last, source, held, options);
  } else if (document !== undefined) {
    validateText(last, source, document.whole(), options);
  } else if (mode === 'undecided') {
    last.push(noPayload(source, 1, options, 'empty input: no payload to validate'));
  }
  if (last.length > 0) yield last;
}

/**
 * Why a first line that did not parse, with the line after it not parsing either, opens no held
 * document: a comment on top of one (JSONC, a copy from docs), said as one and not as a log; or
 * text (a log) that opens nothing. Undefined when it may open a document.
 */
function notADocument(first: Line): NotJson | undefined {
  if (/^\s*(\/\/|\/\*|#)/.test(first.text)) return new NotJson(first.number, `not JSON: line ${first.number} is a comment ('${excerpt(first.text)}'), and JSON has no comments: remove it`);
  if (!/^\s*[[{]/.test(first.text)) return new NotJson(first.number, `not JSON: text (line ${first.number} begins '${excerpt(first.text)}'; the next line is not JSON either)`);
  return undefined;
}

/** The lines of one JSON document, held until the input ends, up to `limit` bytes. */
class HeldDocument {
  private readonly lines: string[];
  private readonly start: number;
  private bytes: number;
  // The first of its lines whose bytes are not UTF-8, said once for the whole document.
  private notUtf8: string | undefined;

  constructor(
    first: Line,
    private readonly limit: number,
    private readonly tooLarge: (what: string) => InputError,
  ) {
    this.lines = [first.text];
    this.start = first.number;
    this.bytes = Buffer.byteLength(first.text);
    this.notUtf8 = first.notUtf8;
  }

  add(line: Line): void {
    // Blank lines are kept, so line numbers inside the document stay true.
    while (this.start + this.lines.length < line.number) this.lines.push('');
    this.bytes += Buffer.byteLength(line.text) + 1;
    if (this.bytes > this.limit) throw this.tooLarge(`the JSON document that starts on line ${this.start}`);
    this.lines.push(line.text);
    this.notUtf8 ??= line.notUtf8;
  }

  /** The document as one text from its first line; its lines are let go. */
  whole(): Pick<Line, 'text' | 'number' | 'notUtf8'> {
    const text = this.lines.join('\n');
    this.lines.length = 0;
    return this.notUtf8 === undefined ? { text, number: this.start } : { text, number: this.start, notUtf8: this.notUtf8 };
  }
}

/** Input that is not JSON at all, found on `line`: the file's one result, and the end of reading it. */
class NotJson extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** The start of a line for a message, at most 40 characters. */
function excerpt(text: string): string {
  const trimmed = text.trim();
  return cutText(trimmed, 40);
}

/**
 * A text parsed: past stray commas (a HertzBeat payload's), unless it begins as a capture record
 * does. listen writes those strict, and every capture reader parses them so: one with stray commas
 * is damaged, a line cut short to them, not a record to repair and judge.
 */
function parseLine(text: string): ParseResult {
  return beginsAsRecord(text) ? parseJsonStrict(text) : parseJsonLenient(text);
}

/** A torn line (see FileValidationOptions.unended) in words the capture readers use; undefined for any other. */
function tornLine(line: Line, parsed: ParseResult): { line: number; problem: string; cutShort?: true } | undefined {
  if (parsed.ok) return undefined;
  if (line.unended) return { line: line.number, problem: 'not JSON' };
  return beginsAsRecord(line.text) ? { line: line.number, problem: 'not JSON', cutShort: true } : undefined;
}

/**
 * A first line cut short (it begins as a record and is not JSON: it is held only when not JSON) with
 * a capture record after it: a torn line of a capture file, as the readers tell it once a record follows.
 */
function cutBeforeRecords(first: Line, next: ParseResult): boolean {
  return beginsAsRecord(first.text) && next.ok && claimsToBeRecord(next.value);
}

/**
 * A broken line no next line can continue into a document: one a save cut short (listen writes a
 * record on one line), or one that ends inside a string (JSON's strings hold no raw newline), as a
 * line of NDJSON cut short does. The file stays NDJSON however many such lines come first.
 */
function standsAlone(line: Line): boolean {
  return beginsAsRecord(line.text) || (/^\s*[[{]/.test(line.text) && endsInString(line.text));
}

function endsInString(text: string): boolean {
  let inString = false;
  for (let at = text.indexOf('"'); at !== -1; at = text.indexOf('"', at + 1)) {
    let backslashes = 0;
    while (inString && text[at - 1 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 0) inString = !inString;
  }
  return inString;
}

function opensDocument(text: string): boolean {
  return /^\s*[[{]\s*[[{]?\s*$/.test(text);
}

/**
 * The results of one text (a line, a document from its first line) pushed onto `results`: one per
 * payload it holds. Returns whether the text was a capture record.
 */
function validateText(results: PayloadResult[], source: string, { text, number: firstLine, notUtf8 }: Pick<Line, 'text' | 'number' | 'notUtf8'>, options: FileValidationOptions, parsed = parseLine(text)): boolean {
  if (!parsed.ok) {
    results.push(noPayload(source, firstLine + parsed.line - 1, options, parsed.message));
    return false;
  }
  // Bytes read as U+FFFD, in a text that is JSON all the same, are said first.
  const warnings = [...(notUtf8 === undefined ? [] : [notUtf8]), ...parsed.warnings.map((w) => repairWarning(w, firstLine))];
  const value = parsed.value;
  // The commas read past in the payload (a record's are those the receiver told of: captured.ts).
  const repairs: CommaRepair[] = parsed.warnings.map((w) => ({ line: firstLine + w.line - 1, what: w.what }));
  // A damaged record (no bodyBase64, no headers, a method of 42) is judged by the whole-record check
  // the capture readers make, and named in their words: not as a payload of its own fields, nor passed.
  const problem = claimsToBeRecord(value) ? recordProblem(value) : null;
  if (problem !== null) {
    results.push({ source, line: firstLine, valid: false, kind: options.kind ?? null, kindSource: 'none', issues: [{ path: '$', message: `not a whole capture record: ${problem}` }], warnings, notes: [] });
    return true;
  }
  // A captured request's body is one payload, whatever it holds (an array too), judged as the receiver judged it.
  if (isCaptureRecord(value)) {
    const captured = judgeCaptured(value, options.records === undefined ? options : { ...options, kind: options.records.kind });
    results.push({ source, line: firstLine, ...withStrayCommas(withWarnings(captured.result, [...warnings, ...captured.warnings]), captured.repairs, options) });
    return true;
  }
  const judged = (result: ValidationResult): ValidationResult => withStrayCommas(withWarnings(result, warnings), repairs, options);
  // A file's array may list payloads.
  if (Array.isArray(value)) {
    const batch = asBatch(value, options);
    // A list of no payloads is no payload: a CI job fed `[]` passed on nothing validated.
    if (!batch.one && value.length === 0) {
      results.push(noPayload(source, firstLine, options, 'an empty array: no payload to validate', warnings));
      return false;
    }
    if (!batch.one) {
      // The text's warnings are the document's: told once, with its first payload.
      for (let index = 0; index < value.length; index++) {
        const result = validatePayload(value[index], options);
        results.push({ source, line: firstLine, index, ...(index === 0 ? judged(result) : withStrayCommas(result, repairs, options)) });
      }
      return false;
    }
    // Detection already named the kind: the payload is judged by it, not detected a second time.
    if (batch.detected) {
      results.push({ source, line: firstLine, ...judged(validateAgainst(batch.detected, value, 'detected')) });
      return false;
    }
  }
  results.push({ source, line: firstLine, ...judged(validatePayload(value, options)) });
  return false;
}

/** A payload read past stray commas in is invalid unless its kind's sender sends them (stray-commas.ts). */
function withStrayCommas<R extends ValidationResult>(result: R, repairs: readonly CommaRepair[], options: FileValidationOptions): R {
  if (repairs.length === 0 || result.kind === null) return result;
  return withStrayCommaIssues(result, (options.kinds ?? listKinds()).find((k) => k.id === result.kind), repairs);
}

/**
 * An array is one payload when its kind's payload is itself an array: an impressions batch, or a
 * kind of your own whose schema says `type: array` (from-capture writes one for an array body).
 */
function asBatch(value: unknown[], options: FileValidationOptions): { one: boolean; detected?: Kind } {
  const kinds = options.kinds ?? listKinds();
  if (options.kind !== undefined) {
    const kind = kinds.find((k) => k.id === options.kind);
    if (kind?.arrayPayload === true) return { one: true };
    // An array of arrays is a list of batches, not one batch.
    return { one: kind?.delivery.batching != null && !(value.length > 0 && value.every(Array.isArray)) };
  }
  const detection = detectKind(value, kinds);
  return detection.status === 'detected' ? { one: true, detected: detection.kind } : { one: false };
}

function withWarnings<R extends ValidationResult>(result: R, warnings: string[]): R {
  return warnings.length ? { ...result, warnings: [...warnings, ...result.warnings] } : result;
}
