// Start-up: `whk --help` and `whk sample metric-alert` against `node -e 0` (SPEC: --help ≤ 1.5×).
// The three commands take turns run after run, so a busy moment on a shared machine hits all of
// them alike; each ratio is the median of the runs' ratios to the node -e 0 run beside them.
import { BIN, median, paired, report, setting, timeCommand } from './lib.mjs';

const RUNS = setting('BENCH_RUNS', 15, 7);
const COMMANDS = { baseline: ['-e', '0'], help: [BIN, '--help'], sample: [BIN, 'sample', 'metric-alert', '--seed', '1'] };

const times = { baseline: [], help: [], sample: [] };
for (const args of Object.values(COMMANDS)) await timeCommand(process.execPath, args); // warm the file cache
for (let i = 0; i < RUNS; i++) {
  for (const [name, args] of Object.entries(COMMANDS)) times[name].push((await timeCommand(process.execPath, args)).ms);
}
const baseline = median(times.baseline);
const note = `median of ${RUNS} ratios, each to the node -e 0 run beside it`;
report({ name: 'start-up: whk --help', unit: 'ms', whk: median(times.help), baseline, ...paired(times.help, times.baseline), target: 1.5, higherIsBetter: false, note });
report({ name: 'start-up: whk sample metric-alert', unit: 'ms', whk: median(times.sample), baseline, ...paired(times.sample, times.baseline), target: 3, higherIsBetter: false, note: `${note}; no SPEC target; loads zod and the kind` });
