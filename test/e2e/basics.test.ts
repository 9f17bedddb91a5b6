import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { BIN, runCli, runShellLine } from '../helpers/cli.js';

describe('whk basics (real binary)', () => {
  it('prints help fast and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: whk');
    expect(result.stderr).toBe('');
  });

  it('an unknown command is a usage error (exit 2, one line on stderr)', async () => {
    const result = await runCli(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it('an unknown kind exits 2 naming the known kinds, without a stack trace', async () => {
    const result = await runCli(['sample', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown kind 'nope'");
    expect(result.stderr).toContain('metric-alert');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('a closed pipe ends the output quietly (no EPIPE stack trace)', async () => {
    const result = await runShellLine('sample impressions --count 20000 --seed 1 | head -c 20');
    expect(result.stdout).toHaveLength(20);
    expect(result.stderr).toBe('');
  });

  it('a run cut short by a closed pipe exits 141, not 0: a failure it would have found is not hidden', () => {
    // 40,000 invalid payloads (megabytes of report): the reader goes away long before validate
    // reaches its verdict (1).
    const invalid = `${Array.from({ length: 40_000 }, (_, i) => JSON.stringify({ type: 'METRIC_ALERT', n: i })).join('\n')}\n`;
    const line = `set -o pipefail; "${process.execPath}" "${BIN}" validate - --kind metric-alert | head -c 10`;
    const run = spawnSync('bash', ['-c', line], { input: invalid, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '1' } });
    expect(run.stdout).toHaveLength(10);
    expect(run.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(run.status).toBe(141);
  });
});
