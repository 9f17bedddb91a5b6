// Harness FME kinds against their seed docs: alert policies fire on degradations, firedAt as RFC 3339
// allows it, the setup's alert-type filters, the labels and versions SDKs emit, the gzip hosts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { impressions, type Impression } from '../../src/kinds/impressions.js';
import { metricAlert, type MetricAlert } from '../../src/kinds/metric-alert.js';
import { validatePayload } from '../../src/validate/payload.js';

const seeds = Array.from({ length: 300 }, (_, i) => i + 1);
const WORSE_UP = new Set(['page_load_p95_ms', 'api_error_rate']);

describe('metric-alert alert-policy samples describe a degradation', () => {
  const samples = seeds.map((seed) => metricAlert.sample({ seed, variant: 'alert-policy' }));

  it('are UNDESIRED, past the threshold in its own type, with the sign the metric degrades by', () => {
    for (const { data } of samples) {
      const policy = data.alertPolicy as NonNullable<MetricAlert['data']['alertPolicy']>;
      expect(data.direction).toBe('UNDESIRED');
      const impact = policy.thresholdType === 'ABSOLUTE' ? (data.absoluteImpact as number) : (data.relativeImpact as number);
      expect(Math.abs(impact)).toBeGreaterThan(policy.threshold);
      expect(Math.sign(data.absoluteImpact as number)).toBe(WORSE_UP.has(data.metric.name) ? 1 : -1);
      expect(Math.sign(data.relativeImpact as number)).toBe(Math.sign(data.absoluteImpact as number));
    }
  });

  it('use both threshold types', () => {
    expect(new Set(samples.map((s) => s.data.alertPolicy?.thresholdType))).toEqual(new Set(['ABSOLUTE', 'RELATIVE']));
  });

  it('significance samples keep both directions, each fitting the metric', () => {
    const significance = seeds.map((seed) => metricAlert.sample({ seed, variant: 'significance' }).data);
    expect(new Set(significance.map((d) => d.direction))).toEqual(new Set(['DESIRED', 'UNDESIRED']));
    for (const data of significance) {
      const worse = WORSE_UP.has(data.metric.name) ? (data.absoluteImpact as number) > 0 : (data.absoluteImpact as number) < 0;
      expect(data.direction).toBe(worse ? 'UNDESIRED' : 'DESIRED');
    }
  });
});

describe('metric-alert targetingRule', () => {
  it('is never an individual-target rule ("whitelisted"): one treatment there, nothing to compare', () => {
    const rules = seeds.flatMap((seed) => ['alert-policy', 'significance'].map((variant) => metricAlert.sample({ seed, variant }).data.targetingRule));
    expect(rules).not.toContain('whitelisted');
    expect(new Set(rules).size).toBeGreaterThan(1);
  });
});

describe('metric-alert environment', () => {
  it('is a production one for significance alerts, which Harness FME sets up for production environments only', () => {
    const names = (variant: string) => seeds.map((seed) => metricAlert.sample({ seed, variant }).data.environment.name);
    for (const variant of ['significance', 'warehouse-native']) expect(names(variant)).not.toContain('Staging');
    // Alert policies are not so bound: their samples still name any environment.
    expect(names('alert-policy')).toContain('Staging');
  });
});

describe('metric-alert firedAt', () => {
  const alert = metricAlert.sample({ seed: 3 });
  const issues = (payload: unknown): string[] => validatePayload(payload, { kind: 'metric-alert' }).issues.map((i) => `${i.path} ${i.message}`);

  it('accepts lowercase t and z (RFC 3339 section 5.6)', () => {
    expect(issues({ ...alert, firedAt: alert.firedAt.replace('T', 't').replace('Z', 'z') })).toEqual([]);
  });

  it('accepts firedAtMs within one second of firedAt either way (a gap under 1000 ms), and reports a larger gap', () => {
    expect(issues({ ...alert, firedAtMs: alert.firedAtMs + 999 })).toEqual([]);
    expect(issues({ ...alert, firedAtMs: alert.firedAtMs - 999 })).toEqual([]);
    expect(issues({ ...alert, firedAtMs: alert.firedAtMs + 1000 }).join('\n')).toMatch(/firedAtMs.*within a second of firedAt/);
  });

  it('the README\'s metric-alert section says the same tolerance everywhere: one second either way, never "the same second"', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### `metric-alert`'), readme.indexOf('\n### ', readme.indexOf('### `metric-alert`') + 1));
    expect(section).not.toMatch(/same second/);
    const mentions = section.replace(/\s+/g, ' ').match(/`firedAtMs` \([^)]*\)|`firedAtMs` is accepted[^;]*/g) ?? [];
    expect(mentions).toHaveLength(2);
    for (const mention of mentions) expect(mention).toMatch(/within one second of (it|`firedAt`), either way/);
  });

  it('still refuses a date that is not RFC 3339', () => {
    expect(issues({ ...alert, firedAt: '2026-03-04 10:15:30' }).join('\n')).toMatch(/firedAt.*RFC 3339/);
  });

  it('refuses a date or time that does not exist, blaming firedAt (not firedAtMs); takes a leap second', () => {
    for (const firedAt of ['2026-13-45T99:99:99Z', '2026-02-30T10:00:00Z', '2025-02-29T10:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T10:00:60Z']) {
      const firedAtMs = Date.parse(firedAt);
      expect(issues({ ...alert, firedAt, firedAtMs: Number.isNaN(firedAtMs) ? alert.firedAtMs : firedAtMs })).toEqual(['$.firedAt expected an RFC 3339 date-time, e.g. 2026-03-04T10:15:30.123Z: no such date or time']);
    }
    // Dates Date.parse reads though they do not exist (February 30 is March 2 to it), a second or more
    // from firedAtMs: still only firedAt is blamed.
    for (const firedAt of ['2026-02-30T10:00:00Z', '2025-02-29T10:00:00Z', '2026-01-01T24:00:00Z']) {
      expect(issues({ ...alert, firedAt, firedAtMs: Date.parse(firedAt) + 5_000 })).toEqual(['$.firedAt expected an RFC 3339 date-time, e.g. 2026-03-04T10:15:30.123Z: no such date or time']);
    }
    expect(issues({ ...alert, firedAt: '2024-02-29T10:00:00Z', firedAtMs: Date.parse('2024-02-29T10:00:00Z') })).toEqual([]);
    expect(issues({ ...alert, firedAt: '2016-12-31T23:59:60Z', firedAtMs: Date.parse('2017-01-01T00:00:00Z') })).toEqual([]);
  });

  it('says the tolerance in the kind\'s doubts', () => {
    expect(metricAlert.doubts.join('\n')).toMatch(/firedAtMs.*within one second/);
  });
});

describe('metric-alert --alert-type covers every filter of the webhook setup', () => {
  const filter = metricAlert.sampleFilters?.find((f) => f.name === 'alertType');

  it('lists metric alert policies, key and guardrail significance separately, and all', () => {
    expect(Object.keys(filter?.choices ?? {})).toEqual(['ALERT_POLICY', 'KEY_METRIC_SIGNIFICANCE', 'GUARDRAIL_METRIC_SIGNIFICANCE', 'SIGNIFICANCE', 'ALL']);
    expect(filter?.set('KEY_METRIC_SIGNIFICANCE')).toContain('data.metricCategory.id="KEY"');
    expect(filter?.set('GUARDRAIL_METRIC_SIGNIFICANCE')).toContain('data.metricCategory.id="GUARDRAIL"');
    expect(filter?.set('ALL')).toEqual([]);
  });
});

describe('impressions samples', () => {
  const batches = seeds.slice(0, 100).map((seed) => impressions.sample({ seed, count: 20 }));
  const issues = (batch: unknown): string[] => validatePayload(batch, { kind: 'impressions' }).issues.map((i) => `${i.path} ${i.message}`);

  it('use only the labels a ready SDK emits in normal operation', () => {
    const labels = new Set(batches.flat().map((i) => i.label));
    expect(labels.has('definition not found')).toBe(false);
    for (const label of labels) expect(['default rule', 'in segment all', 'in segment beta_users', 'whitelisted', 'killed', 'not in split']).toContain(label);
  });

  it('accept splitVersionNumber null, 0 or absent (an evaluation with no known version), and still refuse seconds', () => {
    const [first] = batches[0] as Impression[];
    const { splitVersionNumber: _dropped, ...absent } = first as Impression;
    expect(issues([{ ...first, label: 'not ready', splitVersionNumber: null }])).toEqual([]);
    expect(issues([{ ...first, label: 'not ready', splitVersionNumber: 0 }])).toEqual([]);
    expect(issues([absent])).toEqual([]);
    expect(issues([{ ...first, splitVersionNumber: 1767139200 }]).join('\n')).toMatch(/splitVersionNumber/);
  });

  it('call a negative time or change number negative, not seconds', () => {
    const [first] = batches[0] as Impression[];
    const negative = 'expected epoch milliseconds, got a negative time';
    expect(issues([{ ...first, time: -5 }])).toEqual([`$[0].time ${negative}`]);
    expect(issues([{ ...first, time: -1772487635575 }])).toEqual([`$[0].time ${negative}`]);
    expect(issues([{ ...first, splitVersionNumber: -1 }])).toEqual([`$[0].splitVersionNumber ${negative}`]);
    expect(issues([{ ...first, time: 5 }])).toEqual(['$[0].time expected epoch milliseconds (this looks like seconds)']);
  });
});

describe('impressions with-properties samples', () => {
  // The first release of each SDK that attaches impression properties (its CHANGES.txt); Go has none.
  const SINCE: Record<string, string> = { java: '4.15.0', nodejs: '11.2.0', javascript: '11.2.0', '.NET_CORE': '7.12.0', python: '10.4.0', ruby: '8.7.0' };
  const atLeast = (version: string, since: string): boolean => {
    const [a, b] = [version, since].map((v) => v.split('.').map(Number)) as [number[], number[]];
    const i = a.findIndex((part, n) => part !== b[n]);
    return i === -1 || (a[i] as number) > (b[i] as number);
  };

  it('come only from SDK releases that send impression properties', () => {
    const batch = seeds.slice(0, 100).flatMap((seed) => impressions.sample({ seed, variant: 'with-properties', count: 10 }));
    for (const { sdk, sdkVersion } of batch) {
      expect(SINCE[sdk], sdk).toBeDefined();
      expect(atLeast(sdkVersion, SINCE[sdk] as string), `${sdk} ${sdkVersion}`).toBe(true);
    }
  });
});

describe('impressions gzip hosts', () => {
  const rule = impressions.delivery.gzip;

  it('are data in the kind\'s gzip rule, and the exact list is labelled as whk\'s reading', () => {
    expect(rule).toEqual({ unlessHosts: ['hooks.slack.com', 'hooks.slack-gov.com', 'webhooks.fivetran.com'] });
    expect(impressions.delivery.provenance.ours.join('\n')).toContain("hooks.slack.com, hooks.slack-gov.com, webhooks.fivetran.com (no subdomains): whk's reading");
  });
});
