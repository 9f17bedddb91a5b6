// `whk map` options.
import { options } from './spec.js';

export const mapOptions = options({
  map: { flags: '--map <file>', description: 'your mapping: {"fields": [{"name", "path", "description"?, "type"?, "required"?, "default"?}]}, with "kind" and "mapped" for two stages, or one per kind under "kinds" (see the README)', type: 'string' },
  kind: { flags: '--kind <kind>', description: "apply this kind's default mapping (detected when neither flag is given); with --map, its entry of a file of one mapping per kind", type: 'string' },
  schema: { flags: '--schema <file>', description: 'your own webhook, described by this JSON Schema: a kind your mapping may name (as with whk listen --schema), detected first', type: 'string', once: 'whk map takes one JSON Schema, one kind of your own' },
  index: { flags: '--index <n>', description: 'with a capture file (whk listen --save): which record, 1-based (needed when it holds more than one)', type: 'int', min: 1 },
  template: { flags: '--template <kind>', description: "print the kind's template: its fields, their paths and sample values, and the sample payload (no payload argument)", type: 'string' },
  seed: { flags: '--seed <n>', description: 'with --template: seed of the sample (fixed: the same values every run)', type: 'int', defaultHelp: '"1"' },
});
