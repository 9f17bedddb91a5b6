// When `whk listen`'s CI mode stops: --count requests arrived, or --timeout passed first. A request
// counts once it arrived whole: a --delay or a slow --forward-to app holding its answer does not make
// it "not arrived"; the run's close() then waits for that answer to go out.
import type { Receiver } from '../receiver/server.js';
import { sleep as realSleep } from '../util/sleep.js';
import { counted, formatDuration } from '../util/units.js';

export type Ending =
  | { reason: 'signal'; signal: 'SIGINT' | 'SIGTERM' }
  | { reason: 'count' }
  | { reason: 'window' }
  | { reason: 'timeout'; message: string }
  | { reason: 'output' };

/** Resolves after `ms`, or at once when `abort` aborts. */
export type Sleep = (ms: number, abort: AbortSignal) => Promise<void>;

/**
 * Resolves when CI mode says to stop: --count reached, or --timeout elapsed first. With --timeout
 * alone the receiver listens for the whole window and fails only if nothing arrived. Never
 * resolves without either flag. Its timer is dropped on `abort`, so it cannot hold the process open.
 */
export async function ciEnding(receiver: Receiver, count: number | undefined, timeoutMs: number | undefined, abort: AbortSignal, sleep: Sleep = realSleep): Promise<Ending> {
  if (count === undefined && timeoutMs === undefined) return new Promise<Ending>(() => {});
  if (count === undefined) {
    await sleep(timeoutMs ?? 0, abort);
    return receiver.arrived > 0 ? { reason: 'window' } : { reason: 'timeout', message: `timed out after ${formatDuration(timeoutMs ?? 0)}: no request arrived${unreadText(receiver)}` };
  }
  const reached = receiver.whenArrived(count).then((): Ending => ({ reason: 'count' }));
  if (timeoutMs === undefined) return reached;
  const timedOut = sleep(timeoutMs, abort).then((): Ending => {
    if (receiver.arrived >= count) return { reason: 'count' };
    return { reason: 'timeout', message: `timed out after ${formatDuration(timeoutMs)}: ${receiver.arrived} of ${counted(count, 'request')} arrived${unreadText(receiver)}` };
  });
  return Promise.race([reached, timedOut]);
}

/** Requests that came but were never recorded (refused, or dropped by whk or their sender), so "none arrived" is not taken at its word. */
function unreadText(receiver: Receiver): string {
  const { refused, dropped, aborted } = receiver.summary();
  const unread = refused.headerTimeout + refused.parser + dropped.idleTimeout + dropped.requestTimeout + dropped.shutdown + aborted;
  return unread === 0 ? '' : ` whole (${unread} refused or cut short, not recorded: see the warnings)`;
}
