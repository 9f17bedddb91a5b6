// Dotted paths into JSON values ('data.metric.name', 'alerts[0].labels.severity', '[2].treatment',
// 'labels["app.kubernetes.io/name"]', 'alerts[*].labels.instance', '$.status' as whk prints them):
// parsed without eval, with prototype-polluting segments refused. Used by --set (one place) and by
// mappings (reads, [*] too).
import { blaming, fieldRef, UsageError } from '../errors.js';
import { counted } from './units.js';
import { BIDI_CONTROLS } from '../inspector/page/controls.js';

export type PathSegment = string | number;
/** `[*]`: every element of an array (every value of an object); a path with one reads an array. */
export const EVERY = Symbol('every element');
export type PathStep = PathSegment | typeof EVERY;

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** A path with names, `[0]` indexes and `["quoted.keys"]`; `[*]` is refused (a path that writes needs one place). */
export function parsePath(path: string): PathSegment[] {
  const steps = parseQuery(path);
  if (steps.includes(EVERY)) throw new UsageError(`invalid path '${path}': [*] reads every element and cannot be used here`);
  return steps as PathSegment[];
}

/** The longest path a field is read or set at: whk's bound, far past any payload's depth. */
export const MAX_PATH_LENGTH = 1024;

/**
 * A path that reads: names, `[0]`, `["key.with.dots"]` (a Kubernetes label such as
 * app.kubernetes.io/name) or `['key']`, and `[*]` for every element; it may begin with `$.` or `$[`
 * (fromRoot), as whk prints paths.
 */
export function parseQuery(path: string): PathStep[] {
  // Each step is checked against the whole path so far (formatPath, on every set): a path of
  // thousands of steps took seconds, and no payload nests that deep.
  if (path.length > MAX_PATH_LENGTH) throw new UsageError(`invalid path '${path.slice(0, 40)}…': longer than ${MAX_PATH_LENGTH} characters (whk's bound)`);
  const text = fromRoot(path);
  const steps: PathStep[] = [];
  const pattern = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|\['([^']*)'\]|(\[\*\])|(\.)/gy;
  let expectName = true;
  let index = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    index = pattern.lastIndex;
    const [, name, number, doubleQuoted, singleQuoted, every] = match;
    if (name !== undefined) {
      if (!expectName) throw new UsageError(`invalid path '${path}'`, "separate names with '.', e.g. data.metric.name");
      steps.push(name);
    } else if (number !== undefined) {
      steps.push(Number(number));
    } else if (doubleQuoted !== undefined) {
      steps.push(quotedKey(path, doubleQuoted));
    } else if (singleQuoted !== undefined) {
      steps.push(singleQuoted);
    } else if (every !== undefined) {
      steps.push(EVERY);
    } else {
      if (expectName) throw new UsageError(`invalid path '${path}'`, 'a path may not have an empty segment');
      expectName = true;
      continue;
    }
    expectName = false;
  }
  if (text.length === 0 || index !== text.length || expectName) {
    throw new UsageError(`invalid path '${path}'`, 'use names, [index], ["key.with.dots"] and [*], e.g. alerts[0].labels.severity');
  }
  for (const step of steps) {
    if (typeof step === 'string' && FORBIDDEN.has(step)) {
      throw new UsageError(`refused path '${path}': the segment '${step}' is not allowed`);
    }
  }
  return steps;
}

function quotedKey(path: string, quoted: string): string {
  try {
    return JSON.parse(`"${quoted}"`) as string;
  } catch {
    throw new UsageError(`invalid path '${path}': the key "${quoted}" is not a JSON string`);
  }
}

/**
 * Reads a value at a path; undefined when any step is missing. Only own properties are followed.
 * With parseJsonStrings, a string met before the path ends is parsed as JSON and the walk goes on
 * inside it (SNS delivers a CloudWatch alarm as a JSON string in Message). At `[*]` the rest of the
 * path is read from every element and the values found (none missing) make an array.
 */
export function getPath(value: unknown, steps: readonly PathStep[], options: { parseJsonStrings?: boolean } = {}): unknown {
  let current: unknown = value;
  for (const [i, step] of steps.entries()) {
    if (typeof current === 'string' && options.parseJsonStrings) current = parseJsonOrUndefined(current);
    if (current === null || typeof current !== 'object') return undefined;
    if (step === EVERY) {
      const rest = steps.slice(i + 1);
      const values = (Array.isArray(current) ? current : Object.values(current)).map((element) => getPath(element, rest, options));
      // Nested [*] give arrays of arrays; they are flattened so a path always gives one list.
      return values.flatMap((found) => (found === undefined ? [] : rest.includes(EVERY) && Array.isArray(found) ? found : [found]));
    }
    if (!Object.prototype.hasOwnProperty.call(current, step)) return undefined;
    current = (current as Record<PathSegment, unknown>)[step];
  }
  return current;
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Writes a value at a path, creating objects and arrays on the way (and replacing a null, such as
 * a null alertPolicy). Mutates and returns root. A path that does not fit the value is refused
 * rather than bent to fit: an index past the end of an array (one exactly at the end appends), a
 * name on an array, an index on an object, a step into a string, number or boolean.
 */
export function setPath(root: unknown, segments: readonly PathSegment[], value: unknown): unknown {
  if (segments.length === 0) return value;
  let current: unknown = root;
  segments.forEach((segment, i) => {
    const container = writableAt(current, segments, i);
    if (i === segments.length - 1) {
      container[segment] = value;
      return;
    }
    const child = Object.prototype.hasOwnProperty.call(container, segment) ? container[segment] : undefined;
    if (child === undefined || child === null) container[segment] = typeof segments[i + 1] === 'number' ? [] : {};
    current = container[segment];
  });
  return root;
}

/** The object or array that `segments[i]` is written into, when that step fits it. */
function writableAt(current: unknown, segments: readonly PathSegment[], i: number): Record<PathSegment, unknown> {
  const segment = segments[i] as PathSegment;
  const before = segments.slice(0, i);
  const cannot = `cannot set '${formatPath(segments)}': '${formatPath(before)}'`;
  if (current === null || typeof current !== 'object') {
    const what = current === null ? 'null' : `a ${typeof current}`;
    throw new UsageError(`${cannot} is ${what}, not an object or array`, i === 0 ? undefined : `to replace it, set ${setSyntax(before)} itself`);
  }
  if (Array.isArray(current)) {
    if (typeof segment === 'string') {
      const indexed = /^\d+$/.test(segment) ? [...before, Number(segment)] : [...before, 0, segment];
      throw new UsageError(`${cannot} is an array, and '${segment}' is not an index`, `name an element by its index, e.g. ${setSyntax([...indexed, ...segments.slice(i + 1)])}`);
    }
    if (segment > current.length) {
      const count = counted(current.length, 'element');
      throw new UsageError(`${cannot} has ${count}`, `use an index from 0 to ${current.length} (${current.length} adds one at the end)`);
    }
  } else if (typeof segment === 'number') {
    throw new UsageError(`${cannot} is an object, and [${segment}] indexes an array`, `for a key named ${segment}, write ${setSyntax([...before, String(segment), ...segments.slice(i + 1)])}`);
  }
  return current as Record<PathSegment, unknown>;
}

/** A path as --set takes it: 'alerts[0].labels', '[0].key'. */
const setSyntax = (segments: readonly PathSegment[]): string => formatPath(segments).replace(/^\$\.?/, '');

/** '$.alerts[0].labels' style, as issues print paths. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '$';
  for (const segment of segments) {
    out += typeof segment === 'number' ? `[${segment}]` : /^[A-Za-z_$][\w$]*$/.test(segment) ? `.${segment}` : `[${keyInPath(segment)}]`;
  }
  return out;
}

// Characters JSON.stringify leaves raw that print as nothing, or reorder the line (U+202E): a path
// shows them escaped, so it names the key it means (a terminal drops them, and "\u202eevil" read "evil").
const INVISIBLE_IN_KEY = new RegExp(`[\\u007f-\\u009f\\u00ad\\u200b-\\u200d\\u2028\\u2029\\ufeff${BIDI_CONTROLS}]`, 'g');

function keyInPath(key: string): string {
  return JSON.stringify(key).replace(INVISIBLE_IN_KEY, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One `set` entry (--set on the command line): 'path=value'; the value is JSON when it parses as JSON, else a string. */
export function parseAssignment(raw: string): { path: PathSegment[]; value: unknown } {
  const eq = raw.indexOf('=');
  // The core names the field; the CLI shows it as --set (errors.ts, fieldRef).
  if (eq <= 0) throw new UsageError(`invalid ${fieldRef('set')} '${raw}'`, `use path=value, e.g. ${fieldRef('set')} data.environment.name=Staging`);
  // The path's errors are shared with mappings', which name no option: here they are the `set`'s.
  if (raw.slice(0, eq) === '$') throw new UsageError(`invalid ${fieldRef('set')} '${raw}': '$' is the whole body, not a field in it`, `name a field, e.g. ${fieldRef('set')} '$.status=resolved' (a key named $ is ["$"])`);
  const path = blaming('set', () => parsePath(raw.slice(0, eq)));
  const text = raw.slice(eq + 1);
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    // not JSON: keep the text as a string
  }
  // JSON.parse reads 1e400 as Infinity, which the payload would carry as null: refused, not changed.
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new UsageError(`invalid ${fieldRef('set')} '${raw}': ${text} is past the largest number JSON carries here (a double, about 1.8e308)`, `give a smaller number, or the text as a JSON string: ${raw.slice(0, eq)}='"${text}"'`);
  }
  return { path, value };
}

export type Assignment = ReturnType<typeof parseAssignment>;

/**
 * A path as whk's own messages print it ('$.status', '$[0].key': formatPath) read from the body it
 * names, as the same path without '$': it made a key '$' otherwise, and a mapping path copied from
 * an issue matched nothing (a key named $ is written ["$"]).
 */
function fromRoot(path: string): string {
  if (path === '$') throw new UsageError('invalid path \'$\': it is the whole body, not a field in it (a key named $ is ["$"])', 'name a field, e.g. $.alerts[0].labels.alertname');
  return path.startsWith('$.') ? path.slice(2) : path.startsWith('$[') ? path.slice(1) : path;
}

/** Applies parsed assignments; parse once with parseAssignment when applying to many payloads. */
export function applyParsedAssignments<T>(payload: T, assignments: readonly Assignment[]): T {
  // A path that does not fit the payload is the `set`'s to change.
  return blaming('set', () => {
    let result: unknown = payload;
    // Each payload gets its own copy of an object value, so later edits to one do not reach another.
    for (const { path, value } of assignments) result = setPath(result, path, value !== null && typeof value === 'object' ? structuredClone(value) : value);
    return result as T;
  });
}

export function applyAssignments<T>(payload: T, assignments: readonly string[]): T {
  return applyParsedAssignments(payload, assignments.map(parseAssignment));
}
