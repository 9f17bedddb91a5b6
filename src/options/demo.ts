// `whk demo` options.
import { options } from './spec.js';

export const demoOptions = options({
  seed: { flags: '--seed <n>', description: 'seed of the samples', type: 'int', fallback: 1, defaultHelp: '"1"' },
  // At most MAX_RECORDS_PER_BATCH (kinds/sample.ts, not imported: --help loads no kind): past it the
  // sample's refusal named --count, a flag demo does not have. A test holds the two equal.
  batchSize: { flags: '--batch-size <n>', description: 'events in the impressions batch', type: 'int', min: 1, max: 100_000, fallback: 20, defaultHelp: '"20"' },
  save: { flags: '--save <file>', description: 'also write the captures to this NDJSON file', type: 'string', nonEmpty: true },
});
