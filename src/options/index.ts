// Every command's option table, and the one way the CLI names a field: by its flag. The core
// names fields (`maxBody`); the command layer renders them with flagNamer before printing.
import { checkOptions } from './check.js';
import { demoOptions } from './demo.js';
import { globalOptions } from './global.js';
import { inspectOptions } from './inspect.js';
import { kindFromCaptureOptions } from './kind.js';
import { listenOptions } from './listen.js';
import { mapOptions } from './map.js';
import { replayOptions } from './replay.js';
import { sampleOptions } from './sample.js';
import { sendOptions } from './send.js';
import { signOptions, verifyOptions } from './signing.js';
import { longFlag, type OptionTable } from './spec.js';
import { validateOptions } from './validate.js';

export const commandOptions = {
  sample: sampleOptions,
  validate: validateOptions,
  map: mapOptions,
  send: sendOptions,
  listen: listenOptions,
  demo: demoOptions,
  check: checkOptions,
  replay: replayOptions,
  sign: signOptions,
  verify: verifyOptions,
  inspect: inspectOptions,
  kindFromCapture: kindFromCaptureOptions,
} as const satisfies Record<string, OptionTable>;

export type CommandTables = typeof commandOptions;

export { globalOptions };

/**
 * field → flag, for the fields of `table` first (the command that runs), then of any command (a
 * hint may point at another command's flag, e.g. replay naming listen's `save`).
 */
export function flagNamer(table: OptionTable = {}): (field: string) => string | undefined {
  return (field) => {
    const spec = table[field] ?? (globalOptions as OptionTable)[field] ?? Object.values(commandOptions).map((t: OptionTable) => t[field]).find(Boolean);
    return spec && longFlag(spec);
  };
}
