// Validation of one parsed payload: pick the kind (given or detected), run its schema, and note
// fields the schema does not know (new upstream fields are notes, not failures).
import { detectKind, getKind, listKinds } from '../kinds/index.js';
import type { Kind } from '../kinds/types.js';
import { acceptsFast } from './fast-accept.js';
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
  /** The kind detection already found for this very payload (it is not detected again). */
  detected?: Kind | undefined;
  /** For kinds with events: the event the request named (its event header), whose schema applies. */
  event?: string | undefined;
}

export function validatePayload(payload: unknown, options: ValidateOptions = {}): ValidationResult {
  let kind: Kind;
  let kindSource: ValidationResult['kindSource'];
  let event = options.event;
  if (options.kind !== undefined) {
    kind = options.kinds?.find((k) => k.id === options.kind) ?? getKind(options.kind);
    kindSource = 'given';
  } else if (options.detected) {
    kind = options.detected;
    kindSource = 'detected';
  } else {
    const detection = detectKind(payload, options.kinds ?? listKinds());
    if (detection.status !== 'detected') {
      return { valid: false, kind: null, kindSource: 'none', issues: [{ path: '$', message: detection.message }], warnings: [], notes: [] };
    }
    kind = detection.kind;
    kindSource = 'detected';
    event ??= detection.event;
  }
  const schema = kind.schemaFor?.(payload, event) ?? kind.schema;
  // Most payloads are valid: the fast check says so without zod's copying; zod judges the rest.
  if (!acceptsFast(schema, payload)) {
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      return { valid: false, kind: kind.id, kindSource, issues: toIssues(parsed.error.issues), warnings: [], notes: [] };
    }
  }
  return { valid: true, kind: kind.id, kindSource, issues: [], warnings: [], notes: kind.notes?.(payload, event) ?? unknownFields(schema, payload) };
}
