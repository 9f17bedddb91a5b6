// The checks of option values, written once: the CLI's schema, the public API and the wizard all
// use them. A check turns a raw value (a flag's string or an API number) into the typed value, or
// throws a ValueProblem saying what was expected; checkField names the field in a UsageError.
import { fieldRef, UsageError } from '../errors.js';
import { parseDuration, parseSize } from './units.js';

/** What was wrong with a value, without saying which option it was (the caller knows). */
export class ValueProblem extends Error {}

export type Check<T> = (value: string | number) => T;

const got = (value: unknown): string => `'${String(value)}'`;

export function int(min = 0, max = Number.MAX_SAFE_INTEGER): Check<number> {
  return (value) => {
    const n = Number(value);
    if (Number.isInteger(n) && n >= min && n <= max) return n;
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new ValueProblem(`expected an integer ${range}, got ${got(value)}`);
  };
}

/** A probability or fraction, 0..1. */
export const rate: Check<number> = (value) => {
  const n = Number(value);
  if (Number.isFinite(n) && n >= 0 && n <= 1) return n;
  throw new ValueProblem(`expected a number from 0 to 1, got ${got(value)}`);
};

/** Milliseconds: a number, or a duration like '300ms', '30s', '2m'. */
export const duration: Check<number> = (value) => {
  if (typeof value === 'string') return parseDuration(value);
  if (Number.isFinite(value) && value >= 0) return value;
  throw new ValueProblem(`expected milliseconds ≥ 0 or a duration like '30s', got ${got(value)}`);
};

/** Bytes: a number, or a size like '512kb', '10mb'. */
export const size: Check<number> = (value) => {
  if (typeof value === 'string') return parseSize(value);
  if (Number.isFinite(value) && value > 0) return value;
  throw new ValueProblem(`expected bytes > 0 or a size like '10mb', got ${got(value)}`);
};

const isStatus = (n: number): boolean => Number.isInteger(n) && n >= 100 && n <= 599;

export const status: Check<number> = (value) => {
  const n = Number(value);
  if (isStatus(n)) return n;
  throw new ValueProblem(`expected an HTTP status from 100 to 599, got ${got(value)}`);
};

/** '500,500,200': statuses in turn. */
export const statuses: Check<number[]> = (value) => {
  const list = String(value).split(',').map((part) => Number(part.trim()));
  if (list.every(isStatus)) return list;
  throw new ValueProblem(`expected HTTP statuses separated by commas, e.g. 500,500,200; got ${got(value)}`);
};

/** Runs a check on an optional value; a problem becomes a UsageError naming the field. */
export function checkField<T>(field: string, value: string | number | undefined, check: Check<T>): T | undefined {
  if (value === undefined) return undefined;
  try {
    return check(value);
  } catch (error) {
    if (error instanceof ValueProblem) throw new UsageError(`invalid ${fieldRef(field)}: ${error.message}`);
    throw error;
  }
}

/** For prompts: true when the value passes, else the problem (or error) as text. */
export function promptCheck(check: Check<unknown>): (value: string) => true | string {
  return (value) => {
    if (value.trim() === '') return 'a value is required';
    try {
      check(value.trim());
      return true;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };
}
