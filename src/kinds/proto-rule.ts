// A rule ajv never applies: ajv drops a `properties` entry named "__proto__" (so no schema can pollute
// the prototype of what it compiles), and a payload's "__proto__" field then passes whatever it holds.
// whk refuses such a schema rather than promise a check it does not make; patternProperties
// {"^__proto__$": …} is applied, and is what from-capture writes for that key.
import { formatPath } from '../util/json-path.js';
import { isRecord } from '../util/json.js';
import { subschemas } from './schema-walk.js';

/** The path ('$.properties.a.properties.__proto__') of the first `properties` entry named "__proto__", or undefined. */
export function protoPropertyRule(schema: unknown): string | undefined {
  for (const [node, path] of subschemas(schema)) {
    const properties = node['properties'];
    if (isRecord(properties) && Object.hasOwn(properties, '__proto__')) return formatPath([...path, 'properties', '__proto__']);
  }
  return undefined;
}
