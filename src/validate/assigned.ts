// A payload changed by `set` assignments must still be a payload of its kind: whk promises schema-
// correct samples, so an assignment the schema refuses is an error naming the first issue.
import { CheckFailedError, fieldRef } from '../errors.js';
import { generateSample } from '../kinds/sample.js';
import { senderChoice } from '../kinds/sender-version.js';
import type { Kind } from '../kinds/types.js';
import { applyAssignments } from '../util/json-path.js';
import { validateAgainst, type ValidationResult } from './against.js';

export function checkAssigned(kind: Kind, payload: unknown, event?: string): void {
  const problem = assignedProblem(kind, payload, event);
  if (problem === undefined) return;
  throw new CheckFailedError(`${fieldRef('set')} makes an invalid ${kind.id} payload: ${problem}`, `change the value, or add ${fieldRef('validate')} to use it anyway`);
}

/** What the schema refuses in a payload `set` changed (its first issue), or undefined: for a prompt that asks again. */
export function assignedProblem(kind: Kind, payload: unknown, event?: string): string | undefined {
  const result = validateAgainst(kind, payload, 'given', event);
  return result.valid || result.issues.length === 0 ? undefined : firstIssue(result);
}

/** An invalid verdict's first issue, and how many more there are, for a one-line error. */
export function firstIssue(result: Pick<ValidationResult, 'issues'>): string {
  const [issue] = result.issues;
  const more = result.issues.length > 1 ? ` (and ${result.issues.length - 1} more)` : '';
  return `${issue?.path ?? '$'}: ${issue?.message ?? 'invalid'}${more}`;
}

/** What makes a send's first payload (its SendRequest's fields). */
export interface FirstPayloadRequest {
  seed?: number | undefined;
  variant?: string | undefined;
  event?: string | undefined;
  count?: number | undefined;
  set?: readonly string[] | undefined;
  /** The sender release to behave as: its own payload shape (HertzBeat's) when no variant is given. */
  senderVersion?: string | undefined;
}

/**
 * The first payload of a send as `set` leaves it: the user's own (`given`), or the first generated.
 * The others differ by seed only, so a large count is checked once. A stream of a batch kind applies
 * `set` to each event of a batch, not to the batch (delivery/stream.ts).
 */
export function firstAssignedPayload(kind: Kind, request: FirstPayloadRequest, given: { payload: unknown } | undefined, stream: boolean): unknown {
  const set = request.set ?? [];
  if (given) return applyAssignments(structuredClone(given.payload), set);
  // The variant the plan sends (delivery/plan.ts): an older sender release sends its own shape.
  const variant = request.variant ?? senderChoice(kind, request.senderVersion).variant;
  const sample = { seed: request.seed ?? 0, variant, event: request.event, count: request.count };
  if (stream && kind.delivery.batching) return (generateSample(kind, sample) as unknown[]).map((event) => applyAssignments(event, set));
  return generateSample(kind, { ...sample, set });
}
