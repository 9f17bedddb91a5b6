// A sample changed by `set` assignments must still be a payload of its kind: whk promises schema-
// correct samples, so an assignment the schema refuses is an error naming the first issue.
import { CheckFailedError, fieldRef } from '../errors.js';
import type { Kind } from '../kinds/types.js';
import { validateAgainst } from './against.js';

export function checkAssigned(kind: Kind, payload: unknown, event?: string): void {
  const result = validateAgainst(kind, payload, 'given', event);
  const issue = result.issues[0];
  if (result.valid || !issue) return;
  const more = result.issues.length > 1 ? ` (and ${result.issues.length - 1} more)` : '';
  throw new CheckFailedError(`${fieldRef('set')} makes an invalid ${kind.id} payload: ${issue.path}: ${issue.message}${more}`, `change the value, or add ${fieldRef('validate')} to use it anyway`);
}
