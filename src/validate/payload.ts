// Validation of one parsed payload: pick the kind (given, or detected among the registry's), then
// judge the payload by that kind (against.ts).
import { detectKind, getKind, listKinds } from '../kinds/index.js';
import type { Kind } from '../kinds/types.js';
import { validateAgainst, type ValidationResult } from './against.js';

export type { ValidationResult } from './against.js';

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
  return validateAgainst(kind, payload, kindSource, event);
}
