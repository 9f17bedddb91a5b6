// Start-up: `whk --help` and `whk sample metric-alert` against `node -e 0` (SPEC: --help ≤ 1.5×).
import { BIN, median, report, timeCommand } from './lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);

async function medianMs(args) {
  const times = [];
  await timeCommand(process.execPath, args); // warm the file cache
  for (let i = 0; i < RUNS; i++) times.push((await timeCommand(process.execPath, args)).ms);
  return median(times);
}

const baseline = await medianMs(['-e', '0']);
report({ name: 'start-up: whk --help', unit: 'ms', whk: await medianMs([BIN, '--help']), baseline, target: 1.5, higherIsBetter: false });
report({ name: 'start-up: whk sample metric-alert', unit: 'ms', whk: await medianMs([BIN, 'sample', 'metric-alert', '--seed', '1']), baseline, target: 3, higherIsBetter: false, note: 'no SPEC target; loads zod and the kind' });
