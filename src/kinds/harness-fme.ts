// What the two Harness FME webhooks (metric alerts, impressions) share in their delivery: status
// 200 exactly is success; on failure the sender waits 300 ms and retries once.
import type { DeliveryProfile } from './types.js';

export const FME_DELIVERY = {
  success: 'exactly-200',
  retry: { maxAttempts: 2, initialDelayMs: 300, backoff: 'fixed' },
  timeoutMs: 10_000,
  whkChoices: ['timeout', 'user-agent'],
} as const satisfies Pick<DeliveryProfile, 'success' | 'retry' | 'timeoutMs' | 'whkChoices'>;

/** Both FME webhook docs: "A 200 response indicates a successful delivery"; after a non-200 response, 300 ms and one retry. */
export const FME_DOCUMENTED_RETRY = 'success is status 200 exactly; after a non-200 answer wait 300 ms and retry once';

/** The docs speak of a non-200 response only: what follows no answer at all is whk's. */
export const FME_RETRY_WITHOUT_ANSWER = 'a timeout or a failed connection is retried as a non-200 answer is (once, after 300 ms): the docs speak only of a non-200 response';

/**
 * Impressions go plain to Slack's and Fivetran's webhooks (their receivers cannot inflate); gzipped
 * elsewhere. The doc says only "a Slack or Fivetran webhook": these hosts, matched exactly (no
 * subdomains), are whk's reading: Slack's incoming-webhook hosts (commercial and GovSlack) and Fivetran's.
 */
export const FME_GZIP = { unlessHosts: ['hooks.slack.com', 'hooks.slack-gov.com', 'webhooks.fivetran.com'] } as const satisfies DeliveryProfile['gzip'];

export const FME_GZIP_HOSTS_READING = `the plain hosts are exactly ${FME_GZIP.unlessHosts.join(', ')} (no subdomains): whk's reading of the doc's "a Slack or Fivetran webhook"`;
