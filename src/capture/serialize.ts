// The capture record as one NDJSON line, the form the capture file holds.
import { firstInexactInteger, isStackOverflow } from '../util/deep-json.js';
import { inexactNumberTexts, stringifyWithTexts, textsByValue } from '../util/number-texts.js';
import { formatByteLimit } from '../util/units.js';
import { MAX_RECORD_BYTES, type CaptureRecord } from './record.js';

const PLACEHOLDERS = '"bodyBase64":"","body":0';

/**
 * One NDJSON line, and the record as that line holds it. The body's own JSON text (on one line) is
 * embedded as is when there is one (no second serialization); a parsed body too deep for
 * JSON.stringify is dropped with an issue (the returned record says so), never fatal. A line longer
 * than whk reads back (or than one string can be) leaves out what the record derived from the body.
 */
export function serialize(record: CaptureRecord, bodyJson: string | undefined): Serialized {
  let written: Serialized | undefined;
  try {
    written = serializeWhole(record, bodyJson);
    if (bodyJson !== undefined) written = withMappedDigits(written, bodyJson);
  } catch {
    // Longer than one JavaScript string can be (a RangeError): left out below, as a line too long.
  }
  return written && fitsReader(written) ? written : serializeWhole(withoutDerived(written?.record ?? record), undefined);
}

/**
 * The line with the integers past 2^53 of `mapped` (what a mapping drew from the body) written with the
 * digits the body's text gave them, as the body beside it is: JSON.stringify wrote the nearest
 * doubles (12345678901234567890 as 12345678901234567000). The line as it is when the body holds no
 * such number (a text of 16 digits in a row is looked for first, natively), or mapped is not its last
 * field. Called on a line already written, so `mapped` is JSON (no cycle to walk).
 */
function withMappedDigits(written: Serialized, bodyJson: string): Serialized {
  const { record, line, parts } = written;
  if (record.mapped === undefined || !LONG_DIGITS.test(bodyJson) || Object.keys(record).at(-1) !== 'mapped') return written;
  if (firstInexactInteger(record.mapped) === undefined) return written;
  const texts = textsByValue(record.mapped, inexactNumberTexts(bodyJson));
  const tail = `"mapped":${JSON.stringify(record.mapped)}}`;
  const last = parts?.at(-1) ?? line;
  if (texts.size === 0 || !last.endsWith(tail)) return written;
  let exact: string;
  try {
    exact = `"mapped":${stringifyWithTexts(record.mapped, texts).text}}`;
  } catch (error) {
    // A value too deep for the walk keeps the line JSON.stringify wrote.
    if (isStackOverflow(error)) return written;
    throw error;
  }
  const swap = (text: string): string => `${text.slice(0, -tail.length)}${exact}`;
  return parts ? { line: swap(line), record, parts: [...parts.slice(0, -1), swap(last)] } : { line: swap(line), record };
}

/** An integer past 2^53 has at least 16 digits. */
const LONG_DIGITS = /\d{16}/;

type Serialized = { line: string; record: CaptureRecord; parts?: readonly string[] };

/**
 * The line is one whk reads back. A character takes at most 3 bytes of UTF-8, so only a line of a
 * third of the bound is measured; its pieces one by one, so the line is never made one string to count it.
 */
function fitsReader({ line, parts }: Serialized): boolean {
  if (line.length * 3 <= MAX_RECORD_BYTES) return true;
  let bytes = 0;
  for (const part of parts ?? [line]) bytes += Buffer.byteLength(part);
  return bytes <= MAX_RECORD_BYTES;
}

/**
 * The record without what it derived from the body (the parsed JSON, the text, the form, the mapped
 * value), which can take several times the body's bytes (a text of control characters, escaped,
 * six); the body itself stays in bodyBase64, at most 4/3 of --max-body, so the line fits.
 */
function withoutDerived(record: CaptureRecord): CaptureRecord {
  const { mapped, text, form, ...rest } = record;
  const leftOut = ['body', ...(text === undefined ? [] : ['text']), ...(form === undefined ? [] : ['form']), ...(mapped === undefined ? [] : ['mapped'])];
  const warning = `the record leaves out ${leftOut.join(', ')}: with them its line would pass ${formatByteLimit(MAX_RECORD_BYTES)}, more than whk reads back; bodyBase64 holds the body`;
  return { ...rest, body: null, leftOut, warnings: [...record.warnings, warning] };
}

function serializeWhole(record: CaptureRecord, bodyJson: string | undefined): Serialized {
  // JSON.stringify leaves out a function or a symbol without a word: the line had no mapped and no warning.
  const kind = typeof record.mapped;
  if (kind === 'function' || kind === 'symbol') return serializeWhole(unmapped(record, `a ${kind} is no JSON value`), bodyJson);
  if (bodyJson !== undefined) {
    // The line with the body's own text spliced in: the record is stringified with placeholders for
    // the two body fields, which then take their place. Base64 needs no escaping and the body text
    // is already JSON, so neither is scanned by JSON.stringify (they are most of the line): about a
    // third of one whole stringify. The placeholder pair is found at its one structural place: an
    // encoded string never holds an unescaped quote, and no field before it holds a number.
    // The placeholders are set on the record itself and put back (no copy of every field per line).
    const { bodyBase64, body } = record;
    // A frozen record (a caller's) is copied instead.
    const holder = (Object.isFrozen(record) ? { ...record } : record) as { bodyBase64: string; body: unknown };
    try {
      holder.bodyBase64 = '';
      holder.body = 0;
      const line = JSON.stringify(holder);
      const at = line.indexOf(PLACEHOLDERS);
      if (at !== -1) {
        // The line, and the pieces it is made of: a writer that copies them one by one never has the
        // whole line copied into one string first (kilobytes a request, for the garbage collector).
        const parts = [line.slice(0, at), '"bodyBase64":"', bodyBase64, '","body":', bodyJson, line.slice(at + PLACEHOLDERS.length)] as const;
        return { line: `${parts[0]}${parts[1]}${parts[2]}${parts[3]}${parts[4]}${parts[5]}`, record, parts };
      }
    } catch {
      // A mapped value too deep to serialize: the general path below drops it.
    } finally {
      holder.bodyBase64 = bodyBase64;
      holder.body = body;
    }
  }
  try {
    return { line: JSON.stringify(record), record };
  } catch (error) {
    // What JSON cannot hold may be the map hook's value alone (a BigInt, a cycle): dropping it keeps
    // the body and the verdict, which are not at fault.
    if (record.mapped !== undefined) return serializeWhole(unmapped(record, error), bodyJson);
    // The stack running out is said as what it means for the body, not in the engine's words.
    const why = isStackOverflow(error) ? 'nested too deep to write out again as JSON' : error instanceof Error ? error.message : String(error);
    const message = `the parsed body cannot be recorded (${why}); bodyBase64 holds it`;
    const recordable: CaptureRecord = { ...record, body: null, issues: [...record.issues, { path: '$', message }], valid: false };
    return { line: JSON.stringify(recordable), record: recordable };
  }
}

/** The record without its mapped value, with a warning saying why. */
function unmapped(record: CaptureRecord, error: unknown): CaptureRecord {
  const { mapped: _mapped, ...rest } = record;
  const why = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  return { ...rest, warnings: [...record.warnings, `map: its value cannot be recorded (${why})`] };
}
