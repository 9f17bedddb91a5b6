// `whk schema <kind>`: the kind's JSON Schema on stdout.
import type { CliContext } from '../context.js';
import { loadKind } from '../kinds/load.js';
import { jsonSchemaOf } from '../kinds/json-schema.js';

export async function runSchema(context: CliContext, kindId: string): Promise<number> {
  context.stdout.write(`${JSON.stringify(jsonSchemaOf(await loadKind(kindId)), null, 2)}\n`);
  return 0;
}
