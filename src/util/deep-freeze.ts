// Freezing a value and everything it holds, in place: the records the API hands out are the listener's
// own, and a caller's `record.body.a = 1` changed them for every later read.

/**
 * Freezes `value`'s objects and arrays, however deep (a loop, not recursion: a body may nest 100,000
 * levels). Views over bytes (Buffers) are left as they are: freezing one with elements throws.
 */
export function deepFreeze<T>(value: T): T {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (item === null || typeof item !== 'object' || Object.isFrozen(item) || ArrayBuffer.isView(item)) continue;
    Object.freeze(item);
    for (const key of Object.keys(item)) pending.push((item as Record<string, unknown>)[key]);
  }
  return value;
}
