// One entry point for samples: a kind's generator (for its event, when it has events) plus --set overrides.
import { applyAssignments } from '../util/json-path.js';
import { pickEvent } from './common.js';
import type { Kind } from './types.js';

export interface SampleRequest {
  seed: number;
  variant?: string | undefined;
  count?: number | undefined;
  set?: readonly string[] | undefined;
  /** For kinds with events: which event (default: the kind's default event). */
  event?: string | undefined;
}

export function generateSample(kind: Kind, request: SampleRequest): unknown {
  // A kind without events takes none: naming one is a usage error, not something silently dropped.
  if (request.event !== undefined) pickEvent(kind, request.event);
  const payload = kind.sample({ seed: request.seed, variant: request.variant, count: request.count, ...(request.event === undefined ? {} : { event: request.event }) });
  return request.set && request.set.length > 0 ? applyAssignments(payload, request.set) : payload;
}
