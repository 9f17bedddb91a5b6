// Runs the user's sender command through a shell, keeps the tail of its output for the report,
// and can stop it with its whole process group (a shell's children go too), TERM then KILL, and
// on Linux what it started outside the group (marked-processes.ts).
import { spawn } from 'node:child_process';
import { formatBytes } from '../util/units.js';
import { killMarked, newMark } from './marked-processes.js';

export interface CommandExit {
  /** The exit code; null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The process could not be started at all (spawn error). */
  error: string | null;
}

export interface RunningCommand {
  readonly pid: number | undefined;
  /** Resolves once the process has ended (never rejects). */
  readonly exited: Promise<CommandExit>;
  /** Whether it has ended. */
  readonly done: boolean;
  /** Stdout and stderr interleaved as they came: the last `keep` bytes of it, from a line start, after a line on what was left out. */
  output(): string;
  /**
   * Stops it and everything it started: its group SIGTERM, then SIGKILL after `graceMs`; what left
   * the group, SIGKILL once the shell is gone. Its output is read no more: whk is not held open by it.
   */
  stop(graceMs?: number): Promise<CommandExit>;
}

export interface CommandOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Bytes of output kept (the tail). Default 16 kB. */
  keep?: number;
}

const POSIX = process.platform !== 'win32';

export function startCommand(command: string, options: CommandOptions = {}): RunningCommand {
  const keep = options.keep ?? 16 * 1024;
  let tail = Buffer.alloc(0);
  let total = 0;
  const append = (chunk: Buffer): void => {
    total += chunk.length;
    tail = Buffer.concat([tail, chunk]);
    if (tail.length > keep * 2) tail = tail.subarray(tail.length - keep);
  };
  // Its own process group on POSIX, so stop() reaches the shell's children as well; the mark, those that leave it.
  const mark = newMark();
  const child = spawn(command, { shell: true, detached: POSIX, cwd: options.cwd, env: { ...(options.env ?? process.env), [mark]: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  let done = false;
  const exited = new Promise<CommandExit>((resolve) => {
    const finish = (exit: CommandExit): void => {
      done = true;
      resolve(exit);
    };
    child.once('error', (error) => finish({ code: null, signal: null, error: error.message }));
    // 'close' waits for the output pipes, which a background grandchild may hold open; the exit
    // status is what counts, so 'close' gets a moment to deliver the last output, no more.
    child.once('exit', (code, signal) => {
      const timer = setTimeout(() => finish({ code, signal, error: null }), 250);
      child.once('close', () => {
        clearTimeout(timer);
        finish({ code, signal, error: null });
      });
    });
  });

  const signal = (name: NodeJS.Signals): void => {
    try {
      if (POSIX && child.pid !== undefined) process.kill(-child.pid, name);
      else child.kill(name);
    } catch {
      // Already gone.
    }
  };

  let stopping: Promise<CommandExit> | undefined;
  const stopAll = async (graceMs: number): Promise<CommandExit> => {
    if (!done) {
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
    // The shell has ended, but something it started may live on: in its group, or out of it with the mark.
    signal('SIGKILL');
    await killMarked(mark);
    // One out of reach (no /proc, or its environment cleared) may hold the pipes: whk's run must still end.
    child.stdout.destroy();
    child.stderr.destroy();
    return exited;
  };

  return {
    pid: child.pid,
    exited,
    get done() {
      return done;
    },
    output() {
      if (total <= keep) return tail.toString('utf8');
      // Only the tail is kept (memory stays bounded whatever the command prints): start it at a
      // line, and say how much went before, so a report does not read as the whole output.
      let kept = tail.subarray(tail.length - keep);
      const newline = kept.indexOf(0x0a);
      if (newline !== -1 && newline < kept.length - 1) kept = kept.subarray(newline + 1);
      return `[… ${formatBytes(total - kept.length)} of earlier output left out; the last ${formatBytes(kept.length)} follow]\n${kept.toString('utf8')}`;
    },
    stop(graceMs = 2000) {
      stopping ??= stopAll(graceMs);
      return stopping;
    },
  };
}
