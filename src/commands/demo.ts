// `whk demo`: the embedded default job, with its report.
import { z } from 'zod';
import type { CliContext } from '../cli.js';
import { runDemo } from '../demo/run.js';
import { createOutput } from '../ui/output.js';
import { renderDemo } from '../ui/render-demo.js';
import { opt, parseOptions } from './options.js';

const Options = z.object({
  seed: opt.int().default(1),
  batchSize: opt.int(1).default(20),
  save: z.string().min(1).optional(),
  json: z.boolean().optional(),
  quiet: z.boolean().optional(),
  color: z.boolean().optional(),
});

export async function runDemoCommand(context: CliContext, raw: unknown): Promise<number> {
  const options = parseOptions(Options, raw);
  const output = createOutput(context, options);
  const result = await runDemo(options);
  renderDemo(output, result);
  return result.ok ? 0 : 1;
}
