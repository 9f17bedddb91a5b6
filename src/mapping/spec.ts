// The mapping file, in the two stages of an incident platform's payload configuration: extracted
// fields (a template's selected fields plus custom {name, path}) and mapped fields {name,
// description, type, default} filled from an extracted field or a path. Today's {"fields": [...]}
// is the same file with custom fields only. A file may hold one mapping per kind. Parsed with zod
// (its schemas built on first use: util/zod.ts); paths are checked (no eval, no __proto__).
import type { z } from 'zod';
import { WhkError } from '../errors.js';
import { parseQuery } from '../util/json-path.js';
import { lazySchema, type Built } from '../util/zod.js';

export const FIELD_TYPES = ['string', 'number', 'boolean', 'object', 'array'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

const INTEGRATION_TYPE_NAMES = ['alert', 'incident', 'build', 'deployment'] as const;

function uniqueNames(fields: readonly { name: string }[] | undefined, key: string, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  fields?.forEach((field, i) => {
    if (seen.has(field.name)) ctx.addIssue({ code: 'custom', path: [key, i, 'name'], message: `duplicate field name '${field.name}'` });
    seen.add(field.name);
  });
}

interface Names {
  fields?: readonly { name: string }[] | undefined;
  mapped?: readonly { name: string }[] | undefined;
}

function checkNames(spec: Names, ctx: z.RefinementCtx): void {
  uniqueNames(spec.fields, 'fields', ctx);
  uniqueNames(spec.mapped, 'mapped', ctx);
}

/** Said after the path `$.select` (validate/issues.ts): it names no kind whose template it picks from. */
const SELECT_WITHOUT_KIND = 'picks fields of a kind\'s template, and the mapping names no kind: add "kind", e.g. "kind": "alertmanager"';

/** Said after `$.select` when it is []: it picked nothing, where leaving it out picks every field. */
const EMPTY_SELECT = "picks no field: name the template's fields to extract, or leave select out to extract them all";

/** The mapping file's schemas, built on first use. */
export const mappingSchemas = lazySchema((z) => {
  const pathSchema = z.string().min(1, 'is empty: a field needs a path').superRefine((path, ctx) => {
    try {
      parseQuery(path);
    } catch (error) {
      // The path error's hint ("a path may not have an empty segment") goes with it: load.ts says it.
      const hint = error instanceof WhkError ? error.hint : undefined;
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error), ...(hint === undefined ? {} : { params: { hint } }) });
    }
  });

  /** An extracted field: a value read from the payload by path. */
  const fieldSchema = z
    .object({
      name: z.string().min(1, 'is empty: a field needs a name'),
      path: pathSchema,
      description: z.string().optional(),
      type: z.enum(FIELD_TYPES).optional(),
      required: z.boolean().optional(),
      default: z.unknown().optional(),
    })
    .strict();

  /** A mapped field: filled from an extracted field (`from`), a path, or else its default. */
  const mappedFieldSchema = z
    .object({
      name: z.string().min(1, 'is empty: a mapped field needs a name'),
      description: z.string().optional(),
      type: z.enum(FIELD_TYPES).optional(),
      default: z.unknown().optional(),
      from: z.string().min(1).optional(),
      path: pathSchema.optional(),
    })
    .strict()
    .refine((field) => field.from === undefined || field.path === undefined, { message: 'give from or path, not both' });

  const mappingShape = {
    /** The template (kind) whose fields are extracted; it also gives the integration type. */
    kind: z.string().min(1).optional(),
    integrationType: z.enum(INTEGRATION_TYPE_NAMES).optional(),
    /** Which of the template's fields to extract (default: all of them); an empty one extracted nothing, silently. */
    select: z.array(z.string().min(1)).refine((names) => names.length > 0, EMPTY_SELECT).optional(),
    /** Custom extracted fields (and the whole mapping in the one-stage form). */
    fields: z.array(fieldSchema).min(1, 'is empty: a mapping needs at least one field').optional(),
    mapped: z.array(mappedFieldSchema).optional(),
  };

  const mappingSpecSchema = z
    .object(mappingShape)
    .strict()
    .superRefine((spec, ctx) => {
      checkNames(spec, ctx);
      // A select with no kind is told as that, before the file is called empty of fields: {"select": ["title"]}
      // alone was "a mapping needs fields, a kind (its template) or mapped fields", select unnamed.
      if (spec.select !== undefined && spec.kind === undefined) ctx.addIssue({ code: 'custom', path: ['select'], message: SELECT_WITHOUT_KIND });
      else if (spec.kind === undefined && spec.fields === undefined && spec.mapped === undefined) ctx.addIssue({ code: 'custom', message: 'a mapping needs fields, a kind (its template) or mapped fields' });
    });

  /** One mapping per kind, the key naming it: {"kinds": {"alertmanager": {...}, "datadog-monitor": {...}}}. */
  const { kind: _kind, ...entryShape } = mappingShape;
  const mappingSetSchema = z
    .object({ kinds: z.record(z.string().min(1), z.object(entryShape).strict().superRefine(checkNames)) })
    .strict()
    .refine((set) => Object.keys(set.kinds).length > 0, { message: 'kinds needs at least one mapping' });
  return { fieldSchema, mappedFieldSchema, mappingSpecSchema, mappingSetSchema };
});

type Schemas = Built<typeof mappingSchemas>;

export type MappingSpec = z.infer<Schemas['mappingSpecSchema']>;
export type MappingField = z.infer<Schemas['fieldSchema']>;
export type MappedFieldSpec = z.infer<Schemas['mappedFieldSchema']>;
export type MappingSetSpec = z.infer<Schemas['mappingSetSchema']>;

/**
 * A template's field: a mapping file's field, and `orElse`: the paths read in turn when `path` finds
 * nothing, for a kind whose bodies differ (a Jira worklog callback carries no issue).
 */
export type TemplateField = MappingField & { orElse?: readonly string[] };

/** A kind's template: the fields it extracts, each by its path in the kind's payload. */
export interface TemplateSpec {
  fields: TemplateField[];
}
