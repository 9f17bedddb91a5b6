// The page's Replay: one record re-sent through the code of whk replay, over a dispatcher of the
// page's own. Loaded with the first replay: the sender's side (undici) is not needed to look at records.
import type { Dispatcher } from 'undici';
import type { CaptureRecord } from '../capture/record.js';
import type { ReplayOptions } from '../delivery/replay.js';
import { maskUrl } from '../util/secrets.js';
import type { ReplayOutcome } from './wire.js';

/**
 * The page's replays' own dispatcher, made at the first (loading the sender's side then) and ended with
 * the page: closing one inspector (the API runs several in a process) cut another's replay in flight
 * when they shared the process's.
 */
export function ownDispatcher(): { get(): Promise<Dispatcher>; end(): Promise<void> } {
  let made: Dispatcher | undefined;
  return {
    async get() {
      const { createDispatcher } = await import('../delivery/attempt.js');
      return (made ??= createDispatcher());
    },
    async end() {
      if (made) await (await import('../delivery/attempt.js')).endDispatcher(made);
    },
  };
}

/** One record re-sent: as recorded, or with the body edited on the page (`body`), signed anew with `sign` (its `secret` and `params` as the receiver verifies it). */
export async function replay(record: CaptureRecord, options: Pick<ReplayOptions, 'url' | 'originalHeaders' | 'body' | 'sign' | 'secret' | 'params'>, dispatcher: Dispatcher): Promise<ReplayOutcome> {
  const { url } = options;
  // Loaded on first use: the sender's side (undici) is not needed to look at records.
  const { replayCaptures, editedBodyInvalid } = await import('../delivery/replay.js');
  // A secret its scheme cannot sign with comes back as a refusal that says why.
  const [result] = await replayCaptures([{ index: 1, line: 0, record }], { ...options, retries: 0 }, { dispatcher });
  const last = result?.attempts.at(-1);
  return {
    // Shown on the page: its password (http://user:pass@host/) masked, as whk replay prints it.
    url: maskUrl(url),
    delivered: result?.delivered ?? false,
    status: last?.status ?? null,
    error: last?.error ?? null,
    attempts: result?.attempts.length ?? 0,
    refused: result?.refused ?? null,
    editInvalid: options.body === undefined || result?.refused != null ? null : editedBodyInvalid(record, options.body),
    signaturesLeftOut: result?.signaturesLeftOut ?? [],
  };
}
