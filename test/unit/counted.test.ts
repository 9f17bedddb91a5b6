// Counts in words: one noun for one, its plural otherwise (a stream of one batch said "1 batches").
import { describe, expect, it } from 'vitest';
import { summaryLine } from '../../src/ui/render-stream.js';
import { counted } from '../../src/util/units.js';

describe('counted', () => {
  it('says one in the singular, any other number in the plural, an irregular one as given', () => {
    expect([0, 1, 2].map((n) => counted(n, 'request'))).toEqual(['0 requests', '1 request', '2 requests']);
    expect([1, 3].map((n) => counted(n, 'delivery', 'deliveries'))).toEqual(['1 delivery', '3 deliveries']);
  });

  it("a stream's summary of one request and one batch says so", () => {
    const line = summaryLine({ type: 'summary', generated: 10, batches: 1, delivered: 0, retried: 0, failed: 0, pausedMs: 0, queued: 10, dropped: 0, gap: 0, notSent: 0, cutOff: 0, requests: 1, lastFailedAttempt: null, durationMs: 1100, cancelled: false });
    expect(line).toBe('generated 10 in 1 batch, delivered 0, failed 0, retried 0, paused 0ms, queued 10, dropped 0 (1 request in 1.1s)');
  });

  // A kind that sends one event a request read "generated 20 in 20 batches".
  it("a stream of a kind with no batches does not count batches", () => {
    const line = summaryLine({ type: 'summary', generated: 2, batches: 2, delivered: 2, retried: 0, failed: 0, pausedMs: 0, queued: 0, dropped: 0, gap: 0, notSent: 0, cutOff: 0, requests: 2, lastFailedAttempt: null, durationMs: 1000, cancelled: false }, false);
    expect(line).toBe('generated 2, delivered 2, failed 0, retried 0, paused 0ms, queued 0, dropped 0 (2 requests in 1s)');
  });
});
