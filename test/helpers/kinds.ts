// Kinds with inline delivery profiles, so the delivery engine is tested against each rule on its
// own, independent of which real kinds exist.
import { FME_GZIP } from '../../src/kinds/harness-fme.js';
import { metricAlert } from '../../src/kinds/metric-alert.js';
import type { DeliveryProfile, Kind } from '../../src/kinds/types.js';

export function fakeKind(delivery: Partial<DeliveryProfile>, extra: Partial<Kind> = {}): Kind {
  return { ...(metricAlert as Kind), id: 'fake', delivery: { ...metricAlert.delivery, ...delivery }, ...extra };
}

/** An at-least-once kind whose lifecycle resolves the alert with a new id, like Metaplane's. */
export const incidentLike = fakeKind(
  { success: '2xx', atLeastOnce: true, signature: { scheme: 'metaplane' } },
  {
    idempotencyId: (payload) => (payload as { integrationId: string }).integrationId,
    lifecycle: (payload) => {
      const opened = payload as { integrationId: string; firedAtMs: number; data: Record<string, unknown> };
      return [opened, { ...opened, integrationId: `${opened.integrationId}-resolved`, firedAtMs: opened.firedAtMs + 60_000, data: { ...opened.data, direction: 'DESIRED' } }];
    },
  },
);

/** A batch kind like impressions whose events carry unique ids, so exactly-once delivery is checkable. */
export const batchLike = fakeKind(
  {
    gzip: FME_GZIP,
    batching: { flushIntervalMs: 10_000, maxBatchSize: 5000 },
    pauseByDefault: true,
  },
  { id: 'batch', sample: ({ seed, count }) => Array.from({ length: count ?? 1 }, (_, i) => ({ id: `${seed}-${i}` })) },
);
