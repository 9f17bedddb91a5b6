// The answer of /api/records/N: detail.ts's detail as JSON, the body of a large record drawn on the
// worker thread (answer-thread.ts) so the receiver beside the page answers webhooks meanwhile.
import { randomUUID } from 'node:crypto';
import type { AnswerThread } from './answer-thread.js';
import type { Catalogue, Entry } from './catalogue.js';
import { buildDetail } from './detail.js';
import type { PrettyBody } from './wire.js';
import type { CaptureRecord } from '../capture/record.js';

// Past this many characters of the record (its line, or its body's base64), its body is drawn on the
// worker thread (whk's choice, as diff-answer.ts WORKER_DIFF_CHARS, for one record): a 3.8 MB body's
// detail took ~190 ms here (55 once read), two thirds of it the drawing (the whole body walked for its
// depth and its integers past 2^53, whose digits are read again from all its text). The record is
// still read here, for the rest of the detail (its messages worded through the catalogue).
export const WORKER_DETAIL_CHARS = 256 * 1024;

/** The detail's JSON: its drawn body made on the worker for a large record, and put in its place. */
export async function detailJson(entry: Entry, catalogue: Catalogue, options: Parameters<typeof buildDetail>[2], thread: AnswerThread): Promise<string> {
  if (entry.heldSize <= WORKER_DETAIL_CHARS) return JSON.stringify(await buildDetail(entry, catalogue, options));
  // The drawn body comes as JSON: the detail holds a mark no record can hold (a fresh random one)
  // where it goes, and the JSON takes its place.
  const mark = randomUUID();
  let drawn = 'null';
  const draw = async (record: CaptureRecord): Promise<PrettyBody | null> => {
    drawn = (await thread.draw({ held: await entry.heldForWorker(), issues: record.issues })).toString('utf8');
    return drawn === 'null' ? null : (mark as unknown as PrettyBody);
  };
  const json = JSON.stringify(await buildDetail(entry, catalogue, options, draw));
  const at = json.indexOf(`"${mark}"`);
  return at === -1 ? json : `${json.slice(0, at)}${drawn}${json.slice(at + mark.length + 2)}`;
}
