// What a decoded body is: JSON (leniently repaired), which kind, valid or not, its idempotency id.
// Kind-generic: everything kind-specific comes from the Kind (schema, idempotencyId).
import type { Kind } from '../kinds/types.js';
import type { Issue } from '../validate/issues.js';
import { parseJsonLenient } from '../util/json.js';
import { validatePayload } from '../validate/payload.js';

export interface Inspection {
  /** The parsed JSON body; null when it is not JSON. */
  body: unknown;
  /**
   * The body's own text when it is strict JSON on one line: a capture can embed it as is instead
   * of serializing the parsed value again (and a value too deep to serialize still gets recorded).
   */
  bodyJson: string | undefined;
  kind: Kind | undefined;
  kindSource: 'given' | 'detected' | 'none';
  valid: boolean;
  issues: Issue[];
  warnings: string[];
  notes: string[];
  idempotencyId: string | undefined;
}

export interface InspectOptions {
  kinds: readonly Kind[];
  /** Validate as this kind instead of detecting it. */
  kind?: string | undefined;
  /** Any other kind is a failure. */
  expect?: string | undefined;
}

const BOM = '\uFEFF';

export function inspectBody(bytes: Buffer, options: InspectOptions): Inspection {
  let text = bytes.toString('utf8');
  const warnings: string[] = [];
  if (text.startsWith(BOM)) {
    text = text.slice(1);
    warnings.push('stripped a UTF-8 byte order mark before the JSON');
  }
  const parsed = parseJsonLenient(text);
  if (!parsed.ok) {
    const issues = [{ path: '$', message: parsed.line > 1 ? `line ${parsed.line}: ${parsed.message}` : parsed.message }];
    const kind = options.kind === undefined ? undefined : options.kinds.find((k) => k.id === options.kind);
    return { body: null, bodyJson: undefined, kind, kindSource: kind ? 'given' : 'none', valid: false, issues, warnings, notes: [], idempotencyId: undefined };
  }
  warnings.push(...parsed.warnings.map((w) => `line ${w.line}: ${w.message}`));
  const result = validatePayload(parsed.value, { kind: options.kind, kinds: options.kinds });
  const kind = result.kind === null ? undefined : options.kinds.find((k) => k.id === result.kind);
  const issues = [...result.issues];
  if (options.expect !== undefined && result.kind !== options.expect) {
    issues.unshift({ path: '$', message: `expected kind '${options.expect}', got ${result.kind === null ? 'an unknown kind' : `'${result.kind}'`}` });
  }
  return {
    body: parsed.value,
    bodyJson: parsed.warnings.length === 0 ? oneLine(text) : undefined,
    kind,
    kindSource: result.kindSource,
    valid: issues.length === 0,
    issues,
    warnings: [...warnings, ...result.warnings],
    notes: result.notes,
    idempotencyId: kind ? safeIdempotencyId(kind, parsed.value) : undefined,
  };
}

function safeIdempotencyId(kind: Kind, payload: unknown): string | undefined {
  try {
    const id = kind.idempotencyId?.(payload);
    return typeof id === 'string' && id !== '' ? id : undefined;
  } catch {
    return undefined;
  }
}

function oneLine(text: string): string | undefined {
  const trimmed = text.trim();
  return /[\n\r]/.test(trimmed) ? undefined : trimmed;
}
