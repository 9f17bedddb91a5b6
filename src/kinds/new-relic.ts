// New Relic alerts workflow notification to a webhook destination (the Harness AI SRE "New Relic"
// template): the body is the channel's payload template, by default New Relic's own issue fields.
// The Harness template page shows another body (incident, details, targets); both validate.
import type { z } from 'zod';
import { isRecord } from '../util/json.js';
import type { Random } from '../util/prng.js';
import { alertMapping } from './alert-mapping.js';
import { sampleInstant } from './common.js';
import { defineKind, type GenerateContext, unpublishedDelivery } from './define.js';
import { lazySchema, type Built } from '../util/zod.js';

const DOCS = 'New Relic docs "Workflow variables" (custom-variables-incident-workflows: issueId, issuePageUrl, priority, state, triggerEvent, isCorrelated, totalIncidents, createdAt, updatedAt, accumulations.*, entitiesData.*)';
const ISSUE_STATE = 'NerdGraph\'s issue state enum AiIssuesIssueState (ACTIVATED, CLOSED, CREATED, DEACTIVATED "Issue is deactivated"), as the PyPI package newrelic-sb-sdk 0.5.0 generates it from the NerdGraph schema (newrelic_sb_sdk/graphql/enums.py)';
const HARNESS = 'Harness AI SRE "New Relic Integration Webhook Template" (harness/developer-hub docs/ai-sre/alerts/webhooks/templates/monitoring/new-relic.md, its example payload)';

/** The webhook destination's default payload template, as rendered. */
const workflowSchema = lazySchema((z) => {
  const epochMs = z.number().int().nonnegative();

  return z
    .object({
      id: z.string().min(1),
      issueUrl: z.string(),
      title: z.string(),
      priority: z.enum(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']),
      // NerdGraph's AiIssuesIssueState is ACTIVATED, CLOSED, CREATED, DEACTIVATED (ISSUE_STATE);
      // ACKNOWLEDGED is whk's acknowledged variant's (a doubt).
      state: z.enum(['CREATED', 'ACTIVATED', 'ACKNOWLEDGED', 'CLOSED', 'DEACTIVATED']),
      impactedEntities: z.array(z.string()).optional(),
      totalIncidents: z.number().int().nonnegative().optional(),
      trigger: z.string().optional(),
      // A boolean, but Zulip's captured acknowledgement (2024) carries the string "false".
      isCorrelated: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
      createdAt: epochMs.optional(),
      updatedAt: epochMs.optional(),
      sources: z.array(z.string()).optional(),
      alertPolicyNames: z.array(z.string()).optional(),
      alertConditionNames: z.array(z.string()).optional(),
      workflowName: z.string().optional(),
    })
    .loose();
});

/** The body the Harness template page shows. */
const harnessTemplateSchema = lazySchema((z) => {
  return z
    .object({
      incident: z
        .object({
          id: z.number().int(),
          condition_id: z.number().int().optional(),
          condition_name: z.string(),
          policy_id: z.number().int().optional(),
          policy_name: z.string(),
          severity: z.string(),
          state: z.string(),
          timestamp: z.number().int(),
          url: z.string(),
        })
        .loose(),
      details: z.object({ message: z.string(), duration: z.number().optional(), threshold: z.number().optional(), trigger_time: z.string().optional() }).loose().optional(),
      targets: z.array(z.object({ id: z.string(), name: z.string(), type: z.string().optional(), product: z.string().optional(), link: z.string().optional() }).loose()),
    })
    .loose();
});

export const newRelicSchema = lazySchema((z) => z.union([workflowSchema(), harnessTemplateSchema()]));
export type NewRelicPayload = z.infer<Built<typeof newRelicSchema>>;

const isHarnessShape = (payload: unknown): boolean => isRecord(payload) && isRecord(payload['incident']) && Array.isArray(payload['targets']);

const ISSUES: readonly { title: string; condition: string; entity: string; type: string; policy: string }[] = [
  { title: "Error rate > 5% for at least 5 minutes on 'checkout-api'", condition: 'Error rate > 5%', entity: 'checkout-api', type: 'APPLICATION', policy: 'Production API Policy' },
  { title: "Memory Used % > 90 for at least 2 minutes on 'db-1'", condition: 'Memory high', entity: 'db-1', type: 'HOST', policy: 'Infrastructure' },
  { title: "Apdex < 0.7 for at least 10 minutes on 'storefront'", condition: 'Apdex low', entity: 'storefront', type: 'APPLICATION', policy: 'Web experience' },
];
const STATES: Record<string, 'ACTIVATED' | 'ACKNOWLEDGED' | 'CLOSED'> = { activated: 'ACTIVATED', acknowledged: 'ACKNOWLEDGED', closed: 'CLOSED' };

function generate({ random, variant }: GenerateContext): NewRelicPayload {
  const issue = random.pick(ISSUES);
  const account = random.int(1_000_000, 4_999_999);
  const created = sampleInstant(random);
  if (variant === 'harness-template') return harnessTemplate(random, issue, account, created);
  const state = STATES[variant] ?? 'ACTIVATED';
  const id = random.uuid();
  return {
    id,
    issueUrl: `https://radar-api.service.newrelic.com/accounts/${account}/issues/${id}?notifier=WEBHOOK`,
    title: issue.title,
    priority: random.pick(['CRITICAL', 'HIGH'] as const),
    impactedEntities: [issue.entity],
    totalIncidents: random.int(1, 3),
    state,
    trigger: state === 'ACTIVATED' ? 'STATE_CHANGE' : state === 'CLOSED' ? 'INCIDENT_CLOSED' : 'USER_ACTION',
    isCorrelated: random.chance(0.3),
    createdAt: created,
    updatedAt: created + (state === 'ACTIVATED' ? random.int(0, 2_000) : random.int(60_000, 3_600_000)),
    sources: ['newrelic'],
    alertPolicyNames: [issue.policy],
    alertConditionNames: [issue.condition],
    workflowName: 'Harness AI SRE',
  };
}

/** An entity GUID: URL-safe base64, unpadded, of account|domain|type|id (newrelic/entity-definitions docs/entities/guid_spec.md). */
const entityGuid = (account: number, domain: string, type: string, id: number): string => Buffer.from(`${account}|${domain}|${type}|${id}`).toString('base64url');

function harnessTemplate(random: Random, issue: (typeof ISSUES)[number], account: number, created: number): NewRelicPayload {
  const id = random.int(100_000_000, 999_999_999);
  const host = issue.type === 'HOST';
  const entityId = random.int(100_000_000, 999_999_999);
  // The Harness page's target id is such a GUID, of the APM application its link names.
  const target = host
    ? { id: entityGuid(account, 'INFRA', 'HOST', entityId), name: issue.entity, type: 'host', product: 'Infrastructure' }
    : { id: entityGuid(account, 'APM', 'APPLICATION', entityId), name: issue.entity, type: 'application', product: 'APM', link: `https://rpm.newrelic.com/accounts/${account}/applications/${entityId}` };
  return {
    incident: {
      id,
      condition_id: random.int(10_000_000, 99_999_999),
      condition_name: issue.condition,
      policy_id: random.int(100_000_000, 999_999_999),
      policy_name: issue.policy,
      severity: 'critical',
      state: 'open',
      timestamp: Math.floor(created / 1000),
      url: `https://alerts.newrelic.com/accounts/${account}/incidents/${id}`,
    },
    details: { message: issue.title, duration: 300, threshold: 5, trigger_time: new Date(created).toISOString().replace(/\.\d{3}Z$/, 'Z') },
    targets: [target],
  };
}

export const newRelic = defineKind<NewRelicPayload>({
  id: 'new-relic',
  title: 'New Relic alerts workflow webhook',
  bodyOrigin: 'template',
  template: 'New Relic',
  integrationType: 'alert',
  follows: `${DOCS}; ${ISSUE_STATE} for the states the default template's state may carry; the webhook destination's default payload template as integrators quote it (Plural docs "New Relic") and as Zulip captured it (zulip/zulip zerver/webhooks/newrelic/fixtures/*_default_payload.json, 2024 deliveries); ${HARNESS}`,
  variants: [
    { id: 'activated', description: 'an issue activated (the default template)' },
    { id: 'acknowledged', description: 'an issue acknowledged (the default template)' },
    { id: 'closed', description: 'an issue closed (the default template)' },
    { id: 'harness-template', description: 'the body the Harness template page shows (incident, details, targets)' },
  ],
  schema: newRelicSchema,
  schemaFor: (payload) => (isHarnessShape(payload) ? harnessTemplateSchema() : workflowSchema()),
  claims: { keys: ['issueUrl', 'targets'] },
  looksLike: (payload) => isRecord(payload) && ((typeof payload['issueUrl'] === 'string' && 'title' in payload && 'priority' in payload) || (isHarnessShape(payload) && isRecord(payload['incident']) && 'condition_name' in payload['incident'])),
  generate,
  // The webhook destination's authentication is Basic (user and password) or a Bearer token, besides
  // custom headers (the newrelic_notification_destination resource: auth_basic, auth_token, auth_custom_headers).
  delivery: unpublishedDelivery([`one POST per workflow notification with the destination channel's payload template as JSON body (${DOCS})`, 'Basic or Bearer authentication and custom headers on the webhook destination (`headers`)'], { auth: ['basic', 'bearer'] }, [
    'no gzip: the workflow and webhook destination pages name no compression',
  ]),
  doubts: [
    'The body is a template the user edits. The default template\'s keys (id, issueUrl, title, priority, impactedEntities, totalIncidents, state, trigger, isCorrelated, createdAt, updatedAt, sources, alertPolicyNames, alertConditionNames, workflowName) are as integrators quote them and as Zulip\'s 2024 captures carry them, not read on a New Relic page; only id, issueUrl, title, priority and state are required.',
    'Harness\'s template page shows a different body (incident with condition and policy, details, targets), close to the legacy notification channel\'s: it validates as the harness-template variant. The Harness integration guide shows a third, custom one (issueId, issueTitle...), which whk does not accept.',
    'The default mapping reads the workflow default body, and where a field is missing there the harness-template body\'s (incident.condition_name, incident.severity, incident.state, targets[0].name, details.message, incident.url, incident.timestamp: in seconds there, in milliseconds in createdAt); which of its fields fills which is whk\'s choice.',
    'Zulip\'s captures show the triggers STATE_CHANGE (ACTIVATED), INCIDENT_ADDED (CREATED), INCIDENT_CLOSED (CLOSED) and USER_ACTION; its acknowledgement came as state ACTIVATED with trigger USER_ACTION, so the acknowledged variant\'s state ACKNOWLEDGED is whk\'s reading, its trigger the capture\'s.',
    'The states accepted are NerdGraph\'s AiIssuesIssueState values (ACTIVATED, CLOSED, CREATED, DEACTIVATED: an SDK generated from the NerdGraph schema, see follows) and whk\'s ACKNOWLEDGED. No delivery carrying DEACTIVATED was found and no page whk read says when an issue is deactivated, so it validates but no sample sends it.',
    'The legacy webhook notification channel\'s body (current_state, incident_id, condition_name, policy_name...; channels reached end of life and were migrated to workflows) is not this kind: whk does not detect or accept it. New Relic\'s "Customize your webhook payload" page lists its keys and $VARIABLES and the targets\' fields (id, name, labels, link, product, type), but shows no rendered default body: its one JSON example is a template quoting every variable as a string, $TARGETS included, so which values are numbers, null or arrays is not documented, and no delivery published by New Relic was found (third-party captures disagree, e.g. targets as an array or as a string). whk leaves it out rather than guess its types.',
  ],
  // The workflow default body's fields, else the harness-template body's (whk's choice, in the doubts).
  mapping: alertMapping({
    title: { path: 'title', orElse: ['incident.condition_name'] },
    severity: { path: 'priority', orElse: ['incident.severity'] },
    status: { path: 'state', orElse: ['incident.state'] },
    service: { path: 'impactedEntities[0]', orElse: ['targets[0].name'] },
    description: { path: 'alertConditionNames[0]', orElse: ['details.message'] },
    link: { path: 'issueUrl', orElse: ['incident.url'] },
    timestamp: { path: 'createdAt', orElse: ['incident.timestamp'], type: 'number' },
  }),
});
