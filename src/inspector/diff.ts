// The diff of two requests: their headers name by name, and their bodies line by line (the
// pretty-printed JSON, or the decoded text), as plain data the page renders.
import type { HeaderDiff, LineOp } from './wire.js';

export function diffHeaders(a: readonly [string, string][], b: readonly [string, string][]): HeaderDiff[] {
  const left = new Map(a);
  const right = new Map(b);
  const names = [...new Set([...left.keys(), ...right.keys()])].sort();
  return names.map((name) => {
    const one = left.get(name) ?? null;
    const other = right.get(name) ?? null;
    return { name, a: one, b: other, same: one === other };
  });
}

// Past this many cells the middle is shown as removed then added instead of aligned: an exact
// alignment of two huge bodies would cost more time and memory than the page is worth.
const MAX_CELLS = 4_000_000;

/** A line diff: common head and tail trimmed, the middle aligned by longest common subsequence. */
export function diffLines(a: readonly string[], b: readonly string[]): LineOp[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const left = a.slice(head, a.length - tail);
  const right = b.slice(head, b.length - tail);
  const same = (lines: readonly string[]): LineOp[] => lines.map((text) => ({ op: 'same', text }));
  return [...same(a.slice(0, head)), ...alignMiddle(left, right), ...same(a.slice(a.length - tail))];
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
