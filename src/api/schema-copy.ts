// The zod schemas the API hands out (kinds[i].schema, an event's, schemaFor's): copies of whk's, so a
// caller's schema.shape.status = z.string() changes their copy, never what whk validates with.
// Not frozen: zod caches on a schema as it is first used, and a frozen one cannot parse.

/** What every zod 4 schema (and check) carries: its definition and the constructor that built it. */
interface ZodInternals {
  _zod: { def: object; constr: new (def: object) => ZodInstance; parent?: ZodInstance };
}
type ZodInstance = ZodInternals & object;

// One copy per schema of whk's, made when first asked for: a part shared inside whk (a common
// field's schema) stays shared among the copies, and a recursive schema's copy ends.
const copies = new WeakMap<object, unknown>();

/** A zod schema or check: built by a constructor from a definition (zod's `_zod`). */
export function isZodInstance(value: unknown): value is ZodInstance {
  if (typeof value !== 'object' || value === null || !('_zod' in value)) return false;
  const internals = (value as { _zod: unknown })._zod as Partial<ZodInternals['_zod']> | null;
  return typeof internals?.constr === 'function' && typeof internals.def === 'object' && internals.def !== null;
}

/** A copy of a zod schema of whk's that shares nothing with it a caller can change. */
export function schemaCopy<T>(schema: T): T {
  return copyOf(schema) as T;
}

function copyOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const done = copies.get(value);
  if (done !== undefined) return done;
  if (isZodInstance(value)) return copyZod(value);
  if (Array.isArray(value)) return remembered(value, value.map(copyOf));
  const prototype: unknown = Object.getPrototypeOf(value);
  // A RegExp, a Set...: zod reads them, whk's own definitions never change them.
  if (prototype !== Object.prototype && prototype !== null) return value;
  return copyPlain(value);
}

function remembered<T>(original: object, copy: T): T {
  copies.set(original, copy as object);
  return copy;
}

function copyZod(original: ZodInstance): ZodInstance {
  const copy = new original._zod.constr(copyPlain(original._zod.def));
  if (original._zod.parent) copy._zod.parent = copyOf(original._zod.parent) as ZodInstance;
  // A check made of a function (z.check, superRefine) is given it after it is built: shared, as a function cannot be changed in place.
  for (const [key, value] of Object.entries(original._zod)) {
    if (typeof value === 'function' && !Object.hasOwn(copy._zod, key)) Object.defineProperty(copy._zod, key, { value, writable: true, enumerable: true, configurable: true });
  }
  return remembered(original, copy);
}

/**
 * A definition or shape, key by key. A getter stays a getter, copying what it gives when read: zod 4
 * builds an object's shape on first read, and a recursive schema refers to itself through a getter
 * (z.lazy's `getter`, or `get children()` in a shape), so copying it eagerly would never end.
 */
function copyPlain(original: object): object {
  const copy: object = Object.create(Object.getPrototypeOf(original) as object | null);
  remembered(original, copy);
  for (const key of Reflect.ownKeys(original)) {
    const descriptor = Object.getOwnPropertyDescriptor(original, key) as PropertyDescriptor;
    const { get } = descriptor;
    if (get) {
      Object.defineProperty(copy, key, { enumerable: descriptor.enumerable, configurable: true, get: () => copyOf(get.call(original)) });
      continue;
    }
    const value: unknown = descriptor.value;
    descriptor.value = key === 'getter' && typeof value === 'function' ? () => copyOf((value as () => unknown)()) : copyOf(value);
    Object.defineProperty(copy, key, descriptor);
  }
  return copy;
}
