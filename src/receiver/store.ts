// The capture file: appends NDJSON lines, coalescing the lines that arrive while a write is in
// flight into one write (group commit), and resolves each line's promise only once it is written.
import { open, type FileHandle } from 'node:fs/promises';

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
  const handle: FileHandle = await open(path, 'a');
  let queue: Pending[] = [];
  let writing: Promise<void> | null = null;
  let closed = false;

  const flush = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      const data = Buffer.from(batch.map((p) => p.text).join(''), 'utf8');
      try {
        // FileHandle.write may write less than asked; loop until the whole batch is down.
        for (let offset = 0; offset < data.length; ) {
          const { bytesWritten } = await handle.write(data, offset, data.length - offset);
          offset += bytesWritten;
        }
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    writing = null;
  };

  return {
    append(line) {
      if (closed) return Promise.reject(new Error('the capture file is closed'));
      return new Promise<void>((resolve, reject) => {
        queue.push({ text: line.endsWith('\n') ? line : `${line}\n`, resolve, reject });
        writing ??= flush();
      });
    },
    async close() {
      closed = true;
      while (writing) await writing;
      await handle.close();
    },
  };
}
