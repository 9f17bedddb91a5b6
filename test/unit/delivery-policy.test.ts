import { describe, expect, it } from 'vitest';
import { isSuccess, resolvePolicy, retryDelay } from '../../src/delivery/policy.js';
import type { DeliveryProfile } from '../../src/kinds/types.js';

const profile: Pick<DeliveryProfile, 'success' | 'retry' | 'timeoutMs'> = {
  success: '2xx',
  retry: { maxAttempts: 5, initialDelayMs: 1000, backoff: 'exponential' },
  timeoutMs: 10_000,
};

describe('success rules', () => {
  it.each([
    ['exactly-200', 200, true],
    ['exactly-200', 201, false],
    ['exactly-200', 204, false],
    ['exactly-200', 302, false],
    ['2xx', 200, true],
    ['2xx', 204, true],
    ['2xx', 299, true],
    ['2xx', 300, false],
    ['2xx', 500, false],
    ['below-400', 302, true],
    ['below-400', 399, true],
    ['below-400', 400, false],
    ['below-400', 404, false],
  ] as const)('%s with %i is %s', (rule, status, expected) => {
    expect(isSuccess(rule, status)).toBe(expected);
  });
});

describe('retry schedule', () => {
  it('fixed waits the same before every retry', () => {
    const retry = { maxAttempts: 3, initialDelayMs: 300, backoff: 'fixed' as const };
    expect([1, 2, 3].map((n) => retryDelay(retry, n))).toEqual([0, 300, 300]);
  });

  it('exponential doubles from the initial delay', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(profile.retry, n))).toEqual([0, 1000, 2000, 4000, 8000]);
  });
});

describe('policy overrides', () => {
  it('keeps the profile when nothing is overridden', () => {
    expect(resolvePolicy(profile)).toEqual({ success: '2xx', retry: profile.retry, timeoutMs: 10_000, autoDisable: null });
  });

  it('--retries N means N + 1 attempts; --retry-delay and --timeout replace the profile', () => {
    const policy = resolvePolicy(profile, { retries: 2, retryDelayMs: 50, timeoutMs: 700 });
    expect(policy.retry).toEqual({ maxAttempts: 3, initialDelayMs: 50, backoff: 'exponential' });
    expect(policy.timeoutMs).toBe(700);
  });

  it('--no-retry wins over --retries', () => {
    expect(resolvePolicy(profile, { retry: false, retries: 4 }).retry.maxAttempts).toBe(1);
  });
});
