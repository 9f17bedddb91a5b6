// Replay of captured requests (read and picked by src/capture/read.ts): re-send each with its
// original bytes and encoding headers.
import type { CaptureEntry } from '../capture/read.js';
import type { CaptureRecord } from '../capture/record.js';
import { findKind } from '../kinds/index.js';
import type { DeliveryProfile } from '../kinds/types.js';
import type { Attempt, DeliverEnv } from './retry.js';
import { resolvePolicy } from './policy.js';
import { isSendableHeader, USER_AGENT, type PreparedRequest } from './request.js';
import { sendPrepared } from './chains.js';
import { endToEndHeaders } from '../util/hop-headers.js';
import { splitCredentials } from '../util/secrets.js';
import { recordQuery } from '../capture/request-fields.js';
import { encodingHasGzip } from '../util/gzip-magic.js';

export interface ReplayOptions {
  url: string;
  /** Send every original header (hop-by-hop ones excepted), not only Content-Type/-Encoding. */
  originalHeaders?: boolean | undefined;
  /** Append each record's path and query to `url`. */
  keepPath?: boolean | undefined;
  /** Extra headers, replacing originals of the same name. */
  headers?: readonly (readonly [string, string])[] | undefined;
  timeoutMs?: number | undefined;
  retries?: number | undefined;
}

export interface ReplayResult {
  index: number;
  method: string;
  /** The path the record was received on. */
  path: string;
  kind: string | null;
  /** The event the record was of (kinds with events), null otherwise. */
  event: string | null;
  url: string;
  /** Accepted by the kind's success rule (a 2xx for records of no known kind). */
  delivered: boolean;
  attempts: Attempt[];
  bytes: number;
  gzip: boolean;
  /** Why the record was not sent (a truncated body); null when it was. */
  refused: string | null;
}

// The headers that give the bytes their meaning; always sent as they came.
const ENCODING_HEADERS = ['content-type', 'content-encoding'];

const UNKNOWN_KIND: Pick<DeliveryProfile, 'success' | 'retry' | 'timeoutMs'> = {
  success: '2xx',
  retry: { maxAttempts: 1, initialDelayMs: 300, backoff: 'fixed' },
  timeoutMs: 10_000,
};

/** The request that re-sends a record: its original method and bytes, to `url`. */
export function replayRequest(record: CaptureRecord, options: ReplayOptions): PreparedRequest {
  const body = Buffer.from(record.bodyBase64, 'base64');
  const headers: Record<string, string> = { 'user-agent': USER_AGENT };
  // The kind's event header names what the bytes are (X-GitHub-Event), so it goes along too.
  const eventHeader = record.kind === null ? undefined : findKind(record.kind)?.eventHeader?.toLowerCase();
  // Not the hop-by-hop ones, nor those the record's own Connection header named (as --forward-to drops them).
  for (const [name, value] of Object.entries(endToEndHeaders(record.headers))) {
    const lower = name.toLowerCase();
    if (options.originalHeaders || ENCODING_HEADERS.includes(lower) || lower === eventHeader) headers[lower] = Array.isArray(value) ? value.join(', ') : value;
  }
  // user:pass@ in the target goes as Authorization: Basic, over an original one; --header over both.
  const { url: target, authorization } = splitCredentials(options.url);
  if (authorization !== undefined) headers['authorization'] = authorization;
  for (const [name, value] of options.headers ?? []) headers[name.toLowerCase()] = value;
  const sent = { method: record.method, headers, body, gzip: encodingHasGzip(record.encoding) };
  return options.keepPath ? { ...sent, ...joinPath(target, record) } : { ...sent, url: target };
}

/** A record to re-send, and where it was in its file (its place there is not needed). */
type ReplayEntry = Omit<CaptureEntry, 'placement'>;

/** Re-sends the entries in order, one result each; records that cannot be sent as they were are refused. */
export async function replayCaptures(
  entries: Iterable<ReplayEntry> | AsyncIterable<ReplayEntry>,
  options: ReplayOptions,
  env: DeliverEnv & { onResult?: (result: ReplayResult) => void } = {},
): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  for await (const { index, record } of entries) {
    if (env.signal?.aborted) break;
    const request = replayRequest(record, options);
    const base = { index, method: record.method, path: record.path, kind: record.kind, event: record.event ?? null, url: request.url, bytes: request.body.length, gzip: request.gzip };
    let result: ReplayResult;
    const refused = unsendable(record, request);
    if (refused !== null) {
      result = { ...base, delivered: false, attempts: [], refused };
    } else {
      const profile = (record.kind === null ? undefined : findKind(record.kind)?.delivery) ?? UNKNOWN_KIND;
      const policy = resolvePolicy(profile, { retries: options.retries ?? 0, timeoutMs: options.timeoutMs });
      const delivery = await sendPrepared({ kind: record.kind ?? 'unknown', request, policy }, env);
      result = { ...base, delivered: delivery.delivered, attempts: delivery.attempts, refused: null };
    }
    results.push(result);
    env.onResult?.(result);
  }
  return results;
}

/**
 * Why a record cannot be re-sent as it was, or null: its body was cut, or (in a file edited by hand:
 * Node's parser refuses them, so listen never records one) a CONNECT, a header that HTTP cannot
 * carry or, with keepPath, a path a request-target cannot hold, which undici refused in words of its
 * own ('invalid onUpgrade method', 'invalid header key', 'invalid request path').
 */
function unsendable(record: CaptureRecord, request: PreparedRequest): string | null {
  if (record.truncated) return `truncated: only the first ${request.body.length} bytes were recorded (the body went over \`maxBody\`), so its bytes are incomplete`;
  if (request.method.toUpperCase() === 'CONNECT') return 'a CONNECT asks a proxy for a tunnel; it is not re-sent';
  // With keepPath the recorded path and query go on the wire as they are; undici refuses what a
  // request-target cannot hold ('invalid request path', shown as if the receiver had answered).
  if (request.target !== undefined && UNSENDABLE_TARGET.test(request.target)) return `its path and query ${JSON.stringify(`${record.path}${recordQuery(record)}`)} cannot be sent as they were (\`keepPath\`): they hold a space, a control character or one past U+00FF`;
  for (const [name, value] of Object.entries(request.headers)) {
    // JSON quoting shows a control character as an escape, not as a move of the terminal.
    if (!isSendableHeader(name, '')) return `its header name ${JSON.stringify(name)} is not an HTTP token, so it cannot be sent`;
    if (!isSendableHeader(name, value)) return `its ${JSON.stringify(name)} header cannot be sent: it holds a line break, a control character or one past U+00FF`;
  }
  return null;
}

// What undici refuses in a request-target (its invalidPathRegex): only '!' to U+00FF go.
const UNSENDABLE_TARGET = /[^\u0021-\u00ff]/;

/**
 * `target` with the record's path and query after its own path. The path goes as it was received
 * (dot segments, '//', backslashes, escapes), as `listen --forward-to` relays it: a URL would
 * resolve /hooks/../../admin to /admin, out of the base path, and turn a backslash into /. The query
 * goes as it was sent too (rawQuery); a record older than that field has it written from the parsed one.
 */
function joinPath(target: string, record: CaptureRecord): { url: string; target: string } {
  const url = new URL(target);
  const query = [url.search.slice(1), recordQuery(record).slice(1)].filter((part) => part !== '').join('&');
  // A '*' (OPTIONS *: the server as a whole) names no path to append: it goes to the URL's own, as
  // `listen --forward-to` relays it. Appended, it read as a path '/*'; undici sends no '*' target.
  const joined = record.path === '*' ? url.pathname : `${url.pathname.replace(/\/$/, '')}${record.path.startsWith('/') ? '' : '/'}${record.path}`;
  const path = `${joined}${query === '' ? '' : `?${query}`}`;
  return { url: `${url.origin}${path}`, target: path };
}
