// Each command's option table, imported when it is asked for: the program is built with the table
// of the command that runs (cli.ts, preload), so `whk --help`, which lists commands without their
// options, loads none. One loader per entry of index.ts's commandOptions, returning that very table:
// the type below says so, and test/unit/options.test.ts checks it.
import type { CommandTables } from './index.js';

export const TABLE_LOADERS = {
  sample: async () => (await import('./sample.js')).sampleOptions,
  validate: async () => (await import('./validate.js')).validateOptions,
  map: async () => (await import('./map.js')).mapOptions,
  send: async () => (await import('./send.js')).sendOptions,
  listen: async () => (await import('./listen.js')).listenOptions,
  demo: async () => (await import('./demo.js')).demoOptions,
  check: async () => (await import('./check.js')).checkOptions,
  replay: async () => (await import('./replay.js')).replayOptions,
  sign: async () => (await import('./signing.js')).signOptions,
  verify: async () => (await import('./signing.js')).verifyOptions,
  inspect: async () => (await import('./inspect.js')).inspectOptions,
  kindFromCapture: async () => (await import('./kind.js')).kindFromCaptureOptions,
} as const satisfies { [K in keyof CommandTables]: () => Promise<CommandTables[K]> };

export type TableName = keyof typeof TABLE_LOADERS;
