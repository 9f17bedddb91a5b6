// Validation of one parsed payload: pick the kind (given or detected), run its schema, and note
// fields the schema does not know (new upstream fields are notes, not failures).
import { detectKind, getKind, listKinds } from '../kinds/index.js';
import type { Kind } from '../kinds/types.js';
import { toIssues, type Issue } from './issues.js';
import { unknownFields } from './unknown-fields.js';

export interface ValidationResult {
  valid: boolean;
  /** The kind validated against; null when it could not be told. */
  kind: string | null;
  /** How the kind was chosen. */
  kindSource: 'given' | 'detected' | 'none';
  issues: Issue[];
  warnings: string[];
  /** Fields present in the payload that the schema does not list. */
  notes: string[];
}

export interface ValidateOptions {
  kind?: string | undefined;
  kinds?: readonly Kind[];
}

export function validatePayload(payload: unknown, options: ValidateOptions = {}): ValidationResult {
  let kind: Kind;
  let kindSource: ValidationResult['kindSource'];
  if (options.kind !== undefined) {
    kind = options.kinds?.find((k) => k.id === options.kind) ?? getKind(options.kind);
    kindSource = 'given';
  } else {
    const detection = detectKind(payload, options.kinds ?? listKinds());
    if (detection.status !== 'detected') {
      return { valid: false, kind: null, kindSource: 'none', issues: [{ path: '$', message: detection.message }], warnings: [], notes: [] };
    }
    kind = detection.kind;
    kindSource = 'detected';
  }
  const schema = kind.schemaFor?.(payload) ?? kind.schema;
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    return { valid: false, kind: kind.id, kindSource, issues: toIssues(parsed.error.issues), warnings: [], notes: [] };
  }
  return { valid: true, kind: kind.id, kindSource, issues: [], warnings: [], notes: unknownFields(schema, payload) };
}
