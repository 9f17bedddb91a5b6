// A body whk read past stray commas in (util/json.ts repairs them) is not JSON: a receiver's JSON
// parser refuses it. It stays valid only for a kind whose sender is known to send such commas
// (HertzBeat's template); for any other kind, or none, it is an issue, so validate, listen, send
// --data and check never pass a body the receiver would refuse, nor count it unknown as if it parsed.
import type { Kind } from '../kinds/types.js';
import type { Issue } from './issues.js';

/** One repaired comma: its line and what it was ("a trailing comma before '}'"). */
export interface CommaRepair {
  line: number;
  what: string;
}

export function strayCommaIssues(kind: Kind | undefined, repairs: readonly CommaRepair[]): Issue[] {
  const first = repairs[0];
  if (first === undefined || kind?.sendsStrayCommas === true) return [];
  const more = repairs.length > 1 ? ', and more stray commas' : '';
  const why = kind === undefined ? "whk read past it; no kind claims the body, and a JSON parser refuses it" : `whk read past it to check the rest; ${kind.id} payloads are strict JSON`;
  return [{ path: '$', message: `not valid JSON: line ${first.line}: ${first.what}${more} (${why})` }];
}

/** The verdict, invalid with the stray-comma issue first when `kind`'s sender sends none: one rule for validate and send --data. */
export function withStrayCommaIssues<R extends { valid: boolean; issues: readonly Issue[] }>(result: R, kind: Kind | undefined, repairs: readonly CommaRepair[]): R {
  const issues = strayCommaIssues(kind, repairs);
  return issues.length === 0 ? result : { ...result, valid: false, issues: [...issues, ...result.issues] };
}
