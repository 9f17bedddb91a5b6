// Why a custom kind's JSON Schema cannot be used when ajv runs out of stack on it: its $refs lead
// back to themselves (compiling or checking never reaches the payload), or it nests too deep.
import type { ValidateFunction } from 'ajv';
import { isStackOverflow } from '../util/deep-json.js';
import { isRecord } from '../util/json.js';
import { resolveLocalRef } from './json-schema-fields.js';

/** Values a schema can be checked against without descending into anything: one that overflows on them loops. */
const TRIVIAL_VALUES: readonly unknown[] = [null, {}, [], 0, ''];

/**
 * The first chain of local $refs that comes back to where it started ('#/$defs/a → #/$defs/b →
 * #/$defs/a'), or undefined. Walked with its own stack: the schema may nest deeper than the call stack.
 */
export function refLoop(schema: unknown): string | undefined {
  const stack: unknown[] = [schema];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) stack.push(...node);
    if (!isRecord(node)) continue;
    const loop = typeof node['$ref'] === 'string' ? loopFrom(schema, node) : undefined;
    if (loop !== undefined) return loop;
    stack.push(...Object.values(node));
  }
  return undefined;
}

function loopFrom(root: unknown, start: Record<string, unknown>): string | undefined {
  const seen = new Set<unknown>([start]);
  const refs: string[] = [];
  for (let node: unknown = start; isRecord(node) && typeof node['$ref'] === 'string'; ) {
    refs.push(node['$ref']);
    node = resolveLocalRef(root, node['$ref']);
    if (node === start) return refs.join(' → ') + ` → ${refs[0] ?? ''}`;
    // A loop that does not pass through start is found when the walk starts from one of its members.
    if (seen.has(node)) return undefined;
    seen.add(node);
  }
  return undefined;
}

/** What is wrong with a schema ajv ran out of stack compiling, and what to do about it. */
export function compileOverflow(schema: unknown): { message: string; hint: string } {
  const loop = refLoop(schema);
  if (loop !== undefined) return { message: `its $refs loop (${loop})`, hint: 'a $ref must lead to a schema of its own, not only back to another $ref' };
  return { message: 'it nests too deep for whk to compile', hint: 'whk compiles schemas nested up to a few hundred levels; no webhook payload needs more' };
}

/**
 * Why a compiled schema cannot check any payload, or undefined: one that refers to itself without
 * descending into the payload ({"$ref": "#"}, or through allOf) runs out of stack on every value.
 */
export function checkLoop(schema: unknown, validate: ValidateFunction): string | undefined {
  for (const value of TRIVIAL_VALUES) {
    try {
      validate(value);
    } catch (error) {
      // Anything else (a pattern whk stopped) is a payload's issue, for checking to report.
      if (!isStackOverflow(error)) continue;
      const loop = refLoop(schema);
      return loop !== undefined ? `its $refs loop (${loop})` : 'it refers to itself without going into the payload';
    }
  }
  return undefined;
}
