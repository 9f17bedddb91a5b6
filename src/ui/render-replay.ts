// Rendering of `whk replay`: one line per record re-sent (or refused), and the closing tally.
import type { ReplayResult } from '../delivery/replay.js';
import { attemptLine, verdictWord } from './render-attempt.js';
import { emptyTally, tallyKey, tallyLine } from './render-send.js';
import { formatBytes } from '../util/units.js';
import { cutText } from '../util/cut-text.js';
import { oneLine } from '../util/hex.js';
import type { Output } from './output.js';
import { schemesPresent } from '../signing/index.js';
import { findKind } from '../kinds/index.js';

export function replayLine(output: Output, result: ReplayResult): string {
  const c = output.paintResult;
  // The record's event may be a body's field with a newline in it (Jira's webhookEvent): kept to one
  // line, and the sender's path and event cut as listen's line cuts them (util/cut-text.ts).
  const what = oneLine(`#${result.index} ${result.method} ${cutText(result.path)} ${result.kind ?? 'unknown'}${result.event ? ` (${cutText(result.event)})` : ''}`);
  if (result.refused) return `${c.red('✖')} ${what}  ${c.red('refused')}: ${result.refused}`;
  const attempts = result.attempts.map(attemptLine).join(' → ');
  const { mark, verdict } = verdictWord(output, result, (kind) => findKind(kind)?.delivery.success);
  return `${mark} ${what} → ${attempts}  ${verdict}  ${c.dim(`${result.gzip ? 'gzip' : 'no gzip'}  ${formatBytes(result.bytes)}`)}`;
}

export function replayTally(results: readonly ReplayResult[], url: string): string {
  const tally = emptyTally();
  for (const result of results) tally[tallyKey(result)]++;
  return `${results.length} replayed: ${tallyLine(tally, url)}`;
}

/**
 * Records that arrived signed and went without their signature (no --original-headers, no --secret;
 * or `changed`: --set changed their bodies): said once, after the tally, for a receiver that checks
 * signatures refuses them. Undefined when none.
 */
export function unsignedNote(results: readonly ReplayResult[], changed = false): string | undefined {
  const unsigned = results.filter((result) => result.refused === null && result.signaturesLeftOut.length > 0);
  if (unsigned.length === 0) return undefined;
  const names = [...new Set(unsigned.flatMap((result) => result.signaturesLeftOut))].join(', ');
  const which = unsigned.length < results.length ? `${unsigned.length} of ${results.length} records` : results.length === 1 ? 'the record' : `all ${results.length} records`;
  // The scheme each record was signed with, by its headers (GitHub's two are one scheme's), named
  // when there is one: --sign signs any record, where --secret alone needs the scheme of its check or kind.
  const schemes = new Set(unsigned.map((result) => schemesPresent(Object.fromEntries(result.signaturesLeftOut.map((name) => [name, name])))[0]?.id));
  const [scheme] = schemes;
  // One record ("the record", "1 of 4 records") is "it"; more are "them".
  const one = unsigned.length === 1;
  const signAnew = `--sign ${schemes.size === 1 && scheme !== undefined ? scheme : 'SCHEME'} --secret SECRET signs ${one ? 'it' : 'them'} anew`;
  if (changed) return `${which} arrived signed (${names}) and went without the signature, which signed the bytes --set changed: ${signAnew}`;
  const asItCame = one ? 'sends it as it came (its timestamp, if it has one, may be too old by now)' : 'sends them as they came (one with a timestamp may be too old by now)';
  return `${which} arrived signed (${names}) and went without the signature: --original-headers ${asItCame}, ${signAnew}`;
}

/**
 * Records --set made invalid payloads of their kind (each was a valid one), said once after the run:
 * how many, and the first one's issue. They go as changed: a receiver may be tested with a bad
 * payload on purpose. `sent`: the replay sent them (else a dry run would). Undefined when none.
 */
export function invalidAfterSetNote(first: Pick<ReplayResult, 'index' | 'kind' | 'invalidAfterSet'> | undefined, count: number, sent: boolean): string | undefined {
  if (first === undefined) return undefined;
  const issue = cutText(first.invalidAfterSet ?? '');
  const went = sent ? 'went' : 'would go';
  if (count === 1) return `--set made #${first.index} an invalid ${first.kind} payload (${issue}); it ${went} as changed`;
  return `--set made ${count} records invalid payloads of their kinds (the first, #${first.index} ${first.kind}: ${issue}); they ${went} as changed`;
}
