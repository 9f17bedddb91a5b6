// `whk map` options.
import { options } from './spec.js';

export const mapOptions = options({
  map: { flags: '--map <file>', description: 'your mapping: {"fields": [{"name", "path", "type"?, "required"?, "default"?}]}', type: 'string' },
  kind: { flags: '--kind <kind>', description: "apply this kind's default mapping (detected when neither flag is given)", type: 'string' },
});
