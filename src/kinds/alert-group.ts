// The frame Alertmanager's webhook payload set and Grafana Alerting copied: a group of alerts with
// common labels, the group's status following its alerts'. Shared by both kinds' schemas and samples.
import type { z } from 'zod';
import type { TemplateSpec } from '../mapping/spec.js';
import type { Random } from '../util/prng.js';
import type { AlertTemplate } from './alert-catalog.js';
import { GO_ZERO_TIME, goTime } from './go-format.js';
import { alertMapping } from './alert-mapping.js';
import { lazySchema } from '../util/zod.js';

/** The schemas both kinds build on, built on first use (util/zod.ts). */
export const alertGroupParts = lazySchema((z) => {
  const stringMap = z.record(z.string(), z.string());
  const groupStatus = z.enum(['firing', 'resolved']);
  const instant = z.iso.datetime({ offset: true });

  /** The fields of one alert both senders send. */
  const alertFields = {
    status: groupStatus,
    labels: stringMap,
    annotations: stringMap,
    startsAt: instant,
    // Go's zero time (0001-01-01T00:00:00Z) while the alert has not ended.
    endsAt: instant,
  };

  /** The fields of the group both senders send (version, truncatedAlerts and alerts differ in strictness). */
  const groupFields = {
    receiver: z.string(),
    status: groupStatus,
    groupLabels: stringMap,
    commonLabels: stringMap,
    commonAnnotations: stringMap,
    externalURL: z.string(),
    groupKey: z.string(),
  };

  return { stringMap, alertFields, groupFields };
});

/** The group is firing while any of its alerts fires, resolved once all have resolved. */
export function checkGroupStatus(payload: { status: string; alerts: readonly { status: string }[] }, ctx: z.RefinementCtx): void {
  const anyFiring = payload.alerts.some((alert) => alert.status === 'firing');
  if (payload.status === 'resolved' && anyFiring) ctx.addIssue({ code: 'custom', path: ['status'], message: 'is resolved but an alert is still firing' });
  if (payload.status === 'firing' && !anyFiring) ctx.addIssue({ code: 'custom', path: ['status'], message: 'is firing but every alert is resolved' });
}

export const statusOf = (resolved: boolean) => (resolved ? ('resolved' as const) : ('firing' as const));

/** An alert's annotations as both senders' rule templates fill them. */
export function annotationsOf(template: AlertTemplate, instance: string, value: string) {
  return {
    description: template.description(instance, value),
    runbook_url: `https://runbooks.example.com/alerts/${template.alertname.toLowerCase()}`,
    summary: template.summary(instance),
  };
}

/**
 * startsAt and endsAt in Go's format (endsAt the zero time while firing), `nanos` below the millisecond:
 * both are times of the rule's evaluations, which share them. A resolved alert ends whole minutes later.
 */
export function alertTimes(random: Random, startedAt: number, resolved: boolean, nanos = 0) {
  const startsAt = goTime(startedAt, nanos);
  const endsAt = resolved ? goTime(startedAt + random.int(5, 55) * 60_000, nanos) : GO_ZERO_TIME;
  return { startsAt, endsAt };
}

/** The default mapping of an alert group; the two senders differ in where service and description live. */
export function alertGroupMapping(paths: { service: string; description: string }): TemplateSpec {
  return alertMapping({
    title: 'alerts[0].labels.alertname',
    severity: { path: 'commonLabels.severity', default: 'unknown' },
    status: 'status',
    service: paths.service,
    description: paths.description,
    link: 'alerts[0].generatorURL',
    timestamp: 'alerts[0].startsAt',
  });
}
