// Human rendering of `whk kinds`.
import type { DeliveryProfile, Variant } from '../kinds/types.js';
import { getScheme } from '../signing/index.js';
import { formatDuration } from '../util/units.js';
import type { Output } from './output.js';

interface KindSummary {
  id: string;
  title: string;
  follows: string;
  template: string | null;
  integrationType: string | null;
  eventHeader: string | null;
  events: readonly { id: string; header: string; variants: readonly Variant[] | null }[];
  defaultEvent: string | null;
  variants: readonly Variant[];
  defaultVariant: string;
  delivery: DeliveryProfile;
  doubts: readonly string[];
}

const SUCCESS: Record<DeliveryProfile['success'], string> = { 'exactly-200': 'status 200 only', '2xx': 'any 2xx', 'below-400': 'any status below 400' };

export function describeRetry(delivery: DeliveryProfile): string {
  const { maxAttempts, initialDelayMs, backoff } = delivery.retry;
  if (maxAttempts <= 1) return 'no retry';
  const retries = maxAttempts - 1;
  return backoff === 'fixed'
    ? `${retries === 1 ? 'retry once' : `retry ${retries}×`} after ${formatDuration(initialDelayMs)}`
    : `${retries} retries, backoff ${Array.from({ length: retries }, (_, i) => formatDuration(initialDelayMs * 2 ** i)).join(', ')}`;
}

export function renderKinds(output: Output, kinds: readonly KindSummary[]): void {
  const { paintResult: c } = output;
  for (const kind of kinds) {
    const d = kind.delivery;
    output.result(`${c.bold(kind.id)}  ${kind.title}`);
    output.result(`  follows    ${kind.follows}`);
    if (kind.template !== null) output.result(`  template   ${kind.template} (${kind.integrationType ?? 'no integration type'})`);
    // An event's own variants (GitHub's actions) follow it: pull_request [opened|closed].
    const event = (e: KindSummary['events'][number]): string => `${e.id}${e.variants ? ` [${e.variants.map((v) => v.id).join('|')}]` : ''}${e.id === kind.defaultEvent ? ' (default)' : ''}`;
    if (kind.events.length > 0) output.result(`  events     ${kind.events.map(event).join(', ')}${kind.eventHeader ? ` in ${kind.eventHeader}` : ''}`);
    output.result(`  variants   ${kind.variants.map((v) => (v.id === kind.defaultVariant ? `${v.id} (default)` : v.id)).join(', ')}`);
    const traits = [
      `success: ${SUCCESS[d.success]}`,
      describeRetry(d),
      ...(d.retry.maxAttempts > 1 && d.retry.retryOn === 'server-errors' ? ['only 5xx/429/network errors retried'] : []),
      ...(d.retry.maxAttempts > 1 && d.retry.retryOn === '5xx' ? ['only 5xx answers retried'] : []),
      ...(d.retry.attemptNumberHeader ? [`attempts numbered in ${d.retry.attemptNumberHeader}`] : []),
      ...(d.contentType !== 'application/json' ? [`Content-Type: ${d.contentType}`] : []),
      `timeout ${formatDuration(d.timeoutMs)}`,
      d.gzip === 'never' ? 'no gzip' : `gzip unless to ${d.gzip.unlessHosts.join(', ')}`,
      ...(d.batching ? [`batched every ${formatDuration(d.batching.flushIntervalMs)}`] : []),
      ...(d.atLeastOnce ? ['at-least-once'] : []),
      ...(d.signature ? [`signed (${getScheme(d.signature.scheme).headers.join(', ')})`] : []),
      ...(d.auth.length ? [`auth: ${d.auth.join('/')}`] : []),
      ...(d.pauseByDefault ? ['delivery protection'] : []),
    ];
    output.result(`  delivery   ${traits.join('; ')}`);
    for (const doubt of kind.doubts) output.result(c.dim(`  doubt      ${doubt}`));
    output.result('');
  }
}
