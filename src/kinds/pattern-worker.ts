// The worker thread pattern-engine.ts tests long values on, and the way to it: the main thread hands
// a test over and waits for the answer synchronously (ajv's checks are synchronous), up to a limit on
// the CPU time the test takes; a worker past it is terminated, which ends a running regex.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';

// Slots of the shared Int32Array: a test is waiting; its verdict; answers given so far; started; the
// pattern to test (its number: a pattern is sent once, then each test sends only the value).
const [REQUEST, MATCHED, ANSWERS, READY, PATTERN] = [0, 1, 2, 3, 4];
// The MATCHED slot's verdict when the test threw rather than answered (0 and 1 are no and yes).
const FAILED = 2;
// Both sides spin a little before sleeping: the next test or answer usually comes within
// microseconds, and waking a sleeping thread costs tens of them (measured: about 4 µs a test
// spinning, 30 to 100 µs without).
const SPIN = 2000;
const WORKER_SPIN = 20_000;

// receiveMessageOnPort takes the test without an event loop: the worker only ever waits on the slot.
const SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { shared, port } = workerData;
const state = new Int32Array(shared, 0, 5);
const took = new Float64Array(shared, 24, 1);
const compiled = [];
Atomics.store(state, ${READY}, 1);
Atomics.notify(state, ${READY});
for (;;) {
  for (let i = 0; i < ${WORKER_SPIN} && Atomics.load(state, ${REQUEST}) === 0; i++);
  Atomics.wait(state, ${REQUEST}, 0);
  Atomics.store(state, ${REQUEST}, 0);
  let received = receiveMessageOnPort(port);
  for (; received !== undefined && typeof received.message !== 'string'; received = receiveMessageOnPort(port)) {
    compiled[received.message.id] = new RegExp(received.message.pattern, received.message.flags);
  }
  if (received === undefined) continue;
  const value = received.message;
  const re = compiled[Atomics.load(state, ${PATTERN})];
  const start = performance.now();
  // A long value can run V8's regex engine out of stack (^(a|b)*$ on millions of a's): a throw here
  // would end the worker, and with it whk. It is answered as its own verdict instead.
  let verdict = ${FAILED};
  try {
    verdict = re.test(value) ? 1 : 0;
  } catch {}
  took[0] = performance.now() - start;
  Atomics.store(state, ${MATCHED}, verdict);
  Atomics.add(state, ${ANSWERS}, 1);
  Atomics.notify(state, ${ANSWERS});
}
`;

export interface PatternWorker {
  thread: Worker;
  port: MessagePort;
  state: Int32Array;
  took: Float64Array;
  /** The number of each pattern sent to it. */
  sent: Map<RegExp, number>;
  /** A test is in flight: set until its answer is read (an abandoned one would answer the next). */
  busy: boolean;
}

export function startPatternWorker(): PatternWorker {
  // A fresh buffer per worker: a terminated one that still writes, writes into its own.
  const shared = new SharedArrayBuffer(32);
  const { port1, port2 } = new MessageChannel();
  const thread = new Worker(SOURCE, { eval: true, workerData: { shared, port: port2 }, transferList: [port2] });
  // Never what keeps whk running, nor what ends it: a worker that fails (it could not start) answers
  // nothing, which the wait's limits report; its error event, unheard, would throw in whk.
  thread.unref();
  thread.on('error', () => {});
  port1.unref();
  return { thread, port: port1, state: new Int32Array(shared, 0, 5), took: new Float64Array(shared, 24, 1), sent: new Map(), busy: false };
}

export function endPatternWorker(worker: PatternWorker): void {
  void worker.thread.terminate();
  worker.port.close();
}

export type Answer = { matched: boolean; tookMs: number } | 'stopped' | 'not-started' | 'failed';

/**
 * The worker's verdict on value, 'failed' when the regex engine threw on it (out of stack), or
 * 'stopped' once the test has taken limitMs of CPU time. CPU, not
 * the clock: on a busy machine a worker the system does not run for a while has not backtracked.
 * (The process's CPU time is the worker's here: the main thread is waiting.) The wall clock only
 * bounds a worker that gets no CPU at all, at ten times the limit.
 */
export function ask(worker: PatternWorker, re: RegExp, value: string, limitMs: number, startLimitMs: number): Answer {
  if (Atomics.load(worker.state, READY) === 0) {
    Atomics.wait(worker.state, READY, 0, startLimitMs);
    if (Atomics.load(worker.state, READY) === 0) return 'not-started';
  }
  worker.busy = true;
  const answers = Atomics.load(worker.state, ANSWERS);
  let id = worker.sent.get(re);
  if (id === undefined) {
    worker.sent.set(re, (id = worker.sent.size));
    worker.port.postMessage({ id, pattern: re.source, flags: re.flags });
  }
  Atomics.store(worker.state, PATTERN, id);
  worker.port.postMessage(value);
  Atomics.store(worker.state, REQUEST, 1);
  Atomics.notify(worker.state, REQUEST);
  const answered = (): boolean => Atomics.load(worker.state, ANSWERS) !== answers;
  for (let i = 0; i < SPIN && !answered(); i++);
  // Most tests are answered by now; the clocks start for the others (the spin took microseconds).
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  while (!answered()) {
    const used = process.cpuUsage(cpuStart);
    const left = limitMs - (used.user + used.system) / 1000;
    if (left <= 0 || performance.now() - wallStart > 10 * limitMs) return 'stopped';
    Atomics.wait(worker.state, ANSWERS, answers, left);
  }
  worker.busy = false;
  const verdict = Atomics.load(worker.state, MATCHED);
  return verdict === FAILED ? 'failed' : { matched: verdict === 1, tookMs: worker.took[0] ?? 0 };
}
