// Rendering of `whk replay`: one line per record re-sent (or refused), and the closing tally.
import type { ReplayResult } from '../delivery/replay.js';
import { attemptLine } from './render-attempt.js';
import { formatBytes } from '../util/units.js';
import { maskUrl } from '../util/secrets.js';
import { oneLine } from '../util/hex.js';
import type { Output } from './output.js';

export function replayLine(output: Output, result: ReplayResult): string {
  const c = output.paintResult;
  // The record's event may be a body's field with a newline in it (Jira's webhookEvent): kept to one line.
  const what = oneLine(`#${result.index} ${result.method} ${result.path} ${result.kind ?? 'unknown'}${result.event ? ` (${result.event})` : ''}`);
  if (result.refused) return `${c.red('✖')} ${what}  ${c.red('refused')}: ${result.refused}`;
  const attempts = result.attempts.map(attemptLine).join(' → ');
  const verdict = result.delivered ? c.green('delivered') : c.red('failed');
  return `${result.delivered ? c.green('✔') : c.red('✖')} ${what} → ${attempts}  ${verdict}  ${c.dim(`${result.gzip ? 'gzip' : 'no gzip'}  ${formatBytes(result.bytes)}`)}`;
}

export function replayTally(results: readonly ReplayResult[], url: string): string {
  const delivered = results.filter((r) => r.delivered).length;
  const refused = results.filter((r) => r.refused).length;
  const failed = results.length - delivered - refused;
  return `${results.length} replayed: ${delivered} delivered, ${failed} failed${refused ? `, ${refused} refused` : ''} → ${maskUrl(url)}`;
}
