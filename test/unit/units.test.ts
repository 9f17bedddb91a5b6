// How durations are printed: a value that is no finite number of milliseconds (none reaches these
// today) reads as what it is, never as 'NaNh' or 'Infinityh'.
import { describe, expect, it } from 'vitest';
import { formatCountdown, formatDuration, formatLimit, formatWholeDuration, groupDigits } from '../../src/util/units.js';

describe('durations that are not finite', () => {
  it("say 'unknown' for NaN and ∞ for Infinity; a countdown past its end (-Infinity) shows 0s as a negative one does", () => {
    const said = (format: (ms: number) => string): string[] => [NaN, Infinity, -Infinity].map(format);
    expect(said(formatDuration)).toEqual(['unknown', '∞', '-∞']);
    expect(said(formatLimit)).toEqual(['unknown', '∞', '-∞']);
    expect(said(formatWholeDuration)).toEqual(['unknown', '∞', '-∞']);
    expect(said(formatCountdown)).toEqual(['unknown', '∞', '0s']);
  });

  it('finite ones read as before', () => {
    expect([250, 1500, 90_000, 7_200_000].map(formatDuration)).toEqual(['250ms', '1.5s', '1.5m', '2.0h']);
    expect([45_000, 80_000, 3_900_000, -5].map(formatCountdown)).toEqual(['45s', '1m20s', '1h05m', '0s']);
    expect([30_000, 7_680_000, 86_400_000].map(formatWholeDuration)).toEqual(['30s', '2h8m', '1d']);
  });
});

describe('groupDigits', () => {
  it("groups a whole number's thousands as toLocaleString('en-US') does", () => {
    for (const n of [0, 7, 999, 1000, -1000, 12_345, 100_000, 1_000_000, -123_456_789, 2 ** 32, Number.MAX_SAFE_INTEGER]) {
      expect(groupDigits(n)).toBe(n.toLocaleString('en-US'));
    }
  });

  it('keeps a fraction as String writes it, grouping the whole part only', () => {
    expect(groupDigits(12345.678)).toBe('12,345.678');
  });
});
