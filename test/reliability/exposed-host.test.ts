// Issue 19.11: `--host 0.0.0.0` (or `::`) exposed the receiver, and the inspector page with every
// captured secret, without a word: one warning on stderr, once. Nothing is sent to the other
// interfaces: the receiver stops after a short window with no request.
import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { captureRecord } from '../helpers/capture.js';
import { listenHarness, runCli, startCli } from '../helpers/cli.js';

const { file } = listenHarness();
const WARNING = /^warning: --host (0\.0\.0\.0|::) listens on every network interface: anyone who can reach this machine can /;
const warnings = (stderr: string): string[] => stderr.split('\n').filter((line) => line.startsWith('warning:'));

describe('reliability: a receiver bound to every interface', () => {
  it('listen --host 0.0.0.0: one warning, on stderr (with --ui too)', async () => {
    for (const extra of [[], ['--ui', '--ui-port', '0']]) {
      const result = await runCli(['listen', '--host', '0.0.0.0', '--port', '0', '--timeout', '300ms', '--json', ...extra]);
      expect(result.stderr).toMatch(/listening on/);
      expect(warnings(result.stderr), result.stderr).toHaveLength(1);
      expect(warnings(result.stderr)[0]).toMatch(WARNING);
      expect(result.stdout).not.toContain('every network interface');
    }
  });

  it('listen on 127.0.0.1 (the default): no warning', async () => {
    const result = await runCli(['listen', '--port', '0', '--timeout', '300ms']);
    expect(result.stderr).toMatch(/listening on/);
    expect(warnings(result.stderr)).toEqual([]);
  });

  it('inspect --host 0.0.0.0: one warning naming the captured secrets', async () => {
    const path = file('captures.ndjson');
    await writeFile(path, `${JSON.stringify(captureRecord({ a: 1 }))}\n`);
    const cli = startCli(['inspect', path, '--host', '0.0.0.0', '--port', '0']);
    try {
      await cli.waitFor(/inspector on/);
      await cli.waitFor(/^warning: .*\n/m);
      const found = warnings(cli.output().stderr);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(WARNING);
      expect(found[0]).toContain('secrets');
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
  });
});
