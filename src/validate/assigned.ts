// A payload changed by `set` assignments must still be a payload of its kind: whk promises schema-
// correct samples, so an assignment the schema refuses is an error naming the first issue.
import { CheckFailedError, fieldRef } from '../errors.js';
import { applyKindAssignments, checkStreamAssignments, generateSample } from '../kinds/sample.js';
import { senderChoice } from '../kinds/sender-version.js';
import type { Kind } from '../kinds/types.js';
import { formatPath, parseAssignment, setPath } from '../util/json-path.js';
import { counted } from '../util/units.js';
import { validateAgainst, type ValidationResult } from './against.js';

/** `set`: the assignments that made the payload, to say how one of them was read where the schema refuses it. */
export function checkAssigned(kind: Kind, payload: unknown, event?: string, set: readonly string[] = []): void {
  const result = validateAgainst(kind, payload, 'given', event);
  if (result.valid || result.issues.length === 0) return;
  const readAsJson = scalarReadAsJson(kind, payload, event, set, result.issues[0]?.path);
  const problem = `${firstIssue(result)}${readAsJson ? ` (${readAsJson.got})` : ''}`;
  throw new CheckFailedError(`${fieldRef('set')} makes an invalid ${kind.id} payload: ${problem}`, readAsJson?.hint ?? `change the value, or add ${fieldRef('validate')} to use it anyway`);
}

/**
 * The assignment at the refused path whose value was read as JSON into a number, boolean or null
 * (event_severity=3 sets the number 3): said, as the user typed text and the schema may list "3";
 * when the text as a string passes there, the hint says how to give it so (in JSON quotes).
 */
function scalarReadAsJson(kind: Kind, payload: unknown, event: string | undefined, set: readonly string[], refused: string | undefined): { got: string; hint: string | undefined } | undefined {
  // A batch's field set in every record is refused at a record's index ($[0].treatment for treatment=5).
  const inRecord = kind.delivery.batching !== null && refused !== undefined ? refused.replace(/^\$\[\d+\]/, '$') : undefined;
  const raw = set.findLast((entry) => [refused, inRecord].includes(formatPath(parseAssignment(entry).path)));
  if (raw === undefined) return undefined;
  const { value } = parseAssignment(raw);
  if (value !== null && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
  const text = raw.slice(raw.indexOf('=') + 1);
  const got = `${fieldRef('set')} reads its value as JSON, and ${text} is ${value === null ? "JSON's null" : `a ${typeof value}`}`;
  const asString = validateAgainst(kind, applyKindAssignments(kind, structuredClone(payload), [`${raw.slice(0, raw.indexOf('='))}=${JSON.stringify(text)}`]), 'given', event);
  const passes = asString.valid || !asString.issues.some((issue) => issue.path === refused);
  return { got, hint: passes ? `for the string, give it in JSON quotes: ${fieldRef('set')} '${raw.slice(0, raw.indexOf('='))}="${text}"'` : undefined };
}

/** What the schema refuses in a payload `set` changed (its first issue), or undefined: for a prompt that asks again. */
export function assignedProblem(kind: Kind, payload: unknown, event?: string): string | undefined {
  const result = validateAgainst(kind, payload, 'given', event);
  return result.valid || result.issues.length === 0 ? undefined : firstIssue(result);
}

/** An invalid verdict's first issue, and how many more there are, for a one-line error. */
export function firstIssue(result: Pick<ValidationResult, 'issues'>): string {
  const [issue] = result.issues;
  // The issues' count said as such: '(and 1 more)' after a list of choices read as one more choice.
  const more = result.issues.length > 1 ? ` (and ${counted(result.issues.length - 1, 'more issue', 'more issues')})` : '';
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
 * The others differ by seed only, so a large count is checked once. A batch kind's `set` of a field
 * goes in every record (applyKindAssignments); a stream sets each event before batches form, so it
 * takes no batch index (delivery/stream.ts).
 */
export function firstAssignedPayload(kind: Kind, request: FirstPayloadRequest, given: { payload: unknown } | undefined, stream: boolean): unknown {
  const set = request.set ?? [];
  if (stream) checkStreamAssignments(kind, set);
  if (given) return applyKindAssignments(kind, structuredClone(given.payload), set);
  // The variant the plan sends (delivery/plan.ts): an older sender release sends its own shape.
  const variant = request.variant ?? senderChoice(kind, request.senderVersion).variant;
  return generateSample(kind, { seed: request.seed ?? 0, variant, event: request.event, count: request.count, set });
}
