#!/usr/bin/env node
// Receivers loaded at the same moment, side by side (side-by-side-load.mjs says how and why): each
// server's CPU a request, and the median of the rounds' ratios to the first. A diagnostic for a change
// to the hot path (docs/performance-log.md, 2026-12-05 night); `npm run bench` runs the same load as
// its `side by side` rows (receiver-side-by-side.mjs).
//   node bench/side-by-side.mjs [SERVERS.json]
// SERVERS.json: [{ "name", "args": [node's arguments, FILE for a capture file of its own], "env"?,
// "page"?: true to open its inspector page (--ui) from a client of its own }]; the first is the one the
// others are measured against. Without it: `whk listen --save` against the floor receiver.
// BENCH_ROUNDS (default 12), BENCH_SECONDS (3) and BENCH_CONNECTIONS (25 each) change the load.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BIN, median, sampleBody, setting } from './lib.mjs';
import { loadSideBySide } from './side-by-side-load.mjs';

const ROUNDS = setting('BENCH_ROUNDS', 12, 6);
const SECONDS = setting('BENCH_SECONDS', 3, 2);
const CONNECTIONS = setting('BENCH_CONNECTIONS', 25, 25);
const WARM_UP = 30_000;

const DEFAULT_SERVERS = [
  { name: 'listen --save', args: [BIN, 'listen', '--port', '0', '--save', 'FILE'] },
  { name: 'floor', args: [fileURLToPath(new URL('./baselines/floor-receiver.mjs', import.meta.url)), 'FILE'] },
];

const servers = process.argv[2] ? JSON.parse(readFileSync(process.argv[2], 'utf8')) : DEFAULT_SERVERS;
const onRound = (round, cpu) => process.stderr.write(`round ${round}: ${servers.map((server, i) => `${server.name} ${cpu[i].toFixed(1)} µs`).join(', ')}\n`);
const cpu = await loadSideBySide(servers, { body: await sampleBody(), rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, warmUp: WARM_UP, onRound });
servers.forEach((server, i) => {
  const ratios = cpu[i].map((value, round) => value / cpu[0][round]);
  const shown = i === 0 ? '' : `, ${median(ratios).toFixed(3)} of ${servers[0].name} (rounds ${Math.min(...ratios).toFixed(3)} to ${Math.max(...ratios).toFixed(3)}, ${ratios.filter((r) => r < 1).length} of ${ROUNDS} below 1)`;
  console.log(`${server.name}: ${median(cpu[i]).toFixed(1)} µs of CPU a request${shown}`);
});
