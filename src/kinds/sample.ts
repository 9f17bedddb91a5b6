// One entry point for samples: a kind's generator plus --set overrides.
import { applyAssignments } from '../util/json-path.js';
import type { Kind } from './types.js';

export interface SampleRequest {
  seed: number;
  variant?: string | undefined;
  count?: number | undefined;
  set?: readonly string[] | undefined;
}

export function generateSample(kind: Kind, request: SampleRequest): unknown {
  const payload = kind.sample({ seed: request.seed, variant: request.variant, count: request.count });
  return request.set && request.set.length > 0 ? applyAssignments(payload, request.set) : payload;
}
