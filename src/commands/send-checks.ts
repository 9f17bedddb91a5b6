// `whk send`'s pairs of flags that cannot both hold or whose effect would never show: refused (exit
// 2, one line) before anything is read or sent, rather than one silently winning or doing nothing.
import { fieldRef, UsageError } from '../errors.js';
import type { ParsedOptions } from '../options/schema.js';
import type { sendOptions } from '../options/send.js';
import { checkField, eventRate } from '../util/checks.js';

type Options = ParsedOptions<typeof sendOptions>;

// Flags that describe one kind's payload make no sense for `send all`.
const PAYLOAD_FLAGS = ['data', 'variant', 'event', 'set', 'environment', 'alertType', 'lifecycle', 'senderVersion'] as const;
// Flags that only mean something for a stream (--rate); the flags a stream cannot honour say so in
// the option table (their conflicts).
const STREAM_FLAGS = ['duration', 'total', 'flushInterval', 'batchSize', 'pause', 'pauseWindow', 'pauseMinAttempts', 'pauseErrorRate', 'pauseCooldown', 'pauseMax', 'maxQueue', 'pauseDrop', 'drainTimeout'] as const;

/**
 * The pairs send refuses; `custom`: the kind is the user's own (--schema). Returns whether anything
 * is drawn from the seed: a payload given (--data, a --schema's example) draws nothing unless a
 * secret signs it, whose scheme may sign message ids drawn from the seed, or --duplicates draws
 * which deliveries go twice.
 */
export function checkSendPairs(target: string, options: Options, custom: boolean): boolean {
  if (target === 'all') {
    const used = PAYLOAD_FLAGS.find((flag) => (flag === 'set' ? options.set.length > 0 : options[flag] !== undefined));
    if (used) throw new UsageError(`${fieldRef(used)} cannot be used with 'send all'`, 'name one kind instead, e.g. whk send metric-alert');
  }
  checkStreamFlags(target, options);
  const seeded = (options.data === undefined && !custom) || options.secret !== undefined || options.duplicates !== undefined;
  if (options.seed !== undefined && !seeded) {
    const given = options.data !== undefined ? '--data' : "--schema's example";
    throw new UsageError(`--seed has no effect with ${given}: the payload is given, and nothing else is drawn from the seed`, 'drop --seed (with a given payload it draws only what --duplicates repeats and the message ids --secret signs)');
  }
  return seeded;
}

function checkStreamFlags(target: string, options: Options): void {
  const given = (flag: keyof Options): boolean => options[flag] !== undefined;
  if (options.rate === undefined) {
    const used = STREAM_FLAGS.find(given);
    if (used) throw new UsageError(`${fieldRef(used)} applies to streaming sends`, 'add --rate, e.g. --rate 200/s --duration 60s');
    return;
  }
  if (target === 'all') throw new UsageError("--rate streams one kind; it cannot be used with 'send all'");
  checkField('rate', options.rate, eventRate);
}
