// Human rendering of `whk send`: one line per delivery, dry-run requests, and the closing tally.
import { gunzipSync } from 'node:zlib';
import type { PreparedRequest } from '../delivery/request.js';
import type { DeliveryResult } from '../delivery/chains.js';
import { attemptLine, verdictWord } from './render-attempt.js';
import { formatBytes } from '../util/units.js';
import { maskUrl } from '../util/secrets.js';
import type { Output } from './output.js';

export function deliveryLine(output: Output, result: DeliveryResult): string {
  const c = output.paintResult;
  // The sender would not have sent it (GitLab disabled the webhook): no attempt to show.
  if (result.notSent !== null) return `${c.yellow('–')} ${result.kind}  not sent: ${result.notSent}`;
  const name = result.duplicate ? `${result.kind} (duplicate)` : result.kind;
  const attempts = result.attempts.map(attemptLine).join(' → ') || 'not sent';
  const { mark, verdict } = verdictWord(output, result);
  const extra = [result.gzip ? 'gzip' : 'no gzip', formatBytes(result.bytes), ...(result.idempotencyId ? [`idempotencyId ${result.idempotencyId}`] : [])];
  return `${mark} ${name}  ${attempts}  ${verdict}  ${c.dim(extra.join('  '))}`;
}

export interface Tally {
  delivered: number;
  failed: number;
  notSent?: number;
  /** Not sent, for a reason of the record's own (replay: a body cut short when captured). */
  refused?: number;
  /** Cut off in flight by Ctrl-C (cutOffInFlight): neither delivered nor failed, for no answer was read. */
  cancelled?: number;
}

export function tallyLine({ delivered, failed, notSent = 0, refused = 0, cancelled = 0 }: Tally, url: string): string {
  const parts = [`${delivered} delivered`, `${failed} failed`];
  if (notSent > 0) parts.push(`${notSent} not sent`);
  if (refused > 0) parts.push(`${refused} refused`);
  if (cancelled > 0) parts.push(`${cancelled} cut off in flight (${cancelled === 1 ? 'it' : 'they'} may have arrived)`);
  return `${parts.join(', ')} → ${maskUrl(url)}`;
}

/** The request as it would go out; a gzipped body is shown inflated with a note. */
export function renderDryRun(output: Output, request: PreparedRequest): void {
  output.result(`${request.method} ${request.url}`);
  for (const [name, value] of Object.entries(request.headers)) output.result(`${name}: ${value}`);
  output.result('');
  if (request.gzip) {
    output.result(output.paintResult.dim(`(gzip: ${formatBytes(request.body.length)} on the wire; shown inflated below; --curl or --json give the exact bytes)`));
    output.result(gunzipSync(request.body).toString('utf8'));
  } else {
    output.result(request.body.toString('utf8'));
  }
  output.result('');
}
