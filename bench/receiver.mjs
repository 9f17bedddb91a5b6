// Receiver: requests/s of `whk listen --save FILE` (decode, detect, validate, capture, answer)
// against, under the same autocannon load (same body, connections and round length):
//   - the floor receiver (baselines/floor-receiver.mjs): the least code that does what SPEC asks
//     of a receiver, JSON.parse and one NDJSON line written before the answer (SPEC: ≥ 0.85×);
//   - mockttp recording its traffic (baselines/mockttp-server.mjs), the peer (SPEC: ≥ 1.5×);
//   - the bare node:http server, which only reads the body: the physical limit, for reference;
//   - whk listen --save --ui with the inspector page open (a client reading its event stream),
//     against listen --save alone (the page may cost at most 5%);
//   - for reference, the CPU per request of whk and the floor, and of the open page and whk, in the
//     same rounds (Linux only: read from /proc).
// The machine is shared, so every server runs side by side; each comparison is a pair loaded back
// to back, in turns, and its ratio is the median of the pairs' ratios. Then whk's capture
// is checked: a warm-up of a fixed number of requests must leave exactly that many lines, and
// every 2xx answered must be in the file.
import { createReadStream, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, cpuOf, inspectorUrlOf, load, median, openPage, paired, report, sampleBody, setting, startServer } from './lib.mjs';

const DURATION = setting('BENCH_DURATION', 3, 2);
const ROUNDS = setting('BENCH_ROUNDS', 7, 3);
const CONNECTIONS = setting('BENCH_CONNECTIONS', 50, 50);
const WARMUP = setting('BENCH_WARMUP', 2000, 2000);
const baseline = (name) => fileURLToPath(new URL(`./baselines/${name}`, import.meta.url));

const body = await sampleBody();

const files = { whk: tmp('whk'), ui: tmp('ui'), floor: tmp('floor') };
function tmp(name) {
  return join(tmpdir(), `whk-bench-receiver-${name}-${process.pid}.ndjson`);
}

/** Reads a capture file line by line: how many lines, and how many valid and answered 200 (each must parse). */
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

// Names in the order they take turns; each is loaded once per round.
const LABELS = {
  bare: 'bare node:http            ',
  floor: 'floor receiver            ',
  mockttp: 'mockttp (recording)       ',
  whk: 'whk listen --save         ',
  ui: 'whk listen --save --ui, page open',
};
const servers = {};
let page;
try {
  servers.bare = await startServer(process.execPath, [baseline('bare-server.mjs')]);
  servers.floor = await startServer(process.execPath, [baseline('floor-receiver.mjs'), files.floor]);
  servers.mockttp = await startServer(process.execPath, [baseline('mockttp-server.mjs')]);
  servers.whk = await startServer(process.execPath, [BIN, 'listen', '--port', '0', '--save', files.whk]);
  servers.ui = await startServer(process.execPath, [BIN, 'listen', '--port', '0', '--save', files.ui, '--ui']);
  page = await openPage(inspectorUrlOf(servers.ui));

  const warm = {};
  for (const name of Object.keys(LABELS)) warm[name] = await load(servers[name].url, { body, connections: CONNECTIONS, amount: WARMUP });
  // The warm-up waited for every answer, so the file must hold exactly what was acknowledged.
  const afterWarmup = (await scan(files.whk)).lines;
  // Each comparison is a pair loaded back to back (the one first in a round is second in the next),
  // and its figure is the median of the pairs' ratios: the machine's speed drifts between rounds
  // by more than the differences measured, but the two of a pair share their moment.
  const PAIRS = [
    ['whk', 'floor'],
    ['whk', 'mockttp'],
    ['whk', 'bare'],
    ['floor', 'bare'],
    ['ui', 'whk'],
  ];
  const rounds = Object.fromEntries(Object.keys(LABELS).map((name) => [name, []]));
  // Each pair's req/s, and CPU per request, of its first and second.
  const measured = PAIRS.map(() => ({ first: [], second: [], firstCpu: [], secondCpu: [] }));
  const run = async (round, name) => {
    const cpuBefore = cpuOf?.(servers[name].child.pid);
    const result = await load(servers[name].url, { body, connections: CONNECTIONS, duration: DURATION });
    if (result.errors || result.non2xx || result.total === 0) throw new Error(`${name}: ${result.errors} errors and ${result.non2xx} non-2xx answers under load`);
    if (cpuOf) result.cpuPerRequest = (cpuOf(servers[name].child.pid) - cpuBefore) / result.total;
    rounds[name].push(result);
    process.stderr.write(`round ${round + 1} ${LABELS[name]}: ${Math.round(result.rps)} req/s (${result.total} in ${result.seconds} s)\n`);
    return result;
  };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, [a, b]] of PAIRS.entries()) {
      const order = round % 2 === 0 ? [a, b] : [b, a];
      const results = { [order[0]]: await run(round, order[0]), [order[1]]: await run(round, order[1]) };
      measured[i].first.push(results[a].rps);
      measured[i].second.push(results[b].rps);
      measured[i].firstCpu.push(results[a].cpuPerRequest);
      measured[i].secondCpu.push(results[b].cpuPerRequest);
    }
  }
  const pairOf = (a, b) => measured[PAIRS.findIndex(([x, y]) => x === a && y === b)];
  const pairsOf = (a, b) => paired(pairOf(a, b).first, pairOf(a, b).second);
  // CPU per request: lower is better, as for a time.
  const cpuRow = (a, b, name) => {
    const { firstCpu, secondCpu } = pairOf(a, b);
    const cpuNote = `median of ${ROUNDS} ratios of the same pairs; µs/req are medians of each server's user and system time (/proc, all its threads) over its round's requests`;
    report({ name, unit: 'µs/req', whk: median(firstCpu), baseline: median(secondCpu), ...paired(firstCpu, secondCpu), higherIsBetter: false, note: cpuNote });
  };
  const pageBytes = await page.close();
  page = undefined;
  for (const name of ['whk', 'ui']) {
    const exit = await servers[name].stop();
    delete servers[name];
    if (exit.code !== 0) throw new Error(`whk listen exited ${exit.code}: ${exit.stderr}`);
  }

  const { lines, answered200 } = await scan(files.whk);
  const acknowledged = warm.whk.ok + rounds.whk.reduce((sum, run) => sum + run.ok, 0);
  // autocannon drops the answers still in flight when a timed round ends; those were recorded first.
  const inFlight = lines - acknowledged;
  const whole = afterWarmup === WARMUP && warm.whk.ok === WARMUP && answered200 === lines && inFlight >= 0 && inFlight <= CONNECTIONS * rounds.whk.length;
  process.stderr.write(
    `capture: ${lines} lines, all parse, all valid and answered 200; warm-up ${afterWarmup} lines for ${warm.whk.ok} acknowledged of ${WARMUP}; ` +
      `${acknowledged} acknowledged in all, ${inFlight} more recorded whose answers were in flight when a round ended; ` +
      `the open page read ${Math.round(pageBytes / 1024)} kB of rows\n`,
  );
  const rps = (name) => median(rounds[name].map((result) => result.rps));
  const note = `median of ${ROUNDS} ratios of pairs loaded back to back (${DURATION} s each, ${CONNECTIONS} connections, alternating which goes first); req/s are medians`;
  const conns = `${CONNECTIONS} conns`;
  report({ name: `receiver: listen --save / floor, ${conns}`, unit: 'req/s', whk: rps('whk'), baseline: rps('floor'), ...pairsOf('whk', 'floor'), target: 0.85, higherIsBetter: true, note });
  report({ name: `receiver: listen --save / mockttp, ${conns}`, unit: 'req/s', whk: rps('whk'), baseline: rps('mockttp'), ...pairsOf('whk', 'mockttp'), target: 1.5, higherIsBetter: true, note });
  report({ name: `receiver: listen --save / bare node:http`, unit: 'req/s', whk: rps('whk'), baseline: rps('bare'), ...pairsOf('whk', 'bare'), higherIsBetter: true, note: `${note}; the physical limit` });
  report({ name: `receiver: floor / bare node:http`, unit: 'req/s', whk: rps('floor'), baseline: rps('bare'), ...pairsOf('floor', 'bare'), higherIsBetter: true, note: `${note}; what the floor's own work costs` });
  if (cpuOf) cpuRow('whk', 'floor', 'receiver: CPU per request, listen --save / floor');
  report({ name: `receiver: page open / listen --save`, unit: 'req/s', whk: rps('ui'), baseline: rps('whk'), ...pairsOf('ui', 'whk'), target: 0.95, higherIsBetter: true, note: `${note}; --ui with a client reading /api/events from a process of its own` });
  if (cpuOf) cpuRow('ui', 'whk', 'receiver: CPU per request, page open / listen --save');
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
  await page?.close();
  for (const server of Object.values(servers)) await server.stop();
  for (const file of Object.values(files)) rmSync(file, { force: true });
}
