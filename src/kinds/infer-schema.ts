// A JSON Schema (draft 2020-12) inferred from one example payload: the types it has, every key it
// has required (so the kind is detected by them), extra keys allowed (senders add fields). The
// elements of an array are merged into one item schema. Formats only where a value is clearly one.
import { isRecord } from '../util/json.js';
import { FORMATS } from './formats.js';
import { setOwn } from '../util/set-own.js';

export type JsonSchema = Record<string, unknown>;

/** The pattern a payload's "__proto__" key is described under (patternProperties). */
const PROTO_PATTERN = '^__proto__$';

const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HTTP_URL = /^https?:\/\/[^\s/$.?#][^\s]*$/i;

export function inferSchema(value: unknown): JsonSchema {
  if (value === null) return { type: 'null' };
  if (typeof value === 'boolean') return { type: 'boolean' };
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number' };
  if (typeof value === 'string') return stringSchema(value);
  if (Array.isArray(value)) return value.length === 0 ? { type: 'array' } : { type: 'array', items: value.map(inferSchema).reduce(merge) };
  if (isRecord(value)) {
    const keys = Object.keys(value);
    const named = keys.filter((key) => key !== '__proto__');
    // ajv never applies a properties rule named "__proto__" (custom.ts refuses one): a pattern is applied.
    const proto = Object.hasOwn(value, '__proto__') ? { patternProperties: { [PROTO_PATTERN]: inferSchema(value['__proto__']) } } : {};
    return { type: 'object', properties: Object.fromEntries(named.map((key) => [key, inferSchema(value[key])])), ...proto, required: keys };
  }
  return {};
}

// A format is named only where the kind's own check of it (formats.ts) passes too, or the schema
// refused its own example: the shapes below take hour 24, February 30 and a URL holding '|'.
function stringSchema(value: string): JsonSchema {
  if (DATE_TIME.test(value) && FORMATS['date-time'](value)) return { type: 'string', format: 'date-time' };
  if (UUID.test(value) && FORMATS.uuid(value)) return { type: 'string', format: 'uuid' };
  if (HTTP_URL.test(value) && FORMATS.uri(value)) return { type: 'string', format: 'uri' };
  return { type: 'string' };
}

/**
 * One schema that both accept: objects merge their properties (required: the keys both have), an
 * anyOf holds one option per type. `a` is the schema merged so far, and `b` is merged into it in
 * place: an array's n elements cost n merges of one element each, not a copy (and a comparison, as
 * JSON text) of all that came before per element, which held whk for minutes on 3,000 elements.
 * Both are the fold's own (inferSchema made them), so no one else sees them change.
 */
export function merge(a: JsonSchema, b: JsonSchema): JsonSchema {
  const options = anyOf(a);
  for (const option of anyOf(b)) {
    const same = options.findIndex((o) => family(o) === family(option));
    if (same === -1) options.push(option);
    else options[same] = mergeSame(options[same] as JsonSchema, option);
  }
  return options.length === 1 ? (options[0] as JsonSchema) : { anyOf: options };
}

/** What an anyOf keeps one option of: integers and numbers are one. */
function family(schema: JsonSchema): unknown {
  return schema['type'] === 'integer' ? 'number' : schema['type'];
}

function anyOf(schema: JsonSchema): JsonSchema[] {
  return Array.isArray(schema['anyOf']) ? (schema['anyOf'] as JsonSchema[]) : [schema];
}

/** Two schemas of one family merged, into `a`. */
function mergeSame(a: JsonSchema, b: JsonSchema): JsonSchema {
  if (a['type'] === 'object') return mergeObjects(a, b);
  if (a['type'] === 'array') {
    if (b['items'] !== undefined) a['items'] = a['items'] === undefined ? b['items'] : merge(a['items'] as JsonSchema, b['items'] as JsonSchema);
    return a;
  }
  if (a['type'] !== b['type']) return { type: 'number' };
  // Strings of different formats are strings.
  if (a['type'] === 'string' && a['format'] !== b['format']) return { type: 'string' };
  return a;
}

function mergeObjects(a: JsonSchema, b: JsonSchema): JsonSchema {
  const left = a['properties'] as Record<string, JsonSchema>;
  const right = b['properties'] as Record<string, JsonSchema>;
  for (const key of Object.keys(right)) {
    const merged = Object.hasOwn(left, key) ? merge(left[key] as JsonSchema, right[key] as JsonSchema) : (right[key] as JsonSchema);
    setOwn(left, key, merged);
  }
  const protoRules = [a, b].flatMap((schema) => (isRecord(schema['patternProperties']) ? [schema['patternProperties'][PROTO_PATTERN] as JsonSchema] : []));
  if (protoRules.length > 0) a['patternProperties'] = { [PROTO_PATTERN]: protoRules.reduce(merge) };
  const both = new Set(b['required'] as string[]);
  a['required'] = (a['required'] as string[]).filter((key) => both.has(key));
  return a;
}
