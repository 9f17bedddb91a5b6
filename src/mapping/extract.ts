// Evaluates a mapping against one payload: each field's value by path (walking into JSON strings),
// its default when the path finds nothing, and the problems: a required field missing, a wrong type.
import { getPath, parsePath } from '../util/json-path.js';
import type { FieldType, MappingField, MappingSpec } from './spec.js';

export interface ExtractedField {
  name: string;
  path: string;
  type: FieldType | null;
  required: boolean;
  /** The value found (or the default); undefined when neither. */
  value: unknown;
  source: 'path' | 'default' | 'missing';
  /** Why this field fails the mapping; absent when it is fine. */
  problem?: string;
}

export interface MappingResult {
  ok: boolean;
  fields: ExtractedField[];
  problems: number;
}

/** What a value is, in the mapping file's words (plus null). */
export function typeOf(value: unknown): FieldType | 'null' | 'undefined' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean' || type === 'object' || type === 'undefined') return type;
  return 'object';
}

export function extractField(payload: unknown, field: MappingField): ExtractedField {
  const found = getPath(payload, parsePath(field.path), { parseJsonStrings: true });
  // null is as good as absent to an incident platform: it cannot show or route on it.
  const present = found !== undefined && found !== null;
  const value = present ? found : field.default;
  const source: ExtractedField['source'] = present ? 'path' : field.default !== undefined ? 'default' : 'missing';
  const result: ExtractedField = { name: field.name, path: field.path, type: field.type ?? null, required: field.required ?? false, value, source };
  if (source === 'missing') {
    if (result.required) result.problem = `required field is missing (nothing at ${field.path})`;
  } else if (field.type && typeOf(value) !== field.type) {
    result.problem = `expected ${field.type}, got ${typeOf(value)}${source === 'default' ? ' (the default)' : ''}`;
  }
  return result;
}

export function extract(payload: unknown, spec: MappingSpec): MappingResult {
  const fields = spec.fields.map((field) => extractField(payload, field));
  const problems = fields.filter((field) => field.problem !== undefined).length;
  return { ok: problems === 0, fields, problems };
}

/** The extracted fields as one plain object, name → value (missing fields left out). */
export function extractedValues(result: MappingResult): Record<string, unknown> {
  return Object.fromEntries(result.fields.filter((f) => f.value !== undefined).map((f) => [f.name, f.value]));
}

/** What a capture record keeps of a mapping (`whk listen --map`): the values and the problems. */
export interface MappedFields {
  ok: boolean;
  values: Record<string, unknown>;
  problems: { field: string; problem: string }[];
}

export function mappedFields(result: MappingResult): MappedFields {
  return {
    ok: result.ok,
    values: extractedValues(result),
    problems: result.fields.flatMap((f) => (f.problem === undefined ? [] : [{ field: f.name, problem: f.problem }])),
  };
}
