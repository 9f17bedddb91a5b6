// An attempt on a send or replay line: what the sender's HTTP client did by itself is said after the latency.
import { describe, expect, it } from 'vitest';
import { attemptLine } from '../../src/ui/render-attempt.js';

describe('attemptLine', () => {
  it('says the status and the latency; a re-send and the redirects followed come after', () => {
    expect(attemptLine({ status: 200, ms: 3, error: null })).toBe('200 (3ms)');
    expect(attemptLine({ status: 200, ms: 5, error: null, redirects: [{ status: 302, to: 'http://127.0.0.1:9000/moved' }] })).toBe('200 (5ms, after 302 → http://127.0.0.1:9000/moved)');
    const three = [301, 302, 307].map((status, i) => ({ status, to: `http://127.0.0.1:9000/${'abc'[i]}` }));
    expect(attemptLine({ status: 204, ms: 9, error: null, redirects: three })).toBe('204 (9ms, after 3 redirects, the last 307 → http://127.0.0.1:9000/c)');
    expect(attemptLine({ status: 200, ms: 2, error: null, resent: 'OkHttp sent it again after the 408', redirects: [{ status: 307, to: 'http://h/x' }] })).toBe('200 (2ms, OkHttp sent it again after the 408, after 307 → http://h/x)');
  });

  it('a redirect that led to no answer says both', () => {
    expect(attemptLine({ status: null, ms: 4, error: 'connection refused by 127.0.0.1:1', redirects: [{ status: 302, to: 'http://127.0.0.1:1/gone' }] })).toBe('connection refused by 127.0.0.1:1 (4ms, after 302 → http://127.0.0.1:1/gone)');
  });
});
