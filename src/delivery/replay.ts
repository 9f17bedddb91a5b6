// Replay of captured requests: read a capture file (every line must be a capture record), pick
// records by kind, path or number, and re-send each with its original bytes and encoding headers.
import { createReadStream } from 'node:fs';
import { InputError, UsageError } from '../errors.js';
import { findKind } from '../kinds/index.js';
import type { DeliveryProfile } from '../kinds/types.js';
import { isCaptureRecord, type CaptureRecord } from '../validate/capture.js';
import { readLines } from '../validate/lines.js';
import type { Attempt, DeliverEnv } from './deliver.js';
import { resolvePolicy } from './policy.js';
import { USER_AGENT, type PreparedRequest } from './request.js';
import { sendPrepared } from './send.js';
import { readFailure } from '../util/read-input.js';
import { HOP_BY_HOP_HEADERS } from '../util/hop-headers.js';

export interface CaptureEntry {
  /** 1-based number of the record in its file (blank lines are not records). */
  index: number;
  line: number;
  record: CaptureRecord;
}

export interface ReplayFilter {
  kind?: string | undefined;
  /** An exact path, or a pattern where * matches any characters. */
  path?: string | undefined;
  /** Record numbers to keep. */
  index?: ((n: number) => boolean) | undefined;
}

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
  url: string;
  /** Accepted by the kind's success rule (a 2xx for records of no known kind). */
  delivered: boolean;
  attempts: Attempt[];
  bytes: number;
  gzip: boolean;
  /** Why the record was not sent (a truncated body); null when it was. */
  refused: string | null;
}

// Headers that describe one connection, not the message; undici refuses several of them.
// The headers that give the bytes their meaning; always sent as they came.
const ENCODING_HEADERS = ['content-type', 'content-encoding'];

const UNKNOWN_KIND: Pick<DeliveryProfile, 'success' | 'retry' | 'timeoutMs'> = {
  success: '2xx',
  retry: { maxAttempts: 1, initialDelayMs: 300, backoff: 'fixed' },
  timeoutMs: 10_000,
};

/**
 * The records of a capture file that pass the filter, in order. Reads the whole file first, so a
 * line that is not a capture record stops the replay (InputError) before anything is sent.
 */
export async function readCaptures(file: string, filter: ReplayFilter = {}): Promise<CaptureEntry[]> {
  const entries: CaptureEntry[] = [];
  const pathPattern = filter.path === undefined ? undefined : globToRegExp(filter.path);
  let index = 0;
  try {
    for await (const line of readLines(createReadStream(file))) {
      if (line.text.trim() === '') continue;
      index++;
      let value: unknown;
      try {
        value = JSON.parse(line.text);
      } catch {
        throw new InputError(`${file}:${line.number}: not JSON, so not a capture record`, 'replay reads the NDJSON that whk listen `save` writes');
      }
      if (!isCaptureRecord(value)) throw new InputError(`${file}:${line.number}: not a capture record (no bodyBase64/receivedAt)`, 'replay reads the NDJSON that whk listen `save` writes');
      if (filter.kind !== undefined && value.kind !== filter.kind) continue;
      if (pathPattern && !pathPattern.test(value.path)) continue;
      if (filter.index && !filter.index(index)) continue;
      entries.push({ index, line: line.number, record: value });
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read '${file}': ${readFailure(error)}`, undefined, error);
  }
  return entries;
}

/** '1,3,5-7' → a membership test on 1-based record numbers. */
export function parseIndexList(raw: string): (n: number) => boolean {
  const ranges: [number, number][] = [];
  for (const part of raw.split(',').map((p) => p.trim())) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    const from = Number(match?.[1]);
    const to = match?.[2] === undefined ? from : Number(match[2]);
    if (!match || from < 1 || to < from) throw new UsageError(`invalid \`index\` '${raw}'`, 'use 1-based record numbers and ranges, e.g. 1,3,5-7');
    ranges.push([from, to]);
  }
  return (n) => ranges.some(([from, to]) => n >= from && n <= to);
}

/** The request that re-sends a record: its original method and bytes, to `url`. */
export function replayRequest(record: CaptureRecord, options: ReplayOptions): PreparedRequest {
  const body = Buffer.from(record.bodyBase64, 'base64');
  const headers: Record<string, string> = { 'user-agent': USER_AGENT };
  for (const [name, value] of Object.entries(record.headers)) {
    const lower = name.toLowerCase();
    if (HOP_BY_HOP_HEADERS.has(lower)) continue;
    if (options.originalHeaders || ENCODING_HEADERS.includes(lower)) headers[lower] = Array.isArray(value) ? value.join(', ') : value;
  }
  for (const [name, value] of options.headers ?? []) headers[name.toLowerCase()] = value;
  const url = options.keepPath ? joinPath(options.url, record) : options.url;
  return { method: record.method, url, headers, body, gzip: record.encoding.includes('gzip') };
}

/** Re-sends the entries in order, one result each; truncated records are refused, not sent. */
export async function replayCaptures(
  entries: Iterable<CaptureEntry>,
  options: ReplayOptions,
  env: DeliverEnv & { onResult?: (result: ReplayResult) => void } = {},
): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  for (const { index, record } of entries) {
    if (env.signal?.aborted) break;
    const request = replayRequest(record, options);
    const base = { index, method: record.method, path: record.path, kind: record.kind, url: request.url, bytes: request.body.length, gzip: request.gzip };
    let result: ReplayResult;
    if (record.truncated) {
      result = { ...base, delivered: false, attempts: [], refused: `truncated: only the first ${request.body.length} bytes were recorded (the body went over \`maxBody\`), so its bytes are incomplete` };
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

function joinPath(target: string, record: CaptureRecord): string {
  const url = new URL(target);
  url.pathname = `${url.pathname.replace(/\/$/, '')}${record.path.startsWith('/') ? '' : '/'}${record.path}`;
  for (const [key, value] of Object.entries(record.query)) {
    for (const one of Array.isArray(value) ? value : [value]) url.searchParams.append(key, one);
  }
  return url.href;
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}
