// `whk inspect` options.
import { sharedOptions } from './shared.js';
import { options } from './spec.js';

export const inspectOptions = options({
  host: sharedOptions.host,
  port: { flags: '--port <port>', description: 'port of the page (0 = any free port)', type: 'int', min: 0, max: 65535, default: '0' },
  headerTimeout: sharedOptions.headerTimeout,
});
