// Runs the real binary (bin/whk.js, built by `npm run build`) and captures exit code, stdout, stderr.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect } from 'vitest';

export const BIN = fileURLToPath(new URL('../../bin/whk.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  input?: string | Buffer;
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
  /** Options for node itself, before the script (V8's trace flags, which NODE_OPTIONS does not take). */
  nodeArgs?: readonly string[];
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: '1', WHK_DEBUG: '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

export interface RunningCli {
  child: ReturnType<typeof spawn>;
  /** Everything written so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves with the first match of `pattern` on stderr (or stdout), as it arrives. */
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr', timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves when the process has ended. */
  exited: Promise<CliResult>;
}

/** Starts the real binary without waiting for it to end (for long-running commands like listen). */
export function startCli(args: readonly string[], options: Omit<CliOptions, 'input'> = {}): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: '1', WHK_DEBUG: '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const text = { stdout: '', stderr: '' };
  const listeners = new Set<() => void>();
  let closed = false;
  child.stdout?.on('data', (chunk: Buffer) => {
    text.stdout += chunk.toString('utf8');
    for (const listener of listeners) listener();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text.stderr += chunk.toString('utf8');
    for (const listener of listeners) listener();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      closed = true;
      for (const listener of listeners) listener();
      resolve({ code, signal, ...text });
    });
  });
  return {
    child,
    output: () => ({ ...text }),
    waitFor(pattern, stream = 'stderr', timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const match = pattern.exec(text[stream]);
          if (match) {
            listeners.delete(check);
            clearTimeout(giveUp);
            resolve(match);
          } else if (closed) {
            listeners.delete(check);
            clearTimeout(giveUp);
            reject(new Error(`process ended before ${pattern} appeared on ${stream}:\n${text.stderr}`));
          }
        };
        const giveUp = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${pattern} on ${stream}:\n${text.stderr}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    exited,
  };
}

/** Runs `whk <argsLine>` through sh, as a pasted command line would run (argsLine is shell-quoted). */
export function runShellLine(argsLine: string, options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', `"${process.execPath}" "${BIN}" ${argsLine}`], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: '1', WHK_DEBUG: '', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end();
  });
}

/**
 * For test files that run `whk listen`: a fresh temp dir per test (`file(name)` names a path in it),
 * and every listener started through `listen()` killed after each test.
 */
export function listenHarness(options: { timeoutMs?: number } = {}) {
  let dir = '';
  const running: RunningCli[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'whk-listen-'));
  });
  afterEach(async () => {
    for (const cli of running.splice(0)) {
      if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
      await cli.exited;
    }
    await rm(dir, { recursive: true, force: true });
  });
  return {
    file: (name: string): string => join(dir, name),
    async listen(args: readonly string[]): Promise<{ cli: RunningCli; url: string }> {
      const cli = startCli(['listen', '--port', '0', ...args], options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs });
      running.push(cli);
      const match = await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      return { cli, url: match[1] as string };
    },
  };
}

/** A usage error as every bad input must give it: exit 2, nothing on stdout, one `error:` line and at most one indented hint. */
export function expectUsageLine(result: CliResult, message: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(message);
  expect(lines.length).toBeLessThanOrEqual(2);
  if (lines[1] !== undefined) expect(lines[1]).toMatch(/^ {2}\S/);
}

/**
 * Runs `whk inspect FILE --port 0` for `use`, given the page's address (the first group of `ready`,
 * which waits for its line) and the process, and ends it after, however `use` ends.
 */
export async function inspecting(file: string, options: { timeoutMs?: number; ready?: RegExp }, use: (ui: string, cli: RunningCli) => Promise<void>): Promise<void> {
  const cli = startCli(['inspect', file, '--port', '0'], { timeoutMs: options.timeoutMs ?? 20_000 });
  try {
    const ui = (await cli.waitFor(options.ready ?? /inspector on (http:\/\/127\.0\.0\.1:\d+\/)/))[1] as string;
    await use(ui, cli);
  } finally {
    cli.child.kill('SIGTERM');
    await cli.exited;
  }
}
