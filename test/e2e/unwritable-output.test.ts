// A stdout or stderr that cannot be written (a full disk: /dev/full) through the real binary: a lost
// stdout ends whk with one line and exit 1, never a stack trace; a lost stderr leaves the exit code
// the command would have had. listen stops on it as on a fatal error, its capture file kept.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { post } from '../helpers/http.js';

const FIXTURE = (kind: string): string => new URL(`../../fixtures/${kind}/default.json`, import.meta.url).pathname;

interface Started {
  /** What the stream left on a pipe wrote, as it arrives. */
  text(): string;
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  exited: Promise<number | null>;
}

/** `whk <args>` with one of its output streams on /dev/full, the other on a pipe. */
function startWithFull(args: readonly string[], full: 'stdout' | 'stderr', cwd?: string): Started {
  const fd = openSync('/dev/full', 'w');
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: '1', WHK_DEBUG: '' },
    stdio: ['ignore', full === 'stdout' ? fd : 'pipe', full === 'stderr' ? fd : 'pipe'],
  });
  closeSync(fd);
  let text = '';
  const listeners = new Set<() => void>();
  (full === 'stdout' ? child.stderr : child.stdout)?.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const listener of listeners) listener();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      for (const listener of listeners) listener();
      resolve(code);
    }),
  );
  return {
    text: () => text,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const match = pattern.exec(text);
          if (match) resolve(match);
          else if (child.exitCode !== null) reject(new Error(`ended before ${pattern}:\n${text}`));
        };
        listeners.add(check);
        check();
      }),
    exited,
  };
}

async function runWithFull(args: readonly string[], full: 'stdout' | 'stderr'): Promise<{ code: number | null; text: string }> {
  const started = startWithFull(args, full);
  const code = await started.exited;
  return { code, text: started.text() };
}

describe('an output stream that cannot be written (real binary, /dev/full)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'whk-full-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('whk kinds with stdout full: one line on stderr, exit 1, no stack trace', async () => {
    const { code, text } = await runWithFull(['kinds'], 'stdout');
    expect(text).toBe('error: cannot write to stdout: no space left on the device\n');
    expect(code).toBe(1);
  });

  it('whk validate --json with stdout full: the same line and exit 1, though every payload is valid', async () => {
    const { code, text } = await runWithFull(['validate', FIXTURE('impressions'), '--json'], 'stdout');
    expect(text).toContain('error: cannot write to stdout: no space left on the device\n');
    expect(text).not.toMatch(/\n\s+at |ENOSPC/);
    expect(code).toBe(1);
  });

  it('a usage error with stderr full keeps its exit code 2; a valid validate with stderr full keeps 0', async () => {
    expect((await runWithFull(['sample', 'nope'], 'stderr')).code).toBe(2);
    expect((await runWithFull(['validate', FIXTURE('impressions')], 'stderr')).code).toBe(0);
  });

  it('listen --save with stdout full: the first request is answered and saved, then listen stops with exit 1', async () => {
    const capture = join(dir, 'cap.ndjson');
    const listen = startWithFull(['listen', '--port', '0', '--save', capture], 'stdout', dir);
    const [url] = await listen.waitFor(/http:\/\/127\.0\.0\.1:\d+/);
    expect(await post(url, '{"a":1}', { 'content-type': 'application/json' })).toBe(200);
    expect(await listen.exited).toBe(1);
    expect(listen.text()).toContain('error: cannot write to stdout: no space left on the device\n');
    expect(listen.text()).toContain('1 request:');
    expect(listen.text()).not.toMatch(/\n\s+at /);
    expect((await readFile(capture, 'utf8')).trim().split('\n')).toHaveLength(1);
  });
});
