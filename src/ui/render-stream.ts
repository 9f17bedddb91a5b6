// Human rendering of streaming sends: the live status line, state changes with a timestamp, the summary.
import type { StreamStatus, StreamSummary, StreamEvent } from '../delivery/stream.js';
import { counted, formatDuration } from '../util/units.js';
import type { Output } from './output.js';

export function statusText(status: StreamStatus): string {
  return `generated ${status.generated} · delivered ${status.delivered} · failed ${status.failed} · queued ${status.queued} · ${status.state}`;
}

export function eventLine(output: Output, event: StreamEvent): string {
  const c = output.paint;
  const time = c.dim(localTime(Date.parse(event.time)));
  if (event.type === 'overflow') return `${time} ${c.yellow('overflow')}  ${event.message}`;
  if (event.type === 'disabled') return `${time} ${c.yellow('disabled')}  ${event.reason}: what comes meanwhile is not sent`;
  const to = event.to === 'closed' ? c.green(event.to) : event.to === 'paused' ? c.red(event.to) : c.yellow(event.to);
  const next = event.cooldownMs === undefined ? '' : `; next probe in ${formatDuration(event.cooldownMs)}`;
  return `${time} ${event.from} → ${to}  ${event.reason}${next}`;
}

/** `batched`: the kind sends batches (impressions); a kind that sends one event a request has no batches to count. */
export function summaryLine(summary: StreamSummary, batched = true): string {
  const counts = [
    batched ? `generated ${summary.generated} in ${counted(summary.batches, 'batch', 'batches')}` : `generated ${summary.generated}`,
    `delivered ${summary.delivered}`,
    `failed ${summary.failed}`,
    `retried ${summary.retried}`,
    `paused ${formatDuration(summary.pausedMs)}`,
    `queued ${summary.queued}`,
    `dropped ${summary.dropped}`,
    ...(summary.gap > 0 ? [`gap ${summary.gap} (not sent while paused)`] : []),
    ...(summary.notSent > 0 ? [`not sent ${summary.notSent} (the webhook was disabled)`] : []),
    ...(summary.cutOff > 0 ? [`cut off in flight ${summary.cutOff} (may have arrived)`] : []),
  ];
  const last = summary.lastFailedAttempt === null ? '' : `; last failed attempt: ${summary.lastFailedAttempt}`;
  return `${counts.join(', ')} (${counted(summary.requests, 'request')} in ${formatDuration(summary.durationMs)}${summary.cancelled ? ', cancelled' : ''})${last}`;
}

/** HH:MM:SS.mmm in local time, as people read a log. */
function localTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
