// Start-up: `whk --help`, `whk sample metric-alert` and one `whk send` to a local server against
// `node -e 0` (SPEC: --help ≤ 1.5×). The commands take turns run after run, so a busy moment on a
// shared machine hits all of them alike; each ratio is the median of the runs' ratios to the
// node -e 0 run beside them.
import { fileURLToPath } from 'node:url';
import { BIN, median, paired, report, setting, startServer, timeCommand } from './lib.mjs';

const RUNS = setting('BENCH_RUNS', 15, 7);
const BARE = fileURLToPath(new URL('./baselines/bare-server.mjs', import.meta.url));

const server = await startServer(process.execPath, [BARE]);
const COMMANDS = {
  baseline: ['-e', '0'],
  help: [BIN, '--help'],
  sample: [BIN, 'sample', 'metric-alert', '--seed', '1'],
  send: [BIN, 'send', 'metric-alert', '--seed', '1', '--url', server.url],
};

const times = { baseline: [], help: [], sample: [], send: [] };
try {
  for (const args of Object.values(COMMANDS)) await timeCommand(process.execPath, args); // warm the file cache
  for (let i = 0; i < RUNS; i++) {
    for (const [name, args] of Object.entries(COMMANDS)) {
      const run = await timeCommand(process.execPath, args);
      if (run.code !== 0) throw new Error(`${args.join(' ')} exited ${run.code}: ${run.stderr.slice(0, 300)}`);
      times[name].push(run.ms);
    }
  }
} finally {
  await server.stop();
}
const baseline = median(times.baseline);
const note = `median of ${RUNS} ratios, each to the node -e 0 run beside it`;
report({ name: 'start-up: whk --help', unit: 'ms', whk: median(times.help), baseline, ...paired(times.help, times.baseline), target: 1.5, higherIsBetter: false, note });
report({ name: 'start-up: whk sample metric-alert', unit: 'ms', whk: median(times.sample), baseline, ...paired(times.sample, times.baseline), target: 3, higherIsBetter: false, note: `${note}; no SPEC target; loads the kind, not zod (its schemas are built when something validates)` });
report({ name: 'start-up: whk send metric-alert (one delivery)', unit: 'ms', whk: median(times.send), baseline, ...paired(times.send, times.baseline), higherIsBetter: false, note: `${note}; to the bare node:http server; loads the kind and undici, not zod, and waits for the answer` });
