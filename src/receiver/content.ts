// What a decoded body carries, by its Content-Type and its bytes: JSON (leniently repaired), a
// form, urlencoded or multipart (fields in order, the JSON a field holds, as Travis CI's
// payload=<json> or Jotform's rawRequest; a multipart form's files described), or text. One pass
// over the text for the common case, a JSON body: it is parsed once and nothing else is tried.
import { FORM_MEDIA_TYPE, MAX_FORM_FIELDS, formNotUtf8, parseForm, type FormFields } from '../util/form.js';
import { parseJsonLenient, repairWarning, type ParseResult, type ParseWarning } from '../util/json.js';
import { MULTIPART_MEDIA_TYPE, parameters, parseMultipart, type FormFile } from '../util/multipart.js';
import { FORM_UTF8_RULE, JSON_UTF8_RULE, TEXT_UTF8_RULE, badUtf8Warning } from '../util/utf8.js';
import type { Issue } from '../validate/issues.js';
import { groupDigits } from '../util/units.js';

export interface Content {
  /** The JSON the body carries (a form field's, for a form), parsed; undefined when there is none. */
  json:
    | {
        value: unknown;
        /** Its own text when strict JSON, put on one line (embedded in the capture as is). */
        text: string | undefined;
        /** The stray commas read past to parse it (none for strict JSON): see validate/stray-commas.ts. */
        repairs: readonly ParseWarning[];
      }
    | undefined;
  /** A form body's fields, the field whose value is the JSON (null when none holds JSON), and a multipart form's files. */
  form: { fields: FormFields; json: string | null; files?: FormFile[] } | undefined;
  /** A body of a textual non-JSON type (text/plain, XML) that is not JSON. */
  text: string | undefined;
  /** Why a body that should be JSON (so declared, or of no declared type) is not. */
  issue: Issue | undefined;
  /** Why the body was left unparsed, when it was (a JSON Lines body past whk's bound on its lines). */
  unparsed?: string | undefined;
  warnings: string[];
}

const BOM = '\uFEFF';

/** `media` is the Content-Type's media type; `contentType` the whole header (a multipart boundary is a parameter of it). */
export function readContent(bytes: Buffer, media: string | undefined, contentType?: string): Content {
  // No body at all (a GET health check, a probe) carries nothing to parse: neither JSON nor an issue.
  if (bytes.length === 0) return { json: undefined, form: undefined, text: undefined, issue: undefined, warnings: [] };
  const warnings: string[] = [];
  if (media === MULTIPART_MEDIA_TYPE) {
    // Read from the bytes, never as one text: a file part may be any bytes, of any size.
    const { fields, files, warnings: read } = parseMultipart(bytes, contentType ?? '');
    if (fields !== null) {
      const form = formContent(fields, files);
      return { ...form, text: undefined, issue: undefined, warnings: [...read, ...repairsTold(form.json)] };
    }
    // No part could be read: what the body is, as for any other label (JSON, say), with why.
    warnings.push(...read);
  }
  let text = bytes.toString('utf8');
  const charset = contentType?.includes(';') ? parameters(contentType).get('charset') : undefined;
  // JSON is UTF-8 (RFC 8259 §8.1), and forms are read as UTF-8 as the URL standard reads them: a
  // body in another charset is not converted, and its other letters read as U+FFFD. Said, not guessed at.
  const otherCharset = charset !== undefined && !/^(?:utf-?8|us-ascii)$/i.test(charset);
  if (otherCharset) warnings.push(`the Content-Type names charset ${JSON.stringify(charset.slice(0, 40))}: the body is read as UTF-8, not converted`);
  // Bytes that are not UTF-8 where no other charset was named (that warning says it already): said
  // where, for a body read as JSON, a form or text, and looked for only then. One that is none of
  // them (an image, gzip bytes with no Content-Encoding, text that is not the JSON it claims) has
  // its own issue, or none, and its bytes are not walked. `rule`: why bytes read as that are UTF-8. Whether it told of any.
  const readAsText = (rule: string): boolean => {
    const notUtf8 = otherCharset ? undefined : badUtf8Warning(bytes, text, 'the body', rule);
    if (notUtf8 !== undefined) warnings.push(notUtf8);
    return notUtf8 !== undefined;
  };
  if (text.startsWith(BOM)) {
    text = text.slice(1);
    warnings.push('stripped a UTF-8 byte order mark before the JSON');
  }
  // JSON first whatever the label (SNS posts JSON as text/plain; curl -d labels JSON as a form).
  if (media !== FORM_MEDIA_TYPE || opensJson(text)) {
    const lines = media !== undefined && NDJSON_MEDIA_TYPES.has(media);
    if (lines && pastLineBound(text)) {
      const unparsed = `a JSON Lines body of more than ${groupDigits(MAX_JSON_LINES)} lines (whk's bound)`;
      warnings.push(`${unparsed}: recorded as it came, not parsed line by line`);
      return { json: undefined, form: undefined, text: undefined, issue: undefined, unparsed, warnings };
    }
    const parsed: LinesResult = lines ? parseJsonLines(text) : parseJsonLenient(text);
    if (parsed.ok) {
      readAsText(JSON_UTF8_RULE);
      for (const repair of parsed.warnings) warnings.push(repairWarning(repair));
      // The value's own JSON, for strict JSON only: a document's text, or the lines' texts as the array's.
      const own = parsed.warnings.length === 0 ? (parsed.lineTexts ? `[${parsed.lineTexts.join(',')}]` : oneLine(text)) : undefined;
      return { json: { value: parsed.value, text: own, repairs: parsed.warnings }, form: undefined, text: undefined, issue: undefined, warnings };
    }
    if (!declaredNotJson(media)) {
      const issue = { path: '$', message: parsed.line > 1 ? `line ${parsed.line}: ${parsed.message}` : parsed.message };
      return { json: undefined, form: undefined, text: undefined, issue, warnings };
    }
  }
  if (media === FORM_MEDIA_TYPE) {
    const toldOfBytes = readAsText(FORM_UTF8_RULE);
    const { fields, unread } = parseForm(text);
    // Its bytes are UTF-8, or said to be something else already; its fields' percent-encoded ones may not be.
    const fieldNotUtf8 = toldOfBytes || otherCharset ? undefined : formNotUtf8(text, fields);
    if (fieldNotUtf8 !== undefined) warnings.push(fieldNotUtf8);
    if (unread > 0) warnings.push(`read the first ${MAX_FORM_FIELDS} fields of the form (whk's bound): ${unread} more left unread`);
    const form = formContent(fields);
    return { ...form, text: undefined, issue: undefined, warnings: [...warnings, ...repairsTold(form.json)] };
  }
  if (!isTextual(media)) return { json: undefined, form: undefined, text: undefined, issue: undefined, warnings };
  readAsText(TEXT_UTF8_RULE);
  return { json: undefined, form: undefined, text, issue: undefined, warnings };
}

type LinesResult = ParseResult & { lineTexts?: string[] };

// JSON Lines (NDJSON): a JSON value on each line, as a log drain posts a batch. Their names as senders label them.
const NDJSON_MEDIA_TYPES: ReadonlySet<string> = new Set(['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonl', 'application/jsonlines', 'application/x-jsonlines']);

/**
 * whk's bound on the lines of a JSON Lines body parsed one by one: 3 million short lines (10 MB) took
 * seconds, holding every other request. A log drain's batch is far smaller.
 */
export const MAX_JSON_LINES = 10_000;

const NOT_SPACE = /\S/g;

/** Whether the text holds a line after its MAX_JSON_LINES-th line break: found by that many indexOf, not a read of it all. */
function pastLineBound(text: string): boolean {
  let at = -1;
  for (let n = 0; n < MAX_JSON_LINES; n++) {
    at = text.indexOf('\n', at + 1);
    if (at === -1) return false;
  }
  NOT_SPACE.lastIndex = at + 1;
  return NOT_SPACE.test(text);
}

/**
 * A JSON Lines body as the array of its lines' values (blank lines skipped; a CR before a newline is
 * JSON's whitespace, so CRLF lines read too): recorded and judged as that array, its bytes kept as they came. A line that is not
 * JSON is the body's issue, named by its line; stray commas are repaired as in a JSON body, at
 * their line in the body. `lineTexts`: each line's own text, on one line, which joined are the
 * array's JSON: the capture embeds that, as it does a JSON body's text, never stringifying the
 * values again (a line nested 10,000 deep parses, but JSON.stringify overflows the stack on it).
 */
function parseJsonLines(text: string): LinesResult {
  const values: unknown[] = [];
  const lineTexts: string[] = [];
  const warnings: ParseWarning[] = [];
  let line = 0;
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const raw = text.slice(start, end);
    start = end + 1;
    line++;
    if (raw.trim() === '') continue;
    const parsed = parseJsonLenient(raw);
    if (!parsed.ok) return { ok: false, line, message: parsed.message };
    values.push(parsed.value);
    lineTexts.push(oneLine(raw));
    for (const warning of parsed.warnings) warnings.push({ ...warning, line });
  }
  return { ok: true, value: values, warnings, lineTexts };
}

/** The form's fields (and a multipart form's files), and the JSON of the first field that holds an object or array. */
function formContent(fields: FormFields, files?: FormFile[]): Pick<Content, 'json' | 'form'> {
  for (const [name, value] of fields) {
    if (!opensJson(value)) continue;
    const parsed = parseJsonLenient(value);
    if (parsed.ok) return { json: { value: parsed.value, text: parsed.warnings.length === 0 ? oneLine(value) : undefined, repairs: parsed.warnings }, form: formOf(fields, name, files) };
  }
  return { json: undefined, form: formOf(fields, null, files) };
}

function formOf(fields: FormFields, json: string | null, files: FormFile[] | undefined): NonNullable<Content['form']> {
  return files === undefined ? { fields, json } : { fields, json, files };
}

/** The commas read past in a form field's JSON, as warnings (a body's own are told where it is parsed). */
function repairsTold(json: Content['json']): string[] {
  return json ? json.repairs.map((repair) => repairWarning(repair)) : [];
}

function opensJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

/** A Content-Type that says the body is something other than JSON. */
function declaredNotJson(media: string | undefined): boolean {
  return media !== undefined && !media.includes('json');
}

function isTextual(media: string | undefined): boolean {
  return media !== undefined && (media.startsWith('text/') || media.endsWith('/xml') || media.endsWith('+xml'));
}

// A line break and the whitespace after it: between two tokens, as a JSON string never holds a raw one.
const LINE_BREAKS = /[\r\n][ \t\r\n]*/g;

/**
 * Strict JSON's text on one line, for the capture to embed: a pretty-printed body's line breaks,
 * and the indentation after each, are whitespace between tokens, so without them the text reads as
 * the same JSON. By hand, on a 1.3 kB pretty-printed metric alert, dropping them and splicing the
 * text took 3.3 µs against 5.4 µs for stringifying the whole record, body and base64 included.
 */
function oneLine(text: string): string {
  const trimmed = text.trim();
  // indexOf scans for one character natively: one-line bodies, the most, skip the regex.
  return trimmed.includes('\n') || trimmed.includes('\r') ? trimmed.replace(LINE_BREAKS, '') : trimmed;
}
