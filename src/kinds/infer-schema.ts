// A JSON Schema (draft 2020-12) inferred from one example payload: the types it has, every key it
// has required (so the kind is detected by them), extra keys allowed (senders add fields). The
// elements of an array are merged into one item schema. Formats only where a value is clearly one.
import { isRecord } from '../util/json.js';
import { FORMATS } from './formats.js';

export type JsonSchema = Record<string, unknown>;

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
    return { type: 'object', properties: Object.fromEntries(keys.map((key) => [key, inferSchema(value[key])])), required: keys };
  }
  return {};
}

// A format is named only where the kind's own check of it (formats.ts) passes too, or the schema
// refused its own example: V8's Date.parse takes 24:00 and February 30, and zod's uuid wants the
// version and variant digits that 11111111-1111-1111-1111-111111111111 lacks.
function stringSchema(value: string): JsonSchema {
  if (DATE_TIME.test(value) && FORMATS['date-time'](value)) return { type: 'string', format: 'date-time' };
  if (UUID.test(value) && FORMATS.uuid(value)) return { type: 'string', format: 'uuid' };
  if (HTTP_URL.test(value) && FORMATS.uri(value)) return { type: 'string', format: 'uri' };
  return { type: 'string' };
}

/** One schema that both accept: objects merge their properties (required: the keys both have). */
export function merge(a: JsonSchema, b: JsonSchema): JsonSchema {
  if (JSON.stringify(a) === JSON.stringify(b)) return a;
  if (a['type'] === 'object' && b['type'] === 'object') return mergeObjects(a, b);
  if (a['type'] === 'array' && b['type'] === 'array') {
    if (a['items'] === undefined || b['items'] === undefined) return { type: 'array', ...(a['items'] ?? b['items'] ? { items: a['items'] ?? b['items'] } : {}) };
    return { type: 'array', items: merge(a['items'] as JsonSchema, b['items'] as JsonSchema) };
  }
  const numbers = new Set([a['type'], b['type']]);
  if (numbers.size === 2 && numbers.has('integer') && numbers.has('number')) return { type: 'number' };
  if (a['type'] === 'string' && b['type'] === 'string') return { type: 'string' };
  const options = [...anyOf(a), ...anyOf(b)].filter((option, i, all) => all.findIndex((o) => JSON.stringify(o) === JSON.stringify(option)) === i);
  return { anyOf: options };
}

function anyOf(schema: JsonSchema): JsonSchema[] {
  return Array.isArray(schema['anyOf']) ? (schema['anyOf'] as JsonSchema[]) : [schema];
}

function mergeObjects(a: JsonSchema, b: JsonSchema): JsonSchema {
  const left = (a['properties'] ?? {}) as Record<string, JsonSchema>;
  const right = (b['properties'] ?? {}) as Record<string, JsonSchema>;
  // Entries, not assignments: a key named __proto__ is data.
  const properties = [...new Set([...Object.keys(left), ...Object.keys(right)])].map((key) => {
    const [l, r] = [Object.hasOwn(left, key) ? left[key] : undefined, Object.hasOwn(right, key) ? right[key] : undefined];
    return [key, l && r ? merge(l, r) : ((l ?? r) as JsonSchema)] as const;
  });
  const required = ((a['required'] ?? []) as string[]).filter((key) => ((b['required'] ?? []) as string[]).includes(key));
  return { type: 'object', properties: Object.fromEntries(properties), required };
}
