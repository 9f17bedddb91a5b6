// Dotted paths into JSON values ('data.metric.name', 'alerts[0].labels.severity', '[2].treatment'):
// parsed without eval, with prototype-polluting segments refused. Used by --set and by mappings.
import { UsageError } from '../errors.js';

export type PathSegment = string | number;

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

export function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  const pattern = /([^.[\]]+)|\[(\d+)\]|(\.)/gy;
  let expectName = true;
  let index = 0;
  for (let match = pattern.exec(path); match; match = pattern.exec(path)) {
    index = pattern.lastIndex;
    if (match[1] !== undefined) {
      if (!expectName) throw new UsageError(`invalid path '${path}'`, "separate names with '.', e.g. data.metric.name");
      segments.push(match[1]);
      expectName = false;
    } else if (match[2] !== undefined) {
      segments.push(Number(match[2]));
      expectName = false;
    } else {
      if (expectName) throw new UsageError(`invalid path '${path}'`, "a path may not have an empty segment");
      expectName = true;
    }
  }
  if (path.length === 0 || index !== path.length || expectName) {
    throw new UsageError(`invalid path '${path}'`, 'use names and [index], e.g. alerts[0].labels.severity');
  }
  for (const segment of segments) {
    if (typeof segment === 'string' && FORBIDDEN.has(segment)) {
      throw new UsageError(`refused path '${path}': the segment '${segment}' is not allowed`);
    }
  }
  return segments;
}

/**
 * Reads a value at a path; undefined when any step is missing. Only own properties are followed.
 * With parseJsonStrings, a string met before the path ends is parsed as JSON and the walk goes on
 * inside it (SNS delivers a CloudWatch alarm as a JSON string in Message).
 */
export function getPath(value: unknown, segments: readonly PathSegment[], options: { parseJsonStrings?: boolean } = {}): unknown {
  let current: unknown = value;
  for (const segment of segments) {
    if (typeof current === 'string' && options.parseJsonStrings) current = parseJsonOrUndefined(current);
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
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

/** Writes a value at a path, creating objects and arrays on the way. Mutates and returns root. */
export function setPath(root: unknown, segments: readonly PathSegment[], value: unknown): unknown {
  if (segments.length === 0) return value;
  let current = root as Record<PathSegment, unknown>;
  segments.forEach((segment, i) => {
    if (current === null || typeof current !== 'object') {
      throw new UsageError(`cannot set '${formatPath(segments)}': '${formatPath(segments.slice(0, i))}' is not an object or array`);
    }
    if (i === segments.length - 1) {
      current[segment] = value;
      return;
    }
    if (!Object.prototype.hasOwnProperty.call(current, segment) || current[segment] === null || typeof current[segment] !== 'object') {
      current[segment] = typeof segments[i + 1] === 'number' ? [] : {};
    }
    current = current[segment] as Record<PathSegment, unknown>;
  });
  return root;
}

/** '$.alerts[0].labels' style, as issues print paths. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '$';
  for (const segment of segments) {
    out += typeof segment === 'number' ? `[${segment}]` : /^[A-Za-z_$][\w$]*$/.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** One --set argument: 'path=value'; the value is JSON when it parses as JSON, else a string. */
export function parseAssignment(raw: string): { path: PathSegment[]; value: unknown } {
  const eq = raw.indexOf('=');
  if (eq <= 0) throw new UsageError(`invalid --set '${raw}'`, 'use path=value, e.g. --set data.environment.name=Staging');
  const path = parsePath(raw.slice(0, eq));
  const text = raw.slice(eq + 1);
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    // not JSON: keep the text as a string
  }
  return { path, value };
}

export type Assignment = ReturnType<typeof parseAssignment>;

/** Applies parsed assignments; parse once with parseAssignment when applying to many payloads. */
export function applyParsedAssignments<T>(payload: T, assignments: readonly Assignment[]): T {
  let result: unknown = payload;
  // Each payload gets its own copy of an object value, so later edits to one do not reach another.
  for (const { path, value } of assignments) result = setPath(result, path, value !== null && typeof value === 'object' ? structuredClone(value) : value);
  return result as T;
}

export function applyAssignments<T>(payload: T, assignments: readonly string[]): T {
  return applyParsedAssignments(payload, assignments.map(parseAssignment));
}
