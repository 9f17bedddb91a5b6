// The reader of capture files: every line must be a capture record; records are picked by kind,
// path or number. Replay, and anything else that re-reads a listen session, starts here.
import { createReadStream } from 'node:fs';
import { InputError, UsageError } from '../errors.js';
import { compileGlob } from '../util/glob.js';
import { readFailure } from '../util/read-input.js';
import { formatBytes } from '../util/units.js';
import { LineTooLongError, readLines } from '../validate/lines.js';
import { isCaptureRecord, recordProblem, type CaptureRecord } from './record.js';

export interface CaptureEntry {
  /** 1-based number of the record in its file (blank lines are not records). */
  index: number;
  line: number;
  record: CaptureRecord;
}

export interface CaptureFilter {
  kind?: string | undefined;
  /** An exact path, or a pattern where * matches any characters. */
  path?: string | undefined;
  /** Record numbers to keep. */
  index?: ((n: number) => boolean) | undefined;
}

// A record holds a body of at most `maxBody` as base64 and its JSON: a line far past that is not one.
const MAX_RECORD_BYTES = 256 * 1024 * 1024;

const HINT = 'replay reads the NDJSON that whk listen `save` writes';

/**
 * The records of a capture file that pass the filter, in order. Reads the whole file first, so a
 * line that is not a capture record stops the replay (InputError) before anything is sent.
 */
export async function readCaptures(file: string, filter: CaptureFilter = {}): Promise<CaptureEntry[]> {
  const entries: CaptureEntry[] = [];
  const pathPattern = filter.path === undefined ? undefined : compileGlob(filter.path);
  let index = 0;
  try {
    for await (const line of readLines(createReadStream(file), { maxLineBytes: MAX_RECORD_BYTES })) {
      if (line.text.trim() === '') continue;
      index++;
      let value: unknown;
      try {
        value = JSON.parse(line.text);
      } catch {
        throw new InputError(`${file}:${line.number}: not JSON, so not a capture record`, HINT);
      }
      if (!isCaptureRecord(value)) throw new InputError(`${file}:${line.number}: not a capture record (no bodyBase64/receivedAt)`, HINT);
      const problem = recordProblem(value);
      if (problem !== null) throw new InputError(`${file}:${line.number}: not a whole capture record: ${problem}`, HINT);
      if (filter.kind !== undefined && value.kind !== filter.kind) continue;
      if (pathPattern && !pathPattern.test(value.path)) continue;
      if (filter.index && !filter.index(index)) continue;
      entries.push({ index, line: line.number, record: value });
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (error instanceof LineTooLongError) throw new InputError(`${file}:${error.line}: longer than ${formatBytes(MAX_RECORD_BYTES)}, so not a capture record`, HINT);
    throw new InputError(`cannot read '${file}': ${readFailure(error)}`, undefined, error);
  }
  return entries;
}

/** '1,3,5-7' → a membership test on 1-based record numbers. */
export function parseIndexList(raw: string): (n: number) => boolean {
  const ranges: [number, number][] = [];
  for (const part of raw.split(',').map((p) => p.trim())) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    const from = Number(match?.[1]);
    const to = match?.[2] === undefined ? from : Number(match[2]);
    if (!match || from < 1 || to < from) throw new UsageError(`invalid \`index\` '${raw}'`, 'use 1-based record numbers and ranges, e.g. 1,3,5-7');
    ranges.push([from, to]);
  }
  return (n) => ranges.some(([from, to]) => n >= from && n <= to);
}
