// The public replay(): the core of `whk replay`, re-sending captured requests with their original
// bytes over a dispatcher it owns and closes.
import type { ReplayResult } from '../delivery/replay.js';
import { replayOptions } from '../options/replay.js';
import { checkInt, toMs, type AgreesWith } from './options.js';

export type { ReplayResult } from '../delivery/replay.js';

export interface ReplayOptions {
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
  /** Per-attempt timeout, ms or '10s'. Default 10 s. */
  timeout?: number | string;
  /** Retries after the first attempt. Default 0. */
  retries?: number;
  signal?: AbortSignal;
}

true satisfies AgreesWith<ReplayOptions, typeof replayOptions>;

/** Re-sends the records of a capture file with their original bytes; one result per record. */
export async function replay(file: string, options: ReplayOptions): Promise<ReplayResult[]> {
  const [{ parseIndexList, readCaptures, recordNumbers }, { replayCaptures }, { parseTargetUrl }, { createDispatcher }, { getKind }] = await Promise.all([
    import('../capture/read.js'),
    import('../delivery/replay.js'),
    import('../util/url.js'),
    import('../delivery/attempt.js'),
    import('../kinds/index.js'),
  ]);
  const url = parseTargetUrl(options.url);
  if (options.kind !== undefined) getKind(options.kind);
  const index = typeof options.index === 'string' ? parseIndexList(options.index) : options.index ? recordNumbers(options.index) : undefined;
  const entries = await readCaptures(file, { kind: options.kind, path: options.path, index });
  const dispatcher = createDispatcher();
  try {
    return await replayCaptures(
      entries,
      {
        url,
        originalHeaders: options.originalHeaders,
        keepPath: options.keepPath,
        headers: Object.entries(options.headers ?? {}),
        timeoutMs: toMs(options.timeout, 'timeout', replayOptions.timeout) ?? 10_000,
        retries: checkInt(options.retries, 'retries'),
      },
      { dispatcher, signal: options.signal },
    );
  } finally {
    await dispatcher.close().catch(() => dispatcher.destroy());
  }
}
