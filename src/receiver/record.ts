// The pieces of a capture record that come straight from the request: path and query, headers
// (with hostile names kept as data), and the NDJSON line the capture file gets.
import type { CaptureRecord } from '../validate/capture.js';

export function splitUrl(target: string): { path: string; query: Record<string, string | string[]> } {
  if (target.startsWith('/') && !/[?#%\\]|\/\.{1,2}(\/|$)/.test(target)) return { path: target, query: {} };
  let parsed: URL;
  try {
    parsed = new URL(target, 'http://receiver.invalid');
  } catch {
    return { path: target, query: {} };
  }
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(parsed.searchParams.keys())) {
    const values = parsed.searchParams.getAll(key);
    define(query, key, values.length === 1 ? (values[0] as string) : values);
  }
  return { path: parsed.pathname, query };
}

/**
 * The request headers from the raw list (Node's own object silently drops a header named
 * '__proto__'): names lower-cased, repeats joined with ', ', set-cookie kept as a list.
 */
export function copyHeaders(raw: readonly string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    const seen = Object.hasOwn(out, name) ? out[name] : undefined;
    const next = seen === undefined ? (name === 'set-cookie' ? [value] : value) : Array.isArray(seen) ? [...seen, value] : `${seen}, ${value}`;
    if (name === '__proto__') define(out, name, next);
    else out[name] = next;
  }
  return out;
}

/** Sets a key as an own property even when it is '__proto__' (a header or query name is data). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * One NDJSON line. The body's own one-line JSON text is embedded as is when there is one (no
 * second serialization); a parsed body too deep for JSON.stringify is dropped, never fatal.
 */
export function serialize(record: CaptureRecord, bodyJson: string | undefined): string {
  if (bodyJson !== undefined) {
    // The line in three parts, keys in the record's order: what precedes the body, the body's own
    // text, what follows it. Base64 needs no escaping, so JSON.stringify does not scan it either
    // (it is most of the line); together that is about half the cost of one whole stringify.
    const { receivedAt, method, path, query, headers, bodyBase64, body: _body, ...after } = record;
    try {
      const head = JSON.stringify({ receivedAt, method, path, query, headers });
      const tail = JSON.stringify(after);
      return `${head.slice(0, -1)},"bodyBase64":"${bodyBase64}","body":${bodyJson}${tail === '{}' ? '}' : `,${tail.slice(1)}`}`;
    } catch {
      // A mapped value too deep to serialize: the general path below drops it.
    }
  }
  try {
    return JSON.stringify(record);
  } catch (error) {
    record.body = null;
    delete record.mapped;
    record.issues.push({ path: '$', message: `the parsed body cannot be recorded (${error instanceof Error ? error.message : String(error)}); bodyBase64 holds it` });
    record.valid = false;
    return JSON.stringify(record);
  }
}
