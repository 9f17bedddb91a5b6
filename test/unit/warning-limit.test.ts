// Warning lines are limited to a screenful a second (ui/warning-limit.ts): a sender that causes one
// per connection cannot flood the terminal, whose writes are synchronous. Virtual time throughout.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createOutput } from '../../src/ui/output.js';
import { createRequestPrinter } from '../../src/ui/render-listen.js';
import { limitWarnings, WARNINGS_PER_SECOND } from '../../src/ui/warning-limit.js';

function limited(perSecond: number) {
  let now = 0;
  const timers: { at: number; run: () => void }[] = [];
  const shown: string[] = [];
  const warn = limitWarnings((line) => shown.push(line), perSecond, { now: () => now, later: (run, ms) => void timers.push({ at: now + ms, run }) });
  const advance = (ms: number): void => {
    now += ms;
    for (const timer of timers.filter((t) => t.at <= now)) {
      timers.splice(timers.indexOf(timer), 1);
      timer.run();
    }
  };
  return { warn, shown, advance };
}

describe('limitWarnings', () => {
  it('shows the first lines of a second, then one line counting the rest at its end', () => {
    const { warn, shown, advance } = limited(3);
    for (let i = 1; i <= 10; i++) warn(`w${i}`);
    expect(shown).toEqual(['w1', 'w2', 'w3']);
    advance(999);
    expect(shown).toHaveLength(3);
    advance(1);
    expect(shown.at(-1)).toBe('7 more warnings in that second not shown (the summary counts them)');
    // A new second shows its own first lines.
    warn('w11');
    expect(shown.at(-1)).toBe('w11');
  });

  it('a warning in the next second says what was held before it, once', () => {
    const { warn, shown, advance } = limited(1);
    warn('a');
    warn('b');
    advance(1500);
    expect(shown).toEqual(['a', '1 more warning in that second not shown (the summary counts them)']);
    warn('c');
    expect(shown).toEqual(['a', '1 more warning in that second not shown (the summary counts them)', 'c']);
  });

  it("listen's printer limits its warnings, and --json keeps every event", async () => {
    const lines = async (json: boolean) => {
      const stderr: string[] = [];
      const stdout: string[] = [];
      const stream = (into: string[]) => Object.assign(new PassThrough(), { write: (chunk: string | Buffer) => into.push(String(chunk)) > 0 });
      const output = createOutput({ stdin: new PassThrough(), stdout: stream(stdout), stderr: stream(stderr), env: { NO_COLOR: '1' } }, { json });
      const printer = createRequestPrinter(output, { showSecrets: false, showHeaders: false, secretHeaders: [] }, () => {});
      // Synchronously: all in one second of the real clock.
      for (let i = 0; i < 100; i++) printer.event({ type: 'warning', message: `slow headers ${i}` });
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { stderr: stderr.join('').split('\n').filter(Boolean), stdout: stdout.join('').split('\n').filter(Boolean) };
    };
    expect((await lines(false)).stderr).toHaveLength(WARNINGS_PER_SECOND);
    expect((await lines(true)).stdout).toHaveLength(100);
  });
});
