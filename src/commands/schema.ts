// `whk schema <kind>`: the kind's JSON Schema on stdout; under --json on one line, as every --json output is.
import type { CliContext } from '../context.js';
import { loadKind } from '../kinds/load.js';
import { jsonSchemaOf } from '../kinds/json-schema.js';
import { parseOptions } from '../options/schema.js';

export async function runSchema(context: CliContext, kindId: string, raw: unknown): Promise<number> {
  const options = parseOptions({}, raw);
  const schema = jsonSchemaOf(await loadKind(kindId));
  context.stdout.write(`${options.json ? JSON.stringify(schema) : JSON.stringify(schema, null, 2)}\n`);
  return 0;
}
