// Checks for the option bags of the public API: JavaScript callers get the same one-line
// UsageError (naming the field) a CLI flag would give, not a confusing failure deep inside.
// The checks themselves are the CLI's (src/util/checks.ts).
import { fieldRef, UsageError } from '../errors.js';
import { checkField, duration, int, size, status, type SizeBound } from '../util/checks.js';
import { firstConflict, type OptionSpec, type OptionsOf, type OptionTable } from '../options/spec.js';

/** Milliseconds from a number (ms) or a duration string ('300ms', '30s', '2m'), by the rule of the field's flag (its entry in the command's table: whether 0 is allowed). */
export const toMs = (value: number | string | undefined, field: string, flag: Extract<OptionSpec, { type: 'duration' }>): number | undefined => checkField(field, value, duration(flag));

/** Bytes from a number or a size string ('512kb', '10mb'), within what bounds the field. */
export const toBytes = (value: number | string | undefined, field: string, bound: SizeBound): number | undefined => checkField(field, value, size(bound));

export const checkInt = (value: number | undefined, field: string, min = 0): number | undefined => checkField(field, value, int(min));

export const checkStatus = (value: number, field: string): number => checkField(field, value, status) as number;

/**
 * Two options the command's flags cannot be given together (the table's `conflicts`), refused with
 * the fields' names: one rule for the CLI and the API. A field is given when it is set; a field
 * whose flag is a --no-x (retry) when it is false.
 */
export function checkConflicts(options: object, table: OptionTable): void {
  const bag = options as Record<string, unknown>;
  const conflict = firstConflict(table, (field, spec) => bag[field] !== undefined && (spec.type !== 'negatable' || bag[field] === false));
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
 * the wire takes, as the CLI's --header checks it; `sendable` is the sender's own test, passed in so
 * `import 'whk'` does not load the sender, and `refused` its reason to refuse one it could carry
 * (a connection's own header, which the sender sets itself).
 */
export function checkHeaders(
  headers: Record<string, string> | readonly (readonly [string, string])[] | undefined,
  sendable: (name: string, value: string) => boolean,
  refused?: (name: string, value: string) => { problem: string; hint: string } | undefined,
): void {
  if (headers === undefined) return;
  const entries: unknown[] = Array.isArray(headers) ? headers : Object.entries(headers);
  for (const entry of entries) {
    const [name, value] = Array.isArray(entry) ? (entry as unknown[]) : [];
    if (typeof name !== 'string' || typeof value !== 'string' || !sendable(name, value)) {
      throw new UsageError(`invalid ${fieldRef('headers')}: ${describeHeader(name, value, sendable)}`, "give { 'X-Env': 'staging' }: a header name (letters, digits, - and the like) and a one-line string value");
    }
    const why = refused?.(name, value);
    if (why) throw new UsageError(`invalid ${fieldRef('headers')}: ${why.problem}`, why.hint);
  }
}

function describeHeader(name: unknown, value: unknown, sendable: (name: string, value: string) => boolean): string {
  if (typeof name !== 'string') return 'expected [name, value] pairs of strings';
  if (typeof value !== 'string') return `the value of '${name}' is not a string`;
  if (!sendable(name, '')) return `'${name}' is not a header name`;
  // Not only a line break: a value of text past Latin-1 ('5 €') is refused too, and was told it held one.
  return /[\r\n\0]/.test(value) ? `the value of '${name}' holds a line break or NUL` : `the value of '${name}' holds a control character or one past U+00FF`;
}
