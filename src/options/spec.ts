// How an option is declared: one entry per flag, as data (no zod, no commander), so `whk --help`
// builds the program from it without loading the parsers. The typed options of a command, its zod
// schema (options/schema.ts) and the flag named in a message all come from the same entry.
import type { SizeBound } from '../util/checks.js';

/**
 * The fields of a command's raw options that commander filled from their defaults, set by the CLI:
 * `--format text` typed is given (and conflicts with `--json`), the same value by default is not.
 */
export const DEFAULTED = Symbol('defaulted fields');

interface Base {
  /** Commander's syntax: '--count <n>', '-q, --quiet', '--no-retry'. */
  flags: string;
  description: string;
  /** Commander's default, shown in the help (a raw value, checked like a given one). */
  default?: string;
  /**
   * The default where commander fills none (a `fallback`, the kind's, the clock's), shown as commander
   * shows its own: `(default: …)` after the description, which never states one. A value is quoted
   * as commander quotes its own (`'"5m"'`); words are not (`"the kind's"`).
   */
  defaultHelp?: string;
  /** The flag must be given (checked by parseOptions, after commander has reported unknown flags). */
  required?: boolean;
  /**
   * Fields that cannot be given with this one: `--this cannot be used with --that` (exit 2), rather
   * than one silently winning. A field of the command's table or a global one.
   */
  conflicts?: readonly string[];
  /** Why they conflict, when the flags alone do not say it. */
  conflictHint?: string;
  /**
   * For a field of `conflicts`, the value of this one that asks what that field asks (`--format
   * json` and `--json`): given together so, they agree, and do not conflict.
   */
  agreesWith?: Readonly<Record<string, string>>;
  /**
   * An older spelling of the field named (`out` of `output`), kept working for scripts: hidden from
   * the help and the completion, its value read as that field's. List the field in `conflicts` too.
   */
  aliasOf?: string;
}

/** What a value is; the type of the parsed option follows from it. */
export type OptionSpec = Base &
  (
    | {
        type: 'string';
        /** The message when the value is empty; true: 'the value may not be empty'. */
        nonEmpty?: true | string;
        /** Given twice is refused (commander keeps the last): why one, e.g. 'whk verify checks one secret'. */
        once?: string;
      }
    | { type: 'boolean' }
    /** --no-x: true unless given. */
    | { type: 'negatable' }
    | { type: 'int'; min?: number; max?: number; fallback?: number }
    | { type: 'rate' | 'status'; fallback?: number }
    /** Whole seconds (an HTTP Retry-After's unit): '5', or a duration in whole seconds, '5s', '2m'. */
    | { type: 'seconds' }
    /** max: what bounds it (util/checks.ts SIZE_BOUNDS): whk reads it into one string. */
    | { type: 'size'; max: SizeBound; fallback?: number }
    /** allowZero: 0 means something (no delay, no wait); else it is refused (a timeout of 0 cannot be met). */
    | { type: 'duration'; allowZero?: true; fallback?: number }
    | { type: 'statuses' }
    /** Repeatable, collected in order. */
    | { type: 'list' }
    | { type: 'choice'; choices: readonly string[] }
  );

export type OptionTable = Readonly<Record<string, OptionSpec>>;

type Numeric = 'int' | 'rate' | 'duration' | 'size' | 'status' | 'seconds';

type ValueOf<S extends OptionSpec> = S['type'] extends Numeric
  ? number
  : S['type'] extends 'boolean' | 'negatable'
    ? boolean
    : S['type'] extends 'list'
      ? string[]
      : S['type'] extends 'statuses'
        ? number[]
        : S extends { type: 'choice'; choices: readonly (infer C)[] }
          ? C
          : string;

/** Always present after parsing: a default, a fallback, a required flag, a list, a negatable. */
type Present<S extends OptionSpec> = S extends { default: string } | { fallback: number } | { required: true } | { type: 'list' | 'negatable' } ? true : false;

/** The parsed options of a table: each field typed by its spec, optional unless always present; an alias's value is its field's. */
export type OptionsOf<T extends OptionTable> = {
  -readonly [K in keyof T as T[K] extends { aliasOf: string } ? never : Present<T[K]> extends true ? K : never]: ValueOf<T[K]>;
} & {
  -readonly [K in keyof T as T[K] extends { aliasOf: string } ? never : Present<T[K]> extends true ? never : K]?: ValueOf<T[K]> | undefined;
};

/** The long flag of an entry: '--max-body <size>' → '--max-body', '-q, --quiet' → '--quiet'. */
export function longFlag(spec: OptionSpec): string {
  return /--[a-z][a-z0-9-]*/.exec(spec.flags)?.[0] ?? spec.flags;
}

/**
 * The first two options of a table given together that its `conflicts` forbid (unless their values
 * agree: `agreesWith`), or undefined: one rule for the command line and the API, which differ only
 * in what counts as given.
 */
export function firstConflict(
  table: OptionTable,
  given: (field: string, spec: OptionSpec) => boolean,
  valueOf: (field: string) => unknown = () => undefined,
): { field: string; other: string; hint: string | undefined } | undefined {
  for (const [field, spec] of Object.entries(table)) {
    if (!given(field, spec)) continue;
    for (const other of spec.conflicts ?? []) {
      const otherSpec = table[other];
      const agreeing = spec.agreesWith?.[other];
      if (otherSpec && given(other, otherSpec) && !(agreeing !== undefined && valueOf(field) === agreeing)) return { field, other, hint: spec.conflictHint };
    }
  }
  return undefined;
}

/**
 * What the command line hands parseOptions for a `once` flag given more than once (cli.ts marks it),
 * in place of the value commander would have kept: the last.
 */
export class Repeated {
  constructor(readonly times: number) {}
}

/** Commander's argParser for a `once` flag: the value, or from its second time a Repeated. */
export function markRepeats(value: string, previous: unknown): string | Repeated {
  if (previous === undefined) return value;
  return new Repeated(previous instanceof Repeated ? previous.times + 1 : 2);
}

/** How a command's flags take durations and sizes, said once after its options (none: undefined). */
export function unitsHelp(table: OptionTable): string | undefined {
  const types = new Set(Object.values(table).map((spec) => spec.type));
  const lines = [
    types.has('duration') ? 'Durations take their unit: 500ms, 30s, 1.5m, 2h.' : '',
    types.has('size') ? 'Sizes: 512kb, 10mb (a bare number is bytes).' : '',
  ].filter((line) => line !== '');
  return lines.length === 0 ? undefined : lines.join('\n');
}

/** Declares a table, keeping its literal types (so OptionsOf can read them). */
export const options = <const T extends OptionTable>(table: T): T => table;
