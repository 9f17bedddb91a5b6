// The checks of option values, written once: the CLI's schema, the public API and the wizard all
// use them. A check turns a raw value (a flag's string or an API number) into the typed value, or
// throws a ValueProblem saying what was expected; checkField names the field in a UsageError.
import { fieldRef, UsageError } from '../errors.js';
import { describeValue } from './describe-value.js';
import { closest } from './suggest.js';
import { groupDigits } from './units.js';

/** What was wrong with a value, without saying which option it was (the caller knows). */
export class ValueProblem extends Error {
  constructor(
    message: string,
    /** What the value most likely meant, said on the error's second line. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

export type Check<T> = (value: string | number) => T;

// A flag's text quoted, an API caller's number as itself: the same words either way.
const got = describeValue;

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?(?:\d+(?:\.\d+)?|\.\d+)$/;

/**
 * A flag's number, written in decimal digits ('42', '-1', '0.5'; spaces around are ignored); NaN for
 * what Number() would also read: '' (0), '0x10' (16), '0b11', '1e3'. An API number is taken as it is.
 */
function numberFrom(value: string | number, pattern: RegExp): number {
  if (typeof value === 'number') return value;
  const text = value.trim();
  return pattern.test(text) ? Number(text) : NaN;
}

export function int(min = 0, max = Number.MAX_SAFE_INTEGER): Check<number> {
  return (value) => {
    const n = numberFrom(value, INTEGER);
    if (Number.isInteger(n) && n >= min && n <= max) return n;
    // The bound a number over it passed is named, even the largest safe integer (a seed of 20 digits).
    const range = max === Number.MAX_SAFE_INTEGER && !(n > max) ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new ValueProblem(`expected an integer ${range}, got ${got(value)}`);
  };
}

/** A probability or fraction, 0..1. */
export const rate: Check<number> = (value) => {
  const n = numberFrom(value, DECIMAL);
  if (Number.isFinite(n) && n >= 0 && n <= 1) return n;
  throw new ValueProblem(`expected a number from 0 to 1, got ${got(value)}`);
};

// Events per unit of time as people write it: '200/s', '200' (per second), '600/m', '1 / h'.
const EVENT_RATE = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(s|m|h))?\s*$/i;
const PER_SECONDS = { s: 1, m: 60, h: 3600 } as const;

/**
 * whk's bound on a stream's rate, in events per second: the events due over the longest --duration
 * (596h) stay below 2^53, exact as counts; 99999999999999999999/s was taken, and said back rounded.
 */
export const MAX_EVENT_RATE = 1_000_000_000;

/** A stream's rate, in events per second: an API number as it is, or '200/s', '600/m', '1/h'. */
export const eventRate: Check<number> = (value) => {
  const match = typeof value === 'string' ? EVENT_RATE.exec(value) : null;
  const n = typeof value === 'number' ? value : match ? Number(match[1]) / PER_SECONDS[(match[2] ?? 's').toLowerCase() as keyof typeof PER_SECONDS] : NaN;
  if (Number.isFinite(n) && n > 0 && n <= MAX_EVENT_RATE) return n;
  // One message for every refusal, saying the form and both bounds: '1e9/s' (in bounds, not in
  // digits) was told only the form, and '2000000000/s' only the bound.
  const bounds = `above 0 and at most ${groupDigits(MAX_EVENT_RATE)} a second (whk's bound)`;
  if (typeof value === 'number') throw new ValueProblem(`expected events per second ${bounds}, or a text such as 200/s, 600/m or 1/h; got ${got(value)}`);
  throw new ValueProblem(`expected events per second, minute or hour in decimal digits, e.g. 200/s, 600/m or 1/h, ${bounds}; got ${got(value)}`);
};

/** A valid rate as written for people: '200' → '200/s', '1 / H' → '1/h'; an API number → 'N/s'. */
export function eventRateText(value: string | number): string {
  if (typeof value === 'number') return `${value}/s`;
  const match = EVENT_RATE.exec(value);
  return match ? `${match[1]}/${(match[2] ?? 's').toLowerCase()}` : value;
}

// A number and its unit: '300ms', '10s', '1.5m', '10 mb'.
const WITH_UNIT = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i;
const DURATION_UNITS = new Map([['ms', 1], ['s', 1000], ['m', 60_000], ['h', 3_600_000]]);
const SIZE_UNITS = new Map([['b', 1], ['kb', 1024], ['mb', 1024 ** 2], ['gb', 1024 ** 3]]);
// Node timers hold at most 2^31 - 1 ms (about 24.8 days); a longer one would fire at once.
export const MAX_DURATION_MS = 2 ** 31 - 1;

/** How a duration option reads zero: most wait for something that a zero cannot give (a timeout). */
export interface DurationRule {
  /** Zero means something here: no delay, no wait. */
  allowZero?: true;
}

/**
 * Milliseconds: an API number (ms), or a duration with its unit ('300ms', '30s', '2m'; a bare 0
 * needs none). A bare number is refused: '30' could be read as 30 seconds or 30 ms.
 */
export function duration(rule: DurationRule = {}): Check<number> {
  return (value) => {
    const ms = typeof value === 'number' ? milliseconds(value, rule.allowZero === true) : parseDuration(value);
    if (ms > MAX_DURATION_MS) throw new ValueProblem(`expected a duration of at most 596h (about 24 days), got ${got(value)}`);
    if (ms === 0 && !rule.allowZero) throw new ValueProblem(`expected a duration above 0, got ${got(value)}`);
    return ms;
  };
}

// The bound said is the one that holds: '≥ 0' where 0 is then refused sent the user from -5 to 0 to a second error.
function milliseconds(value: number, allowZero: boolean): number {
  if (Number.isFinite(value) && value >= 0) return value;
  throw new ValueProblem(`expected milliseconds ${allowZero ? '≥ 0' : 'above 0'} or a duration like '30s', got ${got(value)}`);
}

function parseDuration(raw: string): number {
  const match = WITH_UNIT.exec(raw);
  const [, amount = '', unit = ''] = match ?? [];
  if (match && unit === '' && Number(amount) !== 0) {
    throw new ValueProblem(`expected a duration with its unit, e.g. '${amount}s' or '${amount}ms', got ${got(raw)}`);
  }
  const factor = unit === '' ? 1 : DURATION_UNITS.get(unit.toLowerCase());
  if (!match || factor === undefined) throw new ValueProblem(`expected a duration like '300ms', '30s' or '2m', got ${got(raw)}`);
  const exact = Number(amount) * factor;
  // Timers count whole milliseconds: '0.1ms' would be rounded to 0, which is no duration at all.
  if (exact > 0 && Math.round(exact) === 0) throw new ValueProblem(`expected a duration of at least 1ms (whk counts whole milliseconds), got ${got(raw)}`);
  return Math.round(exact);
}

/**
 * Whole seconds, the unit of an HTTP Retry-After: a bare integer is seconds (the header's own
 * number), or a duration in whole seconds ('30s', '2m'), as every other time flag takes one.
 */
export const seconds: Check<number> = (value) => {
  if (typeof value === 'number' || INTEGER.test(value.trim())) return int()(value);
  const ms = (() => {
    try {
      return parseDuration(value);
    } catch {
      return NaN;
    }
  })();
  if (Number.isFinite(ms) && ms % 1000 === 0) return ms / 1000;
  throw new ValueProblem(`expected whole seconds, as a number (5) or a duration (5s, 2m), got ${got(value)}`);
};

const MiB = 1024 ** 2;

/**
 * What bounds a size option: whk makes one JavaScript string of what it reads, and V8's longest is
 * 2^29 - 24 UTF-16 units (0x1fffffe8); past it whk would crash, not refuse.
 */
export const SIZE_BOUNDS = {
  // A document or line is decoded whole; N bytes of UTF-8 decode to at most N units.
  text: { bytes: 511 * MiB, why: 'what is read must fit in one JavaScript string' },
  // A body is recorded twice in its capture line, as base64 (4/3 of its bytes) and parsed, and whk
  // reads a line of at most 256 MiB back (capture/record.ts MAX_RECORD_BYTES): about 2.4 × 100 MiB.
  body: { bytes: 100 * MiB, why: 'its capture record holds it twice, as base64 and parsed, in one line whk reads back whole' },
} as const;

export type SizeBound = keyof typeof SIZE_BOUNDS;

/** Bytes: an API number, or a size like '512kb', '10mb' (a bare number is bytes), at most the bound's. */
export function size(bound: SizeBound): Check<number> {
  const { bytes: max, why } = SIZE_BOUNDS[bound];
  return (value) => {
    const bytes = typeof value === 'number' ? givenBytes(value) : parseSize(value);
    if (bytes > max) throw new ValueProblem(`expected a size of at most ${max / MiB}mb (${why}), got ${got(value)}`);
    return bytes;
  };
}

function givenBytes(value: number): number {
  if (Number.isFinite(value) && value > 0) return value;
  throw new ValueProblem(`expected bytes > 0 or a size like '10mb', got ${got(value)}`);
}

function parseSize(raw: string): number {
  const match = WITH_UNIT.exec(raw);
  const factor = SIZE_UNITS.get(match?.[2]?.toLowerCase() || 'b');
  if (!match || factor === undefined) throw new ValueProblem(`expected a size like '512kb' or '10mb', got ${got(raw)}`);
  const bytes = Math.round(Number(match[1]) * factor);
  if (bytes > 0) return bytes;
  // '0.0001kb' is above 0, and is 0 in whole bytes.
  const rounds = Number(match[1]) > 0 ? ' (it rounds to 0 bytes)' : '';
  throw new ValueProblem(`expected a size above 0, got ${got(raw)}${rounds}`);
}

// A final answer: a 1xx is interim (RFC 9110 §15.2), and one sent in its place left the sender
// waiting for the answer that never came, while the record said it was answered.
const isStatus = (n: number): boolean => Number.isInteger(n) && n >= 200 && n <= 599;
const isInterim = (n: number): boolean => Number.isInteger(n) && n >= 100 && n <= 199;
const INTERIM = 'a 1xx is an interim response, not a final answer';

export const status: Check<number> = (value) => {
  const n = numberFrom(value, INTEGER);
  if (isStatus(n)) return n;
  const why = isInterim(n) ? ` (${INTERIM})` : '';
  throw new ValueProblem(`expected an HTTP status from 200 to 599${why}, got ${got(value)}`);
};

/** '500,500,200': statuses in turn. */
export const statuses: Check<number[]> = (value) => {
  const list = String(value).split(',').map((part) => numberFrom(part, INTEGER));
  if (list.every(isStatus)) return list;
  const why = list.some(isInterim) ? ` (${INTERIM})` : '';
  throw new ValueProblem(`expected HTTP statuses from 200 to 599 separated by commas, e.g. 500,500,200${why}; got ${got(value)}`);
};

/** Runs a check on an optional value; a problem becomes a UsageError naming the field. */
export function checkField<T>(field: string, value: string | number | undefined, check: Check<T>): T | undefined {
  if (value === undefined) return undefined;
  try {
    return check(value);
  } catch (error) {
    if (error instanceof ValueProblem) throw new UsageError(`invalid ${fieldRef(field)}: ${error.message}`, error.hint);
    throw error;
  }
}

/**
 * One of a choice option's values (--format, --gzip; the API's `gzip`, `algorithm`): the same words and
 * did-you-mean from a flag or an API field. Takes any value: an API caller's may be of any type.
 */
export function choice<C extends string>(choices: readonly C[]): (value: unknown) => C {
  return (value) => {
    if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as C;
    const near = typeof value === 'string' ? closest(value, choices) : undefined;
    throw new ValueProblem(`expected one of ${choices.map((one) => `'${one}'`).join(', ')}, got ${got(value)}`, near === undefined ? undefined : `did you mean '${near}'?`);
  };
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
