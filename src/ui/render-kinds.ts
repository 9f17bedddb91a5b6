// Human rendering of `whk kinds`.
import { eventLabel } from '../kinds/common.js';
import type { IntegrationTypeSpec } from '../kinds/integration-types.js';
import type { AutoDisableRule, DeliveryProfile, SenderVersions, Variant, WhkChoice } from '../kinds/types.js';
import { getScheme } from '../signing/index.js';
import type { SignatureScheme } from '../signing/types.js';
import { SUCCESS_RULE_TEXT } from '../delivery/policy.js';
import { formatDuration, formatWholeDuration } from '../util/units.js';
import type { Output } from './output.js';

interface KindSummary {
  id: string;
  title: string;
  follows: string;
  template: string | null;
  integrationType: string | null;
  requiredMappedFields: IntegrationTypeSpec | null;
  eventHeader: string | null;
  events: readonly { id: string; header: string; variants: readonly Variant[] | null }[];
  defaultEvent: string | null;
  variants: readonly Variant[];
  defaultVariant: string;
  delivery: DeliveryProfile;
  senderVersions: SenderVersions | null;
  doubts: readonly string[];
}


export function describeRetry(delivery: DeliveryProfile): string {
  const { maxAttempts, initialDelayMs, backoff } = delivery.retry;
  if (maxAttempts <= 1) return 'no retry';
  const retries = maxAttempts - 1;
  return backoff === 'fixed'
    ? `${retries === 1 ? 'retry once' : `retry ${retries}×`} ${initialDelayMs === 0 ? 'at once' : `after ${formatDuration(initialDelayMs)}`}`
    : `${retries} retries, backoff ${Array.from({ length: retries }, (_, i) => formatDuration(initialDelayMs * 2 ** i)).join(', ')}`;
}

/** The sender's auto-disabling in a few words: disabled after 4 consecutive failures (1m, doubling to 1d; for good after 40). */
/** The headers the kind's sender signs with, as its scheme says a sender puts them on a request. */
function signedText(scheme: SignatureScheme): string {
  return `signed (${scheme.sends ?? scheme.headers.join(', ')})`;
}

function describeAutoDisable(rule: AutoDisableRule): string {
  const growth = `${formatWholeDuration(rule.initialMs)}, doubling to ${formatWholeDuration(rule.maxMs)}`;
  return `webhook disabled after ${rule.afterFailures} consecutive failures (${growth}${rule.permanentAfter === null ? '' : `; for good after ${rule.permanentAfter}`}), deliveries meanwhile not sent`;
}

export function renderKinds(output: Output, kinds: readonly KindSummary[]): void {
  const { paintResult: c } = output;
  for (const kind of kinds) {
    const d = kind.delivery;
    output.result(`${c.bold(kind.id)}  ${kind.title}`);
    output.result(`  follows    ${kind.follows}`);
    if (kind.template !== null) output.result(`  template   ${kind.template} (${kind.integrationType ?? 'no integration type'})`);
    const required = kind.requiredMappedFields;
    if (required) output.result(`  mapping    needs ${required.required.map((f) => f.name).join(', ')} mapped${required.whkChoice ? " (whk's choice)" : ''}; whk map --template ${kind.id}`);
    // An event's header value follows its id where they differ (push ("Push Hook"): the header carries
    // "Push Hook", not push); its own variants (GitHub's actions) follow it: pull_request [opened|closed].
    const event = (e: KindSummary['events'][number]): string => `${eventLabel(e)}${e.variants ? ` [${e.variants.map((v) => v.id).join('|')}]` : ''}${e.id === kind.defaultEvent ? ' (default)' : ''}`;
    if (kind.events.length > 0) output.result(`  events     ${kind.events.map(event).join(', ')}${kind.eventHeader ? ` in ${kind.eventHeader}` : ''}`);
    output.result(`  variants   ${kind.variants.map((v) => (v.id === kind.defaultVariant ? `${v.id} (default)` : v.id)).join(', ')}`);
    // A number or header that is whk's choice, not the sender's documented or coded behaviour, says so.
    const ours = (choice: WhkChoice, text: string): string => (d.whkChoices.includes(choice) ? `${text} (whk's choice)` : text);
    const traits = [
      ours('success', `success: ${SUCCESS_RULE_TEXT[d.success]}`),
      ours('retry', describeRetry(d)),
      ...(d.retry.maxAttempts > 1 && d.retry.retryOn === 'server-errors' ? [`only ${['5xx', 429, ...(d.retry.alsoRetried ?? [])].join('/')}/network errors retried`] : []),
      ...(d.retry.maxAttempts > 1 && d.retry.retryOn === '5xx' ? ['only 5xx/network errors retried (429 is final)'] : []),
      ...(d.retry.maxAttempts > 1 && d.retry.retryOn === '5xx-answers' ? ['only 5xx answers retried (timeouts and network errors are final)'] : []),
      ...(d.retry.attemptHeader ? [`${d.retry.attemptHeader.counts === 'retries' ? 'retries carry' : 'attempts numbered in'} ${d.retry.attemptHeader.name}`] : []),
      ...(d.contentType !== 'application/json' ? [`Content-Type: ${d.contentType}`] : []),
      ours('timeout', `timeout ${formatDuration(d.timeoutMs)}`),
      d.gzip === 'never' ? ours('gzip', 'no gzip') : ours('gzip-hosts', `gzip unless to ${d.gzip.unlessHosts.join(', ')}`),
      ...(d.batching ? [`batched every ${formatDuration(d.batching.flushIntervalMs)}`, ours('batch-size', `at most ${d.batching.maxBatchSize} per batch unless --batch-size or --count says otherwise`)] : []),
      ...(d.atLeastOnce ? ['at-least-once'] : []),
      ...(d.signature ? [signedText(getScheme(d.signature.scheme))] : []),
      ...(d.auth.length ? [`auth: ${d.auth.join('/')}`] : []),
      ...(d.pauseByDefault ? ['delivery protection', ours('queue-while-paused', 'batches queued while paused')] : []),
      ...(d.autoDisable ? [describeAutoDisable(d.autoDisable)] : []),
      d.followRedirects ? 'follows redirects' : ours('redirects', 'redirects not followed'),
      ...(d.connectionClose ? ['Connection: close'] : []),
      shortBodyText(d.shortBody, d.stalledBody),
      ours('user-agent', `User-Agent ${d.userAgent}`),
    ];
    output.result(`  delivery   ${traits.join('; ')}`);
    if (kind.senderVersions) {
      const lines = kind.senderVersions.releases.map((r, i, all) => `${r.from}${all[i + 1] ? `–before ${all[i + 1]?.from}` : '+'}: ${r.variant}, timeout ${formatDuration(r.delivery.timeoutMs ?? d.timeoutMs)}, ${r.note}`);
      output.result(`  versions   default ${kind.senderVersions.newest} (the newest release); by release line:`);
      for (const line of lines) output.result(`             ${line}`);
    }
    for (const doubt of kind.doubts) output.result(c.dim(`  doubt      ${doubt}`));
    output.result('');
  }
}

/**
 * What a 2xx whose body the receiver cut short comes to: the sender's code reads the body, or goes by
 * the status; and one whose body stalls, where the sender decided on the status before reading it
 * (a sender that returns on a 2xx unread decides that one at its headers).
 */
function shortBodyText(rule: DeliveryProfile['shortBody'], stalled: DeliveryProfile['stalledBody']): string {
  if (stalled === 'status') return 'a body cut short or stalled: the status decides (a stalled one at the timeout)';
  if (stalled === '2xx-at-headers') return 'a body cut short or stalled: the status decides (a 2xx at once, another status at the timeout)';
  if (rule === 'status') return 'a body cut short: the status decides';
  return `a body cut short fails the attempt${rule === undefined ? " (whk's choice)" : ''}`;
}
