// The public stream(): events of a kind generated at a rate and delivered as `whk send --rate`
// delivers them (batching, gzip, retries, the delivery-protection pause and its queue), resolving
// with the summary. It owns its HTTP dispatcher and closes it before resolving.
import type { StreamEvent, StreamRun, StreamStatus, StreamSummary } from '../delivery/stream.js';
import { checkField, eventRate, rate } from '../util/checks.js';
import { MAX_CONCURRENCY, sendOptions } from '../options/send.js';
import { checkInt, toMs, type AgreesWith } from './options.js';
import { checkRequired, checkShape, type Shape } from './shape.js';
import { checkShapedPayloads, sendRequestOf, sendShape, withApiFieldNames, type SendOptions } from './send.js';
import { fieldRef, UsageError } from '../errors.js';
import { callDropping } from '../util/thenable.js';

/** send()'s options that a stream takes: a stream generates its events, one payload each, and sends as it goes. */
type StreamedSendOptions = Omit<SendOptions, 'payload' | 'body' | 'count' | 'duplicates' | 'duplicateId' | 'lifecycle'>;

export interface StreamOptions extends StreamedSendOptions {
  /** Events per second (a number), or as the CLI's --rate takes it: '200/s', '600/m', '1/h'. */
  rate: number | string;
  /** Stop generating after this long, ms or '60s' ... */
  duration?: number | string;
  /** ... or after this many events. Neither: until `signal` aborts. */
  total?: number;
  /** Batch kinds: flush what accumulated this often, ms or '10s' (default: the kind's). */
  flushInterval?: number | string;
  /** Batch kinds: flush at once when a batch reaches this many events. */
  batchSize?: number;
  /** Delivery protection on or off (default: the kind's; on for impressions). */
  pause?: 'on' | 'off' | boolean;
  /** Errors count within this window, ms or '60s' (default 60 s). */
  pauseWindow?: number | string;
  /** Attempts in the window before delivery may pause (default 10). */
  pauseMinAttempts?: number;
  /** Pause at this error rate, 0..1 (default 0.5). */
  pauseErrorRate?: number;
  /** The first pause before a probe, ms or '30s' (default 30 s; doubles per failed probe). */
  pauseCooldown?: number | string;
  /** The longest pause, ms or '10m' (default 10 min). */
  pauseMax?: number | string;
  /** Batches that may wait to go, while paused or behind the deliveries in flight (default 1000); overflow is counted as dropped. */
  maxQueue?: number;
  /** While paused, send nothing and count the gap instead of queueing. */
  pauseDrop?: boolean;
  /** After generation ends, how long queued batches may still take, ms or '60s' (default 60 s). */
  drainTimeout?: number | string;
  /**
   * Each change of the pause's state as it happens, the first time a full queue drops a batch (the
   * summary's `dropped` counts them all), and each time the sender disables the webhook (GitLab). The stream goes on whatever it does: an error it
   * throws (or an async one's rejection) is dropped.
   */
  onEvent?: (event: StreamEvent) => void;
}

true satisfies AgreesWith<StreamOptions, typeof sendOptions>;

const { payload: _payload, body: _body, count: _count, duplicates: _duplicates, duplicateId: _duplicateId, lifecycle: _lifecycle, ...streamedShape } = sendShape;

const streamShape: Shape<StreamOptions> = {
  ...streamedShape,
  rate: 'eventRate',
  duration: 'amount',
  total: 'number',
  flushInterval: 'amount',
  batchSize: 'number',
  pause: 'onOff',
  pauseWindow: 'amount',
  pauseMinAttempts: 'number',
  pauseErrorRate: 'number',
  pauseCooldown: 'amount',
  pauseMax: 'amount',
  maxQueue: 'number',
  pauseDrop: 'boolean',
  drainTimeout: 'amount',
  onEvent: 'function',
};

export type { StreamEvent, StreamStatus, StreamSummary } from '../delivery/stream.js';

/** What stream() returns: the summary to come, and the counts so far. */
export type StreamHandle = Promise<StreamSummary> & {
  /** The counts so far and the pause's state, as the CLI's live line shows them; null until the stream has started (its options checked). */
  status(): StreamStatus | null;
};

/** The caller's onEvent, kept from ending the stream (or the process, with an async one that rejects). */
function told(onEvent: StreamOptions['onEvent']): StreamOptions['onEvent'] {
  if (!onEvent) return undefined;
  // Dropped: the stream's summary is the result, and it goes on being made.
  return (event) => callDropping(onEvent, event);
}

/**
 * Streams events of a kind to a URL at a rate until `duration`, `total` or `signal` ends it, and
 * resolves with the summary (generated, batches, delivered, retried, failed, paused time, queued,
 * dropped, gap). Failed deliveries are counted in it, not thrown; bad options reject with a
 * UsageError. `status()` on what it returns gives the counts meanwhile.
 */
export function stream(kind: string, options: StreamOptions): StreamHandle {
  let run: StreamRun | undefined;
  const summary = runStream(kind, options, (started) => (run = started));
  return Object.assign(summary, { status: (): StreamStatus | null => run?.status() ?? null });
}

async function runStream(kind: string, options: StreamOptions, started: (run: StreamRun) => void): Promise<StreamSummary> {
  checkRequired('kind', kind, 'string');
  // Unknown fields first: a URL given as `to` is named as the `url` it meant, not as missing.
  checkShape('stream()', options, streamShape, { count: "a stream stops after `total` events or after a `duration` ('10s'): `count` is send()'s" });
  // Named as missing only when it is: a `rate` left out was blamed on the `url` given (`field`).
  const missing = (['url', 'rate'] as const).filter((field) => options?.[field] === undefined);
  if (missing.length > 0) {
    throw new UsageError(`stream(): ${missing.map(fieldRef).join(' and ')} ${missing.length > 1 ? 'are' : 'is'} required`, "e.g. stream('impressions', { url: 'http://127.0.0.1:9000/hook', rate: '200/s', duration: '10s' })");
  }
  const [{ checkStream, startStream }, { streamRequestOf }, { createDispatcher, endDispatcher }, { getKind }, { givenSchemeParams }] = await Promise.all([
    import('../delivery/stream.js'),
    import('../delivery/stream-fields.js'),
    import('../delivery/attempt.js'),
    import('../kinds/index.js'),
    import('../signing/given-params.js'),
  ]);
  const sent = sendRequestOf(getKind(kind), options, givenSchemeParams(options));
  const request = streamRequestOf(sent, {
    rate: checkField('rate', options.rate, eventRate) as number,
    duration: toMs(options.duration, 'duration', sendOptions.duration),
    total: checkInt(options.total, 'total', 1),
    flushInterval: toMs(options.flushInterval, 'flushInterval', sendOptions.flushInterval),
    batchSize: checkInt(options.batchSize, 'batchSize', 1),
    pause: options.pause,
    pauseWindow: toMs(options.pauseWindow, 'pauseWindow', sendOptions.pauseWindow),
    pauseMinAttempts: checkInt(options.pauseMinAttempts, 'pauseMinAttempts', 1),
    pauseErrorRate: checkField('pauseErrorRate', options.pauseErrorRate, rate),
    pauseCooldown: toMs(options.pauseCooldown, 'pauseCooldown', sendOptions.pauseCooldown),
    pauseMax: toMs(options.pauseMax, 'pauseMax', sendOptions.pauseMax),
    maxQueue: checkInt(options.maxQueue, 'maxQueue', 1),
    pauseDrop: options.pauseDrop,
    drainTimeout: toMs(options.drainTimeout, 'drainTimeout', sendOptions.drainTimeout),
    concurrency: checkInt(options.concurrency, 'concurrency', 1, MAX_CONCURRENCY),
  });
  withApiFieldNames(() => checkStream(request.kind, request));
  // A stream takes no body of the user's: only what `set` makes is checked.
  await checkShapedPayloads(sent, undefined, options.validate, true);
  const owned = options.dispatcher ? undefined : createDispatcher();
  try {
    const run = startStream(request, { signal: options.signal, dispatcher: options.dispatcher ?? owned, onEvent: told(options.onEvent) });
    started(run);
    return await run.done;
  } finally {
    if (owned) await endDispatcher(owned);
  }
}
