// Validation: `whk validate` over an NDJSON file of impression batches versus a JSON.parse-only pass
// over the same file (SPEC: throughput ≥ 0.80×; peak memory under 150 MB for any size).
import { rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, report, timeCommand } from './lib.mjs';
import { measureValidate, writeImpressionsNdjson } from './validate-memory.mjs';

const SIZE_MB = Number(process.env.BENCH_VALIDATE_MB ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BASELINE = fileURLToPath(new URL('./baselines/json-parse-lines.mjs', import.meta.url));

const path = join(tmpdir(), `whk-bench-validate-${process.pid}.ndjson`);
try {
  await writeImpressionsNdjson(path, SIZE_MB * 1024 ** 2);
  const mb = statSync(path).size / 1024 ** 2;
  const baseline = [];
  const whk = [];
  let peak = 0;
  for (let i = 0; i < RUNS; i++) {
    baseline.push((await timeCommand(process.execPath, [BASELINE, path])).ms);
    const run = await measureValidate(path);
    if (run.code !== 0) throw new Error(`whk validate exited ${run.code}: ${run.summary}`);
    whk.push(run.seconds * 1000);
    peak = Math.max(peak, run.peakRss);
  }
  report({ name: `validate: ${Math.round(mb)} MB NDJSON`, unit: 'MB/s', whk: mb / (median(whk) / 1000), baseline: mb / (median(baseline) / 1000), target: 0.8, higherIsBetter: true });
  report({ name: 'validate: peak memory', unit: 'MB', whk: peak / 1024 ** 2, baseline: 150, target: 1, higherIsBetter: false, note: 'baseline column is the 150 MB ceiling' });
} finally {
  rmSync(path, { force: true });
}
