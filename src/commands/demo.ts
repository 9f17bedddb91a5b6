// `whk demo`: the embedded default job, with its report.
import type { CliContext } from '../context.js';
import { runDemo } from '../demo/run.js';
import { createOutput } from '../ui/output.js';
import { renderDemo } from '../ui/render-demo.js';
import { parseOptions } from '../options/schema.js';
import { demoOptions } from '../options/demo.js';


export async function runDemoCommand(context: CliContext, raw: unknown): Promise<number> {
  const options = parseOptions(demoOptions, raw);
  const output = createOutput(context, options);
  const result = await runDemo(options);
  renderDemo(output, result);
  return result.ok ? 0 : 1;
}
