// What the inspector's free-text search reads of a record: its method, target, kind, headers and
// decoded body, as one text.
import type { CaptureRecord } from '../capture/record.js';
import { recordQuery, readableHeader } from '../capture/request-fields.js';
import { toJson } from '../util/deep-json.js';

export function searchText(record: CaptureRecord): string {
  const headers = Object.entries(record.headers).map(([name, value]) => `${name}: ${readableHeader(Array.isArray(value) ? value.join(', ') : value)}`);
  // The decoded body as the receiver recorded it (JSON, a form's fields, text); the raw bytes only
  // when it recorded none of those (they may still be compressed). toJson: a body nested deeper
  // than JSON.stringify recurses is written by a walk, so one hostile record cannot break search.
  const json = record.body === null ? undefined : toJson(record.body);
  const decoded = [json, ...(json === undefined ? [] : unescaped(json)), ...(record.form?.fields.map(([name, value]) => `${name}=${value}`) ?? []), ...(record.form?.files?.map((file) => `${file.name}=${file.filename}`) ?? []), record.text];
  const body = decoded.some((part) => part !== undefined) ? decoded.filter((part) => part !== undefined) : [Buffer.from(record.bodyBase64, 'base64').toString('utf8')];
  return [record.method, record.path, recordQuery(record), record.kind ?? '', ...headers, ...body].join('\n');
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
