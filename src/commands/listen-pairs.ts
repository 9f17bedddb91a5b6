// `whk listen`'s flags that cannot hold together: the receiver's own pairs (receiver/option-pairs.ts,
// which listen() refuses too), and those of the command line alone (--status, --ui, --ui-port).
import { UsageError } from '../errors.js';
import type { Kind } from '../kinds/types.js';
import type { OptionsOf } from '../options/spec.js';
import type { listenOptions } from '../options/listen.js';
import { checkReceiverPairs } from '../receiver/option-pairs.js';

type ListenFlags = OptionsOf<typeof listenOptions>;

/**
 * `given(field)`: the flag was on the command line (a field with a fallback, --tolerance, --ui-port,
 * has a value either way). `kinds`: the kinds --kind may name (with --schema's own).
 */
export function checkListenPairs(options: ListenFlags, given: (field: keyof ListenFlags) => boolean, kinds: readonly Kind[]): void {
  if (options.status !== undefined && options.respond !== undefined) throw new UsageError('give --status or --respond, not both', '--respond 500,200 answers 500 first, then 200 for every later request');
  checkReceiverPairs({ ...options, tolerance: given('tolerance') }, kinds);
  if (given('uiPort') && !options.ui) throw new UsageError('--ui-port needs --ui', 'it is the port of the inspector page --ui serves');
  // Bound after the receiver, the page found its port taken and blamed someone else ("is in use").
  if (options.ui && options.uiPort !== 0 && options.uiPort === options.port) throw new UsageError(`--ui-port ${options.uiPort} is --port's too: the page needs a port of its own`, 'leave out --ui-port for any free port, or pick another');
}
