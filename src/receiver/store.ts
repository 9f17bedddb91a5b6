// The capture file: appends NDJSON lines, coalescing every line queued during one event-loop turn
// into one write (group commit), and resolves each line's promise only once it is written.
// The write is synchronous: it lands in the page cache in microseconds, where handing each batch
// to the thread pool cost more than the write itself under load (see README, Performance).
import { closeSync, openSync, writeSync } from 'node:fs';

export interface CaptureStore {
  /** Resolves when the line has been written to the file (not merely queued). */
  append(line: string): Promise<void>;
  /** Waits for every queued line, then closes the file. */
  close(): Promise<void>;
}

interface Pending {
  text: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export async function openCaptureStore(path: string): Promise<CaptureStore> {
  const fd = openSync(path, 'a');
  let queue: Pending[] = [];
  let scheduled: NodeJS.Immediate | null = null;
  let closed = false;

  const flush = (): void => {
    scheduled = null;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    const data = Buffer.from(batch.length === 1 ? (batch[0] as Pending).text : batch.map((p) => p.text).join(''), 'utf8');
    try {
      // writeSync may write less than asked; loop until the whole batch is down.
      for (let offset = 0; offset < data.length; ) offset += writeSync(fd, data, offset, data.length - offset);
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    for (const p of batch) p.resolve();
  };

  return {
    append(line) {
      if (closed) return Promise.reject(new Error('the capture file is closed'));
      return new Promise<void>((resolve, reject) => {
        queue.push({ text: line.endsWith('\n') ? line : `${line}\n`, resolve, reject });
        scheduled ??= setImmediate(flush);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      if (scheduled) clearImmediate(scheduled);
      flush();
      closeSync(fd);
    },
  };
}
