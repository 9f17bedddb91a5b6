// Instructions per request, counted by valgrind (cachegrind, no cache simulation): whk listen --save
// against the floor receiver, whk listen --save --ui with the page open against listen --save, and
// whk send against the plain undici loop. On a shared machine whose speed moves by more than the
// differences measured, a count of instructions moves by a few percent at most (the receiver's 262k
// to 272k on one code, 2026-12-05; the sender's more, 179k to 191k): it is how a change to the hot
// path is judged (the timed rows stay the targets). Each process runs twice, for SMALL and LARGE
// requests; the difference over LARGE - SMALL leaves out start-up and warm-up.
// Under valgrind V8 installs its optimized code requests later than it does natively: with 1,000
// and 4,000 requests the difference still held the warm-up (whk 632k instructions per request; 293k
// from 5,000 to 15,000 and 296k from 10,000 to 25,000, measured), so SMALL is past it.
// valgrind's CPU has no SHA extensions: OpenSSL's SHA-256 of the 1.3 kB body (the receiver's
// duplicate hash) counts as many instructions as its JSON.parse (43k, measured), where natively it
// takes a third of the parse's time (1.7 µs against 4-6 µs).
// Opt-in (`npm run bench -- instructions`, about five minutes: 323 s on 2026-12-05) and skipped without valgrind.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, inspectorUrlOf, load, openPage, report, sampleBody, setting, startServer, timeCommand } from './lib.mjs';

const SMALL = setting('BENCH_IR_SMALL', 5000, 2000);
const LARGE = setting('BENCH_IR_LARGE', 15000, 6000);
const baseline = (name) => fileURLToPath(new URL(`./baselines/${name}`, import.meta.url));
const scratch = (name) => join(tmpdir(), `whk-bench-ir-${process.pid}-${name}`);

if (spawnSync('valgrind', ['--version']).status !== 0) {
  process.stderr.write('instructions: valgrind is not installed (apt-get install valgrind); skipped\n');
  process.exit(0);
}

const body = await sampleBody();
const bodyFile = scratch('body.json');
writeFileSync(bodyFile, body);

/** valgrind's prefix for a node process whose instructions are counted into `out`. */
const counted = (out, args) => ['--tool=cachegrind', '--cache-sim=no', `--cachegrind-out-file=${out}`, process.execPath, ...args];
const instructionsIn = (out) => {
  const total = Number(/summary: (\d+)/.exec(readFileSync(out, 'utf8'))?.[1]);
  rmSync(out, { force: true });
  return total;
};

/** A receiver's instructions for `amount` requests (and its start and stop). */
async function receiverRun(name, args, amount, { page = false } = {}) {
  const out = scratch(`${name}-${amount}.out`);
  const server = await startServer('valgrind', counted(out, args));
  // Connected before the load starts, not after a wait guessed long enough.
  const client = page ? await openPage(inspectorUrlOf(server)) : undefined;
  await load(server.url, { body, connections: 10, amount });
  await client?.close();
  await server.stop();
  return instructionsIn(out);
}

/** A sender's instructions for sending `count` to a bare server. */
async function senderRun(name, args, count, url) {
  const out = scratch(`${name}-${count}.out`);
  const run = await timeCommand('valgrind', counted(out, args(url, count)));
  if (run.code !== 0) throw new Error(`${name} exited ${run.code}: ${run.stderr.slice(-300)}`);
  return instructionsIn(out);
}

const perRequest = async (run) => ((await run(LARGE)) - (await run(SMALL))) / (LARGE - SMALL);
const saveTo = (name) => scratch(`${name}.ndjson`);
const receivers = {
  floor: (amount) => receiverRun('floor', [baseline('floor-receiver.mjs'), saveTo('floor')], amount),
  whk: (amount) => receiverRun('whk', [BIN, 'listen', '--port', '0', '--save', saveTo('whk')], amount),
  ui: (amount) => receiverRun('ui', [BIN, 'listen', '--port', '0', '--save', saveTo('ui'), '--ui'], amount, { page: true }),
};
const counts = {};
try {
  for (const [name, run] of Object.entries(receivers)) {
    counts[name] = await perRequest(run);
    process.stderr.write(`${name}: ${Math.round(counts[name])} instructions per request\n`);
  }
  const bare = await startServer(process.execPath, [baseline('bare-server.mjs')]);
  try {
    // Under valgrind everything runs tens of times slower: the kind's own timeout would cut attempts short.
    const send = (url, count) => [BIN, 'send', 'metric-alert', '--url', url, '--count', String(count), '--concurrency', '50', '--seed', '1', '--timeout', '10m'];
    const loop = (url, count) => [baseline('undici-loop.mjs'), url, String(count), '50', bodyFile];
    counts.send = await perRequest((count) => senderRun('send', send, count, bare.url));
    counts.loop = await perRequest((count) => senderRun('loop', loop, count, bare.url));
    process.stderr.write(`send: ${Math.round(counts.send)}, undici loop: ${Math.round(counts.loop)} instructions per delivery\n`);
  } finally {
    await bare.stop();
  }
} finally {
  for (const name of ['floor', 'whk', 'ui']) rmSync(saveTo(name), { force: true });
  rmSync(bodyFile, { force: true });
}

// Fewer instructions is faster: each ratio is the baseline's count over whk's, read like the timed rows.
const note = `valgrind cachegrind, (count at ${LARGE} - count at ${SMALL}) / ${LARGE - SMALL}; not a target, the stable yardstick for changes`;
const unit = 'instr/req';
report({ name: 'instructions: listen --save / floor', unit, whk: counts.whk, baseline: counts.floor, ratio: counts.floor / counts.whk, higherIsBetter: true, note });
report({ name: 'instructions: page open / listen --save', unit, whk: counts.ui, baseline: counts.whk, ratio: counts.whk / counts.ui, higherIsBetter: true, note });
report({ name: 'instructions: send / undici loop', unit: 'instr/delivery', whk: counts.send, baseline: counts.loop, ratio: counts.loop / counts.send, higherIsBetter: true, note });
