// A parsed body as pretty-printed lines, each with its JSON path (in the '$.a[0].b' form issues
// use), and every validation issue placed on the line of its path, or of the nearest ancestor
// that exists when the issue is about something missing. The page renders the lines as text.
import { isInexactInteger, nestsDeeperThan } from '../util/deep-json.js';
import { formatPath, type PathSegment } from '../util/json-path.js';
import { numberTextFor } from '../util/number-texts.js';
import type { Issue, PrettyBody, PrettyLine } from './wire.js';

// A sender's body may nest thousands of levels in a few kilobytes (JSON.parse takes it), and every
// recursive walk of it (JSON.stringify, prettyLines) overflows the stack long before that, while
// the paths of its lines alone would be megabytes. Deeper than this, the inspector shows its text.
export const MAX_DEPTH = 100;

/** The parsed body the inspector draws (detail and diff): null when there is none or it nests deeper than MAX_DEPTH. */
export function drawableJson(body: unknown): unknown {
  return nestsDeeperThan(body, MAX_DEPTH) ? null : body;
}

/**
 * `sent`: the source text of numbers JSON.parse read inexactly, by path (util/number-texts.ts): such a
 * number is drawn as sent; one without its text is drawn as read, and marked `inexact`.
 */
export function prettyLines(value: unknown, issues: readonly Issue[] = [], maxLines = 5000, sent?: ReadonlyMap<string, string>): PrettyBody {
  const lines: PrettyLine[] = [];
  let truncated = false;
  const push = (line: PrettyLine): boolean => {
    if (lines.length >= maxLines) {
      truncated = true;
      return false;
    }
    lines.push(line);
    return true;
  };
  const walk = (node: unknown, segments: PathSegment[], depth: number, key: string | undefined, comma: boolean): boolean => {
    const path = formatPath(segments);
    const head = key === undefined ? {} : { key };
    if (node === null || typeof node !== 'object') {
      if (isInexactInteger(node)) {
        const digits = numberTextFor(sent, path, node);
        if (digits !== undefined) return push({ depth, ...head, text: digits, type: 'number', comma, path });
        return push({ depth, ...head, text: JSON.stringify(node), type: 'number', comma, path, inexact: true });
      }
      return push({ depth, ...head, text: JSON.stringify(node) ?? 'null', type: scalarType(node), comma, path });
    }
    // Items are read one at a time as they are drawn: mapping a million-item array first cost the
    // detail seconds on the receiver's thread, for the 5,000 lines shown.
    const items = Array.isArray(node) ? (node as unknown[]) : null;
    const keys = items === null ? Object.keys(node) : null;
    const count = items?.length ?? keys?.length ?? 0;
    const [open, close] = items ? ['[', ']'] : ['{', '}'];
    if (count === 0) return push({ depth, ...head, text: `${open}${close}`, type: 'open', comma, path });
    if (!push({ depth, ...head, text: open, type: 'open', comma: false, path })) return false;
    for (let index = 0; index < count; index++) {
      const memberKey = keys?.[index];
      const child = memberKey === undefined ? items?.[index] : (node as Record<string, unknown>)[memberKey];
      if (!walk(child, [...segments, memberKey ?? index], depth + 1, memberKey, index < count - 1)) return false;
    }
    return push({ depth, text: close, type: 'close', comma, path });
  };
  walk(value, [], 0, undefined, false);
  placeIssues(lines, issues);
  return { lines, truncated };
}

/**
 * How many lines prettyLines draws of the whole value (JSON.stringify(value, null, 2)'s line count),
 * counted without drawing them or recursing: a value, or an empty object or array, is one line; any
 * other object or array, its members' lines and two more.
 */
export function prettyLineCount(value: unknown): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    count++;
    if (node === null || typeof node !== 'object') continue;
    const members = Array.isArray(node) ? (node as unknown[]) : Object.values(node);
    if (members.length === 0) continue;
    count++;
    for (const member of members) stack.push(member);
  }
  return count;
}

function scalarType(value: unknown): PrettyLine['type'] {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'null';
}

/** Each issue goes on the first line of its path, or of the longest prefix of it that is shown. */
function placeIssues(lines: PrettyLine[], issues: readonly Issue[]): void {
  const first = new Map<string, PrettyLine>();
  for (const line of lines) if (line.type !== 'close' && !first.has(line.path)) first.set(line.path, line);
  for (const issue of issues) {
    const line = ancestors(issue.path).map((path) => first.get(path)).find((found) => found !== undefined);
    if (line) (line.issues ??= []).push(issue);
  }
}

/** '$.a[0]["b c"]' → ['$.a[0]["b c"]', '$.a[0]', '$.a', '$']: cut at each segment boundary. */
export function ancestors(path: string): string[] {
  const out = [path];
  const boundary = /\.[A-Za-z_$][\w$]*$|\[\d+\]$|\["(?:[^"\\]|\\.)*"\]$/;
  let rest = path;
  for (let match = boundary.exec(rest); match && rest !== '$'; match = boundary.exec(rest)) {
    rest = rest.slice(0, match.index);
    out.push(rest);
  }
  if (out[out.length - 1] !== '$') out.push('$');
  return out;
}
