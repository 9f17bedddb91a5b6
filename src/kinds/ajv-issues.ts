// ajv's errors as whk's issues (a JSON path and a plain message), shared by the kinds whose schema is
// a JSON Schema: custom kinds (--schema) and GitHub's maintained schemas.
import type { ErrorObject } from 'ajv';
import type { z } from 'zod';
import { lazySchema } from '../util/zod.js';
import type { PathSegment } from '../util/json-path.js';

export interface AjvIssue {
  path: PathSegment[];
  message: string;
  /** A pattern test whk stopped (see pattern-engine.ts): the payload was not fully checked. */
  stopped?: boolean;
}

function pointerToPath(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function describe(data: unknown): string {
  return data === null ? 'null' : Array.isArray(data) ? 'array' : typeof data;
}

/** One ajv error as whk's path + plain message (`verbose` errors name the value's type). */
export function toIssue(error: ErrorObject): AjvIssue {
  const path = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: [...path, String(params['missingProperty'])], message: 'required property is missing' };
    case 'additionalProperties':
      return { path: [...path, String(params['additionalProperty'])], message: 'is not allowed (additionalProperties is false)' };
    case 'type':
      // ajv names a list of types with bare commas ("string,null"): said as a list, as zod's are.
      return { path, message: `expected ${String(params['type']).split(',').join(' or ')}, got ${describe(error.data)}` };
    case 'enum':
      return { path, message: `expected one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { path, message: `expected ${JSON.stringify(params['allowedValue'])}` };
    default:
      return { path, message: error.message ?? `fails ${error.keyword}` };
  }
}

/**
 * A zod schema whose verdict is a JSON Schema validator's: its issues, at their JSON paths. Built on
 * first use, as a kind's zod schemas are (util/zod.ts): a GitHub sample loads no zod.
 */
export function schemaOfIssues(check: (payload: unknown) => readonly AjvIssue[]): () => z.ZodType<unknown> {
  return lazySchema((z) =>
    z.unknown().superRefine((payload, ctx) => {
      for (const issue of check(payload)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    }),
  );
}
