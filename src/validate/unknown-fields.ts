// Lists the fields of a payload that a (loose) zod schema does not declare, as '$.path' notes.
import type { z } from 'zod';
import { formatPath, type PathSegment } from '../util/json-path.js';

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; element?: z.ZodType; in?: z.ZodType; schema?: z.ZodType; options?: readonly z.ZodType[] };

const MAX_NOTES = 20;

export function unknownFields(schema: z.ZodType, value: unknown): string[] {
  const notes: string[] = [];
  walk(schema, value, [], notes);
  return notes;
}

function walk(schema: z.ZodType, value: unknown, path: PathSegment[], notes: string[]): void {
  if (notes.length >= MAX_NOTES || value === null || typeof value !== 'object') return;
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      if (def.innerType) walk(def.innerType, value, path, notes);
      return;
    case 'pipe':
      if (def.in) walk(def.in, value, path, notes);
      return;
    case 'union': {
      // The branch that accepts the value is the one whose fields count (e.g. a monitor object or array).
      const branch = def.options?.find((option) => option.safeParse(value).success);
      if (branch) walk(branch, value, path, notes);
      return;
    }
    case 'array':
      if (def.element && Array.isArray(value)) {
        // The first few elements are enough to notice a new field; batches can be long.
        value.slice(0, 3).forEach((item, i) => walk(def.element as z.ZodType, item, [...path, i], notes));
      }
      return;
    case 'object': {
      if (!def.shape || Array.isArray(value)) return;
      for (const [key, child] of Object.entries(value)) {
        const childSchema = def.shape[key];
        if (childSchema) walk(childSchema, child, [...path, key], notes);
        else if (notes.length < MAX_NOTES) notes.push(`${formatPath([...path, key])} is not in the schema (a newer sender field?)`);
      }
      return;
    }
    default:
      return;
  }
}
