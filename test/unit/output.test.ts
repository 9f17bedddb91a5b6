// The output seam: result lines coalesced into one write per event-loop turn, or held up to `holdMs`
// (send), and written before anything on stderr; every line stripped of terminal controls.
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { colorEnabled, createOutput } from '../../src/ui/output.js';

/** Streams that record each write, in order, as [stream, text]. */
function recordingStreams(): { streams: Parameters<typeof createOutput>[0]; writes: [string, string][] } {
  const writes: [string, string][] = [];
  const recording = (name: string): PassThrough => {
    const stream = new PassThrough();
    stream.write = ((chunk: string | Buffer) => {
      writes.push([name, String(chunk)]);
      return true;
    }) as PassThrough['write'];
    return stream;
  };
  return { writes, streams: { stdin: new PassThrough(), stdout: recording('stdout'), stderr: recording('stderr'), env: {} } };
}

describe('createOutput (virtual time)', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('writes the lines of one event-loop turn together, at its end', () => {
    const { streams, writes } = recordingStreams();
    const output = createOutput(streams);
    output.result('one');
    output.jsonLine({ two: 2 });
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(writes).toEqual([['stdout', 'one\n{"two":2}\n']]);
  });

  it('holdMs: lines of many turns are held until holdMs has passed, then written in one write', () => {
    const { streams, writes } = recordingStreams();
    const output = createOutput(streams, { holdMs: 20 });
    output.result('a');
    vi.advanceTimersByTime(10);
    output.result('b');
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(10);
    expect(writes).toEqual([['stdout', 'a\nb\n']]);
    output.result('c');
    vi.advanceTimersByTime(19);
    expect(writes).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(writes).toEqual([['stdout', 'a\nb\n'], ['stdout', 'c\n']]);
  });

  it('holdMs: a line on stderr writes the held results first, and the timer is dropped', () => {
    const { streams, writes } = recordingStreams();
    const output = createOutput(streams, { holdMs: 20 });
    output.result('held');
    output.info('note');
    expect(writes).toEqual([['stdout', 'held\n'], ['stderr', 'note\n']]);
    expect(vi.getTimerCount()).toBe(0);
    output.flush();
    expect(writes).toHaveLength(2);
  });

  it('writes at once past 64 kB pending, without waiting for the hold', () => {
    const { streams, writes } = recordingStreams();
    const output = createOutput(streams, { holdMs: 20 });
    const line = 'x'.repeat(1023);
    for (let i = 0; i < 64; i++) output.result(line);
    expect(writes).toEqual([['stdout', `${line}\n`.repeat(64)]]);
  });

  it('drops terminal controls from result lines and keeps JSON lines free of raw ones', () => {
    const { streams, writes } = recordingStreams();
    const output = createOutput(streams);
    output.result('a\u001b[2Jb\u009bc');
    output.jsonLine({ key: '\u001b]0;title\u0007\u0085' });
    output.flush();
    // ESC and the C1 CSI are dropped: what is left of the sequence is plain text.
    expect(writes).toEqual([['stdout', 'a[2Jbc\n{"key":"\\u001b]0;title\\u0007\\u0085"}\n']]);
  });

  it('with colour keeps the sequences of every style whk paints with, and drops a sender\'s that hide or move text', () => {
    const { streams, writes } = recordingStreams();
    const output = createOutput({ ...streams, env: { FORCE_COLOR: '1' } });
    const c = output.paintResult;
    const painted = [c.bold('b'), c.dim('d'), c.red('r'), c.green('g'), c.yellow('y'), c.red(`x ${c.dim('nested')} z`)].join(' ');
    // Conceal, inverse, black on black, a 256-colour and a reset: a sender's key in a painted line.
    output.result(`${painted} ${c.dim('key\u001b[8m\u001b[7m\u001b[30;40m\u001b[38;5;0m\u001b[0m')} after`);
    output.flush();
    expect(writes).toEqual([['stdout', `${painted} ${c.dim('key')} after\n`]]);
  });

  it('CI unset, empty, 0 or false (any case) is not CI: a terminal gets colour and the live line; any other value turns both off', () => {
    const tty = { isTTY: true };
    const withCi = (value: string | undefined): { color: boolean; live: boolean } => {
      const env = value === undefined ? {} : { CI: value };
      const { streams } = recordingStreams();
      const stderr = Object.assign(streams.stderr, tty);
      return { color: colorEnabled(tty, env, undefined), live: createOutput({ ...streams, stderr, env }).live };
    };
    for (const value of [undefined, '', '0', 'false', 'FALSE', 'False']) expect(withCi(value), `CI=${value}`).toEqual({ color: true, live: true });
    for (const value of ['1', 'true', 'yes', 'github']) expect(withCi(value), `CI=${value}`).toEqual({ color: false, live: false });
  });
});
