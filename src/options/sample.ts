// `whk sample` options.
import { options } from './spec.js';

export const sampleOptions = options({
  variant: { flags: '--variant <variant>', description: 'which variant of the kind', type: 'string' },
  event: { flags: '--event <event>', description: 'which event, for kinds whose sender names its events (see whk kinds)', type: 'string' },
  seed: { flags: '--seed <n>', description: 'seed for reproducible samples (same seed, same bytes)', type: 'int', defaultHelp: 'a fresh one, told on stderr' },
  count: { flags: '--count <n>', description: 'records per batch, for batch kinds (impressions)', type: 'int', min: 1 },
  set: { flags: '--set <path=value>', description: 'override a field, e.g. data.environment.name=Staging (impressions: of every record, or [0].key of the first) (repeatable); a value that parses as JSON is read as JSON (3 a number, \'"3"\' a string), any other as text', type: 'list' },
  validate: { flags: '--no-validate', description: 'print the sample even when --set makes it invalid for the kind', type: 'negatable' },
  compact: { flags: '--compact', description: 'one line instead of indented JSON', type: 'boolean' },
});
