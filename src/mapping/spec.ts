// The mapping file: which fields an inbound integration extracts from a payload, by path, with an
// optional type, required flag and default. Parsed with zod; paths are checked (no eval, no __proto__).
import { z } from 'zod';
import { parsePath } from '../util/json-path.js';

export const FIELD_TYPES = ['string', 'number', 'boolean', 'object', 'array'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

const fieldSchema = z
  .object({
    name: z.string().min(1, 'a field needs a name'),
    path: z.string().min(1, 'a field needs a path'),
    type: z.enum(FIELD_TYPES).optional(),
    required: z.boolean().optional(),
    default: z.unknown().optional(),
  })
  .strict()
  .superRefine((field, ctx) => {
    try {
      parsePath(field.path);
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['path'], message: error instanceof Error ? error.message : String(error) });
    }
  });

export const mappingSpecSchema = z
  .object({ fields: z.array(fieldSchema).min(1, 'a mapping needs at least one field') })
  .strict()
  .superRefine((spec, ctx) => {
    const seen = new Set<string>();
    spec.fields.forEach((field, i) => {
      if (seen.has(field.name)) ctx.addIssue({ code: 'custom', path: ['fields', i, 'name'], message: `duplicate field name '${field.name}'` });
      seen.add(field.name);
    });
  });

export type MappingSpec = z.infer<typeof mappingSpecSchema>;
export type MappingField = MappingSpec['fields'][number];
