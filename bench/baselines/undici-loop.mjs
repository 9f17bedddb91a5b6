// Reference for the sender benchmark: the floor of any undici-based sender. POSTs one fixed body
// COUNT times with CONCURRENCY in flight over a keep-alive undici Agent (the client whk uses),
// reading each answer to the end, and nothing else: no payload generation, no retries, no output.
//   node bench/baselines/undici-loop.mjs URL COUNT CONCURRENCY BODY_FILE
import { readFileSync } from 'node:fs';
import { Agent } from 'undici';

const [url, count, concurrency, bodyFile] = process.argv.slice(2);
const body = readFileSync(bodyFile);
const agent = new Agent({ keepAliveTimeout: 4_000 });
const { origin, pathname } = new URL(url);
let next = 0;
let failed = 0;
await Promise.all(
  Array.from({ length: Number(concurrency) }, async () => {
    while (next++ < Number(count)) {
      const response = await agent.request({ origin, path: pathname, method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await response.body.dump();
      if (response.statusCode !== 200) failed++;
    }
  }),
);
await agent.close();
process.stderr.write(`${count} sent, ${failed} failed\n`);
process.exitCode = failed ? 1 : 0;
