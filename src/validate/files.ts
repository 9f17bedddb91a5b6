// Validation of whole inputs: a JSON file, a JSON array of payloads, NDJSON, or a capture file,
// streamed so memory stays flat. Yields one result per payload, in order.
import { detectKind, listKinds } from '../kinds/index.js';
import type { Kind } from '../kinds/types.js';
import { isCaptureRecord } from '../capture/record.js';
import { parseJsonLenient, type ParseWarning } from '../util/json.js';
import { readLines, type Line } from './lines.js';
import { validatePayload, type ValidationResult } from './payload.js';

export interface PayloadResult extends ValidationResult {
  source: string;
  line: number;
  /** Position in a JSON array of payloads, when the input was one. */
  index?: number;
}

export interface FileValidationOptions {
  kind?: string | undefined;
  kinds?: readonly Kind[];
}

export async function* validateSource(
  source: string,
  stream: AsyncIterable<Buffer | string>,
  options: FileValidationOptions = {},
): AsyncGenerator<PayloadResult> {
  // NDJSON when the first non-empty line is a JSON value on its own; one document when it opens
  // one ('{' or '['). A broken first line that opens nothing is judged by the line after it, so
  // NDJSON with a bad first record is still read line by line (and never held in memory whole).
  let mode: 'undecided' | 'ndjson' | 'document' = 'undecided';
  let pending: Line | undefined;
  let document: string[] = [];
  let documentStart = 1;
  const startDocument = (first: Line): 'document' => {
    documentStart = first.number;
    document = [first.text];
    return 'document';
  };
  for await (const line of readLines(stream)) {
    if (mode === 'undecided') {
      if (line.text.trim() === '') continue;
      if (pending === undefined) {
        if (standsAlone(line.text)) mode = 'ndjson';
        else if (opensDocument(line.text)) mode = startDocument(line);
        else pending = line;
        if (mode !== 'ndjson') continue;
      } else if (standsAlone(line.text)) {
        mode = 'ndjson';
        yield* validateText(source, pending.text, pending.number, options);
      } else {
        mode = startDocument(pending);
      }
    }
    if (mode === 'document') {
      // Keep blank lines so line numbers inside the document stay true.
      while (documentStart + document.length < line.number) document.push('');
      document.push(line.text);
      continue;
    }
    if (line.text.trim() === '') continue;
    yield* validateText(source, line.text, line.number, options);
  }
  if (mode === 'undecided' && pending !== undefined) mode = startDocument(pending);
  if (mode === 'document') {
    const text = document.join('\n');
    document = [];
    yield* validateText(source, text, documentStart, options);
  } else if (mode === 'undecided') {
    yield { source, line: 1, valid: false, kind: options.kind ?? null, kindSource: options.kind ? 'given' : 'none', issues: [{ path: '$', message: 'empty input: no payload to validate' }], warnings: [], notes: [] };
  }
}

function standsAlone(text: string): boolean {
  return parseJsonLenient(text).ok;
}

function opensDocument(text: string): boolean {
  return /^\s*[[{]\s*[[{]?\s*$/.test(text);
}

function* validateText(source: string, text: string, firstLine: number, options: FileValidationOptions): Generator<PayloadResult> {
  const parsed = parseJsonLenient(text);
  if (!parsed.ok) {
    yield { source, line: firstLine + parsed.line - 1, valid: false, kind: options.kind ?? null, kindSource: options.kind ? 'given' : 'none', issues: [{ path: '$', message: parsed.message }], warnings: [], notes: [] };
    return;
  }
  const warnings = parsed.warnings.map((w: ParseWarning) => `line ${firstLine + w.line - 1}: ${w.message}`);
  let value = parsed.value;
  if (isCaptureRecord(value)) {
    if (value.body === null) {
      yield { source, line: firstLine, valid: false, kind: value.kind, kindSource: 'none', issues: value.issues.length ? value.issues : [{ path: '$', message: 'the captured body is not JSON' }], warnings, notes: [] };
      return;
    }
    warnings.push(...value.warnings);
    value = value.body;
  }
  if (Array.isArray(value)) {
    const batch = asBatch(value, options);
    if (!batch.one) {
      for (let index = 0; index < value.length; index++) {
        yield { source, line: firstLine, index, ...withWarnings(validatePayload(value[index], options), warnings) };
      }
      return;
    }
    // Detection already named the kind: validating does not detect it a second time.
    if (batch.detected) {
      yield { source, line: firstLine, ...withWarnings(validatePayload(value, { ...options, detected: batch.detected }), warnings) };
      return;
    }
  }
  yield { source, line: firstLine, ...withWarnings(validatePayload(value, options), warnings) };
}

/** An array is one payload when its kind's payload is itself an array (an impressions batch). */
function asBatch(value: unknown[], options: FileValidationOptions): { one: boolean; detected?: Kind } {
  const kinds = options.kinds ?? listKinds();
  if (options.kind !== undefined) {
    const batchKind = kinds.find((k) => k.id === options.kind)?.delivery.batching != null;
    // An array of arrays is a list of batches, not one batch.
    return { one: batchKind && !(value.length > 0 && value.every(Array.isArray)) };
  }
  const detection = detectKind(value, kinds);
  return detection.status === 'detected' ? { one: true, detected: detection.kind } : { one: false };
}

function withWarnings(result: ValidationResult, warnings: string[]): ValidationResult {
  return warnings.length ? { ...result, warnings: [...warnings, ...result.warnings] } : result;
}
