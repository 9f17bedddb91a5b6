// Where the inspector's records come from: a small interface, so the page depends neither on the
// receiver's internals nor on the capture file's reader. A store is the one implementation both
// `whk listen --ui` (fed request by request) and `whk inspect` (fed from a file) use.
import type { CaptureRecord } from '../capture/record.js';

export interface InspectorSource {
  /** The records so far, oldest first. */
  records(): readonly CaptureRecord[];
  /** Calls `listener` with each later record; returns the function that unsubscribes. */
  subscribe(listener: (record: CaptureRecord) => void): () => void;
  /** The NDJSON file the records are saved in, when there is one (offered as the download). */
  captureFile?: string | undefined;
}

export interface RecordStore extends InspectorSource {
  add(record: CaptureRecord): void;
}

// A live session keeps the newest records only, so a receiver left running for days stays small.
export const DEFAULT_RETAIN = 50_000;

export function createRecordStore(options: { captureFile?: string | undefined; retain?: number } = {}): RecordStore {
  const retain = options.retain ?? DEFAULT_RETAIN;
  const records: CaptureRecord[] = [];
  const listeners = new Set<(record: CaptureRecord) => void>();
  return {
    captureFile: options.captureFile,
    records: () => records,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    add(record) {
      records.push(record);
      if (records.length > retain) records.splice(0, records.length - retain);
      for (const listener of listeners) listener(record);
    },
  };
}
