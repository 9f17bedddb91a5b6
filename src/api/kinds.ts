// The kinds the API hands out: frozen copies of the registry's, so a caller's kinds[0].id = 'x' (or
// a change to a delivery profile, or to a schema) cannot unknow a kind or change it for the whole process.
import type { Kind } from '../kinds/types.js';
import { isZodInstance, schemaCopy } from './schema-copy.js';

/**
 * A kind's data copied and frozen: its objects and arrays (delivery profile, variants, events...).
 * Its zod schemas (the kind's, its events', what schemaFor gives) are copies of whk's, not frozen:
 * zod caches on a schema as it is first used (frozen, one cannot parse). Its other functions
 * (sample, looksLike) are the registry's own.
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
    Object.defineProperty(copy, key, handedOut(value, key, descriptor, copies));
  }
  return Object.freeze(copy);
}

/** A property as the copy holds it; a schema built when first read (define.ts builtOnRead) is copied when first read too. */
function handedOut(source: object, key: string | symbol, descriptor: PropertyDescriptor, copies: Map<object, unknown>): PropertyDescriptor {
  const { get, value } = descriptor;
  if (get) return { ...descriptor, get: () => copiedSchema(get.call(source)) };
  if (key === 'schemaFor' && typeof value === 'function') {
    const schemaFor = value as NonNullable<Kind['schemaFor']>;
    return { ...descriptor, value: (payload: unknown, event?: string) => schemaCopy(schemaFor(payload, event)) };
  }
  return { ...descriptor, value: isZodInstance(value) ? schemaCopy(value) : frozenCopy(value, copies) };
}

function copiedSchema(value: unknown): unknown {
  return isZodInstance(value) ? schemaCopy(value) : value;
}
