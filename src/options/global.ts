// The options every command takes, declared once.
import { options } from './spec.js';

export const globalOptions = options({
  json: { flags: '--json', description: 'machine-readable output on stdout', type: 'boolean' },
  quiet: { flags: '-q, --quiet', description: 'print results only, no progress', type: 'boolean' },
  color: { flags: '--no-color', description: 'no colours (NO_COLOR and FORCE_COLOR are respected too)', type: 'negatable' },
});
