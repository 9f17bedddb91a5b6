// Harness SRM SLO error-budget notification to a webhook (the Harness AI SRE "Harness SLO" template):
// a title, a sentence, and the SLO's facts as an ordered list of {label, value} strings.
import type { z } from 'zod';
import { isRecord } from '../util/json.js';
import { sampleInstant } from './common.js';
import { alertMapping } from './alert-mapping.js';
import { defineKind, type GenerateContext } from './define.js';
import { HARNESS_NO_RETRY, HARNESS_OKHTTP_NOTES, HARNESS_SENDER, HARNESS_TIMEOUT_DOUBT, HARNESS_TIMEOUT_OURS } from './harness-pipeline.js';
import { lazySchema, type Built } from '../util/zod.js';

/** The labels every published notification carries: what names the SLO and where it lives. */
const REQUIRED_LABELS = ['SLO Status', 'SLO ID', 'SLO Name', 'Account ID', 'Organization ID', 'Project ID'];

/** The notification's schema, built on first use (util/zod.ts). */
export const harnessSloSchema = lazySchema((z) => {
  const fieldSchema = z.object({ label: z.string().min(1), value: z.string() }).loose();

  return z
    .object({
      title: z.string().min(1),
      description: z.string().min(1),
      fields: z.array(fieldSchema).superRefine((fields, ctx) => {
        const labels = new Set(fields.map((f) => f.label));
        for (const label of REQUIRED_LABELS) if (!labels.has(label)) ctx.addIssue({ code: 'custom', message: `missing the "${label}" field` });
      }),
    })
    .loose();
});

export type HarnessSloPayload = z.infer<Built<typeof harnessSloSchema>>;

/** Per notification condition: the status line and the sentence's subject (only remaining-minutes is published). */
const CONDITIONS: Record<string, { status: string; subject: string; state: string }> = {
  'remaining-minutes': { status: 'Error Budget Remaining Minutes Critically Low', subject: 'The remaining minutes', state: 'are critically low' },
  'remaining-percentage': { status: 'Error Budget Remaining Percentage Critically Low', subject: 'The remaining percentage', state: 'is critically low' },
  'burn-rate': { status: 'Error Budget Burn Rate Above Threshold', subject: 'The burn rate', state: 'is above its threshold' },
};

const SLOS = ['measure-p95-latency-for-checkout-api', 'availability-of-payments-service', 'error-rate-of-search-api', 'login-success-rate'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The sample's "Fri Feb 07 18:58:16 Z 2025": Java's Date layout with the zone written Z. */
function incidentTime(ms: number): string {
  const at = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[at.getUTCDay()]} ${MONTHS[at.getUTCMonth()]} ${two(at.getUTCDate())} ${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())} Z ${at.getUTCFullYear()}`;
}

function generate({ random, variant }: GenerateContext): HarnessSloPayload {
  const condition = CONDITIONS[variant] as { status: string; subject: string; state: string };
  const account = Array.from({ length: 22 }, () => random.pick([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'])).join('');
  const org = random.pick(['default', 'platform', 'commerce']);
  const project = random.pick(['checkout', 'payments_prod', 'search']);
  const name = random.pick(SLOS);
  const id = name.replace(/[^a-z0-9]/g, '');
  const seconds = Math.floor(sampleInstant(random) / 1000);
  return {
    title: 'Harness Incident Response',
    description: `${condition.subject} for the error budget of SLO ${name} ${condition.state} under project ${project}, in organization ${org}.`,
    fields: [
      { label: 'SLO Status', value: condition.status },
      { label: 'Account ID', value: account },
      { label: 'Account Name', value: random.pick(['Acme Corp', 'Globex Engineering', 'Initech']) },
      { label: 'Organization ID', value: org },
      { label: 'Project ID', value: project },
      { label: 'SLO URL', value: `https://app.harness.io/ng/account/${account}/module/ir/orgs/${org}/projects/${project}/slos/${id}` },
      { label: 'SLO ID', value: id },
      { label: 'SLO Name', value: name },
      { label: 'Incident Unix Timestamp', value: String(seconds) },
      { label: 'Incident Time', value: `Incident detected at ${incidentTime(seconds * 1000)}` },
    ],
  };
}

export const harnessSlo = defineKind<HarnessSloPayload>({
  id: 'harness-slo',
  title: 'Harness SRM SLO error-budget notification (webhook)',
  bodyOrigin: 'sender-code',
  template: 'Harness SLO',
  integrationType: 'alert',
  follows:
    'Harness\'s "Harness SLO Integration Webhook Template" page (its example alert payload, verbatim in fixtures; harness/developer-hub docs/ai-sre/alerts/webhooks/templates/monitoring/harness-slo.md) and its SRM notification-rule steps (error budget remaining percentage, remaining minutes, burn rate; Webhook method)',
  variants: [
    { id: 'remaining-minutes', description: 'the error budget\'s remaining minutes fell to the rule\'s value (the published sample)' },
    { id: 'remaining-percentage', description: 'the error budget\'s remaining percentage fell to the rule\'s threshold' },
    { id: 'burn-rate', description: 'the error budget\'s burn rate rose above the rule\'s threshold' },
  ],
  schema: harnessSloSchema,
  claims: { keys: ['fields'] },
  looksLike: (payload) => isRecord(payload) && Array.isArray(payload['fields']) && payload['fields'].some((f) => isRecord(f) && (f['label'] === 'SLO ID' || f['label'] === 'SLO Name')),
  generate,
  // WebhookSenderImpl adds Accept: */* unless the user set it, as for the pipeline notifications.
  requestHeaders: () => ({ Accept: '*/*' }),
  delivery: {
    ...HARNESS_SENDER,
    provenance: {
      documented: [
        'one POST with a JSON body per notification, to the webhook URL of the SLO\'s notification rule: the "Harness SLO Integration Webhook Template" page gives the Webhook notification method and the example body, harness-core\'s WebhookSenderImpl.sendJSONMessage the POST (the page names no method)',
        'success is a 2xx, as Harness\'s webhook sender (harness-core WebhookSenderImpl, OkHttp isSuccessful) judges every Harness webhook notification',
        ...HARNESS_OKHTTP_NOTES,
        // SRM's SLO notifications go through the same service (ServiceLevelObjectiveV2ServiceImpl: notificationClient.sendNotificationAsync).
        HARNESS_NO_RETRY,
      ],
      ours: [...HARNESS_TIMEOUT_OURS, 'User-Agent: whk'],
    },
  },
  doubts: [
    'The only published body is the template page\'s remaining-minutes sample; the status line and sentence of the percentage and burn-rate conditions are whk\'s inference from it.',
    'The body\'s source in Harness\'s code (the SRM webhook template) was not found; the labels and their order are the sample\'s.',
    'The title "Harness Incident Response" (the module\'s former name) is kept as the sample has it.',
    'The default mapping reads fields by position, in the sample\'s order; a body with its fields in another order maps wrongly.',
    HARNESS_TIMEOUT_DOUBT,
  ],
  mapping: alertMapping({
    title: 'description',
    severity: 'fields[0].value',
    status: { path: 'status', default: 'triggered' },
    service: 'fields[7].value',
    description: 'description',
    link: 'fields[5].value',
    timestamp: 'fields[8].value',
  }),
});
