import { describe, expect, it } from 'vitest';
import { isPauseError, PAUSE_DEFAULTS, PauseMachine, PauseRegistry, type PauseTransition } from '../../src/delivery/pause.js';

/** A machine on a virtual clock: nothing here sleeps. */
function virtual(options: Partial<typeof PAUSE_DEFAULTS> = {}) {
  let now = 1_000_000;
  const transitions: PauseTransition[] = [];
  const machine = new PauseMachine('impressions http://h/', { ...PAUSE_DEFAULTS, ...options }, () => now, (t) => transitions.push(t));
  return {
    machine,
    transitions,
    advance: (ms: number) => void (now += ms),
    at: () => now,
    /** One delivery per second with these outcomes (true = error). */
    feed(outcomes: readonly boolean[], everyMs = 1000) {
      for (const error of outcomes) {
        expect(machine.admit()).toEqual({ go: true, probe: false });
        machine.record(error);
        now += everyMs;
      }
    },
  };
}

describe('the pause state machine (virtual time)', () => {
  it('counts non-2xx, timeouts and connection failures as errors', () => {
    expect(isPauseError({ status: 200 })).toBe(false);
    expect(isPauseError({ status: 204 })).toBe(false);
    expect(isPauseError({ status: 302 })).toBe(true);
    expect(isPauseError({ status: 500 })).toBe(true);
    expect(isPauseError({ status: null })).toBe(true);
  });

  it('sporadic errors below the threshold never pause', () => {
    const v = virtual();
    // 4 errors in every 10 attempts, for 10 minutes: 40 % < 50 %.
    for (let i = 0; i < 60; i++) v.feed([true, false, true, false, false, true, false, false, true, false]);
    expect(v.machine.state).toBe('closed');
    expect(v.transitions).toEqual([]);
  });

  it('a burst of errors with fewer attempts than the minimum never pauses', () => {
    const v = virtual();
    v.feed(Array(9).fill(true));
    expect(v.machine.state).toBe('closed');
  });

  it('errors older than the window do not count', () => {
    const v = virtual();
    v.feed(Array(9).fill(true), 10_000); // 9 errors spread over 90 s: at most 6 in any minute
    v.feed([true]);
    expect(v.machine.state).toBe('closed');
  });

  it('a sustained error rate pauses for the cooldown; nothing is admitted until it is over', () => {
    const v = virtual();
    v.feed([false, true, true, false, true, true, true, false, true]);
    expect(v.machine.state).toBe('closed');
    v.feed([true]);
    expect(v.machine.state).toBe('paused');
    expect(v.transitions).toEqual([{ integration: 'impressions http://h/', from: 'closed', to: 'paused', at: v.at() - 1000, reason: '7 errors in 10 attempts within 60s', cooldownMs: 30_000 }]);
    expect(v.machine.admit()).toEqual({ go: false, waitMs: 29_000 });
    v.advance(28_999);
    expect(v.machine.admit()).toEqual({ go: false, waitMs: 1 });
  });

  // Read '1 errors in 2 attempts within 60s', and a window under a second as 'within 0s'.
  it('the reason counts in words: one error, one attempt, and a window of any length as given', () => {
    const one = virtual({ minAttempts: 1, errorRate: 1, windowMs: 400 });
    one.feed([true]);
    const half = virtual({ minAttempts: 2, windowMs: 90_000 });
    half.feed([true, false]);
    expect([...one.transitions, ...half.transitions].map((t) => t.reason)).toEqual(['1 error in 1 attempt within 400ms', '1 error in 2 attempts within 90s']);
  });

  it("the probe's success resumes at once, with a fresh window and the base cooldown", () => {
    const v = virtual({ cooldownMs: 2000 });
    v.feed(Array(10).fill(true));
    v.advance(2000);
    expect(v.machine.admit()).toEqual({ go: true, probe: true });
    expect(v.machine.state).toBe('probing');
    expect(v.machine.admit()).toEqual({ go: false, waitMs: null });
    v.machine.record(false);
    expect(v.machine.state).toBe('closed');
    expect(v.transitions.map((t) => `${t.from}→${t.to}`)).toEqual(['closed→paused', 'paused→probing', 'probing→closed']);
    // The errors that caused the pause are forgotten: one more error does not pause again.
    v.feed([true]);
    expect(v.machine.state).toBe('closed');
  });

  it("the probe's failure doubles the cooldown up to the maximum", () => {
    const v = virtual({ cooldownMs: 30_000, maxCooldownMs: 100_000 });
    v.feed(Array(10).fill(true));
    const cooldowns: number[] = [];
    for (let i = 0; i < 4; i++) {
      const last = v.transitions.at(-1) as PauseTransition;
      cooldowns.push(last.cooldownMs ?? -1);
      v.advance(last.cooldownMs ?? 0);
      expect(v.machine.admit()).toEqual({ go: true, probe: true });
      v.machine.record(true);
      expect(v.machine.state).toBe('paused');
    }
    cooldowns.push(v.transitions.at(-1)?.cooldownMs ?? -1);
    expect(cooldowns).toEqual([30_000, 60_000, 100_000, 100_000, 100_000]);
    // A success resets the cooldown: the next pause is 30 s again.
    v.advance(100_000);
    v.machine.admit();
    v.machine.record(false);
    v.feed(Array(10).fill(true));
    expect(v.transitions.at(-1)).toMatchObject({ to: 'paused', cooldownMs: 30_000 });
  });

  it('counts the time spent paused and probing', () => {
    const v = virtual({ cooldownMs: 5000 });
    v.feed(Array(10).fill(true)); // paused 1 s before the feed ended
    expect(v.machine.pausedMs()).toBe(1000);
    v.advance(4000);
    v.machine.admit();
    v.advance(250);
    v.machine.record(false);
    v.advance(10_000);
    expect(v.machine.pausedMs()).toBe(5250);
  });

  it('outcomes that arrive while paused (sent before the pause) are ignored', () => {
    const v = virtual();
    v.feed(Array(10).fill(true));
    v.machine.record(false);
    v.machine.record(false);
    expect(v.machine.state).toBe('paused');
  });

  it("while probing, a late failure of a delivery sent before the pause is not taken for the probe's", () => {
    const v = virtual({ cooldownMs: 2000 });
    v.feed(Array(10).fill(true));
    v.advance(2000);
    expect(v.machine.admit()).toEqual({ go: true, probe: true });
    v.machine.record(true, false);
    expect(v.machine.state).toBe('probing');
    v.machine.record(false, true);
    expect(v.machine.state).toBe('closed');
    expect(v.transitions.map((t) => `${t.from}→${t.to}`)).toEqual(['closed→paused', 'paused→probing', 'probing→closed']);
  });

  it('off: never pauses', () => {
    const v = virtual({ enabled: false });
    v.feed(Array(100).fill(true));
    expect(v.machine.state).toBe('closed');
  });

  it('two integrations do not affect each other', () => {
    let now = 0;
    const registry = new PauseRegistry(PAUSE_DEFAULTS, () => now);
    const failing = registry.get('impressions', 'http://a/');
    const healthy = registry.get('impressions', 'http://b/');
    const otherKind = registry.get('metric-alert', 'http://a/');
    for (let i = 0; i < 20; i++) {
      failing.record(true);
      healthy.record(false);
      otherKind.record(i % 3 === 0);
      now += 100;
    }
    expect(failing.state).toBe('paused');
    expect(healthy.state).toBe('closed');
    expect(otherKind.state).toBe('closed');
    expect(registry.get('impressions', 'http://a/')).toBe(failing);
  });
});
