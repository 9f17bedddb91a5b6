// JSON text for values nested deeper than JSON.stringify can go. JSON.stringify recurses, and a
// sender's body of a few kB ('[' × 5000) overflows the call stack: whk must still compare, record
// and print it. This walk keeps its own stack (an array), so depth costs memory, not call frames.
// JSON.stringify stays the fast path (`toJson` tries it first); the walk is the fallback, and the
// only way when keys must be sorted at every depth.

export interface DeepJsonOptions {
  /** Object keys in code-unit order at every depth, so equal content gives equal text whatever the key order. */
  sortKeys?: boolean | undefined;
}

/** A closing bracket, a comma or an object key still to be written (a value to write is not one of these). */
class Text {
  constructor(readonly text: string) {}
}

/**
 * JSON.stringify's compact text of `value` (undefined for a value JSON has no text for), at any
 * depth. A `toJSON` method is honoured as JSON.stringify honours it; cycles are not looked for
 * (values from JSON.parse have none).
 */
export function stringifyDeep(value: unknown, options: DeepJsonOptions = {}): string | undefined {
  const top = jsonValue(value, '');
  if (top === undefined) return undefined;
  const parts: string[] = [];
  const stack: unknown[] = [top];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item instanceof Text) {
      parts.push(item.text);
    } else if (Array.isArray(item)) {
      parts.push('[');
      stack.push(CLOSE_ARRAY);
      // Pushed last first, so they come off the stack in order; a hole or undefined is null, as in JSON.stringify.
      for (let i = item.length - 1; i >= 0; i--) {
        stack.push(jsonValue(item[i], String(i)) ?? null);
        if (i > 0) stack.push(COMMA);
      }
    } else if (item !== null && typeof item === 'object') {
      parts.push('{');
      stack.push(CLOSE_OBJECT);
      const record = item as Record<string, unknown>;
      const keys = Object.keys(record);
      if (options.sortKeys) keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const entries: [string, unknown][] = [];
      for (const key of keys) {
        const v = jsonValue(record[key], key);
        if (v !== undefined) entries.push([key, v]);
      }
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, v] = entries[i] as [string, unknown];
        stack.push(v);
        stack.push(new Text(`${i > 0 ? ',' : ''}${JSON.stringify(key)}:`));
      }
    } else {
      parts.push(JSON.stringify(item));
    }
  }
  return parts.join('');
}

/**
 * JSON with object keys sorted at every depth, so equal content gives equal text whatever the key
 * order: what repeats are compared by (the receiver's duplicates, a custom kind's uniqueItems). By
 * the walk, not JSON.stringify with a replacer: that recurses, and a sender's array nested a few
 * thousand deep (a 10 kB body) overflowed the stack and lost the request. A depth bound would make
 * such content "not comparable"; the walk compares it like any other, in memory the body bounds.
 */
export function canonicalJson(value: unknown): string {
  return stringifyDeep(value, { sortKeys: true }) ?? '';
}

/** JSON.stringify(value), or the same text by the walk above when the value is nested too deep for it. */
export function toJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch (error) {
    // Only the stack running out is a matter of depth; a cycle or a BigInt stays the caller's error.
    if (!isStackOverflow(error)) throw error;
    return stringifyDeep(value);
  }
}

/**
 * Whether `value` holds objects or arrays nested more than `max` levels (the top one is level 1),
 * found without recursion: the walk is what must not overflow. Readers that recurse (the
 * inspector's pretty lines, a schema inferred from a body) check it first.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const nodes: object[] = [];
  const depths: number[] = [];
  const visit = (child: unknown, depth: number): void => {
    if (child !== null && typeof child === 'object') {
      nodes.push(child);
      depths.push(depth);
    }
  };
  visit(value, 1);
  for (let node = nodes.pop(); node !== undefined; node = nodes.pop()) {
    const depth = depths.pop() as number;
    if (depth > max) return true;
    if (Array.isArray(node)) for (const child of node) visit(child, depth + 1);
    else for (const key in node) visit((node as Record<string, unknown>)[key], depth + 1);
  }
  return false;
}

/**
 * The first number of a parsed JSON value (in its keys' order) past the integers a double holds
 * exactly (2^53), as JavaScript writes it: JSON.parse read it as the nearest double, so it may not be
 * the digits sent. Undefined when there is none. Found without recursion, as nestsDeeperThan.
 */
export function firstInexactInteger(value: unknown): string | undefined {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isInexactInteger(node)) return String(node);
    if (node !== null && typeof node === 'object') {
      const children = Array.isArray(node) ? node : Object.values(node);
      for (let at = children.length - 1; at >= 0; at--) stack.push(children[at]);
    }
  }
  return undefined;
}

/** A number past the integers a double holds exactly (2^53): read from JSON, maybe not the digits sent. */
export function isInexactInteger(value: unknown): value is number {
  return typeof value === 'number' && Math.abs(value) > Number.MAX_SAFE_INTEGER;
}

/** The error V8 throws when the call stack runs out ("Maximum call stack size exceeded"). */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

const COMMA = new Text(',');
const CLOSE_ARRAY = new Text(']');
const CLOSE_OBJECT = new Text('}');

/** What JSON.stringify would write for `value` as the member `key`: undefined when it writes nothing. */
function jsonValue(value: unknown, key: string): unknown {
  let v = value;
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON(key: string): unknown }).toJSON(key);
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
  // Boxed primitives (new String('x')) are written as the primitive, as JSON.stringify does.
  if (v instanceof String || v instanceof Number || v instanceof Boolean) return v.valueOf();
  return v;
}

/**
 * Whether an object holds itself somewhere below it (a cycle, which no JSON has), found without
 * recursion: each object is entered once, and one met again while it is still being walked is a cycle.
 */
export function hasCycle(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const walking = new Set<object>();
  const walked = new Set<object>();
  // An object, then (once its children are pushed) a marker that its walk is over.
  const stack: { node: object; leaving: boolean }[] = [{ node: value, leaving: false }];
  for (let step = stack.pop(); step !== undefined; step = stack.pop()) {
    const { node } = step;
    if (step.leaving) {
      walking.delete(node);
      walked.add(node);
      continue;
    }
    if (walking.has(node)) return true;
    if (walked.has(node)) continue;
    walking.add(node);
    stack.push({ node, leaving: true });
    for (const child of Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push({ node: child as object, leaving: false });
    }
  }
  return false;
}
