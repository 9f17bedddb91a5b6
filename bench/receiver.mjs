// Receiver: requests/s of `whk listen --save FILE` (decode, detect, validate, capture, answer)
// against a bare node:http server that reads the body and answers 200; same load generator
// (autocannon, in this process), same body, same connections and duration (SPEC: ≥ 0.70×).
// Also checks the capture: a warm-up of a fixed number of requests must leave exactly that many
// lines, and after the timed run every 2xx answered must be in the file and every line must parse.
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, load, report, startServer, timeCommand } from './lib.mjs';

const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2000);
const BARE = fileURLToPath(new URL('./baselines/bare-server.mjs', import.meta.url));

const sample = await timeCommand(process.execPath, [BIN, 'sample', 'metric-alert', '--seed', '1', '--compact']);
if (sample.code !== 0) throw new Error(`whk sample failed: ${sample.stderr}`);
const body = sample.stdout.trim();

async function measure(server) {
  try {
    const warm = await load(server.url, { body, connections: CONNECTIONS, amount: WARMUP });
    const timed = await load(server.url, { body, connections: CONNECTIONS, duration: DURATION });
    if (timed.errors || timed.non2xx) throw new Error(`${timed.errors} errors and ${timed.non2xx} non-2xx answers under load`);
    return { warm, timed };
  } finally {
    server.exit = await server.stop();
  }
}

const bare = await measure(await startServer(process.execPath, [BARE]));
process.stderr.write(`bare node:http: ${Math.round(bare.timed.rps)} req/s (${bare.timed.total} in ${bare.timed.seconds} s)\n`);

const save = join(tmpdir(), `whk-bench-receiver-${process.pid}.ndjson`);
try {
  const server = await startServer(process.execPath, [BIN, 'listen', '--port', '0', '--save', save]);
  const whk = await measure(server);
  process.stderr.write(`whk listen --save: ${Math.round(whk.timed.rps)} req/s (${whk.timed.total} in ${whk.timed.seconds} s)\n`);
  if (server.exit.code !== 0) throw new Error(`whk listen exited ${server.exit.code}: ${server.exit.stderr}`);

  const lines = readFileSync(save, 'utf8').split('\n').filter((line) => line !== '');
  let parsed = 0;
  let answered200 = 0;
  for (const line of lines) {
    const record = JSON.parse(line);
    parsed++;
    if (record.status === 200 && record.valid) answered200++;
  }
  const acknowledged = whk.warm.ok + whk.timed.ok;
  // autocannon drops the answers still in flight when its time is up; those were recorded first.
  const inFlightAtStop = lines.length - acknowledged;
  const whole = parsed === lines.length && answered200 === lines.length && whk.warm.ok === WARMUP && inFlightAtStop >= 0 && inFlightAtStop <= CONNECTIONS;
  process.stderr.write(
    `capture: ${lines.length} lines, all parse; ${acknowledged} 2xx acknowledged (warm-up ${whk.warm.ok} of ${WARMUP} exact), ` +
      `${inFlightAtStop} more recorded whose answers were in flight when the load stopped\n`,
  );
  report({ name: `receiver: listen --save, ${CONNECTIONS} conns`, unit: 'req/s', whk: whk.timed.rps, baseline: bare.timed.rps, target: 0.7, higherIsBetter: true });
  report({
    name: 'receiver: 2xx captured',
    unit: 'req',
    whk: Math.min(lines.length, acknowledged),
    baseline: acknowledged,
    target: 1,
    higherIsBetter: true,
    note: `${lines.length} lines, all parse; ${inFlightAtStop} in flight at stop also recorded${whole ? '' : '; CHECK FAILED'}`,
  });
  if (!whole) process.exitCode = 1;
} finally {
  rmSync(save, { force: true });
}
