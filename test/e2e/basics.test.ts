import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it("a quoted ~ no shell expanded: the missing file's error says whk does not expand it either, in every command", async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'whk-tilde-'));
    try {
      const note = (path: string): string => `(whk does not expand ~ outside the wizard, and the shell did not either, as it was quoted: use $HOME${path} or leave the ~ unquoted)`;
      const validate = await runCli(['validate', '~/x.json'], { cwd });
      expect([validate.code, validate.stderr]).toEqual([2, `error: cannot read '~/x.json': no such file ${note('/x.json')}\n`]);
      const send = await runCli(['send', 'github', '--url', 'http://127.0.0.1:9/', '--data', '~/p.json'], { cwd });
      expect([send.code, send.stderr]).toEqual([2, `error: cannot read --data '~/p.json': no such file ${note('/p.json')}\n`]);
      const listen = await runCli(['listen', '--port', '0', '--save', '~/c.ndjson'], { cwd });
      expect([listen.code, listen.stderr]).toEqual([2, `error: cannot open the capture file '~/c.ndjson': its directory does not exist ${note('/c.ndjson')}\n`]);
      // A path that merely holds a ~ further on is no shell's to expand: said as before.
      const inside = await runCli(['validate', 'a~/x.json'], { cwd });
      expect(inside.stderr).toBe("error: cannot read 'a~/x.json': no such file\n");
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
