// An option table's parser: commander's raw strings in, typed options out, each value through the
// shared checks (util/checks.ts). Loaded by the commands (never by cli.ts), so `whk --help` does not
// load it; plain code, not zod, so a command that validates nothing does not load zod.
import { UsageError } from '../errors.js';
import * as checks from '../util/checks.js';
import { describeValue } from '../util/describe-value.js';
import { globalOptions } from './global.js';
import { DEFAULTED, firstConflict, longFlag, Repeated, type OptionSpec, type OptionTable, type OptionsOf } from './spec.js';

/** The value of a field with none given: its fallback, an empty list, a negatable's true; NONE for no value. */
const NONE = Symbol('no value');

function absent(spec: OptionSpec): unknown {
  if (spec.type === 'list') return [];
  if (spec.type === 'negatable') return true;
  if ('fallback' in spec && spec.fallback !== undefined) return spec.fallback;
  // Commander fills defaults and parseOptions checks required flags first: only a caller's bag lacks one.
  if (spec.default !== undefined || spec.required) throw new checks.ValueProblem('expected a value, got none');
  return NONE;
}

/** A field's typed value from commander's raw one (a string, a boolean, a list), or a ValueProblem. */
function valueOf(spec: OptionSpec, value: unknown): unknown {
  if (value === undefined) return absent(spec);
  switch (spec.type) {
    case 'string':
      if (typeof value !== 'string') throw new checks.ValueProblem(`expected a string, got ${describeValue(value)}`);
      if (spec.nonEmpty !== undefined && value === '') throw new checks.ValueProblem(spec.nonEmpty === true ? 'the value may not be empty' : spec.nonEmpty);
      return value;
    case 'boolean':
    case 'negatable':
      if (typeof value !== 'boolean') throw new checks.ValueProblem(`expected true or false, got ${describeValue(value)}`);
      return value;
    case 'list':
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new checks.ValueProblem(`expected a list of strings, got ${describeValue(value)}`);
      return value;
    case 'choice':
      return checks.choice(spec.choices)(value);
    default:
      if (typeof value !== 'string' && typeof value !== 'number') throw new checks.ValueProblem(`expected a value, got ${describeValue(value)}`);
      return checkOf(spec)(value);
  }
}

/** The shared check (util/checks.ts) of a field whose raw value is a flag's text or an API number. */
function checkOf(spec: Exclude<OptionSpec, { type: 'string' | 'boolean' | 'negatable' | 'list' | 'choice' }>): checks.Check<unknown> {
  switch (spec.type) {
    case 'statuses':
      return checks.statuses;
    case 'int':
      return checks.int(spec.min, spec.max);
    case 'duration':
      return checks.duration(spec);
    case 'size':
      return checks.size(spec.max);
    default:
      return checks[spec.type];
  }
}

/** A command's options after parsing: its table's fields and the global ones. */
export type ParsedOptions<T extends OptionTable> = OptionsOf<T> & OptionsOf<typeof globalOptions>;

/** Whether the user gave `field` of `table`, by the rule conflicts are judged by (isGiven). */
export function givenByUser<T extends OptionTable>(table: T, given: unknown, field: keyof T & string): boolean {
  const bag = (given ?? {}) as Record<string, unknown> & { [DEFAULTED]?: ReadonlySet<string> };
  return isGiven(table[field] as OptionSpec, bag[field], bag[DEFAULTED], field);
}

/** Parses commander's option bag; the first problem becomes a one-line usage error naming the flag. */
export function parseOptions<T extends OptionTable>(table: T, given: unknown): ParsedOptions<T> {
  const all = { ...globalOptions, ...table } as OptionTable;
  const bag = (given ?? {}) as Record<string, unknown>;
  checkGiven(all, bag);
  const options: Record<string, unknown> = {};
  // An alias last: given, its value is its field's (checkGiven refused both given).
  const aliasesLast = Object.entries(all).sort(([, a], [, b]) => Number(a.aliasOf !== undefined) - Number(b.aliasOf !== undefined));
  for (const [field, spec] of aliasesLast) {
    const value = flagValue(spec, bag[field]);
    if (value !== NONE) options[spec.aliasOf ?? field] = value;
  }
  return options as ParsedOptions<T>;
}

/** A field's typed value; its ValueProblem as a one-line usage error naming the flag. */
function flagValue(spec: OptionSpec, value: unknown): unknown {
  try {
    return valueOf(spec, value);
  } catch (error) {
    if (!(error instanceof checks.ValueProblem)) throw error;
    throw new UsageError(`invalid ${longFlag(spec)}: ${error.message}`, error.hint);
  }
}

/**
 * Whether the user gave a flag: a default or an untouched --no-x is not given. From the CLI, commander
 * said which fields it defaulted (DEFAULTED); an API caller's value equal to the default is not given.
 */
function isGiven(spec: OptionSpec, value: unknown, defaulted: ReadonlySet<string> | undefined, field: string): boolean {
  if (spec.type === 'negatable') return value === false;
  if (Array.isArray(value)) return value.length > 0;
  if (defaulted !== undefined) return value !== undefined && !defaulted.has(field);
  return value !== undefined && value !== spec.default;
}

/** A flag as the user gave it; a choice with its value (`--format junit`), which is what conflicts. */
function named(spec: OptionSpec, value: unknown): string {
  return spec.type === 'choice' ? `${longFlag(spec)} ${String(value)}` : longFlag(spec);
}

/** Required flags are there, a `once` flag came once (never echoing its value), and no two conflicting flags are both given. */
function checkGiven(all: OptionTable, bag: Record<string, unknown>): void {
  for (const [field, spec] of Object.entries(all)) {
    if (spec.required && bag[field] === undefined) throw new UsageError(`required option '${spec.flags}' not specified`, `${longFlag(spec)}: ${spec.description}`, field);
    const value = bag[field];
    if (spec.type === 'string' && value instanceof Repeated) throw new UsageError(`${longFlag(spec)} was given ${value.times} times: ${spec.once ?? 'give it once'}`);
    // A choice that is none of them (`--format xml --json`) is that mistake first, not a conflict.
    if (spec.type === 'choice' && value !== undefined) flagValue(spec, value);
  }
  const defaulted = (bag as { [DEFAULTED]?: ReadonlySet<string> })[DEFAULTED];
  const conflict = firstConflict(all, (field, spec) => isGiven(spec, bag[field], defaulted, field), (field) => bag[field]);
  if (conflict) {
    const [spec, other] = [all[conflict.field], all[conflict.other]] as [OptionSpec, OptionSpec];
    throw new UsageError(`${named(spec, bag[conflict.field])} cannot be used with ${named(other, bag[conflict.other])}`, conflict.hint);
  }
}
