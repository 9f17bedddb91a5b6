// The worker thread's side of answer-thread.ts: each job's records parsed from their lines, and the
// answer made by the very code the main thread uses for small records (diff-answer.ts diffJson,
// detail.ts drawnBody), so the JSON is the same byte for byte.
import { parentPort } from 'node:worker_threads';
import { recordOfHeld } from './catalogue-slots.js';
import { diffJson } from './diff-answer.js';
import { drawnBody } from './detail.js';
import type { DiffJob, DrawJob, WorkerJob, WorkerReply } from './answer-thread.js';

const port = parentPort;
port?.on('message', (job: WorkerJob) => {
  const id = job.id;
  void ('diff' in job ? diffOf(job.diff) : drawOf(job.draw)).then(
    (json) => reply({ id, json }, [json.buffer as ArrayBuffer]),
    (error: unknown) => reply({ id, error: (error instanceof Error ? error.message : String(error)).split('\n', 1)[0] ?? '' }),
  );
});

async function diffOf(job: DiffJob): Promise<Uint8Array> {
  const [a, b] = [{ row: job.a.row, record: recordOfHeld(job.a.held) }, { row: job.b.row, record: recordOfHeld(job.b.held) }];
  // Its own ArrayBuffer (not Buffer's shared pool), so it is handed over, not copied.
  return new TextEncoder().encode(await diffJson(a, b, job.secretHeaders));
}

async function drawOf(job: DrawJob): Promise<Uint8Array> {
  const record = { ...recordOfHeld(job.held), issues: job.issues };
  return new TextEncoder().encode(JSON.stringify(await drawnBody(record)));
}

function reply(message: WorkerReply, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}
