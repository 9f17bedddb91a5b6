// `whk replay <capture.ndjson> --url U`: re-send captured requests with their original bytes;
// one line (or JSON object) per record; exit 1 if any failed or was refused.
import type { CliContext } from '../context.js';
import { CheckFailedError, EXIT } from '../errors.js';
import { cutOffInFlight, withOwnDispatcher } from '../delivery/attempt.js';
import { parseIndexList, streamCaptures, unendedWarning, type FilePaths, type SkippedLine } from '../capture/read.js';
import { planReplays, replayCaptures, checkReplayPicks, checkReplaySigning, pathMissHint, type PlannedReplay, type ReplayResult } from '../delivery/replay.js';
import { parseSentHeaderLine } from '../delivery/request.js';
import { parseTargetUrl } from '../util/url.js';
import { createOutput } from '../ui/output.js';
import { invalidAfterSetNote, replayLine, replayTally, unsignedNote } from '../ui/render-replay.js';
import { failureHint, plannedPrinter } from '../ui/render-send.js';
import type { Output } from '../ui/output.js';
import { warnSecretEdges, withSecretFromEnv } from './secret-env.js';
import { givenByUser, parseOptions } from '../options/schema.js';
import { textWithFlags } from './fields.js';
import { replayOptions } from '../options/replay.js';
import { abortOnSignal } from './signals.js';
import { givenSchemeParams } from '../signing/given-params.js';

export async function runReplay(context: CliContext, file: string, raw: unknown): Promise<number> {
  const options = withSecretFromEnv(parseOptions(replayOptions, raw), context.env);
  const url = parseTargetUrl(options.url);
  const headers = options.header.map(parseSentHeaderLine);
  const params = givenSchemeParams(options);
  checkReplaySigning({ ...options, params });
  const output = createOutput(context, options);
  warnSecretEdges(options, (line) => output.warn(line));
  const unended = (line: SkippedLine): void => output.warn(unendedWarning(file, line));
  const filter = { kind: options.kind, path: options.path, index: options.index === undefined ? undefined : parseIndexList(options.index), unended };
  // The file is checked whole before anything is sent, then read one record at a time.
  const read = await streamCaptures(file, filter);
  checkReplayPicks(options, read);
  const { count, entries, paths } = read;
  // An empty file, or an index past its last record, is an input error (streamCaptures): what is
  // left is a kind or path no record has, an expectation unmet.
  if (count === 0) throw new CheckFailedError(`nothing to replay: no record in '${file}' matches the filters`, pathHint(options.path, paths));
  const replaying = { url, originalHeaders: options.originalHeaders, keepPath: options.keepPath, headers, set: options.set, timeoutMs: options.timeout, retries: options.retries, sign: options.sign, secret: options.secret, params };
  // A timeout given goes with each command as curl's --max-time (replay's default does not, as send's).
  const maxTimeMs = givenByUser(replayOptions, raw, 'timeout') ? options.timeout : undefined;
  if (options.dryRun || options.curl) return printPlanned(output, planReplays(entries, replaying), options.curl === true, maxTimeMs);

  const interrupt = abortOnSignal();
  let results: ReplayResult[];
  try {
    results = await withOwnDispatcher((dispatcher) =>
      replayCaptures(entries, replaying, {
        dispatcher,
        signal: interrupt.signal,
        onResult: (found) => {
          const result = found.refused === null ? found : { ...found, refused: textWithFlags(found.refused, replayOptions) };
          if (output.json) output.jsonLine(result);
          else output.result(replayLine(output, result));
        },
      }),
    );
  } finally {
    interrupt.dispose();
  }
  output.info(replayTally(results, url));
  const hint = failureHint(results.find((result) => !result.delivered && result.refused === null && !cutOffInFlight(result))?.attempts.at(-1), url);
  if (hint) output.info(output.paint.dim(hint));
  // A receiver that checks signatures refuses what went unsigned: how to send them, once.
  const unsigned = options.secret === undefined ? unsignedNote(results, options.set.length > 0) : undefined;
  if (unsigned !== undefined) output.info(output.paint.dim(unsigned));
  const madeInvalid = results.filter((result) => result.refused === null && result.invalidAfterSet !== null);
  const invalid = invalidAfterSetNote(madeInvalid[0], madeInvalid.length, true);
  if (invalid !== undefined) output.warn(invalid);
  if (interrupt.signal.aborted) {
    const left = count - results.length;
    output.warn(`${interrupt.said()}: the records above are what was replayed${left > 0 ? `; ${left} of ${count} not sent` : ''}`);
    return interrupt.exitCode();
  }
  return results.every((r) => r.delivered) ? EXIT.ok : EXIT.failed;
}

/**
 * --dry-run and --curl: each record's request as it would go, nothing sent (a signature made now);
 * a record a replay would refuse is said so on stderr, and makes the exit 1, as the replay would.
 */
async function printPlanned(output: Output, planned: AsyncIterable<PlannedReplay>, curl: boolean, maxTimeMs: number | undefined): Promise<number> {
  let refused = 0;
  // A replay sends no Accept (nor, where the record had none, a Content-Type): curl's own would be
  // headers the record never had, so the command tells curl to leave them out.
  const print = plannedPrinter(output, curl, { headersAsGiven: true, maxTimeMs });
  // The first record --set made invalid, and how many: a dry run of a large file keeps no record past its printing.
  let firstInvalid: { index: number; kind: string | null; invalidAfterSet: string } | undefined;
  let invalidCount = 0;
  for await (const plan of planned) {
    if (plan.refused !== null) {
      refused += 1;
      // An error, not a warning: it makes the exit 1, as the replay's refusal would.
      const why = textWithFlags(plan.refused, replayOptions);
      output.error(`#${plan.index} would be refused: ${why}`);
      // The run's objects hold one per record: this one says why it has no request.
      if (output.json && !curl) output.jsonLine({ index: plan.index, method: plan.request.method, url: plan.request.url, refused: why });
    } else {
      await print(plan.request, { index: plan.index });
      if (plan.invalidAfterSet !== null && invalidCount++ === 0) firstInvalid = { index: plan.index, kind: plan.record.kind, invalidAfterSet: plan.invalidAfterSet };
    }
  }
  const invalid = invalidAfterSetNote(firstInvalid, invalidCount, false);
  if (invalid !== undefined) output.warn(invalid);
  return refused === 0 ? EXIT.ok : EXIT.failed;
}

/** The hint of a run that matched nothing, when `--path` may be why. */
function pathHint(path: string | undefined, paths: FilePaths): string | undefined {
  const hint = path === undefined ? undefined : pathMissHint(path, paths);
  return hint === undefined ? undefined : textWithFlags(hint, replayOptions);
}
