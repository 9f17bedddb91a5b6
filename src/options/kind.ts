// `whk kind from-capture` options.
import { options } from './spec.js';
import { sharedOptions } from './shared.js';

export const kindFromCaptureOptions = options({
  index: { flags: '--index <n>', description: 'which record, 1-based (needed when the file holds more than one)', type: 'int', min: 1 },
  name: { flags: '--name <name>', description: "the kind's name (its id is made from it), e.g. my-hook", type: 'string', required: true, nonEmpty: true },
  output: { ...sharedOptions.output, description: "write the schema to this file ('-': stdout)", defaultHelp: '"<name>.schema.json"' },
  // Its first spelling, kept for scripts.
  out: { ...sharedOptions.output, flags: '--out <file>', description: 'the old spelling of --output', aliasOf: 'output', conflicts: ['output'], conflictHint: '--out is the old spelling of --output: give one of the two' },
  force: { flags: '--force', description: 'overwrite the --output file when it exists', type: 'boolean' },
});
