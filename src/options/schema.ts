// The zod schema of an option table: commander's raw strings in, typed options out. Loaded by the
// commands (never by cli.ts), so `whk --help` does not load zod.
import { z } from 'zod';
import { UsageError } from '../errors.js';
import * as checks from '../util/checks.js';
import { globalOptions } from './global.js';
import { DEFAULTED, firstConflict, longFlag, type OptionSpec, type OptionTable, type OptionsOf } from './spec.js';

const raw = z.union([z.string(), z.number()]);

/** A zod field running one of the shared checks; its problem becomes the issue message. */
export function checked<T>(check: checks.Check<T>): z.ZodType<T> {
  return raw.transform((value, ctx) => {
    try {
      return check(value);
    } catch (error) {
      if (!(error instanceof checks.ValueProblem)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
      return z.NEVER;
    }
  }) as unknown as z.ZodType<T>;
}

function fieldOf(spec: OptionSpec): z.ZodType {
  switch (spec.type) {
    case 'string':
      return spec.nonEmpty === undefined ? z.string() : z.string().min(1, spec.nonEmpty === true ? 'the value may not be empty' : spec.nonEmpty);
    case 'boolean':
      return z.boolean();
    case 'negatable':
      return z.boolean().default(true);
    case 'list':
      return z.array(z.string()).default([]);
    case 'choice':
      return z.enum(spec.choices as [string, ...string[]]);
    case 'statuses':
      return checked(checks.statuses);
    case 'int':
      return withFallback(checked(checks.int(spec.min, spec.max)), spec.fallback);
    case 'duration':
      return withFallback(checked(checks.duration(spec)), spec.fallback);
    case 'size':
      return withFallback(checked(checks.size(spec.max)), spec.fallback);
    default:
      return withFallback(checked(checks[spec.type]), spec.fallback);
  }
}

function withFallback(field: z.ZodType, fallback: number | undefined): z.ZodType {
  return fallback === undefined ? field : field.optional().transform((value) => value ?? fallback);
}

const schemas = new WeakMap<OptionTable, z.ZodType>();

function schemaOf(table: OptionTable): z.ZodType {
  let schema = schemas.get(table);
  if (!schema) {
    const shape: Record<string, z.ZodType> = {};
    for (const [field, spec] of Object.entries({ ...globalOptions, ...table } as OptionTable)) {
      const present = spec.default !== undefined || spec.required || spec.type === 'list' || spec.type === 'negatable' || 'fallback' in spec;
      shape[field] = present ? fieldOf(spec) : fieldOf(spec).optional();
    }
    schema = z.object(shape);
    schemas.set(table, schema);
  }
  return schema;
}

/** A command's options after parsing: its table's fields and the global ones. */
export type ParsedOptions<T extends OptionTable> = OptionsOf<T> & OptionsOf<typeof globalOptions>;

/** Parses commander's option bag; the first problem becomes a one-line usage error naming the flag. */
export function parseOptions<T extends OptionTable>(table: T, given: unknown): ParsedOptions<T> {
  const all = { ...globalOptions, ...table } as OptionTable;
  const bag = (given ?? {}) as Record<string, unknown>;
  checkGiven(all, bag);
  const parsed = schemaOf(table).safeParse(given);
  if (parsed.success) return parsed.data as ParsedOptions<T>;
  const issue = parsed.error.issues[0];
  const field = issue?.path[0];
  const spec = field === undefined ? undefined : all[String(field)];
  throw new UsageError(`invalid ${spec ? longFlag(spec) : 'options'}: ${issue?.message ?? 'bad value'}`);
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

/** Required flags are there, and no two conflicting flags are both given. */
function checkGiven(all: OptionTable, bag: Record<string, unknown>): void {
  for (const [field, spec] of Object.entries(all)) {
    if (spec.required && bag[field] === undefined) throw new UsageError(`required option '${spec.flags}' not specified`, `${longFlag(spec)}: ${spec.description}`);
  }
  const defaulted = (bag as { [DEFAULTED]?: ReadonlySet<string> })[DEFAULTED];
  const conflict = firstConflict(all, (field, spec) => isGiven(spec, bag[field], defaulted, field));
  if (conflict) {
    const [spec, other] = [all[conflict.field], all[conflict.other]] as [OptionSpec, OptionSpec];
    throw new UsageError(`${named(spec, bag[conflict.field])} cannot be used with ${named(other, bag[conflict.other])}`, conflict.hint);
  }
}
