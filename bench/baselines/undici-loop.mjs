// Reference for the sender benchmark: the floor of any undici-based sender. POSTs one fixed body
// COUNT times with CONCURRENCY in flight over a keep-alive undici Agent (the client whk uses),
// reading each answer to the end, and nothing else: no payload generation, no retries, no output.
//   node bench/baselines/undici-loop.mjs URL COUNT CONCURRENCY BODY_FILE
import { readFileSync } from 'node:fs';
import { loopArguments, runRequestLoop } from './request-loop.mjs';

const [url, count, concurrency, bodyFile] = loopArguments('node bench/baselines/undici-loop.mjs URL COUNT CONCURRENCY BODY_FILE');
const body = readFileSync(bodyFile);
await runRequestLoop(url, Number(count), Number(concurrency), () => body);
