// The diff of two requests: their headers name by name, and their bodies line by line (the
// pretty-printed JSON, or the decoded text), as plain data the page renders.
import type { BodyDiff, DiffLine, HeaderDiff, LineOp } from './wire.js';

/**
 * The headers name by name, compared by their values; `shown` gives the values to show (secrets
 * masked) when they are not those: compared masked, two different signatures read as the same.
 */
export function diffHeaders(a: readonly [string, string][], b: readonly [string, string][], shown?: { a: readonly [string, string][]; b: readonly [string, string][] }): HeaderDiff[] {
  const left = new Map(a);
  const right = new Map(b);
  const [shownLeft, shownRight] = shown ? [new Map(shown.a), new Map(shown.b)] : [left, right];
  const names = [...new Set([...left.keys(), ...right.keys()])].sort();
  return names.map((name) => {
    const same = left.get(name) === right.get(name);
    return { name, a: shownLeft.get(name) ?? null, b: shownRight.get(name) ?? null, same };
  });
}

// Past this many cells the middle is shown as removed then added instead of aligned: an exact
// alignment of two huge bodies would cost more time and memory than the page is worth.
const MAX_CELLS = 4_000_000;

// A diff is drawn line by line like the detail's body, so it is held to the same number of lines.
const MAX_DIFF_LINES = 5000;
// Lines of unchanged context kept around each change when a long diff's unchanged runs are cut.
const CONTEXT = 3;

/**
 * A line diff: common head and tail trimmed, the middle aligned by longest common subsequence.
 * Longer than `maxLines`, each long run of unchanged lines shrinks to a gap with a few lines of
 * context around the changes, and whatever still does not fit is cut (counted, not sent).
 */
export function diffLines(a: readonly string[], b: readonly string[], maxLines = MAX_DIFF_LINES): Omit<BodyDiff, 'compared'> {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const middle = alignMiddle(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  const changes = middle.filter((line) => line.op !== 'same').length;
  // The common head and tail are made into lines one at a time: two huge bodies share millions.
  function* all(): Generator<LineOp> {
    for (let i = 0; i < head; i++) yield { op: 'same', text: a[i] as string };
    yield* middle;
    for (let i = a.length - tail; i < a.length; i++) yield { op: 'same', text: a[i] as string };
  }
  if (head + middle.length + tail <= maxLines) return { lines: [...all()], changes, cut: 0 };
  return { ...shortened(all(), maxLines), changes };
}

/** The lines with unchanged runs cut down to their context, then cut at `maxLines`. */
function shortened(ops: Iterable<LineOp>, maxLines: number): { lines: DiffLine[]; cut: number } {
  const lines: DiffLine[] = [];
  let cut = 0;
  const emit = (line: DiffLine): void => {
    if (lines.length < maxLines) lines.push(line);
    else cut += line.op === 'gap' ? line.lines : 1;
  };
  // The current run of unchanged lines: its first CONTEXT lines, its last CONTEXT after those, its length.
  let first: LineOp[] = [];
  let last: LineOp[] = [];
  let length = 0;
  let changed = false;
  // Ends the run: `after` keeps its first lines (the context after a change), `before` its last
  // (the context before the next one); the lines between go as one gap.
  const endRun = (after: boolean, before: boolean): void => {
    const opening = after ? first : [];
    const closing = before ? [...first, ...last].slice(after ? first.length : -CONTEXT) : [];
    for (const line of opening) emit(line);
    if (length > opening.length + closing.length) emit({ op: 'gap', lines: length - opening.length - closing.length });
    for (const line of closing) emit(line);
    first = [];
    last = [];
    length = 0;
  };
  for (const op of ops) {
    if (op.op === 'same') {
      if (first.length < CONTEXT) first.push(op);
      else {
        last.push(op);
        if (last.length > CONTEXT) last.shift();
      }
      length++;
      continue;
    }
    endRun(changed, true);
    changed = true;
    emit(op);
  }
  endRun(true, false);
  return { lines, cut };
}

function alignMiddle(a: readonly string[], b: readonly string[]): LineOp[] {
  const del = (text: string): LineOp => ({ op: 'del', text });
  const add = (text: string): LineOp => ({ op: 'add', text });
  if (a.length * b.length > MAX_CELLS) return [...a.map(del), ...b.map(add)];
  const width = b.length + 1;
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..], in one flat array.
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? (lcs[(i + 1) * width + j + 1] as number) + 1 : Math.max(lcs[(i + 1) * width + j] as number, lcs[i * width + j + 1] as number);
    }
  }
  const out: LineOp[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: 'same', text: a[i] as string });
      i++;
      j++;
    } else if ((lcs[(i + 1) * width + j] as number) >= (lcs[i * width + j + 1] as number)) {
      out.push(del(a[i++] as string));
    } else {
      out.push(add(b[j++] as string));
    }
  }
  return [...out, ...a.slice(i).map(del), ...b.slice(j).map(add)];
}
