// A rule ajv never applies: ajv drops a `properties` entry named "__proto__" (so no schema can pollute
// the prototype of what it compiles), and a payload's "__proto__" field then passes whatever it holds.
// whk refuses such a schema rather than promise a check it does not make; patternProperties
// {"^__proto__$": …} is applied, and is what from-capture writes for that key.
import { formatPath, type PathSegment } from '../util/json-path.js';
import { isRecord } from '../util/json.js';

/** Keywords whose value is data (a payload or part of one), never a schema to look into. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'examples', 'default', 'x-whk']);
/** Keywords whose value maps names to schemas: a name there is not a keyword. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies']);

/** The path ('$.properties.a.properties.__proto__') of the first `properties` entry named "__proto__", or undefined. */
export function protoPropertyRule(schema: unknown): string | undefined {
  // Its own stack: a schema may nest deeper than the call stack (compiling says so, not this walk).
  const stack: [unknown, PathSegment[]][] = [[schema, []]];
  while (stack.length > 0) {
    const [node, path] = stack.pop() as [unknown, PathSegment[]];
    if (!isRecord(node)) continue;
    for (const [key, value] of Object.entries(node)) {
      if (DATA_KEYWORDS.has(key)) continue;
      if (SCHEMA_MAPS.has(key) && isRecord(value)) {
        if (key === 'properties' && Object.hasOwn(value, '__proto__')) return formatPath([...path, key, '__proto__']);
        for (const [name, sub] of Object.entries(value)) stack.push([sub, [...path, key, name]]);
      } else if (Array.isArray(value)) value.forEach((sub, index) => stack.push([sub, [...path, key, index]]));
      else stack.push([value, [...path, key]]);
    }
  }
  return undefined;
}
