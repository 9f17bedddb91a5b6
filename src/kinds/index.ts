// The registry of kinds: list them, get one by id, and detect the kind of a request or a payload.
import { detectKind as detectPayload, detectRequest as detectInRequest, type Detection, type RequestHeaders } from './detect.js';
import { unknownKindError } from './ids.js';
import { alertmanager } from './alertmanager.js';
import { bitbucket } from './bitbucket.js';
import { cloudwatch } from './cloudwatch.js';
import { datadog } from './datadog.js';
import { github } from './github.js';
import { gitlab } from './gitlab.js';
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

/** The catalogue's senders (issue 14); their requests name their events. */
const CATALOGUE_KINDS = [github, gitlab, bitbucket] as Kind[];

export const KINDS: readonly Kind[] = [metricAlert as Kind, impressions as Kind, metaplaneIncident as Kind, hertzbeatAlarm as Kind, ...SOURCE_KINDS, ...CATALOGUE_KINDS];

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

export type { Detection, RequestHeaders } from './detect.js';

/** Which kind is this payload (a file's line, a body without its request)? See detect.ts. */
export function detectKind(payload: unknown, kinds: readonly Kind[] = KINDS): Detection {
  return detectPayload(payload, kinds);
}

/** Which kind and event is this request: its event header first, then its body. See detect.ts. */
export function detectRequest(request: { headers: RequestHeaders; body: unknown }, kinds: readonly Kind[] = KINDS): Detection {
  return detectInRequest(request, kinds);
}
