// runMain (whk's main() in this process) for `whk send`, whose result lines are held up to 20 ms
// (RESULT_HOLD_MS in src/commands/send.ts) and written by a timer: a dry run or --curl returns
// before it fires. The binary's exit waits for that timer; so does this, with one at least as long
// started after it (Node fires timers in order of their end, the first started first on a tie).
import { PassThrough } from 'node:stream';
import { main } from '../../src/main.js';
import type { CliResult } from './cli.js';

const HELD_MS = 20;

export async function runMainHeld(args: readonly string[], options: { input?: string } = {}): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  stdin.end(options.input ?? '');
  const code = await main(['node', 'whk', ...args], { stdout, stderr, stdin, env: { NO_COLOR: '1', CI: '1' }, exitCode: 0 });
  await new Promise((resolve) => setTimeout(resolve, HELD_MS));
  await new Promise((resolve) => setImmediate(resolve));
  return { code, signal: null, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
