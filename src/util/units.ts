// How the CLI prints durations and sizes (the checks of util/checks.ts parse what a user types).

/** '1 request', '2 requests'; `plural` where adding an s is wrong ('batches'). */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/**
 * A whole number with its thousands grouped by commas ('100,000'), as toLocaleString('en-US') writes it,
 * without Intl: the first locale call of a process loads ICU's data, about 20 ms, and a module that
 * built a message that way at load put it on every `whk send` and `whk sample`.
 */
export function groupDigits(n: number): string {
  const [whole = '', fraction] = String(n).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return notFinite(ms);
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)}s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)}m`;
  return `${(ms / 3_600_000).toFixed(1)}h`;
}

/** A limit as its option is given: whole seconds as seconds ('60s', not '1.0m'), else as formatDuration. */
export function formatLimit(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000}s` : formatDuration(ms);
}

/** A length in whole units, as a sender's docs speak of it: '30s', '1m', '2h8m', '1d' (GitLab's disable). */
export function formatWholeDuration(ms: number): string {
  if (!Number.isFinite(ms)) return notFinite(ms);
  if (ms < 60_000) return `${Math.round(ms / 1000)}s`;
  const minutes = Math.round(ms / 60_000);
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes < 60) return `${minutes}m`;
  return `${Math.floor(minutes / 60)}h${minutes % 60 === 0 ? '' : `${minutes % 60}m`}`;
}

/** A countdown's remaining time, to the second: '45s', '1m20s', '1h05m'. */
export function formatCountdown(ms: number): string {
  // A countdown past its end shows 0s, as a negative one does.
  if (Number.isNaN(ms) || ms === Infinity) return notFinite(ms);
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * No whk path gives these a duration that is not finite; should one, it reads as what it is, not as
 * 'NaNh' or 'Infinityh' (whk's choice of words).
 */
function notFinite(ms: number): string {
  if (Number.isNaN(ms)) return 'unknown';
  return ms > 0 ? '∞' : '-∞';
}

/**
 * A bound, as the README and the flags name it: a whole number of KiB or MiB as such ('256 MiB',
 * '16 KiB'), any other in formatBytes' words. A size measured is formatBytes' ('1.1 kB').
 */
export function formatByteLimit(bytes: number): string {
  if (bytes >= 1024 ** 2 && bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return formatBytes(bytes);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}
