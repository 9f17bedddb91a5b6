// Validation: `whk validate` over an NDJSON file of impression batches versus a JSON.parse-only pass
// over the same file (SPEC: throughput ≥ 0.80×; peak memory under 150 MB for a 1 GB file).
// The file is 1 GB by default, the size SPEC names: whk's fixed start-up (loading zod and the
// kinds' schemas, about 0.1 s) is timed too, and reported, but does not dominate the figure.
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, median, paired, report, round, setting, timeCommand } from './lib.mjs';
import { measureValidate, writeImpressionsNdjson } from './validate-memory.mjs';

const SIZE_MB = setting('BENCH_VALIDATE_MB', 1024, 64);
const RUNS = setting('BENCH_RUNS', 5, 3);
const BASELINE = fileURLToPath(new URL('./baselines/json-parse-lines.mjs', import.meta.url));

const path = join(tmpdir(), `whk-bench-validate-${process.pid}.ndjson`);
const small = join(tmpdir(), `whk-bench-validate-one-${process.pid}.ndjson`);
try {
  await writeImpressionsNdjson(path, SIZE_MB * 1024 ** 2);
  // The fixed cost of each side: the same pass over a file of one payload.
  await writeImpressionsNdjson(small, 1);
  const fixed = async (args) => {
    const times = [];
    for (let i = 0; i < 5; i++) times.push((await timeCommand(process.execPath, args)).ms);
    return median(times);
  };
  const startup = { whk: await fixed([BIN, 'validate', small]), baseline: await fixed([BASELINE, small]) };
  process.stderr.write(`one payload: whk validate ${round(startup.whk)} ms, baseline ${round(startup.baseline)} ms\n`);
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
  process.stderr.write(`${Math.round(mb)} MB: whk validate ${round(median(whk))} ms, baseline ${round(median(baseline))} ms (medians of ${RUNS})\n`);
  report({
    name: `validate: ${Math.round(mb)} MB NDJSON`,
    unit: 'MB/s',
    whk: mb / (median(whk) / 1000),
    baseline: mb / (median(baseline) / 1000),
    // Throughput is the inverse of time: whk's over the baseline's is the baseline's time over whk's.
    ...paired(baseline, whk),
    target: 0.8,
    higherIsBetter: true,
    note: `whole runs, median of ${RUNS} ratios of the runs side by side; on a one-payload file whk takes ${Math.round(startup.whk)} ms, the baseline ${Math.round(startup.baseline)} ms`,
  });
  report({ name: 'validate: peak memory', unit: 'MB', whk: peak / 1024 ** 2, baseline: 150, target: 1, higherIsBetter: false, note: 'baseline column is the 150 MB ceiling' });
} finally {
  rmSync(path, { force: true });
  rmSync(small, { force: true });
}
