// The embedded default job: a receiver in-process, one delivery of every kind to it with the real
// delivery profiles, and a verdict per kind (delivered, arrived, detected as itself, valid).
import { withOwnDispatcher } from '../delivery/attempt.js';
import { sendKind, type DeliveryResult } from '../delivery/chains.js';
import { listKinds } from '../kinds/index.js';
import type { Kind } from '../kinds/types.js';
import { startReceiver, type ReceiverSummary } from '../receiver/server.js';
import type { CaptureRecord } from '../capture/record.js';

export interface DemoOptions {
  seed: number;
  /** Records in the impressions batch (and any other batch kind). */
  batchSize: number;
  save?: string | undefined;
  kinds?: readonly Kind[];
  timeoutMs?: number;
}

export interface DemoCase {
  kind: string;
  delivery: DeliveryResult;
  /** What the receiver recorded for this kind's path; null when nothing arrived. */
  received: CaptureRecord | null;
  ok: boolean;
  /** Every unmet expectation, one line each, as a contract check's `problems`; empty when ok (the demo finds one at most). */
  problems: string[];
}

export interface DemoResult {
  url: string;
  cases: DemoCase[];
  summary: ReceiverSummary;
  ok: boolean;
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const kinds = options.kinds ?? listKinds();
  const receiver = await startReceiver({ port: 0, save: options.save });
  try {
    const deliveries = await withOwnDispatcher(async (dispatcher) => {
      const sent: DeliveryResult[] = [];
      for (const kind of kinds) {
        const [result] = await sendKind({ kind, url: `${receiver.url}/${kind.id}`, seed: options.seed, count: kind.delivery.batching ? options.batchSize : 1 }, { dispatcher });
        if (result) sent.push(result);
      }
      return sent;
    });
    const arrived = deliveries.reduce((n, d) => n + d.attempts.filter((a) => a.status !== null).length, 0);
    await receiver.waitFor(arrived, { timeoutMs: options.timeoutMs ?? 10_000 }).catch(() => undefined);
    const cases = deliveries.map((delivery) => judge(delivery, receiver.requests));
    const summary = await receiver.close();
    return { url: receiver.url, cases, summary, ok: cases.every((c) => c.ok) };
  } finally {
    await receiver.close();
  }
}

function judge(delivery: DeliveryResult, records: readonly CaptureRecord[]): DemoCase {
  const received = records.filter((r) => r.path === `/${delivery.kind}`).at(-1) ?? null;
  const problem = !delivery.delivered
    ? 'not delivered'
    : !received
      ? 'did not arrive'
      : received.kind !== delivery.kind
        ? `detected as ${received.kind ?? 'unknown'}`
        : !received.valid
          ? `invalid: ${received.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`
          : null;
  return { kind: delivery.kind, delivery, received, ok: problem === null, problems: problem === null ? [] : [problem] };
}
