// Validation of one payload against a kind already chosen: its schema, then the fields the schema does
// not know (new upstream fields are notes, not failures). Apart from payload.ts (which picks the kind
// from the registry), so a command about one kind (send --data, --set) loads no other kind.
import type { Kind } from '../kinds/types.js';
import { acceptsFast } from './fast-accept.js';
import { toIssues, type Issue } from './issues.js';
import { unknownFields, unlistedFieldNotes } from './unknown-fields.js';
import { checkWindowed, MAX_ISSUES, windowOf } from '../util/windowed.js';

export interface ValidationResult {
  valid: boolean;
  /** The kind validated against; null when it could not be told. */
  kind: string | null;
  /** How the kind was chosen. */
  kindSource: 'given' | 'detected' | 'none';
  issues: Issue[];
  warnings: string[];
  /** Fields present in the payload that the schema does not list, each worded for who writes the body. */
  notes: string[];
}

/** The payload judged by this kind's schema (the event's, for kinds with events). */
export function validateAgainst(kind: Kind, payload: unknown, kindSource: ValidationResult['kindSource'], event?: string): ValidationResult {
  const schema = kind.schemaFor?.(payload, event) ?? kind.schema;
  // Most payloads are valid: the fast check says so without zod's copying; zod judges the rest.
  if (!acceptsFast(schema, payload)) {
    // Bounded: a long array of bad elements would otherwise make an issue per field of each (windowed.ts).
    const verdict = checkWindowed(schema, payload, MAX_ISSUES, windowOf(kind));
    if (!verdict.success) {
      // The schema, so a tuple of a wrong length is said as the length it must have.
      const issues = toIssues(verdict.issues, [], schema);
      if (verdict.stopped) issues.push({ path: '$', message: `checking stopped after ${MAX_ISSUES} issues (whk's bound); there may be more` });
      return { valid: false, kind: kind.id, kindSource, issues, warnings: [], notes: [] };
    }
  }
  const unlisted = kind.notes?.(payload, event) ?? unknownFields(schema, payload);
  const origin = kind.bodyOriginOf?.(payload) ?? kind.bodyOrigin;
  return { valid: true, kind: kind.id, kindSource, issues: [], warnings: [], notes: unlisted.length === 0 ? unlisted : unlistedFieldNotes(unlisted, origin) };
}
