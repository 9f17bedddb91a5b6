// The JavaScript types of the API's arguments, checked before anything else: a caller without
// TypeScript (or with a cast) gets the one-line UsageError naming the field that the README
// promises, not a TypeError from deep inside. Ranges and durations are options.ts's checks.
import { fieldRef, UsageError } from '../errors.js';
import { isRecord } from '../util/json.js';
import { optionHint } from '../util/suggest.js';
import { describeValue } from '../util/describe-value.js';
import { choice, ValueProblem } from '../util/checks.js';

/** What a field must be; a list of strings is a choice among them (a choice flag's `choices`, from its command's table). */
export type FieldType = keyof typeof TYPES | readonly string[];

/** One FieldType per field of an option bag: typed against its interface, so a new field without one fails to compile. */
export type Shape<T> = { readonly [K in keyof T]-?: FieldType };

const isStringArray = (value: unknown): boolean => Array.isArray(value) && value.every((item) => typeof item === 'string');

const ON_OFF = ['on', 'off'] as const;

const TYPES = {
  string: { expected: 'a string', test: (value: unknown) => typeof value === 'string' },
  text: { expected: 'a non-empty string', test: (value: unknown) => typeof value === 'string' && value !== '' },
  boolean: { expected: 'true or false', test: (value: unknown) => typeof value === 'boolean' },
  number: { expected: 'a number', test: (value: unknown) => typeof value === 'number' },
  /** A duration or a size: a number, or a string with its unit ('30s', '10mb'). */
  amount: { expected: "a number or a string such as '30s'", test: (value: unknown) => typeof value === 'number' || typeof value === 'string' },
  /** Events per second, or a rate with its unit ('200/s', '600/m'). */
  eventRate: { expected: "a number (events per second) or a string such as '200/s'", test: (value: unknown) => typeof value === 'number' || typeof value === 'string' },
  onOff: { expected: "'on', 'off', true or false", test: (value: unknown) => typeof value === 'boolean' || value === 'on' || value === 'off' },
  strings: { expected: 'an array of strings', test: isStringArray },
  stringOrStrings: { expected: 'a string or an array of strings', test: (value: unknown) => typeof value === 'string' || isStringArray(value) },
  numberOrNumbers: { expected: 'a number or an array of numbers', test: (value: unknown) => typeof value === 'number' || (Array.isArray(value) && value.every((item) => typeof item === 'number')) },
  numbersOrString: { expected: "an array of numbers or a string such as '1,3,5-7'", test: (value: unknown) => typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'number')) },
  bytes: { expected: 'a string or a Uint8Array', test: (value: unknown) => typeof value === 'string' || value instanceof Uint8Array },
  object: { expected: 'an object', test: (value: unknown) => isPlainObject(value) },
  /** { name: value } (or, where the type allows, [name, value] pairs; checked by checkHeaders). */
  headers: { expected: 'an object of header names and values', test: (value: unknown) => isPlainObject(value) || Array.isArray(value) },
  function: { expected: 'a function', test: (value: unknown) => typeof value === 'function' },
  signal: { expected: 'an AbortSignal', test: (value: unknown) => value instanceof AbortSignal },
  dispatcher: { expected: 'an undici Dispatcher', test: (value: unknown) => isRecord(value) && typeof value['dispatch'] === 'function' },
  any: { expected: 'anything', test: () => true },
} as const;

/**
 * An object of fields, not a collection: a Map, a Headers or URLSearchParams passes isRecord, and
 * its entries, which Object.entries never sees, were dropped without a word. (process.env has a
 * prototype of its own, so the test is "iterable", not "a literal".)
 */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && !(Symbol.iterator in value);
}

/** One argument or field: a UsageError naming it when its value is not of its type (undefined passes). */
export function checkType(field: string, value: unknown, type: FieldType): void {
  if (value === undefined) return;
  if (typeof type !== 'string') return void checkChoice(field, value, type);
  // 'on' or 'off' as a string is the CLI's choice (`--pause of`): its did-you-mean too.
  if (type === 'onOff' && typeof value === 'string') return void checkChoice(field, value, ON_OFF, TYPES.onOff.expected);
  if (!TYPES[type as keyof typeof TYPES].test(value)) throw typeError(field, value, type);
}

/** A choice field (`gzip`, `algorithm`, `pause`'s strings) by the check its flag's value goes through: the CLI's words and did-you-mean. */
function checkChoice(field: string, value: unknown, choices: readonly string[], expected?: string): void {
  try {
    choice(choices)(value);
  } catch (error) {
    // `expected` where the field takes more than the choices (`pause`: true or false too).
    if (error instanceof ValueProblem) throw new UsageError(`invalid ${fieldRef(field)}: ${expected === undefined ? error.message : `expected ${expected}, got ${describeValue(value)}`}`, error.hint);
    throw error;
  }
}

/** A required argument (a kind, a file) or field: missing, it is refused as a wrong type is, not passed on to fail deep inside. */
export function checkRequired(field: string, value: unknown, type: FieldType): void {
  if (value === undefined) throw typeError(field, value, type);
  checkType(field, value, type);
}

function typeError(field: string, value: unknown, type: FieldType): UsageError {
  if (typeof type !== 'string') return new UsageError(`invalid ${fieldRef(field)}: expected one of ${type.map((one) => `'${one}'`).join(', ')}, got ${describeValue(value)}`);
  return new UsageError(`invalid ${fieldRef(field)}: expected ${TYPES[type as keyof typeof TYPES].expected}, got ${describeValue(value)}`);
}

/**
 * An option bag: an object (or nothing), each field of its type. A field the call does not take is
 * refused, as the CLI refuses an unknown flag: ignored, a misspelt `timout` or a `rate` that only
 * the CLI streams with would silently do nothing. `elsewhere` gives the hint for a field that is
 * another function's (send()'s `rate`): a did-you-mean would guess at a field it is not (`content`
 * for `count`).
 */
export function checkShape<T>(call: string, bag: T | undefined, shape: Shape<T>, elsewhere: Readonly<Record<string, string>> = {}): T {
  if (bag === undefined) return {} as T;
  if (!isPlainObject(bag)) throw new UsageError(`${call}: the options must be an object, got ${describeValue(bag)}`);
  const known = Object.keys(shape);
  for (const field of Object.keys(bag)) {
    if (Object.hasOwn(shape, field)) continue;
    const hint = Object.hasOwn(elsewhere, field) ? elsewhere[field] : optionHint(field, known, `it takes ${known.map(fieldRef).join(', ')}`);
    throw new UsageError(`${call}: unknown option ${fieldRef(field)}`, hint);
  }
  for (const [field, type] of Object.entries(shape) as [string, FieldType][]) checkType(field, bag[field], type);
  return bag;
}
