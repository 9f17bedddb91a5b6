// `whk inspect` options.
import { options } from './spec.js';

export const inspectOptions = options({
  host: { flags: '--host <host>', description: 'interface to bind', type: 'string', nonEmpty: true, default: '127.0.0.1' },
  port: { flags: '--port <port>', description: 'port of the page (0 = any free port)', type: 'int', min: 0, max: 65535, default: '0' },
});
