// Reference for the sender benchmark: the plain undici loop (undici-loop.mjs) sending, instead of
// one fixed body, a payload generated per request by whk's own generator for the kind (the sample
// of seed SEED + i, serialized), as `whk send KIND --count N --seed SEED` sends them, and nothing
// else: no policy, no output. Its rate over the plain loop's is what generating and serializing
// alone leave of the floor.   node bench/baselines/undici-generating-loop.mjs URL COUNT CONCURRENCY KIND SEED
import { loadKind } from '../../dist/kinds/load.js';
import { loopArguments, runRequestLoop } from './request-loop.mjs';

const [url, count, concurrency, kindId, seed] = loopArguments('node bench/baselines/undici-generating-loop.mjs URL COUNT CONCURRENCY KIND SEED');
const kind = await loadKind(kindId).catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
});
await runRequestLoop(url, Number(count), Number(concurrency), (i) => Buffer.from(JSON.stringify(kind.sample({ seed: Number(seed) + i }))));
