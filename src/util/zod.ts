// zod, loaded the first time a schema is built. A kind's schemas are built only when something
// validates against them, so the commands that generate and send (send, sample) never load zod: it
// was about a quarter of a one-delivery `whk send` (README, Performance). An ESM import cannot be
// made synchronously, so zod comes by require (it ships CommonJS too); every module of whk takes it
// from here, so a process holds one copy of it.
import { createRequire } from 'node:module';
import type { z } from 'zod';

type Zod = typeof z;

let loaded: Zod | undefined;

/** zod's `z`, loaded on the first call. */
export function zod(): Zod {
  loaded ??= (createRequire(import.meta.url)('zod') as { z: Zod }).z;
  return loaded;
}

/**
 * A schema (or a set of them) built on first use and kept. The builder is given `z`, so its body
 * reads as a schema written at the top of a module would; `import type { z } from 'zod'` gives the
 * module zod's types under the same name.
 */
export function lazySchema<T>(build: (z: Zod) => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build(zod()) }).value;
}

/**
 * As lazySchema, built once for each `key` (an object, held weakly): for schemas whose checks read
 * something their caller gives, which zod's refinements take no argument for (a contract's
 * `secretEnv` is read from the environment check() was given).
 */
export function lazySchemaPer<K extends object, T>(build: (z: Zod, key: K) => T): (key: K) => T {
  const built = new WeakMap<K, { value: T }>();
  return (key) => {
    const found = built.get(key) ?? { value: build(zod(), key) };
    built.set(key, found);
    return found.value;
  };
}

/** What a lazy schema builds: `Built<typeof metricAlertSchema>`. */
export type Built<L extends (...args: never[]) => unknown> = ReturnType<L>;
