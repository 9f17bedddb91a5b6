// The registry of kinds: list them, get one by id, and detect the kind of a payload.
import { unknownKindError } from './ids.js';
import { alertmanager } from './alertmanager.js';
import { cloudwatch } from './cloudwatch.js';
import { datadog } from './datadog.js';
import { grafana } from './grafana.js';
import { hertzbeatAlarm } from './hertzbeat-alarm.js';
import { impressions } from './impressions.js';
import { metaplaneIncident } from './metaplane-incident.js';
import { metricAlert } from './metric-alert.js';
import { pagerduty } from './pagerduty.js';
import { sentry } from './sentry.js';
import type { Kind } from './types.js';

/** The monitoring and incident tools whose webhooks inbound integrations receive (issue 9). */
const SOURCE_KINDS = [alertmanager, grafana, pagerduty, datadog, sentry, cloudwatch] as Kind[];

export const KINDS: readonly Kind[] = [metricAlert as Kind, impressions as Kind, metaplaneIncident as Kind, hertzbeatAlarm as Kind, ...SOURCE_KINDS];

export function listKinds(): readonly Kind[] {
  return KINDS;
}

export function findKind(id: string): Kind | undefined {
  return KINDS.find((kind) => kind.id === id);
}

/** The kind with this id, or a usage error naming the known kinds. */
export function getKind(id: string): Kind {
  const kind = findKind(id);
  if (!kind) throw unknownKindError(id);
  return kind;
}

export type Detection =
  | { status: 'detected'; kind: Kind }
  | { status: 'unknown'; message: string }
  | { status: 'ambiguous'; candidates: Kind[]; message: string };

/**
 * Which kind is this payload? A cheap shape test first; when several kinds claim it, the ones
 * whose schema accepts it win. Nothing claiming it is 'unknown'; a tie is 'ambiguous'.
 */
export function detectKind(payload: unknown, kinds: readonly Kind[] = KINDS): Detection {
  const candidates = kinds.filter((kind) => kind.looksLike(payload));
  if (candidates.length === 1) return { status: 'detected', kind: candidates[0] as Kind };
  if (candidates.length === 0) {
    return { status: 'unknown', message: `not a known kind (${describeShape(payload)}); pass \`kind\` to validate it as one of: ${kinds.map((k) => k.id).join(', ')}` };
  }
  const valid = candidates.filter((kind) => kind.schema.safeParse(payload).success);
  if (valid.length === 1) return { status: 'detected', kind: valid[0] as Kind };
  const names = candidates.map((k) => k.id).join(', ');
  return { status: 'ambiguous', candidates, message: `ambiguous payload: it could be ${names}; pass \`kind\` to choose` };
}

function describeShape(payload: unknown): string {
  if (Array.isArray(payload)) return `an array of ${payload.length}`;
  if (payload === null) return 'null';
  if (typeof payload === 'object') {
    const keys = Object.keys(payload).slice(0, 5);
    return keys.length ? `an object with ${keys.join(', ')}${Object.keys(payload).length > 5 ? ', ...' : ''}` : 'an empty object';
  }
  return `a ${typeof payload}`;
}
