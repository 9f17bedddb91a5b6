// A stream's settings as the CLI's flags and the API's fields name them (`pauseCooldown`, `maxQueue`,
// `pauseDrop`), turned into the StreamRequest that delivery/stream.ts runs: one mapping for both.
import type { SendRequest } from './plan.js';
import type { PauseOptions } from './pause.js';
import type { StreamRequest } from './stream.js';

export interface StreamFields {
  /** Events per second. */
  rate: number;
  /** Milliseconds, as parsed. */
  duration?: number | undefined;
  total?: number | undefined;
  flushInterval?: number | undefined;
  batchSize?: number | undefined;
  /** Delivery protection on or off (default: the kind's). */
  pause?: 'on' | 'off' | boolean | undefined;
  pauseWindow?: number | undefined;
  pauseMinAttempts?: number | undefined;
  pauseErrorRate?: number | undefined;
  pauseCooldown?: number | undefined;
  pauseMax?: number | undefined;
  maxQueue?: number | undefined;
  pauseDrop?: boolean | undefined;
  drainTimeout?: number | undefined;
  concurrency?: number | undefined;
}

/** The stream of `request` with these settings; a setting left out is the kind's (or the stream's) default. */
export function streamRequestOf(request: SendRequest, fields: StreamFields): StreamRequest {
  const pause: Partial<PauseOptions> = {};
  if (fields.pause !== undefined) pause.enabled = fields.pause === 'on' || fields.pause === true;
  if (fields.pauseWindow !== undefined) pause.windowMs = fields.pauseWindow;
  if (fields.pauseMinAttempts !== undefined) pause.minAttempts = fields.pauseMinAttempts;
  if (fields.pauseErrorRate !== undefined) pause.errorRate = fields.pauseErrorRate;
  if (fields.pauseCooldown !== undefined) pause.cooldownMs = fields.pauseCooldown;
  if (fields.pauseMax !== undefined) pause.maxCooldownMs = fields.pauseMax;
  return {
    ...request,
    rate: fields.rate,
    durationMs: fields.duration,
    total: fields.total,
    flushIntervalMs: fields.flushInterval,
    batchSize: fields.batchSize,
    pause,
    maxQueue: fields.maxQueue,
    whilePaused: fields.pauseDrop ? 'drop' : undefined,
    drainTimeoutMs: fields.drainTimeout,
    concurrency: fields.concurrency,
  };
}
