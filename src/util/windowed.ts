// A schema's verdict on a payload whose arrays are very long, with its issues bounded. zod checks
// every element and keeps every issue: a 3 MB body of a million `{}` in an impressions batch made
// nine million issues and ran whk out of memory. A payload with an array longer than WINDOW is
// checked a window at a time instead: each long array (at any depth) shows zod WINDOW of its
// elements, the rest of the payload whole, and the issues found come back with their real indexes.
// It stops once it holds `maxIssues`. A refinement over a whole array (an alert group's status
// against all its alerts) then sees one window at a time: only for arrays longer than any webhook
// sends, which is why the window is that long. A payload without such arrays goes to zod as it is.
import type { z } from 'zod';
import { isRecord } from './json.js';

type ZodIssue = z.core.$ZodIssue;
type Path = PropertyKey[];

/** Elements of one array zod sees at a time, and the length past which an array is windowed (whk's choice: past any webhook's arrays, a bounded cost for zod). */
export const WINDOW = 10_000;
/** Issues kept for one payload (whk's choice: a person reads the first few; the rest is counted as unchecked). */
export const MAX_ISSUES = 1_000;

/**
 * The window for a kind's schema: none (the whole payload at once) for a kind of your own, whose
 * schema is ajv's over the whole payload (uniqueItems compares all the items, which windows would not).
 */
export function windowOf(kind: { bodyOrigin?: string }): number {
  return kind.bodyOrigin === 'user-schema' ? Infinity : WINDOW;
}

export type Verdict = { success: true } | { success: false; issues: ZodIssue[]; stopped: boolean };

/** The schema's verdict with at most `maxIssues` issues (1 for a yes/no); `stopped` when it stopped there, with more maybe unfound. */
export function checkWindowed(schema: z.ZodType, payload: unknown, maxIssues = MAX_ISSUES, window = WINDOW): Verdict {
  // No window (a kind of your own): nothing to look for, the payload goes to the schema whole.
  const long = Number.isFinite(window) ? longArrays(payload, window) : undefined;
  if (long === undefined || long.arrays.size === 0) {
    const parsed = schema.safeParse(payload);
    if (parsed.success) return { success: true };
    const { issues } = parsed.error;
    return { success: false, issues: issues.slice(0, maxIssues), stopped: issues.length > maxIssues };
  }
  const issues: ZodIssue[] = [];
  const windows = Math.ceil(long.longest / window);
  for (let at = 0; at < windows; at++) {
    const parsed = schema.safeParse(viewOf(payload, long, at * window, window));
    if (parsed.success) continue;
    for (const issue of parsed.error.issues) {
      const real = realIssue(issue, payload, long.arrays, at * window, window);
      // An issue outside every long array is the same in each window: kept from the first.
      if (real === undefined || (at > 0 && !real.inLong)) continue;
      issues.push(real.issue);
      if (issues.length >= maxIssues) return { success: false, issues, stopped: true };
    }
  }
  return issues.length === 0 ? { success: true } : { success: false, issues, stopped: false };
}

/** Whether the payload holds an array longer than `window`, at any depth; iterative, stops at the first. */
export function hasLongArray(payload: unknown, window = WINDOW): boolean {
  const stack: unknown[] = [payload];
  for (let node = stack.pop(); node !== undefined || stack.length > 0; node = stack.pop()) {
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node) && node.length > window) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) if (child !== null && typeof child === 'object') stack.push(child);
  }
  return false;
}

interface LongArrays {
  /** The arrays longer than the window. */
  arrays: Set<unknown[]>;
  /** The containers that hold one at some depth: the only ones a view copies. */
  holders: Set<object>;
  longest: number;
}

/** The long arrays of a payload and what holds them; iterative, as payloads nest deep. */
function longArrays(payload: unknown, window: number): LongArrays {
  interface Step {
    node: object;
    parent: Step | undefined;
  }
  const found: LongArrays = { arrays: new Set(), holders: new Set(), longest: 0 };
  const stack: Step[] = payload !== null && typeof payload === 'object' ? [{ node: payload, parent: undefined }] : [];
  for (let step = stack.pop(); step !== undefined; step = stack.pop()) {
    const { node } = step;
    if (Array.isArray(node) && node.length > window) {
      found.arrays.add(node);
      found.longest = Math.max(found.longest, node.length);
      // Up to the first container already known to hold one: each is marked once.
      for (let up: Step | undefined = step; up !== undefined && !found.holders.has(up.node); up = up.parent) found.holders.add(up.node);
    }
    const children: unknown[] = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push({ node: child, parent: step });
  }
  return found;
}

/**
 * The payload with each long array cut to its elements from `start` (one element, its first, where it
 * has none there, so a length check such as .min(1) still holds; issues in it are dropped).
 */
function viewOf(node: unknown, long: LongArrays, start: number, window: number): unknown {
  if (node === null || typeof node !== 'object' || !long.holders.has(node)) return node;
  if (Array.isArray(node)) {
    const shown = long.arrays.has(node) ? (start < node.length ? node.slice(start, start + window) : node.slice(0, 1)) : node;
    return shown.map((item) => viewOf(item, long, start, window));
  }
  const copy: Record<string, unknown> = {};
  // Defined, not assigned: a key named __proto__ is data.
  for (const [key, value] of Object.entries(node)) Object.defineProperty(copy, key, { value: viewOf(value, long, start, window), enumerable: true, writable: true, configurable: true });
  return copy;
}

/** An issue of a view with its path in the payload; undefined for one in a stand-in element. */
function realIssue(issue: ZodIssue, payload: unknown, arrays: Set<unknown[]>, start: number, window: number): { issue: ZodIssue; inLong: boolean } | undefined {
  const walked = realPath(issue.path as Path, payload, arrays, start);
  if (walked === undefined) return undefined;
  if (issue.code !== 'invalid_union') return { issue: { ...issue, path: walked.path } as ZodIssue, inLong: walked.inLong };
  // A union's branches speak from where the union is: their paths go on from its node.
  const errors: ZodIssue[][] = [];
  for (const branch of issue.errors) {
    const kept = branch.flatMap((inner) => realIssue(inner, walked.node, arrays, start, window)?.issue ?? []);
    errors.push(kept);
  }
  return { issue: { ...issue, path: walked.path, errors } as ZodIssue, inLong: walked.inLong };
}

/** A view's path as the payload's: an index into a long array moved by the window's start. */
function realPath(path: Path, payload: unknown, arrays: Set<unknown[]>, start: number): { path: Path; node: unknown; inLong: boolean } | undefined {
  const real: Path = [];
  let node = payload;
  let inLong = false;
  for (const segment of path) {
    if (Array.isArray(node) && arrays.has(node) && typeof segment === 'number') {
      // Past its end the view showed its first element as a stand-in: what it says is not news.
      if (start >= node.length) return undefined;
      inLong = true;
      real.push(segment + start);
      node = node[segment + start];
      continue;
    }
    real.push(segment);
    node = Array.isArray(node) && typeof segment === 'number' ? node[segment] : isRecord(node) && typeof segment === 'string' ? node[segment] : undefined;
  }
  return { path: real, node, inLong };
}
