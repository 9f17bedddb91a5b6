// The kinds the API hands out: frozen copies of the registry's, so a caller's kinds[0].id = 'x' (or
// a change to a delivery profile) cannot unknow a kind or change its sender for the whole process.
import type { Kind } from '../kinds/types.js';

/**
 * A kind's data copied and frozen: its objects and arrays (delivery profile, variants, events...).
 * What is not plain data is the registry's own, shared: functions (sample, looksLike), and zod
 * schemas, which cache on themselves as they are first used (frozen, one cannot parse) and key
 * whk's caches (validate/fast-accept.ts, unknown-fields.ts).
 */
export function frozenKind(kind: Kind): Readonly<Kind> {
  return frozenCopy(kind, new Map()) as Kind;
}

function isPlainData(value: unknown): value is object {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** `copies`: each object copied once, so data shared inside a kind stays shared (and a cycle ends). */
function frozenCopy(value: unknown, copies: Map<object, unknown>): unknown {
  if (!isPlainData(value)) return value;
  const done = copies.get(value);
  if (done !== undefined) return done;
  const copy: object = Array.isArray(value) ? [] : Object.create(Object.getPrototypeOf(value) as object | null);
  copies.set(value, copy);
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key) as PropertyDescriptor;
    // An array's length follows its elements.
    if (Array.isArray(value) && key === 'length') continue;
    if ('value' in descriptor) descriptor.value = frozenCopy(descriptor.value, copies);
    Object.defineProperty(copy, key, descriptor);
  }
  return Object.freeze(copy);
}
