// The fields of a payload that a user's JSON Schema does not list, as '$.path' notes: an object's key
// that none of its schema's properties or patternProperties names, where the schema lists some and
// leaves additionalProperties unsaid. (additionalProperties false makes such a key an issue instead.)
import { isRecord } from '../util/json.js';
import { formatPath, type PathSegment } from '../util/json-path.js';
import { UNLISTED_FOUND } from './common.js';

type Schema = Record<string, unknown>;

// As for zod schemas: the first few elements are enough to notice a new field.
const ELEMENTS_WALKED = 3;
// whk's choice: a schema that refers to itself ('$ref': '#') follows a payload as deep as it nests;
// past this depth the walk notes nothing more (notes are an aid: validation still judges the whole).
const MAX_DEPTH = 256;

/** Whether a patternProperties pattern matches a key (a custom kind's goes through its pattern engine). */
export type Matcher = (pattern: string, key: string) => boolean;

export function unlistedFields(root: Schema, payload: unknown, matches: Matcher): string[] {
  const notes: string[] = [];
  walk({ root, matches }, [root], payload, [], notes);
  return notes;
}

/**
 * What a local $ref ('#', '#/$defs/x', '#/definitions/x') points to in `root`, or undefined: another
 * kind of $ref, a token that does not decode, or nothing there.
 */
export function resolveLocalRef(root: unknown, ref: string): unknown {
  if (ref !== '#' && !ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of ref === '#' ? [] : ref.slice(2).split('/')) {
    let token: string;
    try {
      token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return undefined;
    }
    if ((!isRecord(node) && !Array.isArray(node)) || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/** The schema a local $ref points to (see resolveLocalRef); another $ref is not followed. */
function resolve(root: Schema, ref: string): Schema | undefined {
  const node = resolveLocalRef(root, ref);
  return isRecord(node) ? node : undefined;
}

/** The schemas that together describe one value: the schemas given, their $ref targets and their allOf/anyOf/oneOf branches. */
function viewsOf(root: Schema, schemas: readonly unknown[]): Schema[] {
  const views: Schema[] = [];
  const visit = (node: unknown): void => {
    if (!isRecord(node) || views.includes(node)) return;
    views.push(node);
    if (typeof node['$ref'] === 'string') visit(resolve(root, node['$ref']));
    for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
      const branches = node[keyword];
      if (Array.isArray(branches)) branches.forEach(visit);
    }
  };
  schemas.forEach(visit);
  return views;
}

interface Walk {
  root: Schema;
  matches: Matcher;
}

function walk(at: Walk, schemas: readonly unknown[], value: unknown, path: PathSegment[], notes: string[]): void {
  if (notes.length >= UNLISTED_FOUND || value === null || typeof value !== 'object' || path.length >= MAX_DEPTH) return;
  const views = viewsOf(at.root, schemas);
  // A value its schema says nothing of has no field to note, nor have its children: a sender's
  // body nested thousands deep under such a value is not walked (it overflowed the stack).
  if (views.length === 0) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < Math.min(value.length, ELEMENTS_WALKED); i++) {
      // prefixItems (2020-12) or an items array (draft-07) for a position, else items for all.
      const element = views.flatMap((view) => {
        const positional = Array.isArray(view['prefixItems']) ? view['prefixItems'] : Array.isArray(view['items']) ? view['items'] : undefined;
        if (positional && i < positional.length) return [positional[i]];
        return isRecord(view['items']) ? [view['items']] : [];
      });
      path.push(i);
      walk(at, element, value[i], path, notes);
      path.pop();
    }
    return;
  }
  // A schema that names no fields of this object, or allows others, has nothing to note here.
  const listsFields = views.some((view) => isRecord(view['properties']) || isRecord(view['patternProperties']));
  const open = views.some((view) => view['additionalProperties'] !== undefined || view['unevaluatedProperties'] !== undefined);
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (notes.length >= UNLISTED_FOUND) return;
    const schemasOfKey = views.flatMap((view) => [
      ...(isRecord(view['properties']) && Object.hasOwn(view['properties'], key) ? [view['properties'][key]] : []),
      ...(isRecord(view['patternProperties']) ? Object.entries(view['patternProperties']).filter(([pattern]) => at.matches(pattern, key)).map(([, schema]) => schema) : []),
    ]);
    path.push(key);
    if (schemasOfKey.length > 0) walk(at, schemasOfKey, child, path, notes);
    else if (listsFields && !open) notes.push(formatPath(path));
    else walk(at, views.map((view) => view['additionalProperties']), child, path, notes);
    path.pop();
  }
}
