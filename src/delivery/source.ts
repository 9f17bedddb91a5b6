// The events of a stream, made on its clock at its rate and formed into batches (batch kinds) or
// one event a batch. Time is passed in, so streams run in virtual time in tests.
import { generateSample } from '../kinds/sample.js';
import type { Kind } from '../kinds/types.js';
import { applyParsedAssignments, parseAssignment } from '../util/json-path.js';
import { freshSeed } from '../util/prng.js';
import { Batcher } from './batcher.js';

/**
 * At most this many events are built at once. A producer behind its rate (a rate beyond what this
 * machine generates, a stalled event loop) catches up chunk by chunk, so memory does not grow with the
 * lag and no batch passes MAX_RECORDS_PER_BATCH.
 */
const GENERATE_CHUNK = 10_000;

/**
 * A batch kind's events are drawn in blocks of this many, block k from seed + k, so one seed makes the
 * same events however the run's ticks fall (drawn per tick, they changed with the machine's timing).
 */
const SEED_BLOCK = 1000;

// A stream's events fall at 0, 1/rate, 2/rate… from its start: the first goes at once (whk's choice;
// a stream of one an hour waited an hour for its first). A millionth of an event absorbs the float
// error of a rate times a time (0.1/s for 30 s).
const SLACK = 1e-6;

/** How many events a rate (per second) has made by `ms` after the start: those at or before it. */
export const eventsBy = (rate: number, ms: number): number => Math.floor((ms * rate) / 1000 + SLACK) + 1;

/** How many events a rate (per second) makes in a duration of `ms`: those before its end. */
export const eventsWithin = (rate: number, ms: number): number => Math.ceil((ms * rate) / 1000 - SLACK);

/** Resolves after the I/O waiting now has run (a tick of real time would throttle the catch-up). */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** What of a stream's request the source reads (stream.ts's StreamRequest has them all; named here, not imported, so the two modules do not import each other). */
export interface SourceRequest {
  seed?: number | undefined;
  rate: number;
  durationMs?: number | undefined;
  total?: number | undefined;
  batchSize?: number | undefined;
  flushIntervalMs?: number | undefined;
  set?: readonly string[] | undefined;
  event?: string | undefined;
}

/**
 * The events a stream generates on its clock: those due by `now` at the rate (up to the total, until
 * the duration ends), formed into batches for batch kinds, one event a batch otherwise.
 */
export function createSource(kind: Kind, variant: string | undefined, request: SourceRequest, counts: { generated: number }, start: number, tickMs: number) {
  const seed = request.seed ?? freshSeed();
  const batching = kind.delivery.batching;
  const batchSize = batching ? (request.batchSize ?? batching.maxBatchSize) : 1;
  const flushIntervalMs = batching ? (request.flushIntervalMs ?? batching.flushIntervalMs) : 0;
  const limit = request.total ?? Infinity;
  // A duration is a time: what was due by its end is made, catching up for at most one tick after it;
  // a producer further behind its rate stops there, short of the count (the rate was not held).
  const end = request.durationMs !== undefined ? start + request.durationMs : Infinity;
  const dueBy = (now: number): number => Math.min(limit, now < end ? eventsBy(request.rate, now - start) : eventsWithin(request.rate, end - start));
  const batcher = new Batcher<unknown>(batchSize, flushIntervalMs || Infinity, start);
  // --set is parsed once here, not once per generated event.
  const sets = (request.set ?? []).map(parseAssignment);
  const withSets = (event: unknown): unknown => (sets.length ? applyParsedAssignments(event, sets) : event);
  let blocks = 0;
  let block: unknown[] = [];
  let taken = 0;
  const nextBlock = (): unknown[] => {
    const events = generateSample(kind, { seed: seed + blocks++, variant, event: request.event, count: SEED_BLOCK });
    if (!Array.isArray(events)) throw new Error(`${kind.id} is a batch kind but its sample is not an array`);
    return events;
  };
  const generate = (n: number): unknown[] => {
    if (!batching) return Array.from({ length: n }, (_, i) => withSets(generateSample(kind, { seed: seed + counts.generated + i, variant, event: request.event })));
    const events: unknown[] = [];
    while (events.length < n) {
      if (taken === block.length) [block, taken] = [nextBlock(), 0];
      const part = block.slice(taken, taken + n - events.length);
      taken += part.length;
      for (const event of part) events.push(withSets(event));
    }
    return events;
  };
  return {
    due(now: number): unknown[][] {
      const batches: unknown[][] = [];
      const n = Math.min(dueBy(now) - counts.generated, GENERATE_CHUNK);
      if (n > 0) {
        const events = generate(n);
        counts.generated += n;
        batches.push(...batcher.add(events));
      }
      batches.push(...batcher.due(now));
      return batches;
    },
    behind: (now: number): boolean => counts.generated < dueBy(now),
    exhausted: (now: number): boolean => counts.generated >= limit || (now >= end && (counts.generated >= dueBy(end) || now >= end + tickMs)),
    flush: (): unknown[][] => batcher.flush(),
  };
}
