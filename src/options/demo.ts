// `whk demo` options.
import { options } from './spec.js';

export const demoOptions = options({
  seed: { flags: '--seed <n>', description: 'seed of the samples (default 1)', type: 'int', fallback: 1 },
  batchSize: { flags: '--batch-size <n>', description: 'impressions in the batch (default 20)', type: 'int', min: 1, fallback: 20 },
  save: { flags: '--save <file>', description: 'also write the captures to this NDJSON file', type: 'string', nonEmpty: true },
});
