import { describe, expect, it } from 'vitest';
import { runCli, runShellLine } from '../helpers/cli.js';

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
});
