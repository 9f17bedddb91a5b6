// Checks for the option bags of the public API: JavaScript callers get the same one-line
// UsageError (naming the field) a CLI flag would give, not a confusing failure deep inside.
// The checks themselves are the CLI's (src/util/checks.ts).
import { fieldRef, UsageError } from '../errors.js';
import { checkField, duration, int, size, status, type SizeBound } from '../util/checks.js';
import { firstConflict, type OptionSpec, type OptionsOf, type OptionTable } from '../options/spec.js';
import { sentHeaderProblem } from '../util/sendable-header.js';

/** Milliseconds from a number (ms) or a duration string ('300ms', '30s', '2m'), by the rule of the field's flag (its entry in the command's table: whether 0 is allowed). */
export const toMs = (value: number | string | undefined, field: string, flag: Extract<OptionSpec, { type: 'duration' }>): number | undefined => checkField(field, value, duration(flag));

/** Bytes from a number or a size string ('512kb', '10mb'), within what bounds the field. */
export const toBytes = (value: number | string | undefined, field: string, bound: SizeBound): number | undefined => checkField(field, value, size(bound));

export const checkInt = (value: number | undefined, field: string, min = 0, max?: number): number | undefined => checkField(field, value, int(min, max));

export const checkStatus = (value: number, field: string): number => checkField(field, value, status) as number;

/**
 * Two options the command's flags cannot be given together (the table's `conflicts`), refused with
 * the fields' names: one rule for the CLI and the API. A field is given when it is set; a field
 * whose flag is a --no-x (retry) when it is false.
 */
export function checkConflicts(options: object, table: OptionTable): void {
  const bag = options as Record<string, unknown>;
  const conflict = firstConflict(table, (field, spec) => bag[field] !== undefined && (spec.type !== 'negatable' || bag[field] === false), (field) => bag[field]);
  if (!conflict) return;
  const named = (field: string): string => fieldRef(table[field]?.type === 'negatable' ? `${field}: false` : field);
  throw new UsageError(`${named(conflict.field)} cannot be used with ${named(conflict.other)}`, conflict.hint);
}

/**
 * The API's option bags follow the command tables: a field they share with a command takes what
 * that flag parses to (a duration field may also take '30s'). `true satisfies AgreesWith<...>` in
 * each API module fails to compile when the two drift apart.
 */
export type AgreesWith<Api, T extends OptionTable> = false extends {
  [K in keyof Api & keyof OptionsOf<T>]-?: NonNullable<OptionsOf<T>[K]> extends NonNullable<Api[K]> ? true : false;
}[keyof Api & keyof OptionsOf<T>]
  ? false
  : true;

/**
 * `headers` as { name: value } (or [name, value] pairs where the type allows them): each a header
 * the wire takes and not the connection's own (which the sender sets itself), in the words the CLI's
 * --header, a contract and a custom kind's "x-whk" use (util/sendable-header.ts).
 */
export function checkHeaders(headers: Record<string, string> | readonly (readonly [string, string])[] | undefined): void {
  if (headers === undefined) return;
  const entries: unknown[] = Array.isArray(headers) ? headers : Object.entries(headers);
  for (const entry of entries) {
    const [name, value] = Array.isArray(entry) ? (entry as unknown[]) : [];
    if (typeof name !== 'string' || typeof value !== 'string') {
      const problem = typeof name !== 'string' ? 'expected [name, value] pairs of strings' : `the value of ${JSON.stringify(name)} is not a string`;
      throw new UsageError(`invalid ${fieldRef('headers')}: ${problem}`, "give { 'X-Env': 'staging' }: a header name and a one-line string value");
    }
    const why = sentHeaderProblem(name, value);
    if (why) throw new UsageError(`invalid ${fieldRef('headers')}: ${why.problem}`, why.hint);
  }
}
