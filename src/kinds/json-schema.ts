// A kind's JSON Schema (draft 2020-12): zod 4's own converter, or the kind's own JSON Schema when
// its schema is one (GitHub's maintained schemas).
import type { z } from 'zod';
import { zod } from '../util/zod.js';
import type { Kind } from './types.js';

const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

// The format names validators know (JSON Schema 2020-12's and ajv-formats'). zod writes its own
// string checks as formats too (`startsWith` → "starts_with", beside the pattern that says the
// same), which a strict validator refuses as unknown; those are dropped, the pattern stays.
const KNOWN_FORMATS = new Set([
  'date-time', 'date', 'time', 'duration', 'email', 'idn-email', 'hostname', 'idn-hostname', 'ipv4', 'ipv6',
  'uri', 'uri-reference', 'iri', 'iri-reference', 'uuid', 'uri-template', 'json-pointer', 'relative-json-pointer', 'regex',
  'url', 'json-pointer-uri-fragment', 'byte', 'int32', 'int64', 'float', 'double', 'password', 'binary', 'iso-time', 'iso-date-time',
]);

export function jsonSchemaOf(kind: Kind): Record<string, unknown> {
  const schema = kind.jsonSchema ? { $schema: DRAFT_2020_12, ...kind.jsonSchema() } : zodJsonSchema(kind.schema);
  return { ...withKnownFormats(schema), $id: `https://whk.dev/schemas/${kind.id}.json`, title: kind.title, description: `Follows: ${kind.follows}` };
}

/** zod 4's conversion of a zod schema, as the payload comes in (for a kind that adds to it in its own jsonSchema). */
export function zodJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return zod().toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
}

/** A copy of a schema without format names no validator knows. */
function withKnownFormats<T>(node: T): T {
  if (Array.isArray(node)) return node.map(withKnownFormats) as T;
  if (node === null || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'format' && typeof value === 'string' && !KNOWN_FORMATS.has(value)) continue;
    copy[key] = withKnownFormats(value);
  }
  return copy as T;
}
