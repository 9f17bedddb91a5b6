// Runs planned deliveries: chains in parallel up to a concurrency, each chain in order, and returns
// one plain result per delivery. The entry points other code calls (API, demo, check, replay).
import { autoDisableGates } from './auto-disable.js';
import { deliver, type Attempt, type DeliverEnv } from './retry.js';
import { planChains, type DeliveryChain, type PlannedDelivery, type SendRequest } from './plan.js';
import { readAhead } from './read-ahead.js';
import type { DeliveryPolicy } from './policy.js';
import type { PreparedRequest } from './request.js';

export interface DeliveryResult {
  /**
   * The payload's place in the run, from 1 as every whk output counts (replay's records, check's
   * checks, stages): payload n is drawn from seed + n - 1. Its lifecycle stages and duplicates share
   * it (in that order); with a concurrency, results come as they end, not in this order.
   */
  index: number;
  kind: string;
  /** The variant its payload was generated as; null for a payload given (`payload`, `body`, --data). */
  variant: string | null;
  /** The event it is of, for a kind with events (as its event header names it); null otherwise. */
  event: string | null;
  /** Its lifecycle stage from 1 (Metaplane: 1 opened, 2 resolved), as check's deliveries number them; 1 without a lifecycle. A duplicate has its delivery's. */
  stage: number;
  url: string;
  attempts: Attempt[];
  delivered: boolean;
  gzip: boolean;
  /** Body bytes on the wire (after gzip). */
  bytes: number;
  idempotencyId: string | null;
  /** A byte-identical re-send of the delivery before it (at-least-once). */
  duplicate: boolean;
  /**
   * Why it was not sent at all: the sender had disabled the webhook after its failures (GitLab's
   * auto-disabling); attempts is then empty. null for a delivery that was sent.
   */
  notSent: string | null;
  /**
   * Present (true) when the run was cancelled (its signal aborted, Ctrl-C) in a wait between attempts:
   * it failed so far, and the retries its sender would have made were not made.
   */
  retriesCancelled?: true;
}

export interface SendEnv extends DeliverEnv {
  /** Chains delivered at the same time (default 1). */
  concurrency?: number | undefined;
  /** Called as each delivery completes, for live output. */
  onResult?: ((result: DeliveryResult) => void) | undefined;
}

/** Generates, prepares and delivers a kind to a URL; one result per delivery, in plan order. */
export async function sendKind(request: SendRequest, env: SendEnv = {}): Promise<DeliveryResult[]> {
  return runChains(planChains(request), env);
}

/** What one prepared request came to: a delivery's result before its place in a run is known. */
export type SentResult = Omit<DeliveryResult, 'index'>;

/** Delivers one prepared request with a policy: byte-identical to what was prepared (replay). */
export async function sendPrepared(
  planned: { kind: string; request: PreparedRequest; policy: DeliveryPolicy; idempotencyId?: string | null; duplicate?: boolean; variant?: string | null; event?: string | null; stage?: number },
  env: DeliverEnv = {},
): Promise<SentResult> {
  const outcome = await deliver(planned.request, planned.policy, env);
  const result = resultOf(planned, outcome, null);
  // Stopped in a wait before a retry, not in flight (attempt.ts: cutOffInFlight) nor at its end.
  const last = outcome.attempts.at(-1);
  if (outcome.interrupted && env.signal?.aborted === true && last !== undefined && last.error !== 'cancelled') result.retriesCancelled = true;
  return result;
}

type Planned = Parameters<typeof sendPrepared>[0];

/** A delivery's result: what its attempts came to, or (notSent) why the sender would not have sent it. */
function resultOf(planned: Planned, outcome: { attempts: Attempt[]; delivered: boolean }, notSent: string | null): SentResult {
  return {
    kind: planned.kind,
    variant: planned.variant ?? null,
    event: planned.event ?? null,
    stage: planned.stage ?? 1,
    url: planned.request.url,
    attempts: outcome.attempts,
    delivered: outcome.delivered,
    gzip: planned.request.gzip,
    bytes: planned.request.body.length,
    idempotencyId: planned.idempotencyId ?? null,
    duplicate: planned.duplicate ?? false,
    notSent,
  };
}

/** Delivers chains with up to `concurrency` in flight; the deliveries of one chain go in order. */
export async function runChains(chains: Iterable<DeliveryChain>, env: SendEnv = {}): Promise<DeliveryResult[]> {
  const slots: DeliveryResult[][] = [];
  await driveChains(chains, env, (index, result) => (slots[index] ??= []).push(result));
  return slots.flat();
}

/**
 * runChains without the results kept: each goes to `onResult` alone, so a run of a million
 * deliveries holds none of them (the CLI prints each and counts).
 */
export async function deliverChains(chains: Iterable<DeliveryChain>, env: SendEnv = {}): Promise<void> {
  await driveChains(chains, env);
}

const PLANNED_AHEAD = 64;

async function driveChains(chains: Iterable<DeliveryChain>, env: SendEnv, keep?: (index: number, result: DeliveryResult) => void): Promise<void> {
  const concurrency = Math.max(1, env.concurrency ?? 1);
  // Payloads generated and serialized a concurrency's worth at a time (read-ahead.ts); each request is
  // encoded and signed only when it goes (plan.ts), however long it waited. At most PLANNED_AHEAD
  // (whk's choice), so a concurrency of thousands holds no thousands of bodies.
  const iterator = readAhead(chains[Symbol.iterator](), Math.min(concurrency, PLANNED_AHEAD));
  // The sender's own rule for a failing webhook (the policy's autoDisable): its deliveries due while
  // it is disabled are not sent, as the sender would drop them.
  const gateOf = autoDisableGates(env.now ?? Date.now);
  let next = 0;
  const take = (): { index: number; chain: PlannedDelivery[] } | undefined => {
    if (env.signal?.aborted) return undefined;
    const step = iterator.next();
    return step.done ? undefined : { index: next++, chain: step.value };
  };
  const worker = async (first: { index: number; chain: PlannedDelivery[] }): Promise<void> => {
    for (let item: typeof first | undefined = first; item; item = take()) {
      // Whether the delivery before in the chain, the one a duplicate copies, was delivered.
      let copiedDelivered = false;
      for (const planned of item.chain) {
        if (env.signal?.aborted) break;
        // An at-least-once copy is a re-send of a delivery its sender did not learn was accepted (its
        // answer lost): after one that failed, the sender's re-sends were its retries, then it gave up
        // (PagerDuty drops it; SNS discards it or moves it to a dead-letter queue), so no copy follows.
        if (planned.duplicate && !copiedDelivered) continue;
        const gate = gateOf(planned.kind, planned.request.url, planned.policy.autoDisable ?? null);
        const refusal = gate?.refusal();
        const result: DeliveryResult = { index: item.index + 1, ...(refusal === undefined ? await sendPrepared(planned, env) : resultOf(planned, { attempts: [], delivered: false }, refusal)) };
        if (refusal === undefined) gate?.record(result.delivered);
        copiedDelivered = result.delivered;
        keep?.(item.index, result);
        env.onResult?.(result);
      }
    }
  };
  // Workers start as there is work for them, so a concurrency far above the count costs nothing.
  const workers: Promise<void>[] = [];
  for (let item = take(); item; item = workers.length < concurrency ? take() : undefined) workers.push(worker(item));
  await Promise.all(workers);
}
