// Sender: `whk send metric-alert --count N --concurrency C` as a whole process (start-up, payload
// generation, policy, output) against the floor of any sender built on undici, the HTTP client whk
// uses: a plain undici request loop (baselines/undici-loop.mjs) sending one fixed body N times
// with the same concurrency, also a whole process (SPEC: ≥ 0.90×). Both send to the bare node:http
// server and take turns, round after round; the figures are medians. autocannon against the same
// server stays in the table as the limit of the load generator, and a run of 1,000 shows whk's
// fixed costs. Each round also pairs the two over 500 deliveries, a run of the size a test suite or
// a replay makes. The ratio is the median of each round's pair. For reference, each round also
// times the plain loop sending a payload generated per request by whk's own generator, as whk
// sends them (baselines/undici-generating-loop.mjs): what generating alone leaves of the floor.
// Where Linux's /proc tells it, each run's CPU time is read too, and shown a delivery for reference.
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, load, median, paired, report, round, sampleBody, setting, startServer, timeCommand } from './lib.mjs';

const COUNT = setting('BENCH_SEND_COUNT', 30000, 30000);
const ROUNDS = setting('BENCH_ROUNDS', 5, 3);
const DURATION = setting('BENCH_DURATION', 5, 2);
const CONCURRENCY = setting('BENCH_CONNECTIONS', 50, 50);
// A run of the size a test suite or a replay makes: start-up and warm-up weigh more in it.
const SHORT = 500;
// What whk sends, and what the generating loop generates: the same kind and seeds.
const KIND = 'metric-alert';
const SEED = 1;
const BARE = fileURLToPath(new URL('./baselines/bare-server.mjs', import.meta.url));
const UNDICI_LOOP = fileURLToPath(new URL('./baselines/undici-loop.mjs', import.meta.url));
const GENERATING_LOOP = fileURLToPath(new URL('./baselines/undici-generating-loop.mjs', import.meta.url));

const body = await sampleBody();
const bodyFile = join(tmpdir(), `whk-bench-sender-${process.pid}.json`);
writeFileSync(bodyFile, body);

const server = await startServer(process.execPath, [BARE]);
try {
  await load(server.url, { body, connections: CONCURRENCY, amount: 2000 });
  const limit = await load(server.url, { body, connections: CONCURRENCY, duration: DURATION });
  if (limit.errors || limit.non2xx) throw new Error(`autocannon saw ${limit.errors} errors and ${limit.non2xx} non-2xx answers`);
  process.stderr.write(`autocannon: ${Math.round(limit.rps)} req/s (${limit.total} in ${limit.seconds} s, ${CONCURRENCY} connections)\n`);

  // `given`: send the loop's own body every time (--data), so what is left of the gap is whk's
  // delivery machinery alone, without generating and serializing a payload per delivery.
  const send = async (count, given = false) => {
    const payload = given ? ['--data', bodyFile] : ['--seed', String(SEED)];
    const run = await timeCommand(process.execPath, [BIN, 'send', KIND, '--url', server.url, '--count', String(count), '--concurrency', String(CONCURRENCY), ...payload]);
    if (run.code !== 0) throw new Error(`whk send exited ${run.code}: ${run.stderr.slice(0, 500)}`);
    const delivered = /(\d+) delivered, (\d+) failed/.exec(run.stderr);
    if (!delivered || Number(delivered[1]) !== count) throw new Error(`whk send did not deliver all ${count}: ${run.stderr.slice(-300)}`);
    return run;
  };
  // `generating`: the loop sends, instead of one body, the payloads whk's generator makes for the
  // kind and seeds whk sends: what generating leaves of the floor.
  const loop = async (count, generating = false) => {
    const rest = generating ? [GENERATING_LOOP, server.url, String(count), String(CONCURRENCY), KIND, String(SEED)] : [UNDICI_LOOP, server.url, String(count), String(CONCURRENCY), bodyFile];
    const run = await timeCommand(process.execPath, rest);
    if (run.code !== 0) throw new Error(`${generating ? 'generating ' : ''}undici loop failed: ${run.stderr}`);
    return run;
  };
  const small = (await send(1000)).ms;
  const runs = { whk: () => send(COUNT), loop: () => loop(COUNT), data: () => send(COUNT, true), generating: () => loop(COUNT, true), whkShort: () => send(SHORT), loopShort: () => loop(SHORT) };
  // Each command's runs, round by round; of each, its wall time (ms) and its CPU time (µs, user and
  // system of the whole process, where /proc tells it).
  const measured = Object.fromEntries(Object.keys(runs).map((name) => [name, []]));
  const times = (name) => measured[name].map((run) => run.ms);
  const cpus = (name) => measured[name].map((run) => run.cpuUs);
  for (let i = 0; i < ROUNDS; i++) {
    // Back to back, the loop between the two whk runs, and in turns which goes first: each pair
    // with the loop shares the machine's moment.
    for (const name of i % 2 === 0 ? ['whk', 'loop', 'generating', 'data', 'whkShort', 'loopShort'] : ['loopShort', 'whkShort', 'data', 'generating', 'loop', 'whk']) {
      measured[name].push(await runs[name]());
    }
    const seconds = (name) => round(times(name).at(-1) / 1000, 2);
    process.stderr.write(`round ${i + 1}: whk send ${seconds('whk')} s, whk send --data ${seconds('data')} s, plain undici loop ${seconds('loop')} s, the loop generating ${seconds('generating')} s (${COUNT} requests each); ${SHORT}: whk ${seconds('whkShort')} s, loop ${seconds('loopShort')} s\n`);
  }
  const rps = (name, count = COUNT) => count / (median(times(name)) / 1000);
  // The marginal rate leaves out start-up and warm-up: (N - 1000) more deliveries in (T - T1000).
  const marginal = (COUNT - 1000) / ((median(times('whk')) - small) / 1000);
  const note = `whole processes, median of the ratios of ${ROUNDS} rounds (each a pair run back to back); 1,000 alone take whk ${round(small / 1000, 2)} s; whk's marginal rate ${Math.round(marginal)} req/s`;
  // Rates are the inverse of times: whk's rate over the loop's is the loop's time over whk's.
  report({ name: `sender: send --count ${COUNT} --concurrency ${CONCURRENCY} / undici loop`, unit: 'req/s', whk: rps('whk'), baseline: rps('loop'), ...paired(times('loop'), times('whk')), target: 0.9, higherIsBetter: true, note });
  report({
    name: `sender: send --data (one body, as the loop) / undici loop`,
    unit: 'req/s',
    whk: rps('data'),
    baseline: rps('loop'),
    ...paired(times('loop'), times('data')),
    higherIsBetter: true,
    note: 'the same body every time, as the loop sends it: the gap left is whk itself (start-up, policy, output), not generating a payload per delivery',
  });
  report({
    name: `sender: undici loop generating each payload / undici loop`,
    unit: 'req/s',
    whk: rps('generating'),
    baseline: rps('loop'),
    ...paired(times('loop'), times('generating')),
    higherIsBetter: true,
    note: "the plain loop sending a payload made per request by whk's generator (baselines/undici-generating-loop.mjs) and nothing else: what generating and serializing alone leave of the floor",
  });
  report({
    name: `sender: send / undici loop generating each payload`,
    unit: 'req/s',
    whk: rps('whk'),
    baseline: rps('generating'),
    ...paired(times('generating'), times('whk')),
    higherIsBetter: true,
    note: 'whk against the loop that generates as it does: what the rest of whk costs on top of generating (start-up, policy, output)',
  });
  report({
    name: `sender: send --count ${SHORT} / undici loop`,
    unit: 'req/s',
    whk: rps('whkShort', SHORT),
    baseline: rps('loopShort', SHORT),
    ...paired(times('loopShort'), times('whkShort')),
    higherIsBetter: true,
    note: `a short run, whole processes: start-up and warm-up weigh more than in ${COUNT}`,
  });
  // CPU a delivery, whole processes (start-up included): steadier than the rates, as the machine's
  // moments move a run's wall time more than the work it does.
  const cpuRow = (name, baseline, label, note) => {
    const perDelivery = (values) => values.map((us) => us / COUNT);
    report({ name: label, unit: 'µs/delivery', whk: median(perDelivery(cpus(name))), baseline: median(perDelivery(cpus(baseline))), ...paired(cpus(name), cpus(baseline)), higherIsBetter: false, note });
  };
  if (cpus('whk').every((us) => us !== undefined)) {
    const cpuNote = `user and system time of the whole process over its ${COUNT} deliveries (/proc: the children this bench waited for), medians; the ratio is the median of the ${ROUNDS} rounds' pairs`;
    cpuRow('whk', 'loop', 'sender: CPU per delivery, send / undici loop', cpuNote);
    cpuRow('data', 'loop', 'sender: CPU per delivery, send --data / undici loop', cpuNote);
    cpuRow('generating', 'loop', 'sender: CPU per delivery, undici loop generating / undici loop', cpuNote);
  }
  report({ name: `sender: send / autocannon`, unit: 'req/s', whk: rps('whk'), baseline: limit.rps, higherIsBetter: true, note: 'autocannon in the bench process, one fixed body: the limit' });
  report({ name: `sender: undici loop / autocannon`, unit: 'req/s', whk: rps('loop'), baseline: limit.rps, higherIsBetter: true, note: 'what the floor itself reaches' });
} finally {
  await server.stop();
  rmSync(bodyFile, { force: true });
}
