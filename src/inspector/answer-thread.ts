// The worker thread the inspector makes its heavy answers on (a diff of large records: pretty-printing,
// splitting and comparing bodies of a few MB, 2 to 4 s; a large record's body drawn for its detail), so
// the receiver beside the page, whose thread this is, answers webhooks meanwhile. Started on first need
// and kept; the records are posted as their lines' bytes (parsed there), the answer's JSON comes back
// as bytes, sent as is. The page asks one answer at a time (turns.ts), so jobs rarely queue here.
import { Worker } from 'node:worker_threads';
import type { HeldRecord } from './catalogue-slots.js';
import type { Row } from './wire.js';
import type { CaptureRecord } from '../capture/record.js';

/** A diff asked of the worker: the two records, each with its row. */
export interface DiffJob {
  a: { row: Row; held: HeldRecord };
  b: { row: Row; held: HeldRecord };
  secretHeaders: readonly string[];
}

/** A record's body to draw for its detail: the record, and its messages as the page words them. */
export interface DrawJob {
  held: HeldRecord;
  issues: CaptureRecord['issues'];
}

/** A job as posted: its number, and what to make. */
export type WorkerJob = { id: number } & ({ diff: DiffJob } | { draw: DrawJob });

/** What the worker posts back: the answer's JSON in UTF-8, or why it could not make it (one line). */
export type WorkerReply = { id: number; json: Uint8Array } | { id: number; error: string };

export interface AnswerThread {
  /** The diff's JSON, in UTF-8; rejects with a one-line reason when the worker threw or ended. */
  diff(job: DiffJob): Promise<Buffer>;
  /** The detail's drawn body (detail.ts drawnBody) as JSON, in UTF-8; rejects as diff does. */
  draw(job: DrawJob): Promise<Buffer>;
  end(): Promise<void>;
}

// Under the test runner this module is TypeScript, which a worker cannot load: it runs the built one.
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? '../../dist/inspector/answer-worker.js' : './answer-worker.js', import.meta.url);

/** `workerUrl`: the worker's module (a test's, to see one end). */
export function createAnswerThread(workerUrl: URL = WORKER_URL): AnswerThread {
  let worker: Worker | undefined;
  let nextId = 0;
  const waiting = new Map<number, { resolve: (json: Buffer) => void; reject: (error: Error) => void }>();
  const failAll = (reason: string): void => {
    worker = undefined;
    for (const { reject } of waiting.values()) reject(new Error(reason));
    waiting.clear();
  };
  const start = (): Worker => {
    const thread = new Worker(workerUrl);
    // Never what keeps whk running: an answer still being made when whk ends is not waited for.
    thread.unref();
    thread.on('message', (reply: WorkerReply) => {
      const job = waiting.get(reply.id);
      waiting.delete(reply.id);
      if ('error' in reply) job?.reject(new Error(reply.error));
      else job?.resolve(Buffer.from(reply.json.buffer, reply.json.byteOffset, reply.json.byteLength));
    });
    // A worker that fails or ends fails what it was making (the page is answered 500), never whk; the next job starts another.
    thread.on('error', (error) => {
      if (worker === thread) failAll(`the inspector's worker thread failed: ${firstLine(error.message)}`);
    });
    thread.on('exit', (code) => {
      if (worker === thread) failAll(`the inspector's worker thread ended (exit code ${code}) before its answer`);
    });
    return thread;
  };
  const ask = (job: { diff: DiffJob } | { draw: DrawJob }, helds: HeldRecord[]): Promise<Buffer> => {
    worker ??= start();
    const id = nextId++;
    const answered = new Promise<Buffer>((resolve, reject) => waiting.set(id, { resolve, reject }));
    // A line read for the job owns its memory: handed over, not copied (copied, 9 MB took ~45 ms here).
    // A small one may sit in Buffer's shared pool, which must stay here: it is copied.
    const owned = helds.flatMap((held) => ('line' in held && held.line.byteLength === held.line.buffer.byteLength ? [held.line.buffer as ArrayBuffer] : []));
    const message: WorkerJob = { id, ...job };
    worker.postMessage(message, [...new Set(owned)]);
    return answered;
  };
  return {
    diff: (job) => ask({ diff: job }, [job.a.held, job.b.held]),
    draw: (job) => ask({ draw: job }, [job.held]),
    async end() {
      const thread = worker;
      failAll('the inspector is closing');
      await thread?.terminate();
    },
  };
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}
