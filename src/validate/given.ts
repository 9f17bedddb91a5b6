// A payload the user gives to send (--data, the API's payload or body) is judged before it goes as
// `whk validate` judges it: by the kind's schema, and not JSON when whk read past stray commas
// (util/json.ts) that the kind's sender never writes.
import type { Kind } from '../kinds/types.js';
import { validateAgainst, type ValidationResult } from './against.js';
import { withStrayCommaIssues, type CommaRepair } from './stray-commas.js';

/** `event`: the event it is sent as (its event header), whose schema it is held to; absent, the kind's. */
export function givenVerdict(kind: Kind, payload: unknown, repairs: readonly CommaRepair[] = [], event?: string): ValidationResult {
  return withStrayCommaIssues(validateAgainst(kind, payload, 'given', event), kind, repairs);
}
