// Harness FME (formerly Split) metric alert webhook: one JSON object per alert.
import type { z } from 'zod';
import { round, sampleInstant } from './common.js';
import { isDateTime } from './formats.js';
import { FME_DELIVERY, FME_DOCUMENTED_RETRY, FME_RETRY_WITHOUT_ANSWER } from './harness-fme.js';
import { isRecord } from '../util/json.js';
import type { Random } from '../util/prng.js';
import { defineKind, type GenerateContext } from './define.js';
import { lazySchema, type Built } from '../util/zod.js';

const RFC3339_EXPECTED = 'expected an RFC 3339 date-time, e.g. 2026-03-04T10:15:30.123Z';
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
// firedAt and firedAtMs both say "when fired"; the doc does not say they agree to the millisecond.
// whk's reading: they may differ by less than one second, either way.
const FIRED_AT_TOLERANCE_MS = 1000;

/** The alert's schema, built on first use (util/zod.ts). */
export const metricAlertSchema = lazySchema((z) => {
  const idName = z.object({ id: z.string(), name: z.string() }).loose();

  return z
    .object({
      type: z.literal('METRIC_ALERT'),
      // RFC 3339 (section 5.6) lets 'T' and 'Z' be lowercase.
      // The pattern is what `whk schema` shows; the refinement holds it to a real date and time (month 13 passes a pattern).
      firedAt: z
        .string()
        .regex(RFC3339, { message: RFC3339_EXPECTED })
        .refine(isDateTime, { message: `${RFC3339_EXPECTED}: no such date or time` }),
      firedAtMs: z.number().int(),
      integrationId: z.string(),
      source: z
        .object({
          id: z.string(),
          // Only the newer doc version lists source.name.
          name: z.string().optional(),
          type: z.enum(['FEATURE_FLAG', 'EXPERIMENT']),
          url: z.string(),
        })
        .loose(),
      data: z
        .object({
          alertType: z.enum(['ALERT_POLICY', 'SIGNIFICANCE']),
          baselineTreatment: z.string(),
          comparisonTreatment: z.string(),
          // Nullability of the statistics is undocumented: accept null.
          baselineValue: z.number().nullable(),
          comparisonValue: z.number().nullable(),
          absoluteImpact: z.number().nullable(),
          relativeImpact: z.number().nullable(),
          pValue: z.number().nullable(),
          direction: z.enum(['DESIRED', 'UNDESIRED']),
          targetingRule: z.string().nullable(),
          environment: idName,
          metric: z.object({ id: z.string(), name: z.string(), url: z.string() }).loose(),
          metricCategory: idName,
          alertPolicy: z
            .object({ name: z.string(), threshold: z.number(), thresholdType: z.enum(['ABSOLUTE', 'RELATIVE']) })
            .loose()
            .nullable(),
        })
        .loose(),
    })
    .loose()
    .superRefine((alert, ctx) => {
      if (alert.data.alertType === 'SIGNIFICANCE' && alert.data.alertPolicy !== null) {
        ctx.addIssue({ code: 'custom', path: ['data', 'alertPolicy'], message: 'must be null when alertType is SIGNIFICANCE' });
      }
      // Date.parse wants upper-case T and Z; the sender's text is upper-cased only when it needs it.
      const firedAt = Date.parse(/[tz]/.test(alert.firedAt) ? alert.firedAt.toUpperCase() : alert.firedAt);
      // No instant Date.parse can read (no date at all, or a leap second): nothing to compare.
      if (Number.isNaN(firedAt) || Math.abs(firedAt - alert.firedAtMs) < FIRED_AT_TOLERANCE_MS) return;
      // Apart by a second or more, unless firedAt is no date (its own issue above). Asked only now, as a
      // valid alert's firedAt was checked once already (by hand, the receiver's pipeline in process:
      // 1.27-1.30 times the floor's work with the check asked first, 1.20-1.22 with it here).
      if (isDateTime(alert.firedAt)) {
        ctx.addIssue({ code: 'custom', path: ['firedAtMs'], message: `must be within a second of firedAt in epoch ms (${firedAt})` });
      }
    });
});

export type MetricAlert = z.infer<Built<typeof metricAlertSchema>>;

const FLAGS = ['new_checkout_flow', 'onboarding_v2', 'search_ranking_ml', 'pricing_page_redesign', 'one_click_reorder'];
// Which way each metric degrades, and the absolute thresholds (in the metric's unit) a policy could set.
const METRICS = [
  { name: 'checkout_conversion_rate', base: 0.052, worse: 'down', absolute: [0.005, 0.01] },
  { name: 'page_load_p95_ms', base: 1840, worse: 'up', absolute: [100, 250] },
  { name: 'api_error_rate', base: 0.012, worse: 'up', absolute: [0.002, 0.005] },
  { name: 'revenue_per_user', base: 38.4, worse: 'down', absolute: [1, 2.5] },
  { name: 'session_duration_s', base: 312, worse: 'down', absolute: [15, 30] },
] as const;
type Metric = (typeof METRICS)[number];
// Relative thresholds as fractions, the unit relativeImpact is given in (see the doubts).
const RELATIVE_THRESHOLDS = [0.05, 0.1, 0.15];
const ENVIRONMENTS = ['Production', 'Staging', 'prod-eu', 'Prod-Default'];
// Significance (feature flag) alerts can be set up for production environments only (Harness FME
// "Feature flag alerts"): their samples name one that reads as such.
const PRODUCTION_ENVIRONMENTS = ENVIRONMENTS.filter((name) => name !== 'Staging');
const TREATMENTS: readonly (readonly [string, string])[] = [['off', 'on'], ['control', 'v2'], ['legacy', 'new']];
// Alerts compare treatments within a percentage-distribution rule; individual targets ("whitelisted")
// serve one treatment, so no alert names them (Harness FME docs: feature flag alerts, flag targeting).
const TARGETING_RULES = ['default rule', 'in segment beta_users'];
const APP = 'https://app.harness.io/ng/account/k3Xq9VwLR2uJc1mZp0aYtg/module/fme';

type AlertPolicy = NonNullable<MetricAlert['data']['alertPolicy']>;

/**
 * An alert policy fires on a degradation: the change goes the metric's bad way and is larger than
 * the policy's threshold, measured in the threshold's own type.
 */
function policyFor(random: Random, metric: Metric, baselineValue: number): { policy: AlertPolicy; relativeChange: number } {
  const thresholdType: AlertPolicy['thresholdType'] = random.chance(0.5) ? 'ABSOLUTE' : 'RELATIVE';
  const threshold = thresholdType === 'ABSOLUTE' ? random.pick(metric.absolute) : random.pick(RELATIVE_THRESHOLDS);
  const relativeThreshold = thresholdType === 'ABSOLUTE' ? threshold / baselineValue : threshold;
  const relativeChange = relativeThreshold * (1.2 + random.next() * 1.3) * (metric.worse === 'up' ? 1 : -1);
  const amount = thresholdType === 'ABSOLUTE' ? String(threshold) : `${round(threshold * 100, 2)}%`;
  return { policy: { name: `${metric.name} ${metric.worse === 'up' ? 'increases' : 'decreases'} by more than ${amount}`, threshold, thresholdType }, relativeChange };
}

function generate({ random, variant }: GenerateContext): MetricAlert {
  const firedAtMs = sampleInstant(random);
  const flag = random.pick(FLAGS);
  const metric = random.pick(METRICS);
  const [baselineTreatment, comparisonTreatment] = random.pick(TREATMENTS);
  const isExperiment = random.chance(0.3);
  const baselineValue = round(metric.base * (0.9 + random.next() * 0.2), 5);
  const significance = variant !== 'alert-policy';
  // Significance can be reached either way; an alert policy only fires on a degradation.
  const drawn = significance ? { policy: null, relativeChange: (random.chance(0.5) ? 1 : -1) * (0.02 + random.next() * 0.28) } : policyFor(random, metric, baselineValue);
  const comparisonValue = round(baselineValue * (1 + drawn.relativeChange), 5);
  const absoluteImpact = round(comparisonValue - baselineValue, 5);
  const worse = metric.worse === 'up' ? absoluteImpact > 0 : absoluteImpact < 0;
  const sourceId = random.uuid();
  const metricId = random.uuid();
  const keyMetric = random.chance(0.5);
  return {
    type: 'METRIC_ALERT',
    firedAt: new Date(firedAtMs).toISOString(),
    firedAtMs,
    integrationId: random.uuid(),
    source: {
      id: sourceId,
      name: flag,
      type: isExperiment ? 'EXPERIMENT' : 'FEATURE_FLAG',
      url: `${APP}/${isExperiment ? 'experiments' : 'feature-flags'}/${isExperiment ? sourceId : flag}`,
    },
    data: {
      alertType: significance ? 'SIGNIFICANCE' : 'ALERT_POLICY',
      baselineTreatment,
      comparisonTreatment,
      baselineValue,
      comparisonValue,
      absoluteImpact,
      relativeImpact: round(absoluteImpact / baselineValue, 5),
      pValue: round(random.next() * 0.049 + 0.0005, 4),
      direction: worse ? 'UNDESIRED' : 'DESIRED',
      targetingRule: variant === 'warehouse-native' ? null : random.pick(TARGETING_RULES),
      environment: { id: random.uuid(), name: random.pick(significance ? PRODUCTION_ENVIRONMENTS : ENVIRONMENTS) },
      metric: { id: metricId, name: metric.name, url: `${APP}/metrics/${metricId}` },
      // A copy: the caller owns its sample, and may edit it.
      metricCategory: significance ? { ...(keyMetric ? METRIC_CATEGORIES.KEY : METRIC_CATEGORIES.GUARDRAIL) } : { id: 'ALERT_POLICY', name: 'Alert policy' },
      alertPolicy: drawn.policy,
    },
  };
}

const METRIC_CATEGORIES = { KEY: { id: 'KEY', name: 'Key metrics' }, GUARDRAIL: { id: 'GUARDRAIL', name: 'Guardrail metrics' } } as const;

/** The alert types the webhook's setup offers to filter on, as the payload carries each. */
function alertTypeAssignments(value: string): string[] {
  const category = value === 'KEY_METRIC_SIGNIFICANCE' ? METRIC_CATEGORIES.KEY : value === 'GUARDRAIL_METRIC_SIGNIFICANCE' ? METRIC_CATEGORIES.GUARDRAIL : undefined;
  if (category) return ['data.alertType="SIGNIFICANCE"', `data.metricCategory.id="${category.id}"`, `data.metricCategory.name="${category.name}"`];
  return value === 'ALL' ? [] : [`data.alertType="${value}"`];
}

export const metricAlert = defineKind<MetricAlert>({
  id: 'metric-alert',
  title: 'Harness FME metric alert',
  bodyOrigin: 'sender-code',
  follows: 'Harness FME "Webhook for Metric Alerts" doc, newest version (source.name present; older payloads without it also validate)',
  variants: [
    { id: 'alert-policy', description: 'a metric degraded past an alert policy\'s threshold (direction UNDESIRED, alertPolicy set)' },
    { id: 'significance', description: 'a key or guardrail metric reached significance (alertPolicy null)' },
    { id: 'warehouse-native', description: 'significance in a Warehouse Native project (targetingRule null)' },
  ],
  schema: metricAlertSchema,
  claims: { keys: ['type'] },
  looksLike: (payload) => isRecord(payload) && payload['type'] === 'METRIC_ALERT',
  generate,
  // Harness FME lets a metric alert webhook filter by environment and alert type; these make the
  // sample an alert that passes such a filter.
  sampleFilters: [
    { name: 'environment', description: 'the environment the alert fires in', set: (value) => [`data.environment.name=${JSON.stringify(value)}`] },
    {
      name: 'alertType',
      description: 'the alert type, as the webhook setup filters it: ALERT_POLICY (metric alert policies), KEY_METRIC_SIGNIFICANCE, GUARDRAIL_METRIC_SIGNIFICANCE, SIGNIFICANCE (either) or ALL',
      choices: {
        ALERT_POLICY: ['alert-policy'],
        KEY_METRIC_SIGNIFICANCE: ['significance', 'warehouse-native'],
        GUARDRAIL_METRIC_SIGNIFICANCE: ['significance', 'warehouse-native'],
        SIGNIFICANCE: ['significance', 'warehouse-native'],
        ALL: ['alert-policy', 'significance', 'warehouse-native'],
      },
      set: alertTypeAssignments,
    },
  ],
  delivery: {
    ...FME_DELIVERY,
    provenance: {
      documented: ['POST with a JSON body', FME_DOCUMENTED_RETRY],
      ours: [
        'Content-Type: application/json (the doc says only "a JSON payload")',
        'no gzip: the metric-alert doc names none (the gzip of the impressions doc is for impressions)',
        FME_RETRY_WITHOUT_ANSWER,
        '10 s timeout per attempt',
        'User-Agent: whk (the doc names none)',
      ],
    },
  },
  doubts: [
    'No real captured payload is published; sample values are illustrative.',
    'Whether relativeImpact and RELATIVE thresholds are fractions or percentages is undocumented; samples give both as fractions (0.1 = 10%).',
    'Whether a threshold is signed or a magnitude is undocumented; alert-policy samples use a positive magnitude and a change past it in the metric\'s bad direction (direction UNDESIRED), since a policy fires on a degradation.',
    'firedAt and firedAtMs both say when the alert fired, but the doc does not say they agree to the millisecond: whk accepts them within one second of each other and reports a larger gap as an error.',
    'The content of "Send Test Message" is undocumented and may not match this schema.',
    'The metricCategory id for guardrail significance is undocumented; samples use GUARDRAIL.',
  ],
});
