// Lacework (FortiCNAPP) custom webhook alert channel (the Harness AI SRE "Lacework" template): one
// flat JSON object per alert, every value a string, as FortiCNAPP's "Custom webhook alert channel" page shows.
import type { z } from 'zod';
import { isRecord } from '../util/json.js';
import { sampleInstant } from './common.js';
import { alertMapping } from './alert-mapping.js';
import { defineKind, type GenerateContext, NO_RETRY } from './define.js';
import { lazySchema, type Built } from '../util/zod.js';

/** The alert's schema, built on first use (util/zod.ts). */
export const laceworkSchema = lazySchema((z) => {
  // "27 May 2021 17:00 GMT": the hour the event was seen, as the docs' example gives it.
  const eventTimestamp = z.string().regex(/^\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2} GMT$/, 'expected a time such as "27 May 2021 17:00 GMT"');

  return z
    .object({
      event_title: z.string().min(1),
      event_link: z.url(),
      lacework_account: z.string().min(1),
      event_source: z.string(),
      event_description: z.string(),
      event_timestamp: eventTimestamp,
      event_type: z.string().min(1),
      event_id: z.string().regex(/^\d+$/, 'expected the event number as a string'),
      // Lacework's severities 1 (critical) to 5 (info), as a string.
      event_severity: z.enum(['1', '2', '3', '4', '5']),
      // The compliance recommendation, in compliance events.
      rec_id: z.string().optional(),
    })
    .loose();
});

export type LaceworkPayload = z.infer<Built<typeof laceworkSchema>>;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The hour an event was seen, "27 May 2021 17:00 GMT"; the day has two digits ("04 Apr 2022" in Lacework's own example). */
function laceworkTime(ms: number): string {
  const at = new Date(ms);
  return `${String(at.getUTCDate()).padStart(2, '0')} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()} ${String(at.getUTCHours()).padStart(2, '0')}:00 GMT`;
}

/** Compliance changes the docs' example stands for: the source, the recommendation and what it checks. */
const RECOMMENDATIONS = [
  { source: 'AzureCompliance', cloud: 'Azure', account: 'Pay-As-You-Go', rec: 'Azure_CIS_2_1', text: 'Ensure that standard pricing tier is selected' },
  { source: 'AzureCompliance', cloud: 'Azure', account: 'Production', rec: 'Azure_CIS_3_1', text: 'Ensure that \'Secure transfer required\' is set to \'Enabled\'' },
  { source: 'AwsCompliance', cloud: 'AWS', account: '123456789012', rec: 'AWS_CIS_1_4', text: 'Ensure access keys are rotated every 90 days or less' },
  { source: 'AwsCompliance', cloud: 'AWS', account: '210987654321', rec: 'AWS_CIS_2_3', text: 'Ensure the S3 bucket CloudTrail logs to is not publicly accessible' },
  { source: 'GcpCompliance', cloud: 'GCP', account: 'acme-prod', rec: 'GCP_CIS_3_1', text: 'Ensure the default network does not exist in a project' },
];

function generate({ random }: GenerateContext): LaceworkPayload {
  const account = random.pick(['acme', 'globexsec', 'initech-cloud']);
  const check = random.pick(RECOMMENDATIONS);
  // The idempotency id: from the seed, so no two payloads of a run share it (drawn from 100,000..999,999,
  // two of 2,000 did); the number is whk's choice, digits as Lacework's are.
  const eventId = String(random.serial());
  const hour = Math.floor(sampleInstant(random) / 3_600_000) * 3_600_000;
  return {
    event_title: 'Compliance Changed',
    event_link: `https://${account}.lacework.net/ui/investigate/Event/${eventId}?startTime=${hour}&endTime=${hour + 3_600_000}`,
    lacework_account: account,
    event_source: check.source,
    event_description: `${check.cloud} Account ${account} ${check.account}: ${check.rec} ${check.text} changed from compliant to non-compliant`,
    event_timestamp: laceworkTime(hour),
    event_type: 'Compliance',
    event_id: eventId,
    event_severity: random.pick(['1', '2', '3', '4'] as const),
    rec_id: check.rec,
  };
}

export const lacework = defineKind<LaceworkPayload>({
  id: 'lacework',
  title: 'Lacework (FortiCNAPP) webhook alert channel',
  bodyOrigin: 'sender-code',
  template: 'Lacework',
  integrationType: 'alert',
  follows:
    'Fortinet\'s FortiCNAPP Administration Guide 26.2.0 "Custom webhook alert channel" (its one example payload and field table; Lacework\'s docs.lacework.net/onboarding/webhook before it), the anomaly body Lacework\'s own lacework/webhooks-alert-channels gives as an example (2022), and Harness\'s "Lacework Integration Webhook Template" page, which publishes no sample',
  schema: laceworkSchema,
  claims: { keys: ['lacework_account'] },
  looksLike: (payload) => isRecord(payload) && typeof payload['lacework_account'] === 'string' && 'event_id' in payload,
  generate,
  idempotencyId: (payload) => (isRecord(payload) && typeof payload['event_id'] === 'string' ? payload['event_id'] : undefined),
  delivery: {
    success: '2xx',
    retry: NO_RETRY,
    timeoutMs: 30_000,
    whkChoices: ['success', 'retry', 'timeout', 'user-agent'],
    provenance: {
      documented: ['one HTTPS POST per alert with the JSON body of the docs\' example (FortiCNAPP "Custom webhook alert channel")', 'the URL must be https; a token the receiver needs goes in the URL\'s query (Lacework Terraform provider docs)'],
      ours: [
        'success is any 2xx', 'no retry', 'the 30 s timeout', 'User-Agent: whk', 'Content-Type: application/json', 'no gzip: the FortiCNAPP page names no compression',
        // No page says the POST is unsigned; the channel's settings give nothing to sign with.
        'no signature: whk\'s reading (no page names one, and the channel\'s settings hold only its URL: Terraform\'s lacework_alert_channel_webhook, go-sdk\'s WebhookDataV2)',
      ],
    },
  },
  doubts: [
    'The docs show one example, a compliance change; samples are compliance changes. Other events (anomalies, cloud activity) carry the same fields with their own titles and types, and may carry rec_id empty (Lacework\'s own anomaly example sends "") or not at all (accepted).',
    'event_severity is a string ("4" in the example); that it runs from 1 (critical) to 5 (info) is Lacework\'s API scale, not stated on the webhook page. Samples send 1 to 4.',
    'Harness publishes no Lacework sample; the template is assumed to receive this body.',
    'whk sends over plain http to local receivers; FortiCNAPP sends only to https URLs.',
  ],
  mapping: alertMapping({
    title: 'event_title',
    severity: 'event_severity',
    // Lacework sends no status: an alert channel posts only new alerts, so the default always applies.
    status: { path: 'status', default: 'open' },
    service: 'event_source',
    description: 'event_description',
    link: 'event_link',
    timestamp: 'event_timestamp',
  }),
});
