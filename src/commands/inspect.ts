// `whk inspect <capture.ndjson>`: the inspector page over a saved capture file, no receiver. It
// serves until a signal, like `whk listen`.
import type { CliContext } from '../context.js';
import { EXIT, InputError } from '../errors.js';
import { readReadableCaptures, type SkippedLine } from '../capture/read.js';
import { startInspector } from '../inspector/server.js';
import { createRecordStore } from '../inspector/source.js';
import { signatureHeaders } from '../receiver/signature.js';
import { createOutput } from '../ui/output.js';
import { renderInspector, warnIfExposed } from '../ui/render-listen.js';
import { inspectOptions } from '../options/inspect.js';
import { parseOptions } from '../options/schema.js';
import { untilSignal } from './signals.js';

export async function runInspect(context: CliContext, file: string, raw: unknown): Promise<number> {
  const options = parseOptions(inspectOptions, raw);
  const output = createOutput(context, options);
  const { entries, skipped } = await readReadableCaptures(file);
  if (entries.length === 0) throw noRecords(file, skipped);
  if (skipped.length > 0) output.warn(skippedWarning(file, skipped));
  const store = createRecordStore({ captureFile: file, retain: entries.length });
  for (const entry of entries) store.add(entry.record);
  const waiting = untilSignal();
  try {
    const inspector = await startInspector({ source: store, host: options.host, port: options.port, label: file, live: false, secretHeaders: signatureHeaders() });
    renderInspector(output, inspector.url, `${entries.length} record${entries.length === 1 ? '' : 's'} from ${file}`);
    warnIfExposed(output, options.host, 'read the captured requests on the inspector page, headers and secrets included');
    const signal = await waiting.signalled;
    await inspector.close();
    return signal === 'SIGINT' ? EXIT.cancelled : EXIT.ok;
  } finally {
    waiting.dispose();
  }
}

function noRecords(file: string, skipped: readonly SkippedLine[]): InputError {
  const hint = 'whk listen --save <file> writes them';
  const [first] = skipped;
  if (!first) return new InputError(`'${file}' holds no capture records`, hint);
  const others = skipped.length - 1;
  return new InputError(`${file}:${first.line}: not a capture record (${first.problem})${others > 0 ? `, nor ${others === 1 ? 'is its other line' : `are its other ${others} lines`}` : ''}`, hint);
}

/** The lines left out, in one line: how many, and which and why (the first few). */
function skippedWarning(file: string, skipped: readonly SkippedLine[]): string {
  const [only] = skipped;
  if (skipped.length === 1 && only) return `skipped line ${only.line} of ${file}, not a capture record: ${only.problem}`;
  const listed = skipped.slice(0, 3).map(({ line, problem }) => `${line} (${problem})`);
  const more = skipped.length > listed.length ? ` and ${skipped.length - listed.length} more` : '';
  return `skipped ${skipped.length} lines of ${file} that are not capture records: ${listed.join(', ')}${more}`;
}
