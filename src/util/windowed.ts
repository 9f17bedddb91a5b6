// A schema's verdict on a payload whose arrays are very long (or objects very wide), with its issues
// bounded. zod checks every element and keeps every issue: a 3 MB body of a million `{}` in an
// impressions batch made nine million issues and ran whk out of memory, and an 8 MB map of 800,000
// labels that are not strings held whk ten seconds and 800 MB. A payload with an array longer than
// WINDOW, or an object with more keys than it, is checked a window at a time instead: each such
// array or object (at any depth) shows zod WINDOW of its elements or keys, the rest of the payload
// whole, and the issues found come back with their real paths. It stops once it holds `maxIssues`.
// A refinement over a whole array or object (an alert group's status against all its alerts) then
// sees one window at a time: only past the size any webhook sends, which is why the window is that
// long. A long one below an element of a long array is seen only in that element's window, so its
// other windows go unchecked: such a payload (no sender makes one) is never called valid, an issue
// says why. A payload without long ones goes to zod as it is.
import type { z } from 'zod';
import { isRecord } from './json.js';
import { setOwn } from './set-own.js';
import { groupDigits } from './units.js';

type ZodIssue = z.core.$ZodIssue;
type Path = PropertyKey[];

/** Elements of one array (keys of one object) zod sees at a time, and the size past which it is windowed (whk's choice: past any webhook's, a bounded cost for zod). */
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
  const long = Number.isFinite(window) ? longNodes(payload, window) : undefined;
  if (long === undefined || long.holders.size === 0) {
    const parsed = schema.safeParse(payload);
    if (parsed.success) return { success: true };
    const { issues } = parsed.error;
    return { success: false, issues: issues.slice(0, maxIssues), stopped: issues.length > maxIssues };
  }
  const issues: ZodIssue[] = [];
  const windows = Math.ceil(long.longest / window);
  for (let at = 0; at < windows; at++) {
    const view = viewOf(payload, long, at * window, window);
    const parsed = schema.safeParse(view);
    if (parsed.success) continue;
    for (const issue of parsed.error.issues) {
      const real = realIssue(issue, { payload, view }, long, at * window);
      // An issue outside every long array or wide object is the same in each window: kept from the first.
      if (real === undefined || (at > 0 && !real.inLong)) continue;
      issues.push(real.issue);
      if (issues.length >= maxIssues) return { success: false, issues, stopped: true };
    }
  }
  if (long.nested) {
    const bound = groupDigits(window);
    issues.push({ code: 'custom', path: [], input: payload, message: `not checked to its end: an array of more than ${bound} elements holds another array or object past ${bound} (whk's bound)` } as ZodIssue);
  }
  return issues.length === 0 ? { success: true } : { success: false, issues, stopped: false };
}

/** Whether the payload holds an array longer than `window` or an object with more keys, at any depth; iterative, stops at the first. */
export function hasLongNode(payload: unknown, window = WINDOW): boolean {
  const stack: unknown[] = [payload];
  for (let node = stack.pop(); node !== undefined || stack.length > 0; node = stack.pop()) {
    if (node === null || typeof node !== 'object') continue;
    const children = Array.isArray(node) ? node : Object.values(node);
    if (children.length > window) return true;
    for (const child of children) if (child !== null && typeof child === 'object') stack.push(child);
  }
  return false;
}

interface LongNodes {
  /** The arrays longer than the window. */
  arrays: Set<unknown[]>;
  /** The objects with more keys than the window: their keys in order, whether long ones are below, and (once asked) the keys holding them. */
  objects: Map<object, { keys: string[]; holdsLong: boolean; holding?: string[] }>;
  /** The containers that are or hold one at some depth: the only ones a view copies. */
  holders: Set<object>;
  longest: number;
  /** A long one lies below an element of a long array: only that element's window of it is seen. */
  nested: boolean;
}

/** The long arrays and wide objects of a payload and what holds them; iterative, as payloads nest deep. */
function longNodes(payload: unknown, window: number): LongNodes {
  interface Step {
    node: object;
    parent: Step | undefined;
    /** Below an element of a long array. */
    inLongArray: boolean;
  }
  const found: LongNodes = { arrays: new Set(), objects: new Map(), holders: new Set(), longest: 0, nested: false };
  const stack: Step[] = payload !== null && typeof payload === 'object' ? [{ node: payload, parent: undefined, inLongArray: false }] : [];
  for (let step = stack.pop(); step !== undefined; step = stack.pop()) {
    const { node } = step;
    const keys = Array.isArray(node) ? undefined : Object.keys(node);
    const size = keys?.length ?? (node as unknown[]).length;
    if (size > window) {
      if (keys) found.objects.set(node, { keys, holdsLong: false });
      else found.arrays.add(node as unknown[]);
      found.longest = Math.max(found.longest, size);
      found.nested ||= step.inLongArray;
      // Up to the first container already known to hold one: each is marked once. A wide object is
      // marked before what is below it (parents are walked first): it is where the marking stops.
      let up: Step | undefined = step;
      for (; up !== undefined && !found.holders.has(up.node); up = up.parent) found.holders.add(up.node);
      const wide = up && found.objects.get(up.node);
      if (wide) wide.holdsLong = true;
    }
    if (keys) {
      for (const key of keys) {
        const child = (node as Record<string, unknown>)[key];
        if (child !== null && typeof child === 'object') stack.push({ node: child, parent: step, inLongArray: step.inLongArray });
      }
    } else {
      const inLongArray = step.inLongArray || size > window;
      for (const child of node as unknown[]) if (child !== null && typeof child === 'object') stack.push({ node: child, parent: step, inLongArray });
    }
  }
  return found;
}

/**
 * The payload with each long array cut to its elements from `start` (one element, its first, where it
 * has none there, so a length check such as .min(1) still holds; issues in it are dropped), and each
 * wide object to its keys from `start` (none past its last) and, in every window, the keys that hold
 * long ones (their windows are shown as this one's).
 */
function viewOf(node: unknown, long: LongNodes, start: number, window: number): unknown {
  if (node === null || typeof node !== 'object' || !long.holders.has(node)) return node;
  if (Array.isArray(node)) {
    const shown = long.arrays.has(node) ? (start < node.length ? node.slice(start, start + window) : node.slice(0, 1)) : node;
    return shown.map((item) => viewOf(item, long, start, window));
  }
  const wide = long.objects.get(node);
  const record = node as Record<string, unknown>;
  let keys: string[];
  if (wide) {
    const holding = (wide.holding ??= wide.holdsLong ? wide.keys.filter((key) => long.holders.has(record[key] as object)) : []);
    keys = [...wide.keys.slice(start, start + window).filter((key) => !long.holders.has(record[key] as object)), ...holding];
  } else {
    keys = Object.keys(node);
  }
  const copy: Record<string, unknown> = {};
  for (const key of keys) setOwn(copy, key, viewOf(record[key], long, start, window));
  return copy;
}

/** Where an issue is: in the payload, and in the view zod saw. */
interface Place {
  payload: unknown;
  view: unknown;
}

/** An issue of a view with its path in the payload; undefined for one the view made up (a stand-in element, a key left out). */
function realIssue(issue: ZodIssue, at: Place, long: LongNodes, start: number): { issue: ZodIssue; inLong: boolean } | undefined {
  const walked = realPath(issue.path as Path, at, long, start);
  if (walked === undefined) return undefined;
  if (issue.code !== 'invalid_union') return { issue: { ...issue, path: walked.path } as ZodIssue, inLong: walked.inLong };
  // A union's branches speak from where the union is: their paths go on from its node.
  const errors: ZodIssue[][] = [];
  for (const branch of issue.errors) {
    const kept = branch.flatMap((inner) => realIssue(inner, walked.at, long, start)?.issue ?? []);
    errors.push(kept);
  }
  return { issue: { ...issue, path: walked.path, errors } as ZodIssue, inLong: walked.inLong };
}

/** A view's path as the payload's: an index into a long array moved by the window's start. */
function realPath(path: Path, at: Place, long: LongNodes, start: number): { path: Path; at: Place; inLong: boolean } | undefined {
  const real: Path = [];
  let { payload: node, view } = at;
  let inLong = false;
  for (const segment of path) {
    if (Array.isArray(node) && long.arrays.has(node) && typeof segment === 'number') {
      // Past its end the view showed its first element as a stand-in: what it says is not news.
      if (start >= node.length) return undefined;
      inLong = true;
      real.push(segment + start);
      node = node[segment + start];
      view = Array.isArray(view) ? view[segment] : undefined;
      continue;
    }
    if (isRecord(node) && long.objects.has(node) && typeof segment === 'string' && !long.holders.has(node[segment] as object)) {
      const shown = isRecord(view) && Object.hasOwn(view, segment);
      // A key this window left out is missing only from the view: zod's word on it is not news.
      if (!shown && Object.hasOwn(node, segment)) return undefined;
      // A key of this window (one holding long ones is in every window: the windows below it tell).
      inLong ||= shown;
    }
    real.push(segment);
    node = childOf(node, segment);
    view = childOf(view, segment);
  }
  return { path: real, at: { payload: node, view }, inLong };
}

function childOf(node: unknown, segment: PropertyKey): unknown {
  if (Array.isArray(node)) return typeof segment === 'number' ? node[segment] : undefined;
  return isRecord(node) && typeof segment === 'string' && Object.hasOwn(node, segment) ? node[segment] : undefined;
}
