// The worker thread's side of answer-thread.ts: each job's records parsed from their lines, and the
// answer made by the very code the main thread uses for small records (diff-answer.ts diffJson), so
// the JSON is the same byte for byte.
import { parentPort } from 'node:worker_threads';
import { recordOfHeld } from './catalogue-slots.js';
import { diffJson } from './diff-answer.js';
import type { DiffJob, WorkerReply } from './answer-thread.js';

const port = parentPort;
port?.on('message', ({ id, job }: { id: number; job: DiffJob }) => {
  void answer(job).then(
    (json) => reply({ id, json }, [json.buffer as ArrayBuffer]),
    (error: unknown) => reply({ id, error: (error instanceof Error ? error.message : String(error)).split('\n', 1)[0] ?? '' }),
  );
});

async function answer(job: DiffJob): Promise<Uint8Array> {
  const [a, b] = [{ row: job.a.row, record: recordOfHeld(job.a.held) }, { row: job.b.row, record: recordOfHeld(job.b.held) }];
  // Its own ArrayBuffer (not Buffer's shared pool), so it is handed over, not copied.
  return new TextEncoder().encode(await diffJson(a, b, job.secretHeaders));
}

function reply(message: WorkerReply, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}
