// `whk validate` options.
import { sharedOptions } from './shared.js';
import { options } from './spec.js';

export const validateOptions = options({
  kind: { flags: '--kind <kind>', description: 'validate as this kind instead of detecting it', type: 'string' },
  schema: { flags: '--schema <file>', description: 'validate against your own JSON Schema (a custom kind)', type: 'string', once: 'whk validate takes one JSON Schema, one kind of your own' },
  format: sharedOptions.format,
  maxDocument: { flags: '--max-document <size>', description: 'largest JSON document (or NDJSON line) read; text that is not JSON fails at once', type: 'size', max: 'text', default: '64mb' },
});
