#!/usr/bin/env node
// Receivers loaded at the same moment, side by side: each by its own autocannon (the same body, 25
// connections each), rounds of a few seconds, and each server's CPU a request (user and system time
// of all its threads, from /proc) over its round's requests. The machine's speed moves by more than
// most differences worth finding (one server's CPU a request from 41 to 105 µs within minutes); loaded
// at once, servers share its moment, so the ratio of their CPU a request holds where rounds taken in
// turn do not. Two identical servers read 0.95 to 1.07 a round and 1.005 by the median of eight: the
// median of 12 to 16 rounds tells a difference of about 3%. A diagnostic for a change to the hot path
// (docs/performance-log.md, 2026-12-05 night), not a bench row: it measures CPU, not the rate.
//   node bench/side-by-side.mjs [SERVERS.json]
// SERVERS.json: [{ "name", "args": [node's arguments, FILE for a capture file of its own], "env"?,
// "page"?: true to open its inspector page (--ui) from a client of its own }]; the first is the one the
// others are measured against. Without it: `whk listen --save` against the floor receiver.
// BENCH_ROUNDS (default 12), BENCH_SECONDS (3) and BENCH_CONNECTIONS (25 each) change the load.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, cpuOf, inspectorUrlOf, load, median, openPage, sampleBody, setting, startServer } from './lib.mjs';

const ROUNDS = setting('BENCH_ROUNDS', 12, 6);
const SECONDS = setting('BENCH_SECONDS', 3, 2);
const CONNECTIONS = setting('BENCH_CONNECTIONS', 25, 25);
const WARM_UP = 30_000;

const DEFAULT_SERVERS = [
  { name: 'listen --save', args: [BIN, 'listen', '--port', '0', '--save', 'FILE'] },
  { name: 'floor', args: [fileURLToPath(new URL('./baselines/floor-receiver.mjs', import.meta.url)), 'FILE'] },
];

const servers = process.argv[2] ? JSON.parse(readFileSync(process.argv[2], 'utf8')) : DEFAULT_SERVERS;
if (!cpuOf) throw new Error('side-by-side reads each server\'s CPU time from /proc: Linux only');
const scratch = mkdtempSync(join(tmpdir(), 'whk-side-by-side-'));
const body = await sampleBody();

const running = [];
const clients = [];
try {
  for (const server of servers) {
    const args = server.args.map((arg) => (arg === 'FILE' ? join(scratch, `${running.length}.ndjson`) : arg));
    const started = await startServer(process.execPath, args, { env: server.env ?? {} });
    running.push(started);
    if (server.page) clients.push(await openPage(inspectorUrlOf(started)));
  }
  await Promise.all(running.map((server) => load(server.url, { body, connections: CONNECTIONS, amount: WARM_UP })));
  const cpu = servers.map(() => []);
  for (let round = 1; round <= ROUNDS; round++) {
    const before = running.map((server) => cpuOf(server.child.pid));
    const results = await Promise.all(running.map((server) => load(server.url, { body, connections: CONNECTIONS, duration: SECONDS })));
    running.forEach((server, i) => cpu[i].push((cpuOf(server.child.pid) - before[i]) / results[i].total));
    process.stderr.write(`round ${round}: ${servers.map((server, i) => `${server.name} ${cpu[i].at(-1).toFixed(1)} µs`).join(', ')}\n`);
  }
  servers.forEach((server, i) => {
    const ratios = cpu[i].map((value, round) => value / cpu[0][round]);
    const shown = i === 0 ? '' : `, ${median(ratios).toFixed(3)} of ${servers[0].name} (rounds ${Math.min(...ratios).toFixed(3)} to ${Math.max(...ratios).toFixed(3)}, ${ratios.filter((r) => r < 1).length} of ${ROUNDS} below 1)`;
    console.log(`${server.name}: ${median(cpu[i]).toFixed(1)} µs of CPU a request${shown}`);
  });
} finally {
  for (const client of clients) await client.close();
  for (const server of running) await server.stop();
  rmSync(scratch, { recursive: true, force: true });
}
