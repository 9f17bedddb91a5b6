// Receiver: requests/s of `whk listen --save FILE` (decode, detect, validate, capture, answer)
// against a bare node:http server that reads the body and answers 200; same load generator
// (autocannon, in this process), same body, same connections and duration (SPEC: ≥ 0.70×).
// The machine is shared, so both servers run side by side and are loaded in alternating rounds;
// the figures are the medians. Then the capture is checked: a warm-up of a fixed number of
// requests must leave exactly that many lines, and every 2xx answered must be in the file.
import { createReadStream, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, load, median, report, startServer, timeCommand } from './lib.mjs';

const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2000);
const BARE = fileURLToPath(new URL('./baselines/bare-server.mjs', import.meta.url));

const sample = await timeCommand(process.execPath, [BIN, 'sample', 'metric-alert', '--seed', '1', '--compact']);
if (sample.code !== 0) throw new Error(`whk sample failed: ${sample.stderr}`);
const body = sample.stdout.trim();

const save = join(tmpdir(), `whk-bench-receiver-${process.pid}.ndjson`);
/** Reads the capture file line by line: how many lines, and how many valid and answered 200 (each must parse). */
async function scan(path) {
  let lines = 0;
  let answered200 = 0;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (line === '') continue;
    const record = JSON.parse(line);
    lines++;
    if (record.status === 200 && record.valid) answered200++;
  }
  return { lines, answered200 };
}

const bare = await startServer(process.execPath, [BARE]);
let whk;
try {
  whk = await startServer(process.execPath, [BIN, 'listen', '--port', '0', '--save', save]);
  const warm = { bare: await load(bare.url, { body, connections: CONNECTIONS, amount: WARMUP }), whk: await load(whk.url, { body, connections: CONNECTIONS, amount: WARMUP }) };
  // The warm-up waited for every answer, so the file must hold exactly what was acknowledged.
  const afterWarmup = (await scan(save)).lines;
  const rounds = { bare: [], whk: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, server] of [['bare', bare], ['whk', whk]]) {
      const run = await load(server.url, { body, connections: CONNECTIONS, duration: DURATION });
      if (run.errors || run.non2xx) throw new Error(`${name}: ${run.errors} errors and ${run.non2xx} non-2xx answers under load`);
      rounds[name].push(run);
      process.stderr.write(`round ${round + 1} ${name === 'bare' ? 'bare node:http   ' : 'whk listen --save'}: ${Math.round(run.rps)} req/s (${run.total} in ${run.seconds} s)\n`);
    }
  }
  const exit = await whk.stop();
  whk = undefined;
  if (exit.code !== 0) throw new Error(`whk listen exited ${exit.code}: ${exit.stderr}`);

  const { lines, answered200 } = await scan(save);
  const acknowledged = warm.whk.ok + rounds.whk.reduce((sum, run) => sum + run.ok, 0);
  // autocannon drops the answers still in flight when a timed round ends; those were recorded first.
  const inFlight = lines - acknowledged;
  const whole = afterWarmup === WARMUP && warm.whk.ok === WARMUP && answered200 === lines && inFlight >= 0 && inFlight <= CONNECTIONS * ROUNDS;
  process.stderr.write(
    `capture: ${lines} lines, all parse, all valid and answered 200; warm-up ${afterWarmup} lines for ${warm.whk.ok} acknowledged of ${WARMUP}; ` +
      `${acknowledged} acknowledged in all, ${inFlight} more recorded whose answers were in flight when a round ended\n`,
  );
  const rps = (name) => median(rounds[name].map((run) => run.rps));
  report({ name: `receiver: listen --save, ${CONNECTIONS} conns`, unit: 'req/s', whk: rps('whk'), baseline: rps('bare'), target: 0.7, higherIsBetter: true, note: `median of ${ROUNDS} alternating ${DURATION} s rounds` });
  report({
    name: 'receiver: 2xx captured',
    unit: 'req',
    whk: Math.min(lines, acknowledged),
    baseline: acknowledged,
    target: 1,
    higherIsBetter: true,
    note: `${lines} lines, all parse; warm-up exact (${afterWarmup} = ${WARMUP}); ${inFlight} in flight at round ends also recorded${whole ? '' : '; CHECK FAILED'}`,
  });
  if (!whole) process.exitCode = 1;
} finally {
  await whk?.stop();
  await bare.stop();
  rmSync(save, { force: true });
}
