// `whk demo --json`: a kind's unmet expectations are `problems`, a list of lines, as a contract
// check's are in `whk check --json` (src/check/result.ts); `problem`, the name whk 0.1.0 gave its
// one line, is still given for the scripts that read it.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { DemoCase, DemoResult } from '../../src/demo/run.js';
import { emptyReceiverSummary } from '../../src/receiver/summary.js';
import { createOutput } from '../../src/ui/output.js';
import { renderDemo } from '../../src/ui/render-demo.js';

async function demoJson(cases: DemoCase[]): Promise<{ kinds: Record<string, unknown>[] }> {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const output = createOutput({ stdin: new PassThrough(), stdout, stderr: new PassThrough(), env: { NO_COLOR: '1' } }, { json: true });
  const result: DemoResult = { url: 'http://127.0.0.1:9', cases, summary: emptyReceiverSummary(), ok: cases.every((c) => c.ok) };
  renderDemo(output, result);
  await new Promise((resolve) => setImmediate(resolve));
  return JSON.parse(text) as { kinds: Record<string, unknown>[] };
}

const delivery = { kind: 'github', delivered: true } as unknown as DemoCase['delivery'];

describe('whk demo --json names its unmet expectations as whk check --json does', () => {
  it('`problems`: the lines, empty when ok; `problem` (deprecated): the first, null when ok', async () => {
    const report = await demoJson([
      { kind: 'github', delivery, received: null, ok: false, problems: ['did not arrive'] },
      { kind: 'jira', delivery, received: null, ok: true, problems: [] },
    ]);
    expect(report.kinds.map(({ kind, ok, problems, problem }) => ({ kind, ok, problems, problem }))).toEqual([
      { kind: 'github', ok: false, problems: ['did not arrive'], problem: 'did not arrive' },
      { kind: 'jira', ok: true, problems: [], problem: null },
    ]);
  });
});
