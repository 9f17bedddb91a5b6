// Random mutations of JSON values for property tests: pick a path, set a value there or delete it.

export type JsonPath = (string | number)[];

/** Every non-empty path to a value inside a JSON value (the first items of each array only). */
export function jsonPaths(value: unknown, prefix: JsonPath = [], out: JsonPath[] = []): JsonPath[] {
  if (prefix.length > 0) out.push(prefix);
  if (Array.isArray(value)) value.slice(0, 4).forEach((item, i) => jsonPaths(item, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) jsonPaths(item, [...prefix, key], out);
  return out;
}

/**
 * Sets the value at the pick-th path (or deletes the key), in place. defineProperty keeps keys such
 * as __proto__ own data properties, as JSON.parse would make them.
 */
export function mutate(value: unknown, pick: number, replacement: unknown, remove: boolean): unknown {
  const all = jsonPaths(value);
  const path = all[pick % Math.max(1, all.length)];
  if (!path) return replacement;
  let parent = value as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (remove && !Array.isArray(parent)) delete parent[last];
  else Object.defineProperty(parent, last, { value: replacement, enumerable: true, writable: true, configurable: true });
  return value;
}
