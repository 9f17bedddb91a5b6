// Dynatrace problem notification through a custom (webhook) integration (the Harness AI SRE
// "Dynatrace" template): the body is the integration's payload template, by default Dynatrace's
// own, with the problem's placeholders filled in. The problem's State (OPEN, RESOLVED) is the event.
import type { z } from 'zod';
import { isRecord } from '../util/json.js';
import { alertMapping } from './alert-mapping.js';
import { sampleInstant } from './common.js';
import { defineKind, eventInField, eventsFrom, type GenerateContext, unpublishedDelivery } from './define.js';
import { lazySchema, type Built } from '../util/zod.js';

const DOCS = 'Dynatrace docs "Webhook integration" (problem notifications: the custom integration\'s example definition, its placeholders and the filled-in example payload)';
const HARNESS = 'Harness AI SRE "Dynatrace Integration Webhook Template" (harness/developer-hub docs/ai-sre/alerts/webhooks/templates/monitoring/dynatrace.md, its example payload)';

const STATES = { OPEN: 'a problem was opened (or updated while open)', RESOLVED: 'a problem was resolved' } as const;
type State = keyof typeof STATES;

/** The problem notification's schema, built on first use (util/zod.ts). */
export const dynatraceSchema = lazySchema((z) => {
  const impactedEntity = z.object({ type: z.string(), name: z.string(), entity: z.string() }).loose();

  return z
    .object({
      State: z.enum(['OPEN', 'RESOLVED']),
      ProblemID: z.string().min(1),
      ProblemTitle: z.string(),
      PID: z.string().optional(),
      ImpactedEntity: z.string().optional(),
      ImpactedEntities: z.array(impactedEntity).optional(),
      ProblemImpact: z.string().optional(),
      ProblemSeverity: z.string().optional(),
      ProblemDetailsHTML: z.string().optional(),
      ProblemDetailsText: z.string().optional(),
      // The problem as the Problems API v1 gives it: an object, filled by {ProblemDetailsJSON}.
      ProblemDetailsJSON: z.record(z.string(), z.unknown()).optional(),
      // The default template's key has a space; custom templates often drop it.
      'Problem URL': z.string().optional(),
      ProblemURL: z.string().optional(),
      // {Tags}: the tags of the affected entities, comma-separated, as one string.
      Tags: z.string().optional(),
    })
    .loose();
});

export type DynatracePayload = z.infer<Built<typeof dynatraceSchema>>;

// `word` names the entity's type in {ImpactedEntity}'s sentence: "Process" for a process group instance
// is the real delivery's (below); the other words are whk's choice.
const PROBLEMS: readonly { title: string; impact: string; severity: string; type: string; word: string; name: string }[] = [
  { title: 'Response time degradation', impact: 'SERVICE', severity: 'PERFORMANCE', type: 'SERVICE', word: 'Service', name: 'payment-service' },
  { title: 'Failure rate increase', impact: 'SERVICE', severity: 'ERROR', type: 'SERVICE', word: 'Service', name: 'checkout-api' },
  { title: 'CPU saturation', impact: 'INFRASTRUCTURE', severity: 'RESOURCE_CONTENTION', type: 'HOST', word: 'Host', name: 'db-1.prod.internal' },
  { title: 'Memory resources exhausted', impact: 'INFRASTRUCTURE', severity: 'RESOURCE_CONTENTION', type: 'PROCESS_GROUP_INSTANCE', word: 'Process', name: 'orders-worker.jar orders-*' },
  { title: 'User action duration degradation', impact: 'APPLICATION', severity: 'PERFORMANCE', type: 'APPLICATION', word: 'Application', name: 'www.acme.example' },
];

function generate({ random, event }: GenerateContext): DynatracePayload {
  const state = (event ?? 'OPEN') as State;
  const problem = random.pick(PROBLEMS);
  const entity = `${problem.type}-${random.hex(16).toUpperCase()}`;
  const start = sampleInstant(random);
  const pid = `-${random.int(100_000_000, 999_999_999)}${random.int(100_000_000, 999_999_999)}_${start}V2`;
  const displayId = `P-${random.int(10_000, 999_999)}`;
  const tags = ['environment:production', `team:${random.pick(['payments', 'platform', 'web'])}`];
  const url = `https://${random.hex(8)}.live.dynatrace.com/#problems/problemdetails;pid=${pid}`;
  return {
    ImpactedEntities: [{ type: problem.type, name: problem.name, entity }],
    // {ImpactedEntity}: "A short description of the problem and impacted entity (or multiple impacted
    // entities)" (the builtin:problem.notifications placeholder list, as dynatrace-oss/terraform-provider-dynatrace
    // web_hook.go carries it; {ImpactedEntityNames} is the bare entity), and so a real delivery has it:
    // "Memory resources exhausted on Process com.dynatrace.easytravel.business.backend.jar easytravel-*-x*"
    // (azide0x37/perform-2022-hot-aiops keptn_event.sh).
    ImpactedEntity: `${problem.title} on ${problem.word} ${problem.name}`,
    PID: pid,
    ProblemDetailsHTML: `<h1>${problem.title}</h1><p>${problem.name} is affected.</p>`,
    ProblemDetailsJSON: {
      id: pid,
      startTime: start,
      endTime: state === 'RESOLVED' ? start + random.int(300_000, 3_600_000) : -1,
      // As a delivery Dynatrace's own lab kept it: the display id with its P-, and a resolved
      // problem's status CLOSED, the Problems API v1 word (azide0x37/perform-2022-hot-aiops keptn_event.sh).
      displayName: displayId,
      impactLevel: problem.impact,
      status: state === 'RESOLVED' ? 'CLOSED' : 'OPEN',
      severityLevel: problem.severity,
      tagsOfAffectedEntities: tags.map((tag) => ({ context: 'CONTEXTLESS', key: tag.split(':')[0], value: tag.split(':')[1] })),
    },
    // {ProblemID}, "the display number": the P- number the UI shows, as the same real delivery has it ("P-22011").
    ProblemID: displayId,
    ProblemImpact: problem.impact,
    ProblemTitle: problem.title,
    'Problem URL': url,
    State: state,
    Tags: tags.join(', '),
  };
}

export const dynatrace = defineKind<DynatracePayload>({
  id: 'dynatrace',
  title: 'Dynatrace problem notification (custom integration webhook)',
  bodyOrigin: 'template',
  template: 'Dynatrace',
  integrationType: 'alert',
  follows: `${DOCS}; the placeholder list of its settings (builtin:problem.notifications, as dynatrace-oss/terraform-provider-dynatrace web_hook.go carries it); a real delivery in Dynatrace's Perform 2022 lab (azide0x37/perform-2022-hot-aiops keptn_event.sh); ${HARNESS}`,
  schema: dynatraceSchema,
  events: eventsFrom(STATES),
  eventOf: eventInField('State', STATES),
  claims: { keys: ['ProblemID'] },
  looksLike: (payload) => isRecord(payload) && typeof payload['ProblemID'] === 'string' && 'State' in payload && 'ProblemTitle' in payload,
  generate,
  idempotencyId: (payload) => (isRecord(payload) && typeof payload['PID'] === 'string' ? `${payload['PID']}:${String(payload['State'])}` : undefined),
  // One seed's OPEN and RESOLVED are one problem opened and resolved: the id's State tells them apart.
  idempotencyIdNamesEvent: true,
  delivery: unpublishedDelivery([`one POST per problem notification with the integration's payload template as body (${DOCS})`, 'custom headers on the integration (an Authorization header is yours to add as `headers`)', 'a notification when a problem opens, optionally when it closes (State RESOLVED)'], {}, [
    'no gzip: the Webhook integration page names no compression',
  ]),
  doubts: [
    'The default template\'s keys (including "Problem URL" with its space) are those of Dynatrace\'s example definition, which Harness\'s template sample repeats; in that example "Problem URL" is a fixed example URL, not a placeholder, so its value is whatever the admin writes (samples put the problem\'s link there).',
    'The body is a template the user may edit: whk checks the default template\'s fields and accepts custom ones (ProblemURL without the space, ProblemSeverity, ProblemDetailsText); only State, ProblemID and ProblemTitle are required.',
    'ProblemDetailsJSON is Dynatrace\'s Problems API v1 problem: samples carry a few of its fields, any object validates.',
    'Dynatrace\'s test notification (ProblemID TESTID, as a receiver kept it) leaves placeholders such as {PID} and {Tags} unfilled: they validate as the strings they are.',
    '{ImpactedEntity} is the problem\'s title, "on", the entity\'s type and its name; only "Process" (a process group instance) is seen in a real delivery: the words for other types ("Service", "Host", "Application" here) and the wording for several impacted entities are whk\'s choice.',
    'Whether a notification is sent again when events merge into an open problem (State OPEN again) is a setting; whk sends one OPEN.',
  ],
  mapping: alertMapping({
    title: 'ProblemTitle',
    severity: { path: 'ProblemImpact', default: 'APPLICATION' },
    status: 'State',
    service: { path: 'ImpactedEntities[0].name', default: 'unknown' },
    description: 'ProblemDetailsHTML',
    link: 'Problem URL',
    timestamp: { path: 'ProblemDetailsJSON.startTime', type: 'number' },
  }),
});
