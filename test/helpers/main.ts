// Runs whk's main() in this process with in-memory streams: the same path as bin/whk.js without the
// cost of a new node process, for large tables of command lines.
import { PassThrough } from 'node:stream';
import { main } from '../../src/main.js';
import type { CliResult } from './cli.js';

export async function runMain(args: readonly string[], options: { input?: string } = {}): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  stdin.end(options.input ?? '');
  const env = { NO_COLOR: '1', CI: '1' };
  const code = await main(['node', 'whk', ...args], { stdout, stderr, stdin, env, exitCode: 0 });
  // Results are written at the end of the loop's turn (ui/output.ts), which the binary's exit waits
  // for: so does this, or a command that returns before that turn (sign, verify) is read empty.
  await new Promise((resolve) => setImmediate(resolve));
  return { code, signal: null, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
