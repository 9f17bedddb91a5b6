// whk validate reading a named pipe (FIFO) as `cat fifo` reads it: it waits for a writer, then
// reads what the writer writes until the writer closes. Linux and macOS have mkfifo; Windows has none.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { getKind } from '../../src/kinds/index.js';
import { startCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'whk-validate-fifo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fifo(name: string): string {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  return path;
}

describe.skipIf(process.platform === 'win32')('whk validate <fifo> (real binary, real FIFO)', () => {
  it('waits for a writer that comes later and validates what it writes', async () => {
    const path = fifo('late.json');
    const payload = join(dir, 'payload.json');
    writeFileSync(payload, JSON.stringify(getKind('metric-alert').sample({ seed: 1 })));
    const cli = startCli(['validate', path]);
    // The writer comes after whk has started (a bounded delay, no assertion on time); a process, so a
    // writer left waiting for a reader (whk gone without reading) can be ended.
    const writer = spawn('sh', ['-c', 'sleep 2; exec cat "$0" > "$1"', payload, path], { stdio: 'ignore' });
    const result = await cli.exited;
    writer.kill('SIGKILL');
    expect(result.stderr).toBe('1 payload in 1 file: 1 valid, 0 invalid · metric-alert ×1 (detected)\n');
    expect(result.code).toBe(0);
  });

  it('with no writer ever, waits as cat does; Ctrl-C ends it with 130', async () => {
    const path = fifo('never.json');
    const cli = startCli(['validate', path]);
    // Long enough for whk to have reached the pipe, had it read it as an empty input (exit 1).
    await delay(2000);
    cli.child.kill('SIGINT');
    const result = await cli.exited;
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('');
    // Ended by the signal, as cat is: the shell says 130 (whk sets no exit code of its own here).
    expect(result.code === 130 || result.signal === 'SIGINT', JSON.stringify(result)).toBe(true);
  });
});
