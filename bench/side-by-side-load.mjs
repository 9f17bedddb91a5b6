// Receivers loaded at the same moment, side by side: each by its own autocannon (the same body and
// connections), in rounds of a few seconds, and each server's CPU a request (user and system time of
// all its threads, from /proc) over its round's requests. The machine's speed moves by more than most
// differences worth finding (one server's CPU a request from 41 to 105 µs within minutes); loaded at
// once, servers share its moment, so the ratio of their CPU a request holds where rounds taken in turn
// do not. Two identical servers read 0.95 to 1.07 a round and 1.005 by the median of eight: the median
// of 12 to 16 rounds tells a difference of about 3%. It measures CPU, not the rate: the servers share
// one load generator's thread and the machine's two cores, so their rates answer to each other.
// Used by side-by-side.mjs (by hand) and receiver-side-by-side.mjs (a bench script).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuOf, inspectorUrlOf, load, openPage, startServer } from './lib.mjs';

/**
 * Starts each server (`args`: node's arguments, FILE for a capture file of its own; `env`; `page`:
 * true to open its inspector page from a client of its own), warms each with `warmUp` requests, then
 * loads them all at once for `rounds` rounds of `seconds`; resolves with each server's CPU a request
 * (µs) by round, in the order given. `onRound(round, cpuByServer)` is told of each round as it ends.
 */
export async function loadSideBySide(servers, { body, rounds, seconds, connections, warmUp, onRound = () => {} }) {
  if (!cpuOf) throw new Error('side by side reads each server\'s CPU time from /proc: Linux only');
  const scratch = mkdtempSync(join(tmpdir(), 'whk-side-by-side-'));
  const running = [];
  const clients = [];
  try {
    for (const server of servers) {
      const args = server.args.map((arg) => (arg === 'FILE' ? join(scratch, `${running.length}.ndjson`) : arg));
      const started = await startServer(process.execPath, args, { env: server.env ?? {} });
      running.push(started);
      if (server.page) clients.push(await openPage(inspectorUrlOf(started)));
    }
    await Promise.all(running.map((server) => load(server.url, { body, connections, amount: warmUp })));
    const cpu = servers.map(() => []);
    for (let round = 1; round <= rounds; round++) {
      const before = running.map((server) => cpuOf(server.child.pid));
      const results = await Promise.all(running.map((server) => load(server.url, { body, connections, duration: seconds })));
      results.forEach((result, i) => {
        if (result.errors || result.non2xx || result.total === 0) throw new Error(`${servers[i].name}: ${result.errors} errors and ${result.non2xx} non-2xx answers under load`);
        cpu[i].push((cpuOf(running[i].child.pid) - before[i]) / result.total);
      });
      onRound(round, cpu.map((values) => values.at(-1)));
    }
    return cpu;
  } finally {
    for (const client of clients) await client.close();
    for (const server of running) await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
