// Checks for the option bags of the public API: JavaScript callers get the same one-line
// UsageError a CLI flag would give, not a confusing failure deep inside.
import { UsageError } from '../errors.js';
import { parseDuration, parseSize } from '../util/units.js';

/** Milliseconds from a number (ms) or a duration string ('300ms', '30s', '2m'). */
export function toMs(value: number | string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return parseDuration(value);
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`invalid ${name}: expected milliseconds ≥ 0 or a duration like '30s', got ${String(value)}`);
  return value;
}

/** Bytes from a number or a size string ('512kb', '10mb'). */
export function toBytes(value: number | string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return parseSize(value);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`invalid ${name}: expected bytes > 0 or a size like '10mb', got ${String(value)}`);
  return value;
}

export function checkInt(value: number | undefined, name: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min) throw new UsageError(`invalid ${name}: expected an integer ≥ ${min}, got ${String(value)}`);
  return value;
}

export function checkStatus(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 100 || value > 599) throw new UsageError(`invalid ${name}: expected an HTTP status from 100 to 599, got ${String(value)}`);
  return value;
}
