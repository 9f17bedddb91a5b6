// Streaming sends: events generated at a rate, batched (batch kinds) or one per request, gzipped,
// retried, and held back by delivery protection (the pause) in a bounded queue. Returns counts.
import { fieldRef, UsageError } from '../errors.js';
import { formatDuration, groupDigits } from '../util/units.js';
import { checkStreamAssignments, MAX_RECORDS_PER_BATCH, wireBytes } from '../kinds/sample.js';
import { assignedNumberTexts, textsOfEach } from '../util/assigned-numbers.js';
import { requestedSender } from '../kinds/sender-version.js';
import type { Kind } from '../kinds/types.js';
import { createSource, nextTurn } from './source.js';
import { attemptText, cutOffInFlight } from './attempt.js';
import { deliver, type DeliverEnv, type DeliverOutcome } from './retry.js';
import { sleep as realSleep } from '../util/sleep.js';
import { checkRequest, encodeOptions, variantOf, withSenderHeaders, type SendRequest } from './plan.js';
import { isPauseError, PAUSE_DEFAULTS, PauseRegistry, type Clock, type PauseMachine, type PauseOptions, type PauseState, type PauseTransition } from './pause.js';
import { resolvePolicy } from './policy.js';
import { parseTargetUrl } from '../util/url.js';
import { prepareRequest, type PreparedRequest } from './request.js';
import { BoundedQueue } from './queue.js';
import { createDrain, createWake } from './stream-timing.js';
import { AutoDisable } from './auto-disable.js';

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
  /** Events still waiting in the queue (never sent, or held for re-delivery). */
  queued: number;
  /** Events whose request the end of the run cut off before its answer (Ctrl-C, the drain's time up): they may have arrived. */
  cutOff: number;
  /** Events dropped because the queue was full. */
  dropped: number;
  /** Events never sent because delivery was paused (whilePaused 'drop'). */
  gap: number;
  /** Events the sender would not have sent: it had disabled the webhook (GitLab's auto-disabling). */
  notSent: number;
  /** HTTP attempts made. */
  requests: number;
  /**
   * The last attempt that failed, in words: its status and the receiver's answer, or why none came
   * (`timed out after 10s`); null when none did. Without it a run said how many failed, not why.
   */
  lastFailedAttempt: string | null;
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
  | { type: 'overflow'; time: string; capacity: number; message: string }
  /** The sender disabled the webhook (GitLab's auto-disabling): what comes while it is disabled is not sent. */
  | { type: 'disabled'; time: string; reason: string };

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
  const { clock = Date.now, sleep = realSleep, tickMs = 50 } = env;
  const cancel = env.signal ?? new AbortController().signal;
  const failure = new AbortController();
  const signal = AbortSignal.any([cancel, failure.signal]);
  const drain = createDrain(clock, sleep, signal);
  const { sender, variant, policy, probePolicy } = senderOf(kind, request);
  const pauseOptions: PauseOptions = { ...PAUSE_DEFAULTS, enabled: kind.delivery.pauseByDefault, ...request.pause };
  const emit = env.onEvent ?? (() => {});
  // A pause says what the receiver did, the last failure that led to it.
  const machine = new PauseRegistry(pauseOptions, clock, (t) => emit({ type: 'state', time: new Date(t.at).toISOString(), ...t, ...(t.to === 'paused' && counts.lastFailedAttempt !== null ? { reason: `${t.reason}; last failed attempt: ${counts.lastFailedAttempt}` } : {}) })).get(kind.id, url);
  // Signed on the run's clock: a batch held through a pause is signed again when it goes (retry.ts).
  const encode = { ...encodeOptions(request, sender.delivery, url), now: clock };
  const queue = new BoundedQueue<Batch>(request.maxQueue ?? 1000);
  const counts: Tally = { generated: 0, batches: 0, delivered: 0, retried: 0, failed: 0, dropped: 0, gap: 0, notSent: 0, cutOff: 0, requests: 0, lastFailedAttempt: null };
  const start = clock();
  const source = createSource(kind, variant, request, counts, start, tickMs);
  const drop = overflowDropper(counts, () => emit({ type: 'overflow', time: new Date(clock()).toISOString(), capacity: queue.capacity, message: `queue full (${queue.capacity} batch${queue.capacity === 1 ? '' : 'es'}): dropping new batches; the summary counts them` }));
  // The sender's own rule for a failing webhook, over the stream's deliveries as over a run's (chains.ts).
  const disabled = createDisabledGate(policy.autoDisable ? new AutoDisable(policy.autoDisable, clock) : undefined, counts, (reason) => emit({ type: 'disabled', time: new Date(clock()).toISOString(), reason }));
  const held = createHolding({ queue, counts, drop, clock, signal: drain.signal, pauseOptions, machine, dropWhilePaused: request.whilePaused === 'drop', disabled });
  let producing = true;
  const wake = createWake(sleep, signal);
  const bytesOf = bytesWriter(kind, variant, request.set);
  const enqueue = (batches: readonly unknown[][]): void => {
    for (const events of batches) {
      counts.batches++;
      const payload = kind.delivery.batching ? events : events[0];
      const prepared = prepareRequest(sender.delivery, url, bytesOf(payload, events.length), withSenderHeaders(kind, payload, request.event, encode));
      const dropped = queue.push({ events: events.length, request: prepared, tries: 0 });
      if (dropped) drop([dropped]);
    }
    if (batches.length > 0) wake.notify();
  };

  const produce = async (): Promise<void> => {
    while (!signal.aborted) {
      const now = clock();
      enqueue(source.due(now));
      if (source.exhausted(now)) break;
      // Behind the rate: the next chunk after the consumers have had a turn, not after a tick.
      await (source.behind(now) ? nextTurn() : sleep(tickMs, signal));
    }
    enqueue(source.flush());
    producing = false;
    drain.start(request.drainTimeoutMs ?? 60_000);
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
      if (!producing && drain.over(now)) return;
      const admission = machine.admit();
      if (!admission.go) {
        held.paused();
        // Dropped while paused (whilePaused 'drop'): nothing is left to wait for.
        if (queue.length === 0) continue;
        await wake.wait(Math.min(admission.waitMs ?? tickMs, drain.deadline - now));
        continue;
      }
      const batch = queue.shift() as Batch;
      if (disabled.refuses(batch)) continue;
      const outcome = await deliver(batch.request, admission.probe ? probePolicy : policy, {
        dispatcher: env.dispatcher, now: env.now, signal: drain.signal, sleep,
        mayRetry: () => !pauseOptions.enabled || machine.state === 'closed',
        onAttempt: (attempt, ok, resending) => {
          counts.requests++;
          if (batch.tries++ > 0) counts.retried++;
          if (!ok && attempt.error !== 'cancelled') counts.lastFailedAttempt = attemptText(attempt);
          if (attempt.error !== 'cancelled' && !resending) machine.record(isPauseError(attempt), admission.probe);
        },
      });
      held.settle(batch, outcome);
    }
  };

  // Once ended, the status is the summary's and stays so (the pause's clock would count on).
  let ended: StreamStatus | undefined;
  const status = (): StreamStatus => ended ?? { ...counts, failed: counts.failed + held.pendingEvents(), queued: queue.items().reduce((n, b) => n + b.events, 0), pausedMs: machine.pausedMs(), state: machine.state };

  const done = (async (): Promise<StreamSummary> => {
    await runWorkers(produce, consume, request.concurrency ?? 1, () => failure.abort()).finally(() => drain.end());
    held.finalize(clock(), true);
    wake.close();
    ended = status();
    const { state: _state, ...final } = ended;
    return { type: 'summary', ...final, durationMs: clock() - start, cancelled: cancel.aborted };
  })();
  return { status, done };
}

/**
 * The sender (the release asked for), its delivery policy and the probe's (a single attempt), and
 * the variant the events are made as, which its bytes may depend on (HertzBeat's raw template).
 */
function senderOf(kind: Kind, request: StreamRequest) {
  const sender = requestedSender(kind, request);
  const policy = resolvePolicy(sender.delivery, request);
  const variant = variantOf(kind, { variant: request.variant ?? sender.variant, event: request.event });
  return { sender, variant, policy, probePolicy: { ...policy, retry: { ...policy.retry, maxAttempts: 1 } } };
}

/**
 * The producer and the consumers together. An error in one stops the rest (`stop`) before it is
 * thrown: consumers left looping would keep the process alive after the error was reported.
 */
async function runWorkers(produce: () => Promise<void>, consume: () => Promise<void>, concurrency: number, stop: () => void): Promise<void> {
  const consumers = Array.from({ length: Math.max(1, concurrency) }, consume);
  try {
    await Promise.all([produce(), ...consumers]);
  } catch (error) {
    stop();
    await Promise.allSettled(consumers);
    throw error;
  }
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
  /** What the sender's auto-disabling makes of each outcome. */
  disabled: { record(outcome: DeliverOutcome): void };
}

/**
 * Batches the sender would not send while it has the webhook disabled: counted as not sent, the
 * disabling said once each time it starts. An attempt cut off by the end of the run counts for nothing.
 */
function createDisabledGate(gate: AutoDisable | undefined, counts: Tally, onDisabled: (reason: string) => void) {
  let refusing = false;
  return {
    refuses(batch: Batch): boolean {
      const refusal = gate?.refusal();
      if (refusal === undefined) return (refusing = false);
      counts.notSent += batch.events;
      if (!refusing) onDisabled(refusal);
      return (refusing = true);
    },
    record(outcome: DeliverOutcome): void {
      if (outcome.attempts.at(-1)?.error !== 'cancelled') gate?.record(outcome.delivered);
    },
  };
}

/** Where a batch goes after its delivery: delivered, held for re-delivery while paused, or failed. */
function createHolding({ queue, counts, drop, clock, signal, pauseOptions, machine, dropWhilePaused, disabled }: HoldingDeps) {
  // Batches that failed while the integration stayed closed. If it pauses within the window they
  // are held with the rest; otherwise the failure was sporadic and they count as failed.
  let suspects: { batch: Batch; at: number }[] = [];
  /** The suspects, oldest first, then `batches`, back at the head of the queue. */
  const holdSuspects = (batches: Batch[]): void => {
    drop(queue.requeue([...suspects.map((s) => s.batch), ...batches]));
    suspects = [];
  };
  return {
    settle(batch: Batch, outcome: DeliverOutcome): void {
      disabled.record(outcome);
      if (outcome.delivered) {
        counts.delivered += batch.events;
        // A success may be the attempt that trips the pause (errors still at the rate): what failed before it is held all the same.
        if (machine.state !== 'closed') holdSuspects([]);
        return;
      }
      if (signal.aborted) {
        // Ended in its attempt the batch was sent and may have arrived; ended in a retry's wait it is held.
        if (cutOffInFlight(outcome)) counts.cutOff += batch.events;
        else drop(queue.requeue([batch]));
        return;
      }
      // Without the queue a batch that went out and failed is failed, paused or not (it may have
      // tripped the pause, lost its retry to it, or been the probe): the gap is what was never sent.
      if (!pauseOptions.enabled || dropWhilePaused) counts.failed += batch.events;
      else if (machine.state !== 'closed') holdSuspects([batch]);
      else suspects.push({ batch, at: clock() });
    },
    /** Suspects older than the window (all of them at the end) count as failed. */
    finalize(now: number, all: boolean): void {
      const keep = suspects.filter((s) => !all && now - s.at < pauseOptions.windowMs);
      for (const s of suspects) if (!keep.includes(s)) counts.failed += s.batch.events;
      suspects = keep;
    },
    /** While paused: the suspects are held; with whilePaused 'drop', what waits is not sent at all (a counted gap). */
    paused(): void {
      if (suspects.length > 0) holdSuspects([]);
      if (!dropWhilePaused) return;
      for (let batch = queue.shift(); batch; batch = queue.shift()) counts.gap += batch.events;
    },
    pendingEvents: (): number => suspects.reduce((n, s) => n + s.batch.events, 0),
  };
}

/** A batch's or event's bytes, the integers past 2^53 a `set` value gives with its digits (a batch's at each index). */
function bytesWriter(kind: Kind, variant: string, set: readonly string[] | undefined): (payload: unknown, events: number) => Buffer {
  const texts = assignedNumberTexts(set ?? []);
  return (payload, events) => wireBytes(kind, payload, variant, kind.delivery.batching ? textsOfEach(texts, events) : texts);
}

/** Usage errors in a stream request, before anything starts. */
export function checkStream(kind: Kind, request: StreamRequest): void {
  checkRequest(kind, request);
  checkStreamAssignments(kind, request.set ?? []);
  if (!(request.rate > 0)) throw new UsageError(`invalid \`rate\`: expected a positive rate, got '${request.rate}'`);
  if (!kind.delivery.batching && (request.batchSize !== undefined || request.flushIntervalMs !== undefined)) {
    // The field at fault is the one given (the first the message names was batchSize, given or not).
    const given = request.batchSize !== undefined ? 'batchSize' : 'flushInterval';
    throw new UsageError(`\`batchSize\` and \`flushInterval\` apply to batch kinds; ${kind.id} sends one payload per event`, undefined, given);
  }
  if (request.batchSize !== undefined && request.batchSize > MAX_RECORDS_PER_BATCH) {
    throw new UsageError(`\`batchSize\`: at most ${groupDigits(MAX_RECORDS_PER_BATCH)} records in one ${kind.id} batch, got ${groupDigits(request.batchSize)}`, 'a batch is one body built in memory');
  }
  checkPause(kind, request);
}

/** Delivery protection's settings need it on, and must describe a pause that can happen and grow. */
function checkPause(kind: Kind, request: StreamRequest): void {
  const { enabled, ...settings } = request.pause ?? {};
  const tuned = Object.keys(settings).filter((key) => settings[key as keyof typeof settings] !== undefined);
  if (request.whilePaused !== undefined) tuned.push('whilePaused');
  if (!(enabled ?? kind.delivery.pauseByDefault) && tuned.length > 0) {
    const field = PAUSE_FIELDS[tuned[0] as keyof typeof PAUSE_FIELDS];
    const why = enabled === false ? 'delivery protection is off (`pause` off)' : `delivery protection is off for ${kind.id} by default`;
    throw new UsageError(`${fieldRef(field)} has no effect: ${why}`, enabled === false ? `drop ${fieldRef(field)}, or \`pause\` on` : 'add `pause` on');
  }
  if (settings.errorRate === 0) throw new UsageError('`pauseErrorRate` 0 would pause a healthy endpoint after `pauseMinAttempts` successes', 'give a rate above 0, e.g. 0.5');
  // Either one given is held to the other's default too: a cooldown of 20m under the default 10m
  // maximum would pause for 20m, longer than the pause the maximum promises.
  const cooldownMs = settings.cooldownMs ?? PAUSE_DEFAULTS.cooldownMs;
  const maxCooldownMs = settings.maxCooldownMs ?? PAUSE_DEFAULTS.maxCooldownMs;
  if (cooldownMs > maxCooldownMs) {
    const defaulted = (given: number | undefined): string => (given === undefined ? ' (its default)' : '');
    throw new UsageError(
      `\`pauseCooldown\` ${formatDuration(cooldownMs)}${defaulted(settings.cooldownMs)} is longer than \`pauseMax\` ${formatDuration(maxCooldownMs)}${defaulted(settings.maxCooldownMs)}`,
      'the cooldown doubles up to the maximum; give a maximum at least as long',
    );
  }
}

// The option each pause setting comes from, to name it in a usage error.
const PAUSE_FIELDS = {
  windowMs: 'pauseWindow',
  minAttempts: 'pauseMinAttempts',
  errorRate: 'pauseErrorRate',
  cooldownMs: 'pauseCooldown',
  maxCooldownMs: 'pauseMax',
  whilePaused: 'pauseDrop',
} as const;
