// The receiver's own work on one request, in process, without sockets: whk's pipeline (decode,
// detect, validate, the duplicate hash, the capture line) against the floor receiver's per-request
// work (JSON.parse, and its NDJSON record made), on the same body. Read beside the receiver's CPU
// per request (receiver.mjs): what of whk's cost over the floor's is the work on the body, and what
// is the rest of the request's way (the server around the pipeline, the store, the printed line).
// Both take turns in one process, round after round; the ratio is the median of the rounds'.
import { floorLine } from './baselines/floor-line.mjs';
import { median, paired, report, sampleBody, setting } from './lib.mjs';

const ROUNDS = setting('BENCH_ROUNDS', 7, 3);
const REQUESTS = setting('BENCH_PIPELINE_REQUESTS', 50_000, 20_000);

const dist = (path) => import(new URL(`../dist/${path}`, import.meta.url).href);
const [{ createPipeline }, { createDuplicateTracker }, { createResponder }, { KINDS }] = await Promise.all([
  dist('receiver/pipeline.js'),
  dist('receiver/duplicates.js'),
  dist('receiver/responder.js'),
  dist('kinds/index.js'),
]);

const body = Buffer.from(await sampleBody());
const headers = { host: '127.0.0.1:9000', connection: 'keep-alive', 'content-type': 'application/json', 'content-length': String(body.length) };

const duplicates = createDuplicateTracker();
// As `whk listen --save` configures it: every kind, detection, a capture line per request.
const pipeline = createPipeline({
  kinds: KINDS,
  kind: undefined,
  expect: undefined,
  strict: false,
  secret: undefined,
  schemeKeys: {},
  verify: undefined,
  maxBody: 10 * 1024 * 1024,
  drainLimit: 1024 * 1024,
  now: Date.now,
  duplicates,
  responder: createResponder({}, 1),
  forwarder: null,
  shaping: { delayMs: 0, retryAfterSeconds: undefined },
  map: undefined,
  captureLines: true,
});

let seq = 0;
// Each request gets bytes of its own, as a socket hands them over.
const whkRequest = () => {
  const bytes = Buffer.from(body);
  const processed = pipeline({ seq: ++seq, receivedAt: new Date().toISOString(), method: 'POST', target: '/', path: '/', query: {}, rawQuery: undefined, headers, warnings: undefined, bytes, size: bytes.length, busy: false, lease: undefined });
  if (processed instanceof Promise || !processed.record.valid) throw new Error('the pipeline did not judge the sample valid at once');
  // Told its answer, as server.ts tells it.
  processed.duplicateCheck?.answered(processed.record.status);
  return processed.line.text.length;
};
// floor-receiver.mjs's work on one request (floor-line.mjs), on a request as node:http gives it.
const floorRequest = () => floorLine({ method: 'POST', url: '/', headers }, Buffer.from(body)).length;

/** µs per request of `work` over REQUESTS requests. */
const timed = (work) => {
  let bytes = 0;
  const started = performance.now();
  for (let i = 0; i < REQUESTS; i++) bytes += work();
  if (bytes === 0) throw new Error('no line made');
  return ((performance.now() - started) * 1000) / REQUESTS;
};

// Warm-up: both optimized before any round counts.
timed(whkRequest);
timed(floorRequest);
const whk = [];
const floor = [];
for (let round = 0; round < ROUNDS; round++) {
  if (round % 2 === 0) {
    whk.push(timed(whkRequest));
    floor.push(timed(floorRequest));
  } else {
    floor.push(timed(floorRequest));
    whk.push(timed(whkRequest));
  }
  process.stderr.write(`round ${round + 1}: pipeline ${whk.at(-1).toFixed(2)} µs, floor's work ${floor.at(-1).toFixed(2)} µs a request\n`);
}
report({
  name: "receiver: pipeline in process / floor's work in process",
  unit: 'µs/req',
  whk: median(whk),
  baseline: median(floor),
  ...paired(whk, floor),
  higherIsBetter: false,
  note: `median of ${ROUNDS} ratios of ${REQUESTS} requests each, taking turns in one process; no sockets: decode, detect, validate, duplicates and the capture line, against JSON.parse and the floor's record`,
});
