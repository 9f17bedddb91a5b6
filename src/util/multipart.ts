// multipart/form-data bodies (RFC 7578 over RFC 2046's multipart syntax): text parts become fields
// in order, file parts are described (name, filename, type, size), never read as text. A body from
// anyone: one pass with Buffer.indexOf over the bytes, bounded parts and part headers, and what is
// wrong said as warnings, never thrown.
import { isUtf8 } from 'node:buffer';
import type { FormFields } from './form.js';

export const MULTIPART_MEDIA_TYPE = 'multipart/form-data';

/** whk's bound: the most parts read from one body; the rest are counted, not read. */
export const MAX_PARTS = 1_000;
/** whk's bound on one part's header block (browsers and curl write a few hundred bytes). */
export const MAX_PART_HEADER_BYTES = 8 * 1024;
/** RFC 2046 §5.1.1: a boundary is 1 to 70 characters. */
export const MAX_BOUNDARY = 70;

/** A part with a filename: what it is, not its bytes (those stay in the body as received). */
export interface FormFile {
  name: string;
  filename: string;
  /** The part's own Content-Type, as sent; null when it has none. */
  contentType: string | null;
  /** The part's content in bytes. */
  size: number;
}

export interface Multipart {
  /** The text parts in order; null when no part could be read (no boundary, or not found). */
  fields: FormFields | null;
  files: FormFile[];
  warnings: string[];
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
/** How many part numbers a warning names before it counts the rest. */
const NAMED_PARTS = 3;

export function parseMultipart(bytes: Buffer, contentType: string): Multipart {
  const boundary = parameters(contentType).get('boundary');
  if (boundary === undefined || boundary === '') return unread('multipart/form-data without a boundary parameter: its parts cannot be told apart, so none was read');
  if (boundary.length > MAX_BOUNDARY) return unread(`the multipart boundary is ${boundary.length} characters, over the 70 RFC 2046 allows: no part was read`);
  const dashed = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.concat([CRLF, dashed]);
  // The first delimiter opens the body, or follows a preamble and a CRLF (RFC 2046 allows one).
  let first = startsWith(bytes, dashed) ? delimiterAt(bytes, dashed.length) : undefined;
  if (first === undefined || first === null) first = nextDelimiter(bytes, delimiter, 0);
  if (first === null) return unread(`the multipart boundary "${boundary}" never opens a part in the body: no part was read`);
  const fields: FormFields = [];
  const result: Multipart = { fields, files: [], warnings: [] };
  const problems = new Problems();
  let at = first;
  let parts = 0;
  while (!at.close) {
    if (at.next >= bytes.length) {
      result.warnings.push('the multipart body ends after a delimiter, with no closing one (--boundary--)');
      break;
    }
    if (parts === MAX_PARTS) {
      const left = 1 + countDelimiters(bytes, delimiter, at.next);
      result.warnings.push(`read the first ${MAX_PARTS} parts of the multipart body (whk's bound): ${left} more left unread`);
      break;
    }
    parts++;
    const end = nextDelimiter(bytes, delimiter, at.next);
    readPart(bytes.subarray(at.next, end === null ? bytes.length : end.start), parts, { fields, files: result.files }, problems);
    if (end === null) {
      result.warnings.push(`the multipart body has no closing delimiter (--boundary--): part ${parts} was read to the end of the body`);
      break;
    }
    at = end;
  }
  result.warnings.push(...problems.warnings());
  return result;
}

/**
 * A multipart/form-data body of text fields, as a browser's form writes it (the HTML standard's
 * multipart/form-data encoding algorithm: a name's '"' as %22, CR and LF as %0D and %0A), and the
 * Content-Type that names its boundary. `boundary` must not occur in the values: give one made from them.
 */
export function encodeMultipart(fields: FormFields, boundary: string): { body: Buffer; contentType: string } {
  const escaped = (name: string): string => name.replace(/["\r\n]/g, (c) => (c === '"' ? '%22' : c === '\r' ? '%0D' : '%0A'));
  const parts = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${escaped(name)}"\r\n\r\n${value}\r\n`);
  return { body: Buffer.from(`${parts.join('')}--${boundary}--\r\n`), contentType: `${MULTIPART_MEDIA_TYPE}; boundary=${boundary}` };
}

function unread(warning: string): Multipart {
  return { fields: null, files: [], warnings: [warning] };
}

/** Where a delimiter was found: its start (the CRLF before it), and where its part begins, or that it closes the body. */
interface Delimiter {
  start: number;
  close: boolean;
  next: number;
}

/**
 * What follows "--boundary" at `after`: "--" closes the body; optional spaces (RFC 2046's transport
 * padding) and a CRLF open a part; the body's end opens an empty one. Anything else: not a delimiter.
 */
function delimiterAt(bytes: Buffer, after: number, start = 0): Delimiter | null {
  if (bytes[after] === 0x2d && bytes[after + 1] === 0x2d) return { start, close: true, next: after + 2 };
  let at = after;
  while (bytes[at] === 0x20 || bytes[at] === 0x09) at++;
  if (at >= bytes.length) return { start, close: false, next: bytes.length };
  if (bytes[at] === 0x0d && bytes[at + 1] === 0x0a) return { start, close: false, next: at + 2 };
  return null;
}

/** The next CRLF "--boundary" from `from` that is a delimiter line; one scan forward, never back. */
function nextDelimiter(bytes: Buffer, delimiter: Buffer, from: number): Delimiter | null {
  let at = bytes.indexOf(delimiter, from);
  while (at !== -1) {
    const found = delimiterAt(bytes, at + delimiter.length, at);
    if (found) return found;
    at = bytes.indexOf(delimiter, at + 1);
  }
  return null;
}

/** The parts left past the bound: counted by their delimiters, not read. */
function countDelimiters(bytes: Buffer, delimiter: Buffer, from: number): number {
  let count = 0;
  let at = nextDelimiter(bytes, delimiter, from);
  while (at !== null && !at.close) {
    count++;
    at = nextDelimiter(bytes, delimiter, at.next);
  }
  return count;
}

function startsWith(bytes: Buffer, prefix: Buffer): boolean {
  return bytes.length >= prefix.length && bytes.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}

/** One part: its headers, then a field (no filename) or a file (with one); a part that cannot be read is a problem. */
function readPart(part: Buffer, number: number, into: { fields: FormFields; files: FormFile[] }, problems: Problems): void {
  // A part with no headers begins with the blank line itself.
  const blank = startsWith(part, CRLF) ? 0 : part.subarray(0, MAX_PART_HEADER_BYTES + HEADER_END.length).indexOf(HEADER_END);
  if (blank === -1) {
    problems.add(part.length > MAX_PART_HEADER_BYTES ? `headers over ${MAX_PART_HEADER_BYTES / 1024} KiB (whk's bound) or not ended by a blank line: left out` : 'headers not ended by a blank line: left out', number);
    return;
  }
  const headers = headerFields(part.subarray(0, blank).toString('utf8'));
  const disposition = headers.get('content-disposition');
  const params = disposition === undefined ? undefined : parameters(disposition);
  const name = params?.get('name');
  if (disposition === undefined || !/^\s*form-data\s*(;|$)/i.test(disposition) || name === undefined) {
    problems.add('no Content-Disposition: form-data; name=…: left out', number);
    return;
  }
  const content = part.subarray(blank === 0 ? CRLF.length : blank + HEADER_END.length);
  const type = headers.get('content-type') ?? null;
  const filename = params?.get('filename');
  if (filename !== undefined) {
    into.files.push({ name, filename, contentType: type, size: content.length });
    return;
  }
  into.fields.push([name, content.toString('utf8')]);
  const charset = type === null ? undefined : parameters(type).get('charset');
  // One problem whatever the charset: a sender naming a thousand charsets gets one warning, not a thousand.
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) problems.add('names a charset other than UTF-8: read as UTF-8, not converted', number);
  // Bytes that are not UTF-8 where no charset said so: the same words for every such part, so one warning.
  else if (!isUtf8(content)) problems.add('is not valid UTF-8: read with U+FFFD in place of each bad sequence, so the sender\'s characters are lost', number);
}

/** A part's header lines by lower-case name (the first of a repeated one). */
function headerFields(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!fields.has(name)) fields.set(name, line.slice(colon + 1).trim());
  }
  return fields;
}

/**
 * A header value's parameters (`type; a=1; b="x; y"`) by lower-case name, quoted or not (a quoted
 * value may hold ';' and backslash escapes). One pass over the value; the first of a repeated name.
 */
export function parameters(value: string): Map<string, string> {
  const found = new Map<string, string>();
  let at = value.indexOf(';');
  // Found once and kept while ahead: searched again from every ';', "; ; ; …=" would be quadratic.
  let equals = -1;
  while (at !== -1 && at < value.length) {
    if (equals <= at) equals = value.indexOf('=', at + 1);
    const semicolon = value.indexOf(';', at + 1);
    if (equals === -1) break;
    if (semicolon !== -1 && semicolon < equals) {
      at = semicolon;
      continue;
    }
    const name = value.slice(at + 1, equals).trim().toLowerCase();
    let end: number;
    let text: string;
    let start = equals + 1;
    while (value[start] === ' ' || value[start] === '\t') start++;
    if (value[start] === '"') {
      ({ text, end } = quoted(value, start + 1));
    } else {
      end = value.indexOf(';', start);
      if (end === -1) end = value.length;
      text = value.slice(start, end).trim();
    }
    if (name !== '' && !found.has(name)) found.set(name, text);
    at = value.indexOf(';', end);
  }
  return found;
}

/** A quoted string from just past its opening quote: its text, and where it ends (past the closing quote). */
function quoted(value: string, from: number): { text: string; end: number } {
  let text = '';
  let at = from;
  let run = from;
  while (at < value.length && value[at] !== '"') {
    if (value[at] === '\\' && at + 1 < value.length) {
      text += value.slice(run, at);
      run = at + 1;
      at += 2;
      continue;
    }
    at++;
  }
  return { text: text + value.slice(run, at), end: at + 1 };
}

/** What was wrong with parts, each problem said once with the parts it concerns (the first few, then a count). */
class Problems {
  private readonly byProblem = new Map<string, { parts: number[]; count: number }>();

  add(problem: string, part: number): void {
    const entry = this.byProblem.get(problem) ?? { parts: [], count: 0 };
    if (entry.parts.length < NAMED_PARTS) entry.parts.push(part);
    entry.count++;
    this.byProblem.set(problem, entry);
  }

  warnings(): string[] {
    return [...this.byProblem].map(([problem, { parts, count }]) => {
      const more = count > parts.length ? ` and ${count - parts.length} more` : '';
      return `multipart ${count === 1 ? 'part' : 'parts'} ${parts.join(', ')}${more}: ${problem}`;
    });
  }
}
