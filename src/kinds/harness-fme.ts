// What the two Harness FME webhooks (metric alerts, impressions) share in their delivery: status
// 200 exactly is success; on failure the sender waits 300 ms and retries once.
import type { DeliveryProfile } from './types.js';

export const FME_DELIVERY = {
  success: 'exactly-200',
  retry: { maxAttempts: 2, initialDelayMs: 300, backoff: 'fixed' },
  timeoutMs: 10_000,
} as const satisfies Pick<DeliveryProfile, 'success' | 'retry' | 'timeoutMs'>;

export const FME_DOCUMENTED_RETRY = 'success is status 200 exactly; on failure wait 300 ms and retry once';
