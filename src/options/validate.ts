// `whk validate` options.
import { options } from './spec.js';

export const FORMATS = ['text', 'json', 'junit'] as const;

export const validateOptions = options({
  kind: { flags: '--kind <kind>', description: 'validate as this kind instead of detecting it', type: 'string' },
  schema: { flags: '--schema <file>', description: 'validate against your own JSON Schema (a custom kind)', type: 'string' },
  format: { flags: '--format <format>', description: 'report format', type: 'choice', choices: FORMATS, default: 'text' },
});
