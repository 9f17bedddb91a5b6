// The capture file: appends NDJSON lines, coalescing every line produced in one turn of the event
// loop into one write, and resolves each line's promise only once that write has returned.
import { closeSync, openSync, writeSync } from 'node:fs';

export interface CaptureStore {
  /** Resolves when the line has been written to the file (not merely queued). */
  append(line: string): Promise<void>;
  /** Writes what is queued, then closes the file. */
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

  // A synchronous write of a batch into the page cache takes microseconds; the async API would
  // wake a thread-pool worker per batch, which costs more than the write itself under load.
  const flush = (): void => {
    scheduled = null;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    const data = Buffer.from(batch.length === 1 ? (batch[0] as Pending).text : batch.map((p) => p.text).join(''), 'utf8');
    try {
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
        // Lines finished in this turn of the loop (many requests' callbacks) share one write.
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
