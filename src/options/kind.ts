// `whk kind from-capture` options.
import { options } from './spec.js';

export const kindFromCaptureOptions = options({
  index: { flags: '--index <n>', description: 'which record, 1-based (needed when the file holds more than one)', type: 'int', min: 1 },
  name: { flags: '--name <name>', description: "the kind's name (its id is made from it), e.g. my-hook", type: 'string', required: true, nonEmpty: true },
  out: { flags: '--out <file>', description: 'where to write the schema (default <name>.schema.json; - for stdout)', type: 'string', nonEmpty: true },
  force: { flags: '--force', description: 'overwrite the --out file when it exists', type: 'boolean' },
});
