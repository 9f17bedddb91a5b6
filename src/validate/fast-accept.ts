// A fast "yes" for valid payloads: a predicate compiled once per zod schema that accepts a value
// only where zod itself would. It answers false whenever it is unsure, and the caller then runs
// zod, which also gives the issues; so the verdict is always zod's, only cheaper when all is well.
// (zod copies every object it parses; on large batches that copying is most of validation's cost.)
import type { z } from 'zod';
import { isRecord } from '../util/json.js';

type Accept = (value: unknown) => boolean;

interface Internals {
  def: Def;
  traits: Set<string>;
  /** 'optional' or 'defaulted' when an object may lack the key; undefined when it must have it. */
  optin?: 'optional' | 'defaulted' | undefined;
  values?: Set<unknown>;
  check?: (payload: { value: unknown; issues: unknown[] }) => unknown;
}

interface Def {
  type: string;
  checks?: readonly z.ZodType[];
  coerce?: boolean;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  element?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  options?: readonly z.ZodType[];
  inclusive?: boolean;
  when?: (payload: { value: unknown; issues: unknown[] }) => boolean;
}

const compiled = new WeakMap<object, Accept>();
// Tests that already are zod's whole verdict, checks included.
const byZod = new WeakSet<Accept>();

const internals = (schema: z.ZodType): Internals => (schema as unknown as { _zod: Internals })._zod;

/** True only if `schema.safeParse(value)` would succeed; false means "ask zod". */
export function acceptsFast(schema: z.ZodType, value: unknown): boolean {
  return compile(schema)(value);
}

function compile(schema: z.ZodType): Accept {
  let accept = compiled.get(schema);
  if (!accept) {
    // Recursive schemas reach themselves while compiling: the placeholder defers to the result.
    let done: Accept | undefined;
    compiled.set(schema, (value) => (done ?? fallback(schema))(value));
    const test = typeTest(schema);
    done = byZod.has(test) ? test : withChecks(schema, test);
    compiled.set(schema, done);
    accept = done;
  }
  return accept;
}

/** zod itself, for the constructs this module does not model (transforms, records, tuples, ...). */
function fallback(schema: z.ZodType): Accept {
  const accept: Accept = (value) => schema.safeParse(value).success;
  byZod.add(accept);
  return accept;
}

/**
 * The types zod judges by the value's type alone, each as a predicate and as the same test written
 * over `x` for generated code (inlineTest): one table, so the two cannot say different things.
 */
const LEAVES = new Map<string, { test: Accept; source: string }>([
  ['string', { test: (x) => typeof x === 'string', source: 'typeof x === "string"' }],
  // zod's number refuses NaN and the infinities.
  ['number', { test: (x) => typeof x === 'number' && Number.isFinite(x), source: '(typeof x === "number" && Number.isFinite(x))' }],
  ['boolean', { test: (x) => typeof x === 'boolean', source: 'typeof x === "boolean"' }],
  ['null', { test: (x) => x === null, source: 'x === null' }],
  ['unknown', { test: () => true, source: 'true' }],
  ['any', { test: () => true, source: 'true' }],
]);

/** An optional or nullable schema: the value it adds to its inner schema's, and that schema. */
function wrapperOf(zod: Internals): { adds: undefined | null; inner: z.ZodType } | undefined {
  const inner = zod.def.innerType;
  if (!inner) return undefined;
  // exactOptional accepts an absent key but not an explicit undefined: leave it to zod.
  if (zod.def.type === 'optional') return zod.traits.has('$ZodExactOptional') ? undefined : { adds: undefined, inner };
  return zod.def.type === 'nullable' ? { adds: null, inner } : undefined;
}

function typeTest(schema: z.ZodType): Accept {
  const zod = internals(schema);
  const def = zod.def;
  if (def.coerce) return fallback(schema);
  const leaf = LEAVES.get(def.type);
  if (leaf) return leaf.test;
  switch (def.type) {
    case 'literal':
    case 'enum': {
      const values = zod.values;
      return values ? (value) => values.has(value) : fallback(schema);
    }
    case 'optional':
    case 'nullable': {
      const wrapper = wrapperOf(zod);
      if (!wrapper) return fallback(schema);
      const { adds } = wrapper;
      const inner = compile(wrapper.inner);
      return (value) => value === adds || inner(value);
    }
    case 'array': {
      if (!def.element) return fallback(schema);
      const element = compile(def.element);
      return (value) => {
        if (!Array.isArray(value)) return false;
        for (let i = 0; i < value.length; i++) if (!element(value[i])) return false;
        return true;
      };
    }
    case 'object':
      return objectTest(schema, def);
    case 'record':
      return recordTest(schema, def);
    case 'union': {
      // Any accepting option makes an (inclusive or discriminated) union succeed; z.xor does not.
      if (def.inclusive === false || !def.options) return fallback(schema);
      const options = def.options.map(compile);
      return (value) => options.some((option) => option(value));
    }
    default:
      return fallback(schema);
  }
}

/**
 * A record of string keys (labels, annotations): a plain object whose every value its value schema
 * accepts, `__proto__` skipped as zod skips it. zod keeps an issue per bad value; this stops at the
 * first. Other key schemas (enums, patterns) go to zod.
 */
function recordTest(schema: z.ZodType, def: Def): Accept {
  const key = def.keyType ? internals(def.keyType).def : undefined;
  if (!def.valueType || key?.type !== 'string' || (key.checks?.length ?? 0) > 0 || key.coerce) return fallback(schema);
  const value = compile(def.valueType);
  return (input) => {
    if (!isRecord(input) || Object.getPrototypeOf(input) !== Object.prototype) return false;
    for (const name of Object.keys(input)) if (name !== '__proto__' && !value(input[name])) return false;
    return true;
  };
}

function objectTest(schema: z.ZodType, def: Def): Accept {
  // Unknown keys are fine when stripped (no catchall) or kept (loose); strict or typed catchalls go to zod.
  const catchall = def.catchall ? internals(def.catchall).def.type : undefined;
  if (!def.shape || (catchall !== undefined && catchall !== 'unknown' && catchall !== 'any')) return fallback(schema);
  const keys = Object.keys(def.shape);
  const tests = Object.values(def.shape).map(compile);
  // zod wants a key present (`key in input`) unless its schema is optional or defaulted: an absent
  // key fails even where the schema would take undefined (z.unknown()).
  const required = Object.values(def.shape).map((field) => internals(field).optin === undefined);
  const inline = Object.values(def.shape).map(inlineTest);
  return generated(keys, tests, required, inline) ?? looped(keys, tests, required);
}

/**
 * A field's test as an expression over `x` (the field's value), for the plain leaves most fields
 * are (a string or a number, perhaps null or absent, no checks): the generated object test makes
 * no call for them. Built from the same LEAVES and wrappers as typeTest; undefined for anything
 * else, which keeps its call.
 */
function inlineTest(schema: z.ZodType): string | undefined {
  const zod = internals(schema);
  const def = zod.def;
  if (def.coerce || (def.checks?.length ?? 0) > 0 || zod.traits.has('$ZodCheck')) return undefined;
  const leaf = LEAVES.get(def.type);
  if (leaf) return leaf.source;
  const wrapper = wrapperOf(zod);
  const inner = wrapper && inlineTest(wrapper.inner);
  return wrapper === undefined || inner === undefined ? undefined : `(x === ${String(wrapper.adds)} || ${inner})`;
}

function looped(keys: readonly string[], tests: readonly Accept[], required: readonly boolean[]): Accept {
  return (value) => {
    if (!isRecord(value)) return false;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      if ((required[i] && !(key in value)) || !(tests[i] as Accept)(value[key])) return false;
    }
    return true;
  };
}

/**
 * The same test as generated code: `value["key"]` with a literal key is a monomorphic property
 * load, where `value[key]` in a loop goes megamorphic and costs most of the walk (zod does the
 * same); a plain leaf's test is written in place (inlineTest). The keys come from the schema, never
 * from input. Undefined where code generation is off.
 */
function generated(keys: readonly string[], tests: readonly Accept[], required: readonly boolean[], inline: readonly (string | undefined)[]): Accept | undefined {
  const body = keys
    .map((key, i) => {
      const name = JSON.stringify(key);
      const test = inline[i] === undefined ? `t[${i}](v[${name}])` : `(x = v[${name}], ${inline[i]})`;
      return `${required[i] ? `${name} in v && ` : ''}${test}`;
    })
    .join(' && ');
  try {
    return new Function('t', 'isObject', `return (v) => { let x; return isObject(v)${body ? ` && ${body}` : ''}; };`)(tests, isRecord) as Accept;
  } catch {
    return undefined;
  }
}

/**
 * Adds the schema's checks (int, refine, superRefine, string formats, lengths) to its type test,
 * run the way zod runs them. The checks see the input; zod gives them its parsed copy, which is
 * the same data for the transform-free schemas this module compiles (others fall back whole).
 */
function withChecks(schema: z.ZodType, test: Accept): Accept {
  const zod = internals(schema);
  const checks = [...(zod.def.checks ?? [])].map(internals);
  // A string format (z.iso.datetime(), z.email()) is a schema that is its own first check.
  if (zod.traits.has('$ZodCheck') && zod.check) checks.unshift(zod);
  if (checks.length === 0) return test;
  const tests = checks.map(checkTest);
  return (value) => {
    if (!test(value)) return false;
    for (let i = 0; i < tests.length; i++) if (!(tests[i] as Accept)(value)) return false;
    return true;
  };
}

/** One check as a predicate: `.int()` natively, `.refine()` by its function, anything else by running zod's own check. */
function checkTest(check: Internals): Accept {
  const def = check.def as Def & { check?: string; format?: string; fn?: (value: unknown) => unknown };
  // z.number().int(): an integer in the safe range, which is exactly Number.isSafeInteger.
  if (def.check === 'number_format' && def.format === 'safeint' && !def.when) return (value) => Number.isSafeInteger(value);
  // .refine(fn): zod's verdict is whether fn's result is truthy (an async one is left to zod).
  const refinement = def.type === 'custom' && def.check === 'custom' && !def.when ? def.fn : undefined;
  if (refinement) {
    return (value) => {
      const result = refinement(value);
      return !(result instanceof Promise) && Boolean(result);
    };
  }
  // One payload per check, reused: a passing check leaves it as it was, a failing one ends the test.
  const payload = { value: undefined as unknown, issues: [] as unknown[] };
  return (value) => {
    payload.value = value;
    if (def.when && !def.when(payload)) return true;
    const result = check.check?.(payload);
    if (payload.issues.length > 0) {
      payload.issues = [];
      return false;
    }
    return !(result instanceof Promise);
  };
}
