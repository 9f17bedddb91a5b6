// Reference for the sender benchmark: the plain undici loop (undici-loop.mjs) sending, instead of
// one fixed body, a payload generated per request by whk's own generator for the kind (the sample
// of seed i, serialized), as `whk send KIND --count N` sends them, and nothing else: no policy, no
// output. Its rate over the plain loop's is what generating and serializing alone leave of the floor.
//   node bench/baselines/undici-generating-loop.mjs URL COUNT CONCURRENCY KIND
import { Agent } from 'undici';
import { loadKind } from '../../dist/kinds/load.js';

const [url, count, concurrency, kindId] = process.argv.slice(2);
const kind = await loadKind(kindId);
const agent = new Agent({ keepAliveTimeout: 4_000 });
const { origin, pathname } = new URL(url);
let next = 0;
let failed = 0;
await Promise.all(
  Array.from({ length: Number(concurrency) }, async () => {
    while (next < Number(count)) {
      const body = Buffer.from(JSON.stringify(kind.sample({ seed: 1 + next++ })));
      const response = await agent.request({ origin, path: pathname, method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await response.body.dump();
      if (response.statusCode !== 200) failed++;
    }
  }),
);
await agent.close();
process.stderr.write(`${count} sent, ${failed} failed\n`);
process.exitCode = failed ? 1 : 0;
