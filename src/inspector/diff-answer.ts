// The answer of /api/diff: two records' headers name by name and their bodies line by line (diff.ts
// compares them), each body read only as far as a page can show.
import { createHash } from 'node:crypto';
import type { Catalogue } from './catalogue.js';
import { binaryReason, shownHeaders } from './detail.js';
import { decodedText, numbersAsSent } from '../capture/body-text.js';
import { formLines } from '../capture/form-lines.js';
import { diffHeaders, diffLines } from './diff.js';
import { drawableJson, prettyLines } from './pretty.js';
import { lineText } from './page/line-text.js';
import { moreNote } from './page/diff-summary.js';
import type { CaptureRecord } from '../capture/record.js';
import type { Diff, DiffLine, Row } from './wire.js';
import type { AnswerThread } from './answer-thread.js';

function answer(status: number, value: unknown): { status: number; json: string } {
  return { status, json: JSON.stringify(value) };
}

// Past this many characters of the two records together (their lines, or their bodies' base64), the
// diff is made on the worker thread (answer-thread.ts), not the thread the receiver answers on (whk's
// choice, measured on a busy two-core machine): records of 94 K characters together took ~4 ms here
// and ~9 ms by the worker (a round trip, the records parsed again there); of 394 K, ~90 ms here, which
// webhooks would wait; two of 4 MB held the receiver 2 to 4 s.
export const WORKER_DIFF_CHARS = 256 * 1024;

/** The diff of two records the page ticked (/api/diff?a=1&b=2): their headers, secrets masked, and their bodies; the status and JSON to answer. */
export async function diffAnswer(params: URLSearchParams, catalogue: Catalogue, secretHeaders: readonly string[], thread: AnswerThread): Promise<{ status: number; json: string | Buffer }> {
  const given = { a: params.get('a') ?? '', b: params.get('b') ?? '' };
  // Not an id at all is the asker's mistake, not a record gone: said so, with what was given.
  const notIds = (['a', 'b'] as const).filter((name) => !/^\d+$/.test(given[name]));
  if (notIds.length > 0) return answer(400, { error: `expected ${notIds.map((name) => `\`${name}\``).join(' and ')}: ${notIds.length > 1 ? 'each ' : ''}a record's id (a whole number), as in /api/diff?a=1&b=2` });
  const [a, b] = [recordOf(catalogue, given.a), recordOf(catalogue, given.b)];
  // Which of the two is missing: the page cannot tell from its list, which may not have loaded yet.
  if (!a || !b) return { status: 404, json: missingJson([[a, given.a], [b, given.b]], catalogue.newestId()) };
  if (a.heldSize + b.heldSize > WORKER_DIFF_CHARS) {
    const [heldA, heldB] = await Promise.all([a.heldForWorker(), b.heldForWorker()]);
    return { status: 200, json: await thread.diff({ a: { row: a.row, held: heldA }, b: { row: b.row, held: heldB }, secretHeaders }) };
  }
  return { status: 200, json: await diffJson({ row: a.row, record: a.record }, { row: b.row, record: b.record }, secretHeaders) };
}

/** The diff's JSON, made alike here and on the worker thread (answer-worker.ts). */
export async function diffJson(a: { row: Row; record: CaptureRecord }, b: { row: Row; record: CaptureRecord }, secretHeaders: readonly string[]): Promise<string> {
  const [masked, whole] = [{ showSecrets: false, secretHeaders }, { showSecrets: true, secretHeaders: [] }];
  const headers = diffHeaders(shownHeaders(a.record, whole), shownHeaders(b.record, whole), { a: shownHeaders(a.record, masked), b: shownHeaders(b.record, masked) });
  const [one, other] = [await bodyLines(a.record), await bodyLines(b.record)];
  const compared = one.cut || other.cut ? { a: one.lines.length, b: other.lines.length } : null;
  const body = diffLines(one.lines, other.lines);
  const diff: Diff = { a: a.row, b: b.row, headers, body: { ...body, lines: shownLines(body.lines), compared } };
  return JSON.stringify(diff);
}

/** The record of an id (digits): none past 2^53, where Number would read a nearby id. */
function recordOf(catalogue: Catalogue, digits: string): ReturnType<Catalogue['get']> {
  const id = Number(digits);
  return Number.isSafeInteger(id) ? catalogue.get(id) : undefined;
}

/**
 * The 404's JSON, naming the ids not found by the digits asked for (a JSON number may have any number
 * of them): one past 2^53 was said as the nearest double, 99999999999999999999 as 100000000000000000000.
 */
function missingJson(asked: readonly [unknown, string][], newest: number): string {
  const missing = asked.filter(([entry]) => !entry).map(([, digits]) => digits.replace(/^0+(?=\d)/, ''));
  return JSON.stringify({ error: 'no such record', missing: [], newest }).replace('"missing":[]', `"missing":[${missing.join(',')}]`);
}

// How much of each body a diff reads (whk's choice): two captured 10 MB arrays, pretty-printed and
// aligned whole, held the thread the receiver answers on for ~10 s and took ~1.5 GB, for a page that
// shows 5,000 lines. The diff says when it read only the first part (BodyDiff.compared).
const DIFF_INPUT_LINES = 50_000;
const DIFF_INPUT_CHARS = 4 * 1024 * 1024;

/**
 * The body as the diff compares it, its first DIFF_INPUT_LINES lines and DIFF_INPUT_CHARS characters
 * at most: the JSON pretty-printed, else (or when too deep to draw) the decoded text.
 */
async function bodyLines(record: CaptureRecord): Promise<{ lines: string[]; cut: boolean }> {
  const json = drawableJson(record.body);
  const jsonLines = async (value: unknown): Promise<{ lines: string[]; cut: boolean }> => {
    const pretty = prettyLines(value, [], DIFF_INPUT_LINES, await numbersAsSent(Buffer.from(record.bodyBase64, 'base64'), record, value));
    return { lines: pretty.lines.map(lineText), cut: pretty.truncated };
  };
  // A form compares field by field, its JSON field drawn as JSON: compared by that field alone, two
  // forms differing in another field were "identical".
  if (record.form) {
    const drawn = json === null ? undefined : await jsonLines(json);
    const lines = formLines(record.form, drawn?.lines);
    return firstChars(lines.slice(0, DIFF_INPUT_LINES), lines.length > DIFF_INPUT_LINES || drawn?.cut === true);
  }
  if (json !== null) {
    const drawn = await jsonLines(json);
    return firstChars(drawn.lines, drawn.cut);
  }
  const raw = Buffer.from(record.bodyBase64, 'base64');
  const text = (await decodedText(raw, record)) ?? '';
  // A binary body is named, as the detail names it, not drawn as text: two differ by their bytes' hash.
  const binary = binaryReason(record, text);
  if (binary !== null) return { lines: [`(binary data, ${binary}: ${raw.length} bytes as received, SHA-256 ${createHash('sha256').update(raw).digest('hex').slice(0, 16)}…)`], cut: false };
  const shown = text.length > DIFF_INPUT_CHARS ? text.slice(0, DIFF_INPUT_CHARS) : text;
  const lines: string[] = [];
  for (let from = 0; lines.length < DIFF_INPUT_LINES; ) {
    const end = shown.indexOf('\n', from);
    if (end === -1) {
      lines.push(shown.slice(from));
      return { lines, cut: shown.length < text.length };
    }
    lines.push(shown.slice(from, end));
    from = end + 1;
  }
  return { lines, cut: true };
}

// How many characters a diff shows in all (whk's choice: the detail's bound for one body's text,
// for two): the lines are compared whole, but two bodies of one 4 Mi-character line each made a
// 29 MB answer the page could not draw. The lines past it are shown cut, saying how much is left out.
const DIFF_SHOWN_CHARS = 512 * 1024;

function shownLines(lines: readonly DiffLine[]): DiffLine[] {
  let left = DIFF_SHOWN_CHARS;
  return lines.map((line) => {
    if (line.op === 'gap') return line;
    const shown = Math.min(line.text.length, left);
    left -= shown;
    // A line no longer than the note that would stand for it ('}' drawn '… 1 more character') is shown whole.
    if (shown === line.text.length || line.text.length <= moreNote(line.text.length - shown).length) return line;
    return { ...line, text: line.text.slice(0, shown), more: line.text.length - shown };
  });
}

/** The lines up to DIFF_INPUT_CHARS characters in all (the line that passes it is cut). */
function firstChars(lines: string[], cut: boolean): { lines: string[]; cut: boolean } {
  let chars = 0;
  for (const [index, line] of lines.entries()) {
    chars += line.length + 1;
    if (chars > DIFF_INPUT_CHARS) return { lines: [...lines.slice(0, index), line.slice(0, line.length - (chars - 1 - DIFF_INPUT_CHARS))], cut: true };
  }
  return { lines, cut };
}
