// The subschemas of a JSON Schema with their paths ('$.properties.a'), found as the keywords lay
// them out: data keywords (const, enum, examples, default) are not looked into, and the names of a
// properties or $defs map are names, not keywords. For messages that say where in a schema a rule is.
import type { PathSegment } from '../util/json-path.js';
import { isRecord } from '../util/json.js';

/** Keywords whose value is data (a payload or part of one), never a schema to look into. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'examples', 'default', 'x-whk']);
/** Keywords whose value maps names to schemas: a name there is not a keyword. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies']);

/** Each schema object in `schema` (itself first) and its path; walked with its own stack, as a schema may nest deeper than the call stack. */
export function* subschemas(schema: unknown): Generator<[Record<string, unknown>, PathSegment[]]> {
  const stack: [unknown, PathSegment[]][] = [[schema, []]];
  while (stack.length > 0) {
    const [node, path] = stack.pop() as [unknown, PathSegment[]];
    if (!isRecord(node)) continue;
    yield [node, path];
    const children: [unknown, PathSegment[]][] = [];
    for (const [key, value] of Object.entries(node)) {
      if (DATA_KEYWORDS.has(key)) continue;
      if (SCHEMA_MAPS.has(key) && isRecord(value)) for (const [name, sub] of Object.entries(value)) children.push([sub, [...path, key, name]]);
      else if (Array.isArray(value)) value.forEach((sub, index) => children.push([sub, [...path, key, index]]));
      else children.push([value, [...path, key]]);
    }
    // In the order they are written: the first one found is the first in the file.
    stack.push(...children.reverse());
  }
}
