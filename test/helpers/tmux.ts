// Drives the real binary in a real terminal with tmux: start a session, send keys, read the screen.
import { execFileSync, spawnSync } from 'node:child_process';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

export interface TmuxSession {
  name: string;
  keys(...keys: string[]): void;
  type(text: string): void;
  screen(): string;
  /** What the terminal shows now, without the scrollback; with `escapes`, its colour codes too. */
  visible(options?: { escapes?: boolean }): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  kill(): void;
}

export function startTmux(command: string, options: { cwd: string; width?: number; height?: number }): TmuxSession {
  const name = `whk-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  // A terminal here stands for a person's: without CI in the environment (CI runners set it, and whk then
  // draws no live lines), whatever environment the tmux server was started with.
  const asPerson = `unset CI; ${command}`;
  execFileSync('tmux', ['new-session', '-d', '-s', name, '-x', String(options.width ?? 160), '-y', String(options.height ?? 50), '-c', options.cwd, asPerson]);
  execFileSync('tmux', ['set-option', '-t', name, 'remain-on-exit', 'on']);
  const screen = () => execFileSync('tmux', ['capture-pane', '-p', '-t', name, '-S', '-200']).toString();
  return {
    name,
    keys: (...keys) => void execFileSync('tmux', ['send-keys', '-t', name, ...keys]),
    type: (text) => void execFileSync('tmux', ['send-keys', '-t', name, '-l', text]),
    screen,
    visible: (opts = {}) => execFileSync('tmux', ['capture-pane', '-p', ...(opts.escapes ? ['-e'] : []), '-t', name]).toString(),
    async waitFor(pattern, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = screen();
        if (pattern.test(text)) return text;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} in the terminal:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    kill: () => void spawnSync('tmux', ['kill-session', '-t', name]),
  };
}
