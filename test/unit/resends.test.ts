// OkHttp's own re-sends as data (kinds/http-clients.ts) read by resends.ts: which answers it sends
// the same request again after, as RetryAndFollowUpInterceptor.followUpRequest decides it.
import { describe, expect, it } from 'vitest';
import type { AttemptOutcome } from '../../src/delivery/attempt.js';
import { resendStep } from '../../src/delivery/resends.js';
import { OKHTTP_RESENDS } from '../../src/kinds/http-clients.js';

const answer = (status: number | null, retryAfter?: string): AttemptOutcome => ({ status, ms: 1, error: status === null ? 'connection refused' : null, ...(retryAfter === undefined ? {} : { retryAfter }) });
const step = (outcome: AttemptOutcome, before: number | null = null, resent = 0) => resendStep(OKHTTP_RESENDS, outcome, before, resent).kind;

describe('OkHttp re-sends after a 408', () => {
  it('without a Retry-After, or with 0 in any number of digits', () => {
    expect(step(answer(408))).toBe('resend');
    expect(step(answer(408, '0'))).toBe('resend');
    expect(step(answer(408, '000'))).toBe('resend');
  });

  it('not with a Retry-After above 0, nor one that is not digits (a date is "not now")', () => {
    expect(step(answer(408, '1'))).toBe('answer');
    expect(step(answer(408, 'Wed, 21 Oct 2015 07:28:00 GMT'))).toBe('answer');
    expect(step(answer(408, '-0'))).toBe('answer');
  });

  it('not when the answer before it was a 408 too', () => {
    expect(step(answer(408), 408)).toBe('answer');
    expect(step(answer(408), 503)).toBe('resend');
  });
});

describe('OkHttp re-sends after a 503 only with Retry-After: 0', () => {
  it('0 re-sends; absent, 1 or a date is the answer', () => {
    expect(step(answer(503, '0'))).toBe('resend');
    expect(step(answer(503))).toBe('answer');
    expect(step(answer(503, '1'))).toBe('answer');
    expect(step(answer(503, 'Wed, 21 Oct 2015 07:28:00 GMT'))).toBe('answer');
  });

  it('not when the answer before it was a 503 too', () => {
    expect(step(answer(503, '0'), 503)).toBe('answer');
  });
});

it('other answers and failures are what they are: no re-send', () => {
  for (const status of [200, 302, 429, 500, 502, 504, null]) expect(step(answer(status, '0'))).toBe('answer');
});

it('the 21st follow-up fails the request, as OkHttp\'s MAX_FOLLOW_UPS does', () => {
  expect(resendStep(OKHTTP_RESENDS, answer(408), 503, 19)).toEqual({ kind: 'resend', why: 'OkHttp sent it again after the 408' });
  expect(resendStep(OKHTTP_RESENDS, answer(408), 503, 20)).toEqual({ kind: 'error', error: 'sent again 20 times (the last after a 408): OkHttp gives up' });
});

it('redirects count against the same 20 (MAX_FOLLOW_UPS is one counter), and the message says both', () => {
  expect(resendStep(OKHTTP_RESENDS, answer(408), 307, 5, 14).kind).toBe('resend');
  expect(resendStep(OKHTTP_RESENDS, answer(408), 307, 5, 15)).toEqual({ kind: 'error', error: 'redirected or sent again more than 20 times in all (15 redirects, 5 re-sends; the last after a 408): OkHttp gives up' });
});
