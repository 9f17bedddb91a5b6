// The reader of capture files: every line must be a capture record; records are picked by kind,
// path or number. Replay, and anything else that re-reads a listen session, starts here.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { InputError, UsageError, fieldRef } from '../errors.js';
import { compileGlob } from '../util/glob.js';
import { looksGzipped } from '../util/gzip-magic.js';
import { readFailure } from '../util/file-errors.js';
import { shellQuote } from '../util/shell.js';
import { counted, formatByteLimit } from '../util/units.js';
import { LineTooLongError, readLineBatches, type Line } from '../validate/lines.js';
import { describeUtf16, isRecord, mayBeJson } from '../util/json.js';
import { MAX_RECORD_BYTES, NO_KIND, beginsAsRecord, recordProblem, type CaptureRecord } from './record.js';
import type { Placement } from './store.js';

export interface CaptureEntry {
  /** 1-based number of the record in its file (blank lines are not records). */
  index: number;
  line: number;
  record: CaptureRecord;
  /** Where its line is in the file, to read it back (line-reader.ts) instead of keeping the record. */
  placement: Placement;
  /** Where its line ends, newline included: the file up to there holds it and the lines before it. */
  end: number;
}

export interface CaptureFilter {
  kind?: string | undefined;
  /** An exact path, or a pattern where * matches any characters. */
  path?: string | undefined;
  /** Record numbers to keep. */
  index?: RecordNumbers | undefined;
  /**
   * Told of each line that is not a whole capture record, which is then left out instead of stopping
   * the read: for a file looked at, not re-sent. A save cut off mid-write leaves a torn line, which
   * the next `listen --save` ends and appends after (store.ts), so whk's own files may hold one. A
   * file with no whole record still stops it, with the first line's error.
   */
  skip?: ((skipped: SkippedLine) => void) | undefined;
  /**
   * Told of a torn line, which is then left out: a last line with no newline after it that is not a
   * whole record (`listen --save` may still be writing it: a large record goes in several writes), or
   * a line a save cut short (it begins as a record does and is not JSON; the next `listen --save`
   * ends it and appends after, store.ts). A line that is JSON but not a whole record is no torn one.
   */
  unended?: ((line: SkippedLine) => void) | undefined;
  /** Told of every record read, picked or not (replay learns which kinds the file holds). */
  onRecord?: ((record: CaptureRecord) => void) | undefined;
  /** Told, once the whole file is read, where its ended lines end: a follower of its appends reads on from there. */
  ended?: ((at: ResumePoint) => void) | undefined;
}

/** Where a read of a capture file stopped: the byte after its last newline, and how many lines came before. */
export interface ResumePoint {
  offset: number;
  lines: number;
}

/** A line left out of the read, and why. */
export interface SkippedLine {
  line: number;
  problem: string;
  /** A torn line with a newline after it: cut short by a save that stopped, not one still being written. */
  cutShort?: true;
}

/**
 * What every reader (the commands' warning, the API's onWarning) says of an unended last line it
 * left out: one set of words, so the same file reads the same from any of them.
 */
export function unendedWarning(file: string, { line, problem, cutShort }: SkippedLine): string {
  if (cutShort) return `left out line ${line} of ${file}: it is a record cut short (${problem}), as a save that stopped leaves it; whk listen ends such a line and appends after it`;
  return `left out line ${line} of ${file}: it has no newline after it and is not a whole record (${problem}); whk listen may still be writing it`;
}

/** 1-based record numbers asked for: each must be in the file, so the highest is kept to check. */
export interface RecordNumbers {
  has(n: number): boolean;
  highest: number;
}


// Every command that reads a capture file (replay, inspect, kind from-capture, verify, map) says this.
const HINT = 'a capture file is the NDJSON that whk listen `save` writes, one record per line';
const INDEX_HINT = `${fieldRef('index')} counts the records of the capture file from 1`;
/** '-' is stdin for payloads (validate, map), not for a capture file: said so, not "no such file" (the wizard's prompt says it too). */
export const STDIN_CAPTURE = { message: "cannot read '-': a capture file is read by its path, not from stdin", hint: 'save it to a file first, then give its path' };

/**
 * The records of a capture file that pass the filter, in order. Reads the whole file first, so a
 * line that is not a capture record stops the command (InputError) before anything is sent; so
 * does a file with no records, or an index past its last record. `input` is the file's bytes when
 * they are already at hand (stdin).
 */
export async function readCaptures(file: string, filter: CaptureFilter = {}, input?: AsyncIterable<Buffer | string>): Promise<CaptureEntry[]> {
  const entries: CaptureEntry[] = [];
  for await (const entry of readEntries(file, filter, input)) entries.push(entry);
  return entries;
}

/**
 * The records of a capture file that pass the filter, for a reader that takes them one at a time
 * (replay): the file is checked whole as readCaptures checks it, keeping only the numbers picked,
 * then read again record by record, so a capture of any size is re-sent in the memory of one record
 * (kept whole, 1.5 GB of records took 3.5 GB, near the heap's limit). `count` is how many are picked.
 */
export async function streamCaptures(file: string, filter: CaptureFilter = {}): Promise<{ count: number; entries: AsyncIterable<CaptureEntry>; kinds: ReadonlySet<string>; pickedKinds: ReadonlySet<string>; paths: FilePaths }> {
  await requireRereadable(file, 'replay checks the whole file before it sends, then reads it again one record at a time');
  const picked: number[] = [];
  const kinds = new Set<string>();
  const paths: FilePaths = { first: new Set(), more: false };
  const onRecord = (record: CaptureRecord): void => {
    if (record.kind !== null) kinds.add(record.kind);
    if (paths.first.size < PATHS_KEPT) paths.first.add(record.path);
    else if (!paths.first.has(record.path)) paths.more = true;
  };
  // The kinds of the file (what a `kind` filter may name) and of the records picked (what is re-sent).
  const pickedKinds = new Set<string>();
  for await (const { index, record } of readEntries(file, { ...filter, onRecord })) {
    picked.push(index);
    if (record.kind !== null) pickedKinds.add(record.kind);
  }
  const numbers = recordNumbers(picked);
  async function* entries(): AsyncGenerator<CaptureEntry> {
    if (picked.length === 0) return;
    for await (const entry of readEntries(file, { index: numbers })) {
      yield entry;
      // The records appended since the check were not picked: the file is not read on through them.
      if (entry.index === numbers.highest) return;
    }
  }
  return { count: picked.length, entries: entries(), kinds, pickedKinds, paths };
}

/** The first PATHS_KEPT different paths of a file's records, and whether it holds others: what a `path` that matched none is told. */
export interface FilePaths {
  first: Set<string>;
  more: boolean;
}

// whk's choice: enough to show, and bounded for a file of a million different paths.
const PATHS_KEPT = 20;

/**
 * The checked, picked records of a capture file as they are read, one at a time, with where each
 * line is (inspect keeps that, not the records); its errors are readCaptures', thrown as met.
 * `rereadable`: `input` is the file's bytes read from a file (inspect's opened one), not a pipe's.
 */
export async function* readEntries(file: string, filter: CaptureFilter, input?: AsyncIterable<Buffer | string>, rereadable = input === undefined): AsyncGenerator<CaptureEntry> {
  // Lines a chunk at a time: a file of millions of lines that are not records costs no promise per line.
  const end = { bytes: 0, lines: 0, unended: undefined as Line | undefined };
  const batches = tallied(readLineBatches(refuseEncoded(file, bytesCounted(input ?? createReadStream(file), end)), { maxLineBytes: MAX_RECORD_BYTES }), end);
  // A reader that stops early (streamCaptures, at its last pick) closes the file with the lines.
  try {
    yield* entriesOf(file, filter, batches, rereadable);
    // An unended last line is read again from its start: its writer may end it later.
    filter.ended?.(end.unended ? { offset: end.unended.offset, lines: end.unended.number - 1 } : { offset: end.bytes, lines: end.lines });
  } finally {
    await batches.return(undefined);
  }
}

/** The stream, its bytes counted into `end.bytes`. */
async function* bytesCounted(stream: AsyncIterable<Buffer | string>, end: { bytes: number }): AsyncGenerator<Buffer | string> {
  for await (const chunk of stream) {
    end.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    yield chunk;
  }
}

/** The batches of lines, the number of the last ended one and the unended one noted in `end`. */
async function* tallied(batches: AsyncGenerator<Line[]>, end: { lines: number; unended: Line | undefined }): AsyncGenerator<Line[]> {
  for await (const lines of batches) {
    const last = lines.at(-1);
    if (last?.unended) end.unended = last;
    else if (last) end.lines = last.number;
    yield lines;
  }
}

async function* entriesOf(file: string, filter: CaptureFilter, batches: AsyncGenerator<Line[]>, rereadable: boolean): AsyncGenerator<CaptureEntry> {
  const pathPattern = filter.path === undefined ? undefined : compileGlob(filter.path);
  let index = 0;
  let firstError: InputError | undefined;
  const cutBeforeFirst: SkippedLine[] = [];
  for (;;) {
    const next = await nextLines(file, batches);
    if (next.done) break;
    for (const line of next.value) {
      if (line.text.trim() === '') continue;
      const read = readCaptureLine(line);
      if ('skipped' in read) {
        const { skipped } = read;
        // Made once, not per line: a log given by mistake has millions of lines that are not records.
        if (firstError === undefined) {
          firstError = new InputError(`${file}:${line.number}: ${read.error}`, HINT);
          // A first line that opens a JSON document (a payload pretty-printed): said as what the file is.
          if (index === 0 && skipped.problem === NOT_JSON.problem && rereadable) firstError = (await documentOverLines(file, line.text)) ?? firstError;
        }
        // A torn line is left out whatever the reader: an unended last one may be a record still being
        // written, and one cut short is what a stopped save leaves (after no record at all, the file
        // fails with its error below, which says it all).
        const leaveOut = line.unended ? (index > 0 ? (filter.unended ?? filter.skip) : undefined) : skipped.cutShort ? (filter.skip ?? filter.unended) : filter.skip;
        if (!leaveOut && !line.unended && !skipped.cutShort) throw firstError;
        // Told once a record follows: a file of no record fails with its first line's error alone.
        if (skipped.cutShort && index === 0) cutBeforeFirst.push(skipped);
        else leaveOut?.(skipped);
        continue;
      }
      if (index++ === 0) for (const cut of cutBeforeFirst.splice(0)) (filter.skip ?? filter.unended)?.(cut);
      const { record } = read;
      filter.onRecord?.(record);
      // A record of no kind is named 'unknown' on replay's lines: that name picks it.
      if (filter.kind !== undefined && (record.kind ?? NO_KIND) !== filter.kind) continue;
      if (pathPattern && !pathPattern.test(record.path)) continue;
      if (filter.index && !filter.index.has(index)) continue;
      yield { index, line: line.number, record, placement: { offset: line.offset, bytes: line.bytes }, end: line.end };
    }
  }
  // No error and no record: every line was blank (or there was none), which is an empty file.
  if (index === 0) throw firstError ?? new InputError(`'${file}' is empty: it holds no capture records`, HINT);
  if (filter.index && filter.index.highest > index) throw new InputError(`'${file}' has no record ${filter.index.highest}: it holds ${counted(index, 'record')}`, INDEX_HINT).blame('index');
}

/**
 * The error for a file that is one JSON document over several lines (`whk sample` saved, a payload
 * pretty-printed): its first line, `{`, is not JSON. Only then is the file read whole, up to the
 * size of the largest record, to be sure; else undefined, and the line's error stands.
 */
async function documentOverLines(file: string, firstLine: string): Promise<InputError | undefined> {
  if (!/^\s*[[{]/.test(firstLine) || file === '-') return undefined;
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile() || info.size > MAX_RECORD_BYTES) return undefined;
  try {
    JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
  return new InputError(`'${file}' holds one JSON document over several lines, not capture records (one per line, as whk listen ${fieldRef('save')} writes them)`, `to send a payload from a file: whk send <kind> ${fieldRef('data')} ${shellQuote(file)}`);
}

/**
 * Refuses a capture file that can be read only once, before reading it: a FIFO, a pipe such as
 * `<(zcat captures.ndjson.gz)`. Read a second time, a FIFO waited for a writer for ever
 * and a pipe read as empty ("is empty: it holds no capture records"). `why` says why this reader reads it again.
 * A missing file, a directory or a device is left to the read, which says what it holds.
 */
export async function requireRereadable(file: string, why: string): Promise<void> {
  const stats = await stat(file).catch(() => undefined);
  if (stats === undefined || !(stats.isFIFO() || stats.isSocket())) return;
  throw new InputError(`'${file}' is a ${stats.isFIFO() ? 'pipe' : 'socket'}, which can be read only once: ${why}`, 'save it to a file first, e.g. cat … > captures.ndjson');
}

/**
 * The bytes of a capture file, refused at their first chunk when they are gzip-compressed (its magic
 * bytes) or UTF-16 (a Windows shell's redirect writes it): read as text, they were "not JSON" at
 * line 1, or a line of hundreds of MB first.
 */
async function* refuseEncoded(file: string, stream: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer | string> {
  let first = true;
  for await (const chunk of stream) {
    if (first && typeof chunk !== 'string' && looksGzipped(chunk)) {
      throw new InputError(`'${file}' is gzip-compressed, so not a capture file (the NDJSON whk listen saves)`, `decompress it to a file first, e.g. gunzip -c ${shellQuote(file)} > captures.ndjson`);
    }
    const utf16 = first ? describeUtf16(chunk.slice(0, 8).toString()) : undefined;
    if (utf16 !== undefined) throw new InputError(`'${file}' is not a capture file (the NDJSON whk listen saves): ${utf16}`);
    // Binary with no line end in sight (/dev/zero): its first line was read to 256 MB before it failed.
    const nul = first && typeof chunk !== 'string' && !chunk.includes(10) ? chunk.indexOf(0) : -1;
    if (nul !== -1) throw new InputError(`'${file}' holds binary data (a NUL byte at byte ${nul}), not NDJSON`, HINT);
    first = false;
    yield chunk;
  }
}

/** The next lines of the file; a failure to read them said as an input error. */
async function nextLines(file: string, batches: AsyncGenerator<Line[]>): Promise<IteratorResult<Line[]>> {
  try {
    return await batches.next();
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (error instanceof LineTooLongError) throw new InputError(lineTooLong(file, error.line), HINT);
    throw captureReadError(file, error);
  }
}

/** A line past the longest capture record whk reads: said so by the first read of a file and by its follower alike. */
export function lineTooLong(file: string, line: number): string {
  return `${file}:${line}: longer than ${formatByteLimit(MAX_RECORD_BYTES)}, so not a capture record`;
}

/** A capture file that could not be opened or read, in words. */
export function captureReadError(file: string, error: unknown): InputError {
  // '-' is stdin for payloads (validate, map), not for a capture file: said so, not "no such file".
  if (file === '-' && (error as NodeJS.ErrnoException).code === 'ENOENT') return new InputError(STDIN_CAPTURE.message, STDIN_CAPTURE.hint, error);
  return new InputError(`cannot read '${file}': ${readFailure(error)}`, undefined, error);
}

/**
 * The record numbered `index` of a capture file; with no index, its only record (a file of several
 * is a usage error listing the first few to pick from). `input` is the file's bytes when they are
 * already at hand (stdin); `unended` is told of an unended last line left out (see CaptureFilter).
 */
export async function readCapture(file: string, index: number | undefined, from: { input?: AsyncIterable<Buffer | string>; unended?: CaptureFilter['unended'] } = {}): Promise<CaptureEntry> {
  // Only the first few records are kept to list: the file may be a long session's (holding every
  // record to say "pick one" ran a 150 MB file out of a 64 MB heap).
  const first: CaptureEntry[] = [];
  let count = 0;
  const filter: CaptureFilter = { index: index === undefined ? undefined : recordNumbers([index]), unended: from.unended };
  for await (const entry of readEntries(file, filter, from.input)) {
    count++;
    if (first.length < LISTED) first.push(entry);
  }
  const [entry] = first;
  if (entry === undefined) throw new InputError(`'${file}' has no record ${index}`, INDEX_HINT).blame('index');
  if (count > 1) {
    const some = first.map(({ index: n, record }) => `${n}: ${record.method} ${record.path} ${record.kind ?? 'unknown'}`);
    // The list ends saying how many it leaves out: it stopped at the fifth of thousands without a word.
    const more = count > first.length ? `; … and ${count - first.length} more` : '';
    throw new UsageError(`'${file}' holds ${count} records: pick one with ${fieldRef('index')} N`, `${some.join('; ')}${more}`);
  }
  return entry;
}

/** How many records the error of a file holding several lists to pick from. */
const LISTED = 5;

const NOT_JSON = Object.freeze({ problem: 'not JSON', error: 'not JSON, so not a capture record' });

/**
 * One line of a capture file read: its record, or the line left out, why (a torn one, which begins as
 * a record and is not JSON, said as cut short) and the error a reader that stops on it gives. The
 * first read of a file and whk inspect's follower of what is appended read every line so.
 */
export function readCaptureLine(line: Line): { record: CaptureRecord } | { skipped: SkippedLine; error: string } {
  const read = readRecordLine(line.text);
  if ('record' in read) return read;
  const cutShort = !line.unended && read === NOT_JSON && beginsAsRecord(line.text);
  return { skipped: cutShort ? { line: line.number, problem: read.problem, cutShort } : { line: line.number, problem: read.problem }, error: read.error };
}

/** One line's record, or what is wrong with it: in an error's words, and in a skipped line's. */
function readRecordLine(text: string): { record: CaptureRecord } | { problem: string; error: string } {
  // A line that cannot be JSON (a log line) is told without JSON.parse: 1.5 million took 10 s so.
  if (!mayBeJson(text)) return NOT_JSON;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
  const problem = recordProblem(value);
  if (problem === null) return { record: value as CaptureRecord };
  return { problem, error: `${looksLikeRecord(value) ? 'not a whole capture record' : 'not a capture record'}: ${problem}` };
}

/** A record carrying one of the fields only a capture record has: a damaged one, not a payload. */
function looksLikeRecord(value: unknown): boolean {
  return isRecord(value) && ('receivedAt' in value || 'bodyBase64' in value);
}

/** Record numbers given as a list: [1, 3] (the API's form). */
export function recordNumbers(numbers: Iterable<number>): RecordNumbers {
  const set = new Set(numbers);
  let highest = 0;
  for (const n of set) highest = Math.max(highest, n);
  return { has: (n) => set.has(n), highest };
}

/** '1,3,5-7' → the record numbers it names (1-based). */
export function parseIndexList(raw: string): RecordNumbers {
  const ranges: [number, number][] = [];
  for (const part of raw.split(',').map((p) => p.trim())) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    const from = Number(match?.[1]);
    const to = match?.[2] === undefined ? from : Number(match[2]);
    // A number past 2^53 reads back as another (1e+23): no file holds that many records anyway.
    // Worded as every other bad value (verify's and map's --index): what was expected, then what was given.
    if (!match || from < 1 || to < from || !Number.isSafeInteger(to)) throw new UsageError(`invalid ${fieldRef('index')}: expected 1-based record numbers and ranges, e.g. 1,3,5-7, got '${raw}'`);
    ranges.push([from, to]);
  }
  return { has: (n) => ranges.some(([from, to]) => n >= from && n <= to), highest: Math.max(...ranges.map(([, to]) => to)) };
}
