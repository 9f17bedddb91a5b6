// Receiver, side by side: `whk listen --save`, the floor receiver and `whk listen --save --ui` with its
// page open, loaded at the same moment (side-by-side-load.mjs), and the CPU a request of whk against
// the floor's and of the open page against listen --save's, each the median of the rounds' ratios.
// Reference rows beside receiver.mjs's, whose pairs are loaded in turn: loaded at once the servers
// share the machine's moment, so these ratios move by a few percent where those move by tens.
import { fileURLToPath } from 'node:url';
import { BIN, median, paired, report, sampleBody, setting } from './lib.mjs';
import { loadSideBySide } from './side-by-side-load.mjs';

const ROUNDS = setting('BENCH_ROUNDS', 12, 6);
const SECONDS = setting('BENCH_DURATION', 3, 2);
// Three servers at once: 16 connections each, about the 50 of receiver.mjs's one at a time.
const CONNECTIONS = 16;
// Each server's compiled code settles over its first tens of thousands of requests (the log, 2026-12-06).
const WARM_UP = setting('BENCH_WARMUP_SIDE_BY_SIDE', 30_000, 10_000);

const listen = [BIN, 'listen', '--port', '0', '--save', 'FILE'];
const servers = [
  { name: 'listen --save', args: listen },
  { name: 'floor', args: [fileURLToPath(new URL('./baselines/floor-receiver.mjs', import.meta.url)), 'FILE'] },
  { name: 'page open', args: [...listen, '--ui'], page: true },
];
const onRound = (round, cpu) => process.stderr.write(`side by side, round ${round}: ${servers.map((server, i) => `${server.name} ${cpu[i].toFixed(1)} µs`).join(', ')}\n`);
const [whk, floor, page] = await loadSideBySide(servers, { body: await sampleBody(), rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, warmUp: WARM_UP, onRound });

const note = `median of ${ROUNDS} rounds' ratios, the three servers loaded at once (${SECONDS} s, ${CONNECTIONS} connections each, after ${WARM_UP} requests each); µs/req are medians of each server's user and system time (/proc, all its threads) over its round's requests`;
report({ name: 'receiver side by side: CPU per request, listen --save / floor', unit: 'µs/req', whk: median(whk), baseline: median(floor), ...paired(whk, floor), higherIsBetter: false, note });
report({ name: 'receiver side by side: CPU per request, page open / listen --save', unit: 'µs/req', whk: median(page), baseline: median(whk), ...paired(page, whk), higherIsBetter: false, note: `${note}; the page open: --ui with a client reading /api/events from a process of its own` });
