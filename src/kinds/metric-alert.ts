// Harness FME (formerly Split) metric alert webhook: one JSON object per alert.
import { z } from 'zod';
import { round, sampleInstant } from './common.js';
import { FME_DELIVERY, FME_DOCUMENTED_RETRY } from './harness-fme.js';
import { isRecord } from '../util/json.js';
import { defineKind, type GenerateContext } from './define.js';

const idName = z.object({ id: z.string(), name: z.string() }).loose();

export const metricAlertSchema = z
  .object({
    type: z.literal('METRIC_ALERT'),
    firedAt: z.iso.datetime({ offset: true }),
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
    if (Date.parse(alert.firedAt) !== alert.firedAtMs) {
      ctx.addIssue({ code: 'custom', path: ['firedAtMs'], message: `must equal firedAt in epoch ms (${Date.parse(alert.firedAt)})` });
    }
  });

export type MetricAlert = z.infer<typeof metricAlertSchema>;

const FLAGS = ['new_checkout_flow', 'onboarding_v2', 'search_ranking_ml', 'pricing_page_redesign', 'one_click_reorder'];
const METRICS = [
  { name: 'checkout_conversion_rate', base: 0.052 },
  { name: 'page_load_p95_ms', base: 1840 },
  { name: 'api_error_rate', base: 0.012 },
  { name: 'revenue_per_user', base: 38.4 },
  { name: 'session_duration_s', base: 312 },
];
const ENVIRONMENTS = ['Production', 'Staging', 'prod-eu', 'Prod-Default'];
const TREATMENTS: readonly (readonly [string, string])[] = [['off', 'on'], ['control', 'v2'], ['legacy', 'new']];
const APP = 'https://app.harness.io/ng/account/k3Xq9VwLR2uJc1mZp0aYtg/module/fme';

function generate({ random, variant }: GenerateContext): MetricAlert {
  const firedAtMs = sampleInstant(random);
  const flag = random.pick(FLAGS);
  const metric = random.pick(METRICS);
  const [baselineTreatment, comparisonTreatment] = random.pick(TREATMENTS);
  const isExperiment = random.chance(0.3);
  const baselineValue = round(metric.base * (0.9 + random.next() * 0.2), 4);
  const relativeImpact = round((random.next() - 0.65) * 0.4, 3);
  const comparisonValue = round(baselineValue * (1 + relativeImpact), 4);
  const sourceId = random.uuid();
  const metricId = random.uuid();
  const significance = variant !== 'alert-policy';
  const keyMetric = random.chance(0.5);
  const threshold = random.pick([5, 10, 15]);
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
      absoluteImpact: round(comparisonValue - baselineValue, 4),
      relativeImpact,
      pValue: round(random.next() * 0.049 + 0.0005, 4),
      direction: relativeImpact < 0 ? 'UNDESIRED' : 'DESIRED',
      targetingRule: variant === 'warehouse-native' ? null : random.pick(['default rule', 'in segment beta_users', 'whitelisted']),
      environment: { id: random.uuid(), name: random.pick(ENVIRONMENTS) },
      metric: { id: metricId, name: metric.name, url: `${APP}/metrics/${metricId}` },
      metricCategory: significance
        ? keyMetric
          ? { id: 'KEY', name: 'Key metrics' }
          : { id: 'GUARDRAIL', name: 'Guardrail metrics' }
        : { id: 'ALERT_POLICY', name: 'Alert policy' },
      alertPolicy: significance
        ? null
        : {
            name: `${metric.name} changed by more than ${threshold}%`,
            threshold,
            thresholdType: 'RELATIVE',
          },
    },
  };
}

export const metricAlert = defineKind<MetricAlert>({
  id: 'metric-alert',
  title: 'Harness FME metric alert',
  follows: 'Harness FME "Webhook for Metric Alerts" doc, newest version (source.name present; older payloads without it also validate)',
  variants: [
    { id: 'alert-policy', description: 'an alert policy threshold was crossed (alertPolicy set)' },
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
      description: 'the alert type: ALERT_POLICY or SIGNIFICANCE',
      choices: { ALERT_POLICY: ['alert-policy'], SIGNIFICANCE: ['significance', 'warehouse-native'] },
      set: (value) => [`data.alertType="${value}"`],
    },
  ],
  delivery: {
    ...FME_DELIVERY,
    provenance: {
      documented: ['POST with a JSON body', FME_DOCUMENTED_RETRY],
      ours: ['Content-Type: application/json (the doc says only "a JSON payload")', '10 s timeout per attempt'],
    },
  },
  doubts: [
    'No real captured payload is published; sample values are illustrative.',
    'Whether relativeImpact and RELATIVE thresholds are fractions or percentages is undocumented.',
    'The content of "Send Test Message" is undocumented and may not match this schema.',
    'The metricCategory id for guardrail significance is undocumented; samples use GUARDRAIL.',
  ],
});
