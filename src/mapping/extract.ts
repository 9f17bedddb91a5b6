// Applies a mapping to one payload in its two stages. Extracted fields: each value by path (walking
// into JSON strings), its default when the path finds nothing, problems for a required field missing
// or a wrong type. Mapped fields: each filled from an extracted field, a path or its default; one the
// integration type requires and nothing fills is a problem naming it.
import { EVERY, getPath, parseQuery, type PathStep } from '../util/json-path.js';
import { fieldsMapping, type ExtractedFieldRule, type Mapping, type MappedFieldRule } from './resolve.js';
import type { FieldType, MappingField, TemplateSpec } from './spec.js';

export interface ExtractedField {
  name: string;
  path: string;
  description?: string;
  type: FieldType | null;
  required: boolean;
  /** The value found (or the default); undefined when neither. */
  value: unknown;
  source: 'path' | 'default' | 'missing';
  /** Why this field fails the mapping; absent when it is fine. */
  problem?: string;
}

export interface MappedField {
  name: string;
  description: string | null;
  type: FieldType | null;
  /** Required by the mapping's integration type. */
  required: boolean;
  from: string | null;
  path: string | null;
  value: unknown;
  source: 'extracted' | 'path' | 'default' | 'missing';
  problem?: string;
}

export interface MappingResult {
  ok: boolean;
  /** The extracted fields (the one stage of a {"fields"} mapping). */
  fields: ExtractedField[];
  /** The mapped fields; null when the mapping has no mapped stage. */
  mapped: MappedField[] | null;
  integrationType: Mapping['integrationType'];
  /** Problems in both stages. */
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

/**
 * The value at a path; null counts as absent: an incident platform can neither show nor route on it.
 * So does a `[*]` path that finds nothing (its empty list): a required field is missing, a default used.
 */
function read(payload: unknown, steps: readonly PathStep[]): unknown {
  const found = getPath(payload, steps, { parseJsonStrings: true });
  if (found === null) return undefined;
  return Array.isArray(found) && found.length === 0 && steps.includes(EVERY) ? undefined : found;
}

function typeProblem(type: FieldType | null, value: unknown, fromDefault: boolean): string | undefined {
  if (type === null || value === undefined || typeOf(value) === type) return undefined;
  return `expected ${type}, got ${typeOf(value)}${fromDefault ? ' (the default)' : ''}`;
}

/**
 * A field filled from what was found (by `via`), else its default: its value, where that came from,
 * and its problem: a required field with nothing (`missing` says why), or a value of the wrong type.
 */
function fill<Via extends string>(found: unknown, via: Via, field: { type: FieldType | null; required: boolean; default?: unknown }, missing: () => string): { value: unknown; source: Via | 'default' | 'missing'; problem?: string } {
  const source: Via | 'default' | 'missing' = found !== undefined ? via : field.default !== undefined ? 'default' : 'missing';
  const value = found ?? field.default;
  const problem = source === 'missing' ? (field.required ? missing() : undefined) : typeProblem(field.type, value, source === 'default');
  return { value, source, ...(problem === undefined ? {} : { problem }) };
}

export function extractField(payload: unknown, field: MappingField & Pick<ExtractedFieldRule, 'orElse'> & { steps?: PathStep[] }): ExtractedField {
  const rule = { type: field.type ?? null, required: field.required ?? false, default: field.default };
  const paths = [{ path: field.path, steps: field.steps ?? parseQuery(field.path) }, ...(field.orElse ?? [])];
  // The first path that finds something fills it (and is the one shown); nothing found is said at all of them.
  const reading = paths.map(({ path, steps }) => ({ path, found: read(payload, steps) })).find(({ found }) => found !== undefined);
  const tried = paths.map(({ path }) => path).join(', ');
  const filled = fill(reading?.found, 'path', rule, () => `required field is missing (nothing at ${tried})`);
  return { name: field.name, path: reading?.path ?? tried, ...(field.description === undefined ? {} : { description: field.description }), type: rule.type, required: rule.required, ...filled };
}

function mapField(payload: unknown, rule: MappedFieldRule, extracted: ReadonlyMap<string, ExtractedField>, type: Mapping['integrationType']): MappedField {
  const found = rule.from !== null ? extracted.get(rule.from)?.value : rule.steps !== null ? read(payload, rule.steps) : undefined;
  const filled = fill<'extracted' | 'path'>(found, rule.from !== null ? 'extracted' : 'path', rule, () => `required by the ${type ?? ''} integration type, but not filled (${emptyBecause(rule)})`);
  return { name: rule.name, description: rule.description, type: rule.type, required: rule.required, from: rule.from, path: rule.path, ...filled };
}

function emptyBecause(rule: MappedFieldRule): string {
  if (rule.from !== null) return `the extracted field '${rule.from}' is empty`;
  if (rule.path !== null) return `nothing at ${rule.path}`;
  return `no extracted field '${rule.name}', no from, path or default`;
}

export function extract(payload: unknown, mapping: Mapping | TemplateSpec): MappingResult {
  const applied = 'extracted' in mapping ? mapping : fieldsMapping(mapping);
  const fields = applied.extracted.map((field) => extractField(payload, field));
  const byName = new Map(fields.map((f) => [f.name, f]));
  const mapped = applied.mapped === null ? null : applied.mapped.map((rule) => mapField(payload, rule, byName, applied.integrationType));
  const problems = [...fields, ...(mapped ?? [])].filter((field) => field.problem !== undefined).length;
  return { ok: problems === 0, fields, mapped, integrationType: applied.integrationType, problems };
}

const valuesOf = (fields: readonly { name: string; value: unknown }[]): Record<string, unknown> =>
  Object.fromEntries(fields.filter((f) => f.value !== undefined).map((f) => [f.name, f.value]));

/** The extracted fields as one plain object, name → value (missing fields left out). */
export function extractedValues(result: MappingResult): Record<string, unknown> {
  return valuesOf(result.fields);
}

/** What a capture record keeps of a mapping (`whk listen --map`): the values and the problems. */
export interface MappedFields {
  ok: boolean;
  /** The extracted values. */
  values: Record<string, unknown>;
  /** The mapped values, when the mapping has a mapped stage. */
  mapped?: Record<string, unknown>;
  problems: { field: string; problem: string; stage: 'extracted' | 'mapped' }[];
}

export function mappedFields(result: MappingResult): MappedFields {
  const problems = (stage: 'extracted' | 'mapped', fields: readonly { name: string; problem?: string }[]) => fields.flatMap((f) => (f.problem === undefined ? [] : [{ field: f.name, problem: f.problem, stage }]));
  return {
    ok: result.ok,
    values: extractedValues(result),
    ...(result.mapped === null ? {} : { mapped: valuesOf(result.mapped) }),
    problems: [...problems('extracted', result.fields), ...problems('mapped', result.mapped ?? [])],
  };
}
