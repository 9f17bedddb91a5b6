// Drives the real binary in a real terminal with tmux: start a session, send keys, read the screen.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

export interface TmuxSession {
  name: string;
  keys(...keys: string[]): void;
  type(text: string): void;
  /** Pastes text as a terminal does: all of it written at once. */
  paste(text: string): void;
  screen(): string;
  /** What the terminal shows now, without the scrollback; with `escapes`, its colour codes too. */
  visible(options?: { escapes?: boolean }): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Whether the terminal shows its cursor now (a program may have hidden it). */
  cursorShown(): boolean;
  /** Makes the terminal this size, as a person resizing its window does (the program gets SIGWINCH). */
  resize(width: number, height: number): void;
  kill(): void;
}

export function startTmux(command: string, options: { cwd: string; width?: number; height?: number }): TmuxSession {
  const name = `whk-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  // Each session on a tmux server of its own (-S: its socket): on the shared default server, the
  // server a killed last session shut down could refuse the next test's new-session (seen when the
  // terminal tests of two files ran together: 'tmux new-session' failed in 19 ms).
  const { socket, dir } = socketPath(name);
  const tmux = (...args: string[]): Buffer => execFileSync('tmux', ['-S', socket, ...args]);
  // A terminal here stands for a person's: without CI in the environment (CI runners set it, and whk then
  // draws no live lines), whatever environment the tmux server was started with.
  const asPerson = `unset CI; ${command}`;
  tmux('new-session', '-d', '-s', name, '-x', String(options.width ?? 160), '-y', String(options.height ?? 50), '-c', options.cwd, asPerson);
  tmux('set-option', '-t', name, 'remain-on-exit', 'on');
  const screen = () => tmux('capture-pane', '-p', '-t', name, '-S', '-200').toString();
  return {
    name,
    keys: (...keys) => void tmux('send-keys', '-t', name, ...keys),
    type: (text) => void tmux('send-keys', '-t', name, '-l', text),
    paste: (text) => {
      execFileSync('tmux', ['-S', socket, 'load-buffer', '-b', name, '-'], { input: text });
      tmux('paste-buffer', '-d', '-b', name, '-t', name);
    },
    screen,
    visible: (opts = {}) => tmux('capture-pane', '-p', ...(opts.escapes ? ['-e'] : []), '-t', name).toString(),
    async waitFor(pattern, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = screen();
        if (pattern.test(text)) return text;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} in the terminal:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    cursorShown: () => tmux('display-message', '-p', '-t', name, '#{cursor_flag}').toString().trim() === '1',
    resize: (width, height) => void tmux('resize-window', '-t', name, '-x', String(width), '-y', String(height)),
    kill: () => {
      spawnSync('tmux', ['-S', socket, 'kill-server']);
      rmSync(dir ?? socket, { recursive: true, force: true });
    },
  };
}

// A unix socket's path has a length limit (107 bytes on Linux, 103 on macOS): under a long TMPDIR
// tmux could not make its socket ('File name too long'), so the socket then goes in a short
// directory of its own in /tmp.
const SOCKET_PATH_MAX = 100;

function socketPath(name: string): { socket: string; dir?: string } {
  const socket = join(tmpdir(), `${name}.tmux`);
  if (Buffer.byteLength(socket) <= SOCKET_PATH_MAX) return { socket };
  const dir = mkdtempSync('/tmp/whk-tmux-');
  return { socket: join(dir, 'socket'), dir };
}
