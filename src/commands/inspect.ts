// `whk inspect <capture.ndjson>`: the inspector page over a saved capture file, no receiver. It
// serves until a signal, like `whk listen`.
import { z } from 'zod';
import type { CliContext } from '../cli.js';
import { EXIT, InputError } from '../errors.js';
import { readCaptures } from '../capture/read.js';
import { startInspector } from '../inspector/server.js';
import { createRecordStore } from '../inspector/source.js';
import { signatureHeaders } from '../receiver/signature.js';
import { createOutput } from '../ui/output.js';
import { renderInspector } from '../ui/render-listen.js';
import { opt, parseOptions } from './options.js';
import { untilSignal } from './signals.js';

const Options = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: opt.int(0, 65535).default(0),
  json: z.boolean().optional(),
  quiet: z.boolean().optional(),
  color: z.boolean().optional(),
});

export async function runInspect(context: CliContext, file: string, raw: unknown): Promise<number> {
  const options = parseOptions(Options, raw);
  const output = createOutput(context, options);
  const entries = await readCaptures(file);
  if (entries.length === 0) throw new InputError(`'${file}' holds no capture records`, 'whk listen --save <file> writes them');
  const store = createRecordStore({ captureFile: file, retain: entries.length });
  for (const entry of entries) store.add(entry.record);
  const waiting = untilSignal();
  try {
    const inspector = await startInspector({ source: store, host: options.host, port: options.port, label: file, live: false, secretHeaders: signatureHeaders() });
    renderInspector(output, inspector.url, `${entries.length} record${entries.length === 1 ? '' : 's'} from ${file}`);
    const signal = await waiting.signalled;
    await inspector.close();
    return signal === 'SIGINT' ? EXIT.cancelled : EXIT.ok;
  } finally {
    waiting.dispose();
  }
}
