// Streaming sends: events generated at a rate, batched (batch kinds) or one per request, gzipped,
// retried, and held back by delivery protection (the pause) in a bounded queue. Returns counts.
import { UsageError } from '../errors.js';
import { generateSample } from '../kinds/sample.js';
import { senderChoice } from '../kinds/sender-version.js';
import type { Kind } from '../kinds/types.js';
import { applyParsedAssignments, parseAssignment } from '../util/json-path.js';
import { freshSeed } from '../util/prng.js';
import { Batcher } from './batcher.js';
import { deliver, realSleep, type DeliverEnv, type DeliverOutcome } from './retry.js';
import { checkRequest, encodeOptions, withSenderHeaders, type SendRequest } from './plan.js';
import { isPauseError, PAUSE_DEFAULTS, PauseRegistry, type Clock, type PauseMachine, type PauseOptions, type PauseState, type PauseTransition } from './pause.js';
import { resolvePolicy } from './policy.js';
import { parseTargetUrl } from '../util/url.js';
import { prepareRequest, type PreparedRequest } from './request.js';
import { BoundedQueue } from './queue.js';

export interface StreamRequest extends Omit<SendRequest, 'payload' | 'body' | 'count' | 'duplicates' | 'lifecycle'> {
  /** Events per second. */
  rate: number;
  /** Stop generating after this long ... */
  durationMs?: number | undefined;
  /** ... or after this many events. Neither: until cancelled. */
  total?: number | undefined;
  /** Batch kinds: flush what accumulated this often (default: the kind's, 10 s for impressions). */
  flushIntervalMs?: number | undefined;
  /** Batch kinds: flush at once when a batch reaches this size. */
  batchSize?: number | undefined;
  /** Delivery protection; `enabled` defaults to the kind's pauseByDefault. */
  pause?: Partial<PauseOptions> | undefined;
  /** Batches that may wait while paused (default 1000). */
  maxQueue?: number | undefined;
  /**
   * What happens to batches while delivery is paused: 'queue' holds them and sends them after the
   * resume (whk's choice, the default); 'drop' leaves them out, the "gap in impression delivery" the
   * FME doc speaks of, counted as `gap`.
   */
  whilePaused?: 'queue' | 'drop' | undefined;
  /** After generation ends, how long queued batches may still take to go out (default 60 s). */
  drainTimeoutMs?: number | undefined;
  /** Deliveries in flight at once (default 1, which keeps batches in order). */
  concurrency?: number | undefined;
}

export interface StreamCounts {
  /** Events (impressions, or payloads for other kinds) generated. */
  generated: number;
  /** Batches formed (requests' worth of events). */
  batches: number;
  /** Events delivered. */
  delivered: number;
  /** Attempts that re-sent a batch: retries, and re-deliveries of batches held during a pause. */
  retried: number;
  /** Events given up after their attempts failed. */
  failed: number;
  pausedMs: number;
  /** Events still waiting in the queue. */
  queued: number;
  /** Events dropped because the queue was full. */
  dropped: number;
  /** Events never sent because delivery was paused (whilePaused 'drop'). */
  gap: number;
  /** HTTP attempts made. */
  requests: number;
}

export interface StreamStatus extends StreamCounts {
  state: PauseState;
}

export interface StreamSummary extends StreamCounts {
  type: 'summary';
  durationMs: number;
  cancelled: boolean;
}

export type StreamEvent =
  | ({ type: 'state'; time: string } & PauseTransition)
  | { type: 'overflow'; time: string; capacity: number; message: string };

export interface StreamEnv extends Pick<DeliverEnv, 'dispatcher' | 'signal' | 'now'> {
  /** Wall-clock milliseconds (default Date.now); the pause machine and batching run on it. */
  clock?: Clock | undefined;
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  /** How often generation and the flush timer are checked (default 50 ms). */
  tickMs?: number | undefined;
  onEvent?: ((event: StreamEvent) => void) | undefined;
}

export interface StreamRun {
  status(): StreamStatus;
  done: Promise<StreamSummary>;
}

/** The counts the run keeps itself; the queue and the pause machine give `queued` and `pausedMs`. */
type Tally = Omit<StreamCounts, 'queued' | 'pausedMs'>;

interface Batch {
  events: number;
  request: PreparedRequest;
  /** Attempts made so far, across re-deliveries. */
  tries: number;
}

/** Checks a stream request and starts it; `done` resolves with the summary. */
export function startStream(request: StreamRequest, env: StreamEnv = {}): StreamRun {
  const kind = request.kind;
  checkStream(kind, request);
  const url = parseTargetUrl(request.url);
  const clock = env.clock ?? Date.now;
  const sleep = env.sleep ?? realSleep;
  const tickMs = env.tickMs ?? 50;
  const signal = env.signal ?? new AbortController().signal;
  const sender = senderChoice(kind, request.senderVersion);
  const policy = resolvePolicy(sender.delivery, request);
  const probePolicy = { ...policy, retry: { ...policy.retry, maxAttempts: 1 } };
  const pauseOptions: PauseOptions = { ...PAUSE_DEFAULTS, enabled: kind.delivery.pauseByDefault, ...request.pause };
  const emit = env.onEvent ?? (() => {});
  const machine = new PauseRegistry(pauseOptions, clock, (t) => emit({ type: 'state', time: new Date(t.at).toISOString(), ...t })).get(kind.id, url);
  const encode = encodeOptions(request, sender.delivery, url);
  const queue = new BoundedQueue<Batch>(request.maxQueue ?? 1000);
  const counts: Tally = { generated: 0, batches: 0, delivered: 0, retried: 0, failed: 0, dropped: 0, gap: 0, requests: 0 };
  const start = clock();
  const source = createSource(kind, request.variant ?? sender.variant, request, counts, start);
  const drop = overflowDropper(counts, () => emit({ type: 'overflow', time: new Date(clock()).toISOString(), capacity: queue.capacity, message: `queue full (${queue.capacity} batches): dropping new batches; the summary counts them` }));
  const held = createHolding({ queue, counts, drop, clock, signal, pauseOptions, machine, dropWhilePaused: request.whilePaused === 'drop' });
  let producing = true;
  let drainDeadline = Infinity;
  const wake = createWake(sleep, signal);

  const enqueue = (batches: readonly unknown[][]): void => {
    for (const events of batches) {
      counts.batches++;
      const payload = kind.delivery.batching ? events : events[0];
      const prepared = prepareRequest(sender.delivery, url, Buffer.from(JSON.stringify(payload)), withSenderHeaders(kind, payload, request.event, encode));
      const dropped = queue.push({ events: events.length, request: prepared, tries: 0 });
      if (dropped) drop([dropped]);
    }
    if (batches.length > 0) wake.notify();
  };

  const produce = async (): Promise<void> => {
    while (!signal.aborted) {
      enqueue(source.due(clock()));
      if (source.exhausted()) break;
      await sleep(tickMs, signal);
    }
    enqueue(source.flush());
    producing = false;
    drainDeadline = clock() + (request.drainTimeoutMs ?? 60_000);
    wake.notify();
  };

  const consume = async (): Promise<void> => {
    while (!signal.aborted) {
      const now = clock();
      held.finalize(now, false);
      if (queue.length === 0) {
        if (!producing) return;
        await wake.wait(tickMs * 4);
        continue;
      }
      if (!producing && now >= drainDeadline) return;
      const admission = machine.admit();
      if (!admission.go) held.whilePaused();
      if (!admission.go) {
        await wake.wait(Math.min(admission.waitMs ?? tickMs, drainDeadline - now));
        continue;
      }
      const batch = queue.shift() as Batch;
      const outcome = await deliver(batch.request, admission.probe ? probePolicy : policy, {
        dispatcher: env.dispatcher,
        now: env.now,
        signal,
        sleep,
        mayRetry: () => !pauseOptions.enabled || machine.state === 'closed',
        onAttempt: (attempt) => {
          counts.requests++;
          if (batch.tries++ > 0) counts.retried++;
          if (attempt.error !== 'cancelled') machine.record(isPauseError(attempt));
        },
      });
      held.settle(batch, outcome);
    }
  };

  const status = (): StreamStatus => ({
    ...counts,
    failed: counts.failed + held.pendingEvents(),
    queued: queue.items().reduce((n, b) => n + b.events, 0),
    pausedMs: machine.pausedMs(),
    state: machine.state,
  });

  const done = (async (): Promise<StreamSummary> => {
    const consumers = Array.from({ length: Math.max(1, request.concurrency ?? 1) }, consume);
    await Promise.all([produce(), ...consumers]);
    held.finalize(clock(), true);
    wake.close();
    const { state: _state, ...final } = status();
    return { type: 'summary', ...final, durationMs: clock() - start, cancelled: signal.aborted };
  })();
  return { status, done };
}

/**
 * The events a stream generates on its clock: those due by `now` at the rate (up to the total),
 * formed into batches for batch kinds, one event a batch otherwise.
 */
function createSource(kind: Kind, variant: string | undefined, request: StreamRequest, counts: Tally, start: number) {
  const seed = request.seed ?? freshSeed();
  const batching = kind.delivery.batching;
  const batchSize = batching ? (request.batchSize ?? batching.maxBatchSize) : 1;
  const flushIntervalMs = batching ? (request.flushIntervalMs ?? batching.flushIntervalMs) : 0;
  const limit = request.total ?? (request.durationMs !== undefined ? Math.floor((request.durationMs * request.rate) / 1000) : Infinity);
  const batcher = new Batcher<unknown>(batchSize, flushIntervalMs || Infinity, start);
  // --set is parsed once here, not once per generated event.
  const sets = (request.set ?? []).map(parseAssignment);
  const withSets = (event: unknown): unknown => (sets.length ? applyParsedAssignments(event, sets) : event);
  let chunk = 0;
  const generate = (n: number): unknown[] => {
    if (!batching) return Array.from({ length: n }, (_, i) => withSets(generateSample(kind, { seed: seed + counts.generated + i, variant, event: request.event })));
    const events = generateSample(kind, { seed: seed + chunk++, variant, event: request.event, count: n });
    if (!Array.isArray(events)) throw new Error(`${kind.id} is a batch kind but its sample is not an array`);
    return events.map(withSets);
  };
  return {
    due(now: number): unknown[][] {
      const batches: unknown[][] = [];
      const target = Math.min(limit, Math.floor(((now - start) * request.rate) / 1000));
      if (target > counts.generated) {
        const events = generate(target - counts.generated);
        counts.generated = target;
        batches.push(...batcher.add(events));
      }
      batches.push(...batcher.due(now));
      return batches;
    },
    exhausted: (): boolean => counts.generated >= limit,
    flush: (): unknown[][] => batcher.flush(),
  };
}

/** Counts batches the full queue turned away; the first time, reports the overflow once. */
function overflowDropper(counts: Tally, report: () => void): (batches: readonly Batch[]) => void {
  let reported = false;
  return (batches) => {
    if (batches.length === 0) return;
    for (const batch of batches) counts.dropped += batch.events;
    if (!reported) {
      reported = true;
      report();
    }
  };
}

interface HoldingDeps {
  queue: BoundedQueue<Batch>;
  counts: Tally;
  drop: (batches: readonly Batch[]) => void;
  clock: Clock;
  signal: AbortSignal;
  pauseOptions: PauseOptions;
  machine: PauseMachine;
  /** Batches that wait while paused are left out (a counted gap) instead of held. */
  dropWhilePaused: boolean;
}

/** Where a batch goes after its delivery: delivered, held for re-delivery while paused, or failed. */
function createHolding({ queue, counts, drop, clock, signal, pauseOptions, machine, dropWhilePaused }: HoldingDeps) {
  // Batches that failed while the integration stayed closed. If it pauses within the window they
  // are held with the rest; otherwise the failure was sporadic and they count as failed.
  let suspects: { batch: Batch; at: number }[] = [];
  return {
    settle(batch: Batch, outcome: DeliverOutcome): void {
      if (outcome.delivered) {
        counts.delivered += batch.events;
        return;
      }
      if (signal.aborted) {
        drop(queue.requeue([batch]));
        return;
      }
      if (pauseOptions.enabled && machine.state !== 'closed') {
        if (dropWhilePaused) counts.gap += batch.events;
        else drop(queue.requeue([...suspects.map((s) => s.batch), batch]));
        suspects = [];
        return;
      }
      if (pauseOptions.enabled && !dropWhilePaused) suspects.push({ batch, at: clock() });
      else counts.failed += batch.events;
    },
    /** Suspects older than the window (all of them at the end) count as failed. */
    finalize(now: number, all: boolean): void {
      const keep = suspects.filter((s) => !all && now - s.at < pauseOptions.windowMs);
      for (const s of suspects) if (!keep.includes(s)) counts.failed += s.batch.events;
      suspects = keep;
    },
    /** While paused with whilePaused 'drop', what waits is not sent at all: a counted gap. */
    whilePaused(): void {
      if (!dropWhilePaused) return;
      for (let batch = queue.shift(); batch; batch = queue.shift()) counts.gap += batch.events;
    },
    pendingEvents: (): number => suspects.reduce((n, s) => n + s.batch.events, 0),
  };
}

/** Usage errors in a stream request, before anything starts. */
export function checkStream(kind: Kind, request: StreamRequest): void {
  checkRequest(kind, request);
  if (!(request.rate > 0)) throw new UsageError(`invalid \`rate\`: expected a positive rate, got '${request.rate}'`);
  if (!kind.delivery.batching && (request.batchSize !== undefined || request.flushIntervalMs !== undefined)) {
    throw new UsageError(`\`batchSize\` and \`flushInterval\` apply to batch kinds; ${kind.id} sends one payload per event`);
  }
}

/** Lets waiting consumers wake early when there is new work; every pending sleep is cancelled on close. */
function createWake(sleep: (ms: number, signal?: AbortSignal) => Promise<void>, outer: AbortSignal) {
  let current = new AbortController();
  return {
    notify(): void {
      current.abort();
      current = new AbortController();
    },
    async wait(ms: number): Promise<void> {
      await sleep(Math.max(0, ms), AbortSignal.any([outer, current.signal]));
    },
    close(): void {
      current.abort();
    },
  };
}
