// A sender's auto-disabling of a failing webhook (GitLab's), in virtual time: which deliveries may go
// out after a streak of failures, for how long, and when for good.
import { describe, expect, it } from 'vitest';
import { AutoDisable, autoDisableGates } from '../../src/delivery/auto-disable.js';
import { formatWholeDuration } from '../../src/util/units.js';
import { resolvePolicy } from '../../src/delivery/policy.js';
import { getKind, listKinds } from '../../src/kinds/index.js';
import type { AutoDisableRule } from '../../src/kinds/types.js';

const gitlab = getKind('gitlab');
const RULE = gitlab.delivery.autoDisable as AutoDisableRule;
const MINUTE = 60_000;

function machine(): { gate: AutoDisable; advance: (ms: number) => void } {
  let now = 1_000_000;
  return { gate: new AutoDisable(RULE, () => now), advance: (ms) => (now += ms) };
}

function fail(gate: AutoDisable, times: number): void {
  for (let i = 0; i < times; i++) {
    expect(gate.refusal(), `failure ${i + 1} may be sent`).toBeUndefined();
    gate.record(false);
  }
}

describe('GitLab auto-disabling (the gitlab profile\'s rule)', () => {
  it('is the gitlab profile\'s data, as GitLab documents it: 4 failures, 1 minute doubling to 1 day, 40 for good', () => {
    expect(RULE).toEqual({ sender: 'GitLab', afterFailures: 4, initialMs: MINUTE, maxMs: 24 * 60 * MINUTE, permanentAfter: 40 });
    expect(gitlab.delivery.provenance.documented.join('\n')).toMatch(/fail four consecutive times.*one minute.*24 hours.*40 consecutive times/s);
    // Only senders that document such a rule have one.
    expect(listKinds().filter((kind) => kind.delivery.autoDisable !== null).map((kind) => kind.id)).toEqual(['gitlab']);
  });

  it('sends 3 failures and the 4th, then refuses while the 1-minute disable lasts, and sends again after it', () => {
    const { gate, advance } = machine();
    fail(gate, 4);
    expect(gate.refusal()).toBe('GitLab disables a webhook after 4 consecutive failures (temporarily, for 1m after failure 4; for good after 40)');
    advance(MINUTE);
    expect(gate.refusal()).toMatch(/temporarily/);
    advance(1);
    expect(gate.refusal()).toBeUndefined();
    // The 5th failure disables it for twice as long, the 6th for 4 minutes.
    gate.record(false);
    expect(gate.refusal()).toMatch(/for 2m after failure 5/);
    advance(2 * MINUTE + 1);
    gate.record(false);
    expect(gate.refusal()).toMatch(/for 4m after failure 6/);
  });

  it('a delivery that succeeds ends the streak: 3 failures, a success and 3 more never disable', () => {
    const { gate } = machine();
    fail(gate, 3);
    gate.record(true);
    fail(gate, 3);
    expect(gate.refusal()).toBeUndefined();
    gate.record(false);
    expect(gate.refusal()).toMatch(/after failure 4/);
  });

  it('does not count an outcome that arrives while the webhook is disabled (sent before it was, in parallel)', () => {
    const { gate, advance } = machine();
    fail(gate, 4);
    gate.record(false);
    advance(MINUTE + 1);
    expect(gate.refusal()).toBeUndefined();
    gate.record(false);
    expect(gate.refusal()).toMatch(/for 2m after failure 5/);
  });

  it('grows the disable to at most 1 day, and disables for good at the 40th failure', () => {
    const { gate, advance } = machine();
    const lengths: string[] = [];
    for (let failure = 1; failure <= 39; failure++) {
      expect(gate.refusal()).toBeUndefined();
      gate.record(false);
      const said = /for (\S+) after failure/.exec(gate.refusal() ?? '')?.[1];
      if (said) lengths.push(said);
      advance(24 * 60 * MINUTE + 1);
    }
    expect(lengths.slice(0, 12)).toEqual(['1m', '2m', '4m', '8m', '16m', '32m', '1h4m', '2h8m', '4h16m', '8h32m', '17h4m', '1d']);
    expect(new Set(lengths.slice(11))).toEqual(new Set(['1d']));
    gate.record(false);
    expect(gate.refusal()).toBe('GitLab disables a webhook for good after 40 consecutive failures');
    advance(365 * 24 * 60 * MINUTE);
    expect(gate.refusal()).toMatch(/for good/);
  });

  it('keeps one state per kind and URL, none for a kind without a rule', () => {
    const gateOf = autoDisableGates(() => 0);
    expect(gateOf('gitlab', 'http://a/hook', RULE)).toBe(gateOf('gitlab', 'http://a/hook', RULE));
    expect(gateOf('gitlab', 'http://b/hook', RULE)).not.toBe(gateOf('gitlab', 'http://a/hook', RULE));
    expect(gateOf('github', 'http://a/hook', null)).toBeUndefined();
  });

  it('is left out of the policy by autoDisable false (--no-auto-disable)', () => {
    expect(resolvePolicy(gitlab.delivery).autoDisable).toEqual(RULE);
    expect(resolvePolicy(gitlab.delivery, { autoDisable: false }).autoDisable).toBeNull();
    expect(resolvePolicy(getKind('github').delivery).autoDisable).toBeNull();
  });

  it('says durations in whole units', () => {
    expect([MINUTE, 64 * MINUTE, 60 * MINUTE, 1440 * MINUTE, 30_000].map(formatWholeDuration)).toEqual(['1m', '1h4m', '1h', '1d', '30s']);
  });
});
