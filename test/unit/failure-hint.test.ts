// The line after a send's or a replay's tally on what the first failure may mean (ui/render-send.ts):
// the port a refused connection was refused on, default ports included, and when whk can be the
// receiver. The wording through the binary is held by test/e2e/send.test.ts and replay.test.ts.
import { describe, expect, it } from 'vitest';
import { failureHint } from '../../src/ui/render-send.js';

const refused = (host: string) => ({ status: null, ms: 1, error: `connection refused by ${host}` });

describe('failureHint', () => {
  it('a refused connection names the port, the scheme\'s own when the URL gives none', () => {
    expect(failureHint(refused('localhost'), 'http://localhost/hook')).toBe('nothing listens on localhost:80: is the receiver running, on that port? (whk listen --port 80 runs one)');
    expect(failureHint(refused('[::1]:9000'), 'http://[::1]:9000/hook')).toBe('nothing listens on [::1]:9000: is the receiver running, on that port? (whk listen --port 9000 runs one)');
    // whk listen serves http, and a host elsewhere is not this machine's to start.
    expect(failureHint(refused('localhost'), 'https://localhost/hook')).toBe('nothing listens on localhost:443: is the receiver running, on that port?');
    expect(failureHint(refused('hooks.example.com:8080'), 'http://hooks.example.com:8080/')).toBe('nothing listens on hooks.example.com:8080: is the receiver running, on that port?');
  });

  it('other failures, and a 401 without what send sent, add nothing', () => {
    // Refused after a redirect: the receiver answered; the Location's address is the one refused.
    const redirected = { ...refused('127.0.0.1:1'), redirects: [{ status: 307, to: 'http://127.0.0.1:1/x' }] };
    expect(failureHint(redirected, 'http://127.0.0.1:9000/hook')).toBe('nothing listens on 127.0.0.1:1, where the 307 of 127.0.0.1:9000 sent it: is its Location right?');
    expect(failureHint(undefined, 'http://127.0.0.1:9/')).toBeUndefined();
    expect(failureHint({ status: null, ms: 1, error: 'timed out waiting for 127.0.0.1:9' }, 'http://127.0.0.1:9/')).toBeUndefined();
    expect(failureHint({ status: 500, ms: 1, error: null }, 'http://127.0.0.1:9/')).toBeUndefined();
    expect(failureHint({ status: 401, ms: 1, error: null }, 'http://127.0.0.1:9/')).toBeUndefined();
  });
});
