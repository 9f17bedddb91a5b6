// Rendering of `whk demo`: what was sent, what the receiver saw, and the verdict.
import type { DemoResult } from '../demo/run.js';
import type { Output } from './output.js';
import { renderRequest, summaryLines } from './render-listen.js';
import { deliveryLine } from './render-send.js';
import { listKinds } from '../kinds/index.js';

export function renderDemo(output: Output, result: DemoResult): void {
  if (output.json) {
    output.jsonLine({
      url: result.url,
      ok: result.ok,
      kinds: result.cases.map((c) => ({
        kind: c.kind,
        ok: c.ok,
        problems: c.problems,
        delivery: c.delivery,
        received: c.received && { kind: c.received.kind, valid: c.received.valid, encoding: c.received.encoding, issues: c.received.issues, status: c.received.status },
        // Deprecated: `problems`' one line under the name whk 0.1.0 gave it, kept for the scripts that read it.
        problem: c.problems[0] ?? null,
      })),
      summary: result.summary,
    });
    return;
  }
  const c = output.paintResult;
  output.result(c.bold(`whk demo: a receiver on ${result.url}, one delivery of each of ${result.cases.length} kinds`));
  output.result('');
  output.result(c.bold('sent'));
  for (const item of result.cases) output.result(`  ${deliveryLine(output, item.delivery, listKinds())}`);
  output.result('');
  output.result(c.bold('received'));
  const renderOptions = { showSecrets: false, showHeaders: false, secretHeaders: [] };
  for (const item of result.cases) if (item.received) renderRequest({ ...output, result: (line) => output.result(`  ${line}`) }, item.received, renderOptions);
  output.result('');
  for (const line of summaryLines(result.summary)) output.result(line);
  output.result('');
  const failed = result.cases.filter((item) => !item.ok);
  if (failed.length === 0) output.result(c.green(`✔ all ${result.cases.length} kinds were delivered, detected as themselves and valid`));
  for (const item of failed) output.result(c.red(`✖ ${item.kind}: ${item.problems.join('; ')}`));
}
