// Where the inspector's records come from: a small interface, so the page depends neither on the
// receiver's internals nor on the capture file's reader. A store is the one implementation both
// `whk listen --ui` (fed request by request) and `whk inspect` (fed from a file) use.
import type { FileHandle } from 'node:fs/promises';
import type { CaptureRecord } from '../capture/record.js';
import type { Placement } from '../capture/store.js';
import { Fifo } from '../util/fifo.js';

export interface InspectorSource {
  /** The records so far, oldest first. */
  records(): readonly CaptureRecord[];
  /**
   * Calls `listener` with each later record, and its capture line when it was written to a file;
   * returns the function that unsubscribes.
   */
  subscribe(listener: RecordListener): () => void;
  /** The NDJSON file the records are saved in, when there is one (offered as the download). */
  captureFile?: string | undefined;
  /**
   * The file the page shows, when that need not be the one now at `captureFile`'s path (whk inspect:
   * the file it read, which another may have replaced): its records are read back from it.
   */
  shownFile?: ShownFile | undefined;
}

/** A capture file as opened, and the end of the lines the page shows of it. */
export interface ShownFile {
  handle: FileHandle;
  /** Where the lines shown end. */
  end(): number;
}

/** A record, and its capture line and where that went in the capture file, when there are. */
export type RecordListener = (record: CaptureRecord, line?: string, placement?: Placement) => void;

export interface RecordStore extends InspectorSource {
  /** A listener may keep the line, or its place in the capture file, instead of the record. */
  add(record: CaptureRecord, line?: string, placement?: Placement): void;
}

// A live session keeps the newest records only, so a receiver left running for days stays small.
export const DEFAULT_RETAIN = 50_000;

export function createRecordStore(options: { captureFile?: string | undefined; retain?: number; shownFile?: ShownFile | undefined } = {}): RecordStore {
  const records = new Fifo<CaptureRecord>(options.retain ?? DEFAULT_RETAIN);
  const listeners = new Set<RecordListener>();
  return {
    captureFile: options.captureFile,
    shownFile: options.shownFile,
    records: () => records.items(),
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    add(record, line, placement) {
      records.push(record);
      for (const listener of listeners) listener(record, line, placement);
    },
  };
}
