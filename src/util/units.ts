// Parsing of the human units the CLI accepts: durations (300ms, 10s, 2m) and sizes (512kb, 10mb).
import { UsageError } from '../errors.js';

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
// Node timers hold at most 2^31 - 1 ms (about 24.8 days); a longer one would fire at once.
const MAX_DURATION_MS = 2 ** 31 - 1;
const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

function parseWithUnits(raw: string, units: Record<string, number>, defaultUnit: string, what: string, example: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(raw);
  const unit = (match?.[2] || defaultUnit).toLowerCase();
  const factor = units[unit];
  if (!match || factor === undefined) {
    throw new UsageError(`invalid ${what} '${raw}'`, `use a number with a unit, e.g. ${example}`);
  }
  return Math.round(Number(match[1]) * factor);
}

/** Milliseconds from '300ms', '10s', '2m', '1h' (a bare number means milliseconds). */
export function parseDuration(raw: string): number {
  const ms = parseWithUnits(raw, DURATION_UNITS, 'ms', 'duration', '300ms, 10s, 2m');
  if (ms > MAX_DURATION_MS) throw new UsageError(`duration '${raw}' is too long`, 'the longest is 24 days (596h)');
  return ms;
}

/** Bytes from '512kb', '10mb' (a bare number means bytes). */
export function parseSize(raw: string): number {
  return parseWithUnits(raw, SIZE_UNITS, 'b', 'size', '512kb, 10mb');
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)}s`;
  return `${(ms / 60_000).toFixed(1)}m`;
}

/** A length in whole units, as a sender's docs speak of it: '30s', '1m', '2h8m', '1d' (GitLab's disable). */
export function formatWholeDuration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)}s`;
  const minutes = Math.round(ms / 60_000);
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes < 60) return `${minutes}m`;
  return `${Math.floor(minutes / 60)}h${minutes % 60 === 0 ? '' : `${minutes % 60}m`}`;
}

/** A countdown's remaining time, to the second: '45s', '1m20s', '1h05m'. */
export function formatCountdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}
