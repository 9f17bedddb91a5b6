// The README's CI example runs a listener in the background and stops it with `kill $listener`:
// the form it shows must stop the listener cleanly (its summary, exit 0, the port free again).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The README's shell block that starts `listener=$!`. */
function snippet(): string {
  const block = readme.split('```sh\n').map((part) => part.slice(0, part.indexOf('```'))).find((part) => part.includes('listener=$!'));
  if (!block) throw new Error('the README has no background listener example');
  return block;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const probe = createServer().once('error', () => resolve(true));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
  });

describe("README: the CI example's background listener", () => {
  it('is started as the binary, not npx (whose SIGTERM would not reach it)', () => {
    expect(snippet()).toMatch(/^whk listen .*&/m);
    expect(snippet()).not.toMatch(/npx whk listen/);
  });

  /** Runs the README's block in a temp dir: `whk` and `npx whk` as this checkout's binary, port 3000 as a free one. */
  async function runSnippet(edit: (text: string) => string = (text) => text): Promise<{ code: number | null; out: string; dir: string; port: number }> {
    const dir = await mkdtemp(join(tmpdir(), 'whk-readme-ci-'));
    const port = await freePort();
    // Bounded (about 30 s): a listener that never starts (a checkout not built) fails the run, where an
    // endless loop outlived the test's timeout as an orphan shell.
    const ready = `tries=0; until node -e "require('net').connect(${port},'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))"; do tries=$((tries+1)); if [ $tries -ge 150 ]; then echo 'the listener never listened'; exit 1; fi; sleep 0.2; done`;
    const script = `${edit(snippet())
      .replaceAll('npx whk ', `node '${BIN}' `)
      .replace(/^whk /gm, `node '${BIN}' `)
      .replaceAll('3000', String(port))
      .replace('sleep 2', ready)}echo "listener exit $?"\n`;
    const child = spawn('sh', ['-c', script], { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, out, dir, port };
  }

  it('run as written: the checks pass, the listener ends after its 6 requests, the kill finds nothing to stop', async () => {
    const { code, out, dir, port } = await runSnippet();
    expect(code, out).toBe(0);
    expect(out).toContain('listener exit 0');
    expect(await readFile(join(dir, 'whk-report.xml'), 'utf8')).toMatch(/<testsuites name="webhooks" tests="2" failures="0" time="[\d.]+">/);
    expect(await readFile(join(dir, 'listener.log'), 'utf8')).toMatch(/^6 requests: 6 valid, 0 invalid$/m);
    expect(await listening(port)).toBe(false);
  });

  it('a listener still waiting (one request short) is stopped by the kill line: its summary, exit 0, the port free', async () => {
    // The edit below must change the block, or this run is the one above and the kill is never shown.
    expect(snippet()).toContain('--count 6');
    const { code, out, dir, port } = await runSnippet((text) => text.replace('--count 6', '--count 7'));
    expect(code, out).toBe(0);
    expect(out).toContain('listener exit 0');
    const log = await readFile(join(dir, 'listener.log'), 'utf8');
    expect(log).toContain(`listening on http://127.0.0.1:${port}`);
    expect(log).toMatch(/^6 requests: 6 valid, 0 invalid$/m);
    expect(await listening(port)).toBe(false);
  });
});
