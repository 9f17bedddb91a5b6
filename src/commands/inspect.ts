// `whk inspect <capture.ndjson>`: the inspector page over a saved capture file, no receiver. It
// serves until a signal, like `whk listen`.
import type { CliContext } from '../context.js';
import { EXIT } from '../errors.js';
import { openFollower } from '../capture/follow-file.js';
import { requireRereadable, unendedWarning, type ResumePoint, type SkippedLine } from '../capture/read.js';
import { startInspector, type Inspector } from '../inspector/server.js';
import { createRecordStore } from '../inspector/source.js';
import { signatureHeaders } from '../receiver/signature.js';
import { createOutput } from '../ui/output.js';
import { renderInspector, warnIfExposed } from '../ui/render-listen.js';
import { inspectOptions } from '../options/inspect.js';
import { listenOptions } from '../options/listen.js';
import { textWithFlags } from './fields.js';
import { parseOptions } from '../options/schema.js';
import { untilSignal } from './signals.js';
import { counted } from '../util/units.js';

export async function runInspect(context: CliContext, file: string, raw: unknown): Promise<number> {
  const options = parseOptions(inspectOptions, raw);
  const output = createOutput(context, options);
  await requireRereadable(file, 'inspect reads each record back from its place in the file when it is opened');
  // A file to look at: a torn or damaged line is left out and said, not a reason to show nothing.
  // The warning names the first few and counts the rest, so only those are kept (kept all, a file
  // of 5 million such lines ran a 64 MB heap out of memory).
  const skipped = { first: [] as SkippedLine[], count: 0 };
  const skip = (line: SkippedLine): void => {
    if (skipped.first.length < LISTED) skipped.first.push(line);
    skipped.count++;
  };
  // An unended last line is said as replay and the other readers say it: perhaps still being written.
  const unended = (line: SkippedLine): void => output.warn(unendedWarning(file, line));
  // Records appended while the page is open are shown as they come, as listen --ui shows requests.
  // The file is opened once: read, followed and read back for the page from that one opening.
  let inspector: Inspector | undefined;
  const follower = await openFollower(file, {
    record: (record, placement) => store.add(record, undefined, placement),
    skipped: (line) => (line.cutShort ? unended(line) : output.warn(skippedWarning(file, [line], 1))),
    stopped(why) {
      output.warn(why);
      inspector?.notice(why);
    },
  });
  // The page keeps each record as its place in the file and reads it back when asked, as a live
  // session does: a capture of any size is looked at in the memory of its rows (held whole, a
  // 1.5 GB file took 3.4 GB, near the heap's limit).
  // Its download is the file it read, up to the lines it shows, whatever is at the path now.
  const store = createRecordStore({ captureFile: file, retain: 0, shownFile: { handle: follower.handle, end: follower.end } });
  const waiting = untilSignal();
  try {
    inspector = await startInspector({ source: store, host: options.host, port: options.port, label: file, live: false, headersTimeoutMs: options.headerTimeout, secretHeaders: signatureHeaders(), wording: (text) => textWithFlags(text, listenOptions), onWarning: (message) => output.warn(message) });
    let records = 0;
    let resume: ResumePoint | undefined;
    // A signal while a large file loads stops the load: the page is not said to be up after it.
    let stoppedBy: 'SIGINT' | 'SIGTERM' | undefined;
    void waiting.signalled.then((signal) => (stoppedBy = signal));
    try {
      for await (const entry of follower.read({ skip, unended, ended: (at) => (resume = at) })) {
        if (stoppedBy) break;
        store.add(entry.record, undefined, entry.placement);
        records++;
      }
    } catch (error) {
      await inspector.close();
      throw error;
    }
    if (stoppedBy) {
      await inspector.close();
      return stoppedBy === 'SIGINT' ? EXIT.cancelled : EXIT.ok;
    }
    if (resume) follower.start(resume);
    if (skipped.count > 0) output.warn(skippedWarning(file, skipped.first, skipped.count));
    renderInspector(output, inspector.url, `${counted(records, 'record')} from ${file}`);
    warnIfExposed(output, options.host, 'read the captured requests on the inspector page, headers and secrets included');
    const signal = await waiting.signalled;
    await inspector.close();
    return signal === 'SIGINT' ? EXIT.cancelled : EXIT.ok;
  } finally {
    waiting.dispose();
    await follower.close();
  }
}

/** How many of the lines left out the warning names. */
const LISTED = 3;

/** The lines left out, in one line: how many, and which and why (the first few). */
function skippedWarning(file: string, first: readonly SkippedLine[], count: number): string {
  const [only] = first;
  if (count === 1 && only) return `skipped line ${only.line} of ${file}, not a capture record: ${only.problem}`;
  const listed = first.map(({ line, problem }) => `${line} (${problem})`);
  const more = count > listed.length ? ` and ${count - listed.length} more` : '';
  return `skipped ${count} lines of ${file} that are not capture records: ${listed.join(', ')}${more}`;
}
