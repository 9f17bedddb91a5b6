// Sender: `whk send metric-alert --count N --concurrency C` against the bare node:http server,
// versus autocannon against the same server with the same body and C connections (SPEC: ≥ 0.80×).
// whk's rate is N / wall time of the whole command, start-up and JIT warm-up included; N is the
// number of requests autocannon answered in its timed run, so whk runs about as long and the
// fixed costs are amortized the same way. (A run of 1,000 is timed too, to show those fixed costs.)
// A plain undici request loop over the same count is timed as well: the floor of any sender built
// on undici, the HTTP client whk uses, which says how much of the gap is whk's own work.
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, load, report, round, startServer, timeCommand } from './lib.mjs';

const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONNECTIONS ?? 50);
const BARE = fileURLToPath(new URL('./baselines/bare-server.mjs', import.meta.url));
const UNDICI_LOOP = fileURLToPath(new URL('./baselines/undici-loop.mjs', import.meta.url));

const sample = await timeCommand(process.execPath, [BIN, 'sample', 'metric-alert', '--seed', '1', '--compact']);
if (sample.code !== 0) throw new Error(`whk sample failed: ${sample.stderr}`);
const body = sample.stdout.trim();

const server = await startServer(process.execPath, [BARE]);
try {
  await load(server.url, { body, connections: CONCURRENCY, amount: 2000 });
  const baseline = await load(server.url, { body, connections: CONCURRENCY, duration: DURATION });
  if (baseline.errors || baseline.non2xx) throw new Error(`autocannon saw ${baseline.errors} errors and ${baseline.non2xx} non-2xx answers`);
  process.stderr.write(`autocannon: ${Math.round(baseline.rps)} req/s (${baseline.total} in ${baseline.seconds} s, ${CONCURRENCY} connections)\n`);

  const send = (count) => timeCommand(process.execPath, [BIN, 'send', 'metric-alert', '--url', server.url, '--count', String(count), '--concurrency', String(CONCURRENCY), '--seed', '1']);
  const small = await send(1000);
  const count = Math.max(1000, Math.round(baseline.rps * DURATION));
  const run = await send(count);
  if (run.code !== 0) throw new Error(`whk send exited ${run.code}: ${run.stderr.slice(0, 500)}`);
  const delivered = /(\d+) delivered, (\d+) failed/.exec(run.stderr);
  if (!delivered || Number(delivered[1]) !== count) throw new Error(`whk send did not deliver all ${count}: ${run.stderr.slice(-300)}`);
  const bodyFile = join(tmpdir(), `whk-bench-sender-${process.pid}.json`);
  writeFileSync(bodyFile, body);
  const loop = await timeCommand(process.execPath, [UNDICI_LOOP, server.url, String(count), String(CONCURRENCY), bodyFile]);
  rmSync(bodyFile, { force: true });
  if (loop.code !== 0) throw new Error(`undici loop failed: ${loop.stderr}`);
  const loopRps = count / (loop.ms / 1000);
  process.stderr.write(`plain undici loop: ${count} in ${round(loop.ms / 1000, 2)} s = ${Math.round(loopRps)} req/s\n`);
  const rps = count / (run.ms / 1000);
  // The marginal rate leaves out start-up and warm-up: (N - 1000) more deliveries in (T - T1000).
  const marginal = (count - 1000) / ((run.ms - small.ms) / 1000);
  process.stderr.write(`whk send: ${count} in ${round(run.ms / 1000, 2)} s = ${Math.round(rps)} req/s; 1,000 took ${round(small.ms / 1000, 2)} s; marginal ${Math.round(marginal)} req/s\n`);
  report({
    name: `sender: send --count ${count} --concurrency ${CONCURRENCY}`,
    unit: 'req/s',
    whk: rps,
    baseline: baseline.rps,
    target: 0.8,
    higherIsBetter: true,
    note:
      `whole command incl. start-up; 1,000 alone take ${round(small.ms / 1000, 2)} s; marginal rate ${Math.round(marginal)} req/s (${round(marginal / baseline.rps, 2)}×); ` +
      `a plain undici loop of the same count: ${Math.round(loopRps)} req/s (${round(loopRps / baseline.rps, 2)}×)`,
  });
} finally {
  await server.stop();
}
