// The public replay(): the core of `whk replay`, re-sending captured requests with their original
// bytes over a dispatcher it owns and closes.
import type { ReplayResult } from '../delivery/replay.js';
import { replayOptions } from '../options/replay.js';
import { UsageError } from '../errors.js';
import { checkHeaders, checkInt, toMs, type AgreesWith } from './options.js';
import { checkRequired, checkShape, type Shape } from './shape.js';
import { schemeSettingsShape, type SchemeSettings } from './scheme-settings.js';
import { callDropping } from '../util/thenable.js';

export type { ReplayResult } from '../delivery/replay.js';

/** replay()'s options; the scheme settings are those of the scheme that signs (`sign`, or each record's). */
export interface ReplayOptions extends SchemeSettings {
  url: string;
  kind?: string;
  /** An exact path, or a pattern where * matches any characters. */
  path?: string;
  /** 1-based record numbers: [1, 3] or '1,3,5-7'. */
  index?: readonly number[] | string;
  /** Send every original header (hop-by-hop ones excepted), not only Content-Type/-Encoding. */
  originalHeaders?: boolean;
  /** Append each record's path and query to `url`. */
  keepPath?: boolean;
  headers?: Record<string, string>;
  /**
   * 'path=value' changes to each record's JSON body, as `sample()`'s `set` (the CLI's --set): the body
   * is written again from its parsed (JSON.parse) reading, as JSON.stringify writes it (compact, its
   * key order and escapes; an integer past 2^53 with its digits), uncompressed, without the signature
   * it came with (`secret` signs it anew);
   * a record whose body is not JSON is refused (its result's `refused`).
   */
  set?: readonly string[];
  /** Per-attempt timeout, ms or '10s'. Default 10 s. */
  timeout?: number | string;
  /** Retries after the first attempt. Default 0. */
  retries?: number;
  /** Sign each request anew with this scheme (see whk sign) as it is sent, with `secret`. */
  sign?: string;
  /** With `sign`, its secret; alone, each record is signed as it was checked when it arrived (that scheme, with the settings the record keeps unless some are given), or with its kind's own scheme. */
  secret?: string;
  signal?: AbortSignal;
  /**
   * Told what `whk replay` warns of, in its words: a last line with no newline after it that is not
   * a whole record, left out (whk listen may still be writing it). The replay goes on whatever it
   * does: an error it throws (or an async one's rejection) is dropped. Default: nothing is told.
   */
  onWarning?: (message: string) => void;
}

true satisfies AgreesWith<ReplayOptions, typeof replayOptions>;

const replayShape: Shape<ReplayOptions> = {
  url: 'string',
  kind: 'string',
  path: 'text',
  index: 'numbersOrString',
  originalHeaders: 'boolean',
  keepPath: 'boolean',
  headers: 'object',
  set: 'strings',
  timeout: 'amount',
  retries: 'number',
  sign: 'string',
  secret: 'text',
  ...schemeSettingsShape,
  signal: 'signal',
  onWarning: 'function',
};

/** Re-sends the records of a capture file with their original bytes; one result per record. */
export async function replay(file: string, options: ReplayOptions): Promise<ReplayResult[]> {
  checkRequired('file', file, 'text');
  // Unknown fields first: a URL given as `to` is named as the `url` it meant, not as missing.
  checkShape('replay()', options, replayShape);
  if (options?.url === undefined) throw new UsageError('replay(): `url` is required', "e.g. replay('captures.ndjson', { url: 'http://127.0.0.1:3000/hooks' })");
  const [{ parseIndexList, streamCaptures, recordNumbers, unendedWarning }, { replayCaptures, checkReplayPicks, checkReplaySigning }, { parseTargetUrl }, { createDispatcher, endDispatcher }, { givenSchemeParams }] = await Promise.all([
    import('../capture/read.js'),
    import('../delivery/replay.js'),
    import('../util/url.js'),
    import('../delivery/attempt.js'),
    import('../signing/given-params.js'),
  ]);
  const url = parseTargetUrl(options.url);
  checkHeaders(options.headers);
  const params = givenSchemeParams(options);
  checkReplaySigning({ ...options, params });
  // Record numbers count from 1, as --index's do: 0 or 1.5 names no record and would replay nothing.
  const numbers = typeof options.index === 'string' ? undefined : options.index;
  numbers?.forEach((n) => checkInt(n, 'index', 1));
  if (numbers?.length === 0) throw new UsageError('invalid `index`: give at least one record number');
  const index = typeof options.index === 'string' ? parseIndexList(options.index) : numbers ? recordNumbers(numbers) : undefined;
  // Left out as the command leaves it out, and told in its words (an API never prints); the hook's
  // own failure must not stop the replay, nor (rejected) end the process.
  const { onWarning } = options;
  const unended = onWarning && ((line: { line: number; problem: string }) => callDropping(onWarning, unendedWarning(file, line)));
  const read = await streamCaptures(file, { kind: options.kind, path: options.path, index, unended });
  checkReplayPicks({ kind: options.kind, retries: checkInt(options.retries, 'retries') }, read);
  const dispatcher = createDispatcher();
  try {
    return await replayCaptures(
      read.entries,
      {
        url,
        originalHeaders: options.originalHeaders,
        keepPath: options.keepPath,
        headers: Object.entries(options.headers ?? {}),
        set: options.set,
        timeoutMs: toMs(options.timeout, 'timeout', replayOptions.timeout) ?? 10_000,
        retries: checkInt(options.retries, 'retries'),
        sign: options.sign,
        secret: options.secret,
        params,
      },
      { dispatcher, signal: options.signal },
    );
  } finally {
    await endDispatcher(dispatcher);
  }
}
