// What the inspector's search reads of a record: for free text its method, target, kind, headers
// and decoded body, as one text, and the forms of the text it looks for; for the path filter, the
// target as sent and as it reads.
import { gunzipSync } from 'node:zlib';
import { numbersInText } from '../capture/body-text.js';
import { DEFAULT_MAX_BODY } from '../receiver/limits.js';
import type { CaptureRecord } from '../capture/record.js';
import { recordQuery, readableHeader } from '../capture/request-fields.js';
import { firstInexactInteger, toJson } from '../util/deep-json.js';
import { percentDecode } from '../util/form.js';
import { encodingHasGzip } from '../util/gzip-magic.js';
import { stringifyWithTexts } from '../util/number-texts.js';

export function searchText(record: CaptureRecord): string {
  const headers = Object.entries(record.headers).map(([name, value]) => `${name}: ${readableHeader(Array.isArray(value) ? value.join(', ') : value)}`);
  // The decoded body as the receiver recorded it (JSON, a form's fields, text); the raw bytes only
  // when it recorded none of those (they may still be compressed). toJson: a body nested deeper
  // than JSON.stringify recurses is written by a walk, so one hostile record cannot break search.
  const json = record.body === null ? undefined : bodyJson(record);
  const decoded = [json, ...(json === undefined ? [] : unescaped(json)), ...(record.form?.fields.map(([name, value]) => `${name}=${value}`) ?? []), ...(record.form?.files?.map((file) => `${file.name}=${file.filename}`) ?? []), record.text];
  const body = decoded.some((part) => part !== undefined) ? decoded.filter((part) => part !== undefined) : [Buffer.from(record.bodyBase64, 'base64').toString('utf8')];
  return [record.method, record.path, recordQuery(record), record.kind ?? '', ...headers, ...body].join('\n');
}

/**
 * The body's JSON as search reads it, compact: an integer past 2^53 in the digits sent, as the detail
 * draws it (parsed, it is the nearest double, and the digits a user copied from the detail found nothing).
 */
function bodyJson(record: CaptureRecord): string | undefined {
  if (firstInexactInteger(record.body) !== undefined) {
    const texts = numbersInText(record, record.body, record.form === undefined ? sentBytes(record) : undefined);
    try {
      if (texts !== undefined && texts.size > 0) return stringifyWithTexts(record.body, texts).text;
    } catch {
      // Too deep for the writer: toJson's walk below writes it.
    }
  }
  return toJson(record.body);
}

/** The body's bytes as sent, gzip undone; undefined for another coding (its numbers read as parsed). */
function sentBytes(record: CaptureRecord): Buffer | undefined {
  const raw = Buffer.from(record.bodyBase64, 'base64');
  if (record.encoding === 'identity') return raw;
  if (!encodingHasGzip(record.encoding)) return undefined;
  try {
    // At most what the receiver takes of a body by default.
    return gunzipSync(raw, { maxOutputLength: DEFAULT_MAX_BODY });
  } catch {
    return undefined;
  }
}

// An escape in JSON text: \" \\ \/ \b \f \n \r \t or \uXXXX.
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/g;
const UNESCAPED: Readonly<Record<string, string>> = { '\\"': '"', '\\\\': '\\', '\\/': '/', '\\b': '\b', '\\f': '\f', '\\n': '\n', '\\r': '\r', '\\t': '\t' };

/**
 * The JSON text with its strings' escapes undone, when it has any: in the JSON text alone, a search
 * for `said "hi"` or `C:\temp` found nothing in {"msg": "He said \"hi\" in C:\\temp"}.
 */
function unescaped(json: string): string[] {
  return json.includes('\\') ? [json.replace(ESCAPE, (escape) => UNESCAPED[escape] ?? String.fromCharCode(Number.parseInt(escape.slice(2), 16)))] : [];
}

/**
 * What a search for `needle` (lower case) looks for in the search text: the needle as typed, and
 * the needle without JSON's layout whitespace, read as a piece of JSON text that begins outside a
 * string or inside one (each reading kept only when the text between its strings can be JSON's).
 * The search text holds a JSON body compact, as sent, while the detail pretty-prints it
 * (`"status": "firing"`, a member a line): a piece copied from the detail found nothing. Whitespace
 * inside a string is never dropped (`"fir ing"` does not find "firing").
 */
export function searchForms(needle: string): string[] {
  const forms = [needle];
  for (const inString of [false, true]) {
    const form = withoutLayout(needle, inString);
    if (form !== undefined && !forms.includes(form)) forms.push(form);
  }
  return forms;
}

/** Whether `text` holds one of `forms` (a loop: a search asks this of up to 50,000 records). */
export function holdsAny(text: string, forms: readonly string[]): boolean {
  for (const form of forms) if (text.includes(form)) return true;
  return false;
}

// A structural character of JSON with the whitespace a pretty-printer lays out around it.
const LAYOUT = /\s*([{}[\]:,])\s*/g;
const STRUCTURE = /[\s{}[\]:,]+/;
const NUMBER = /^-?\d+(?:\.\d+)?(?:e[-+]?\d+)?$/;
const PART_OF_NUMBER = /^[-+.\de]+$/;
const LITERALS = ['true', 'false', 'null'];

/** `text` without whitespace beside JSON's structure outside its strings; undefined when what stands between its strings cannot be JSON's. */
function withoutLayout(text: string, inString: boolean): string | undefined {
  let out = '';
  let from = 0;
  for (let i = 0; i <= text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') {
        out += text.slice(from, i + 1);
        from = i + 1;
        inString = false;
      }
    } else if (char === '"' || i === text.length) {
      const between = text.slice(from, i);
      const words = between.split(STRUCTURE);
      const cutWord = (n: number): boolean => (n === 0 && from === 0) || (n === words.length - 1 && i === text.length);
      if (!words.every((word, n) => isJsonWord(word, cutWord(n)))) return undefined;
      out += between.replace(LAYOUT, '$1');
      from = i;
      inString = true;
    }
  }
  return out + text.slice(from);
}

/** A number, true, false or null, or, where the needle may have cut one (its ends), a piece of one. */
function isJsonWord(word: string, cut: boolean): boolean {
  if (word === '' || NUMBER.test(word) || LITERALS.includes(word)) return true;
  return cut && (PART_OF_NUMBER.test(word) || LITERALS.some((literal) => literal.includes(word)));
}

/**
 * Whether a request's target (path and query) holds `needle` as it was sent (percent-encoded) or
 * as it reads: `/hooks/café` finds `/hooks/caf%C3%A9`, `/a b` finds `/a%20b`, and in the query, where
 * '+' is a space too, `q=a b` finds `?q=a+b`.
 */
export function targetHolds(target: string, needle: string): boolean {
  if (target.includes(needle)) return true;
  const at = target.indexOf('?');
  const path = at === -1 ? target : target.slice(0, at);
  const query = at === -1 ? '' : target.slice(at).replaceAll('+', ' ');
  return (target.includes('%') || query.includes(' ')) && `${percentDecode(path)}${percentDecode(query)}`.includes(needle);
}
