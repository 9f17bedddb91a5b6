// The capture file: appends NDJSON lines, coalescing the lines produced in one turn of the event
// loop into a few writes, and resolves each line's promise only once its bytes are in the file. A
// failed write rejects the lines it carried and never escapes.
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

// Lines are joined into writes of at most about this many characters. A burst of large records is
// never built into one string: V8 caps a string near 512 MB, and 30 records of 20 MB pass it.
const WRITE_CHARS = 1 << 20;

export async function openCaptureStore(path: string): Promise<CaptureStore> {
  const fd = openSync(path, 'a');
  let queue: Pending[] = [];
  let scheduled: NodeJS.Immediate | null = null;
  let closed = false;
  // A synchronous write into the page cache takes microseconds; the async API would wake a
  // thread-pool worker per batch, which costs more than the write itself under load.
  const write = (group: Pending[]): void => {
    try {
      writeAll(fd, Buffer.from(group.length === 1 ? (group[0] as Pending).text : group.map((p) => p.text).join(''), 'utf8'));
    } catch (error) {
      for (const p of group) p.reject(error);
      return;
    }
    for (const p of group) p.resolve();
  };

  const flush = (): void => {
    scheduled = null;
    const batch = queue;
    queue = [];
    for (let start = 0; start < batch.length; ) {
      let end = start + 1;
      let chars = (batch[start] as Pending).text.length;
      while (end < batch.length && chars + (batch[end] as Pending).text.length <= WRITE_CHARS) chars += (batch[end++] as Pending).text.length;
      write(batch.slice(start, end));
      start = end;
    }
  };

  return {
    append(line) {
      if (closed) return Promise.reject(new Error('the capture file is closed'));
      return new Promise<void>((resolve, reject) => {
        queue.push({ text: line.endsWith('\n') ? line : `${line}\n`, resolve, reject });
        // Lines finished in this turn of the loop (many requests' callbacks) share a few writes.
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

function writeAll(fd: number, data: Buffer): void {
  for (let offset = 0; offset < data.length; ) offset += writeSync(fd, data, offset, data.length - offset);
}
