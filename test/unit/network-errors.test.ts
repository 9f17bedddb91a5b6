// The plain messages for network failures that a loopback-only test suite cannot provoke for real
// (DNS, unreachable hosts, certificate problems); refused, reset, timeout and TLS are tested live.
import { describe, expect, it } from 'vitest';
import { describeNetworkError } from '../../src/util/network-errors.js';

const err = (code: string, message = 'boom'): Error => Object.assign(new Error(message), { code });

describe('describeNetworkError', () => {
  it.each([
    [err('ENOTFOUND', 'getaddrinfo ENOTFOUND hooks.example'), 'DNS lookup failed for hooks.example'],
    [err('EAI_AGAIN'), 'DNS lookup failed for hooks.example'],
    [err('EHOSTUNREACH'), 'hooks.example:8443 is unreachable'],
    [err('EMFILE'), 'could not connect to hooks.example:8443: whk has too many files open (each connection is one; lower --concurrency, or raise ulimit -n)'],
    [err('UND_ERR_CONNECT_TIMEOUT'), 'timed out connecting to hooks.example:8443'],
    [err('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), 'TLS error with hooks.example:8443: self-signed certificate'],
    [err('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"), "TLS error with hooks.example:8443: Hostname/IP does not match certificate's altnames"],
    [Object.assign(new AggregateError([err('ECONNREFUSED')]), { code: 'ECONNREFUSED' }), 'connection refused by hooks.example:8443'],
    [Object.assign(new TypeError('fetch failed'), { cause: err('ECONNRESET') }), 'connection closed by hooks.example:8443 before it answered'],
    // A receiver that closes the connection while a large body is still going out (seen as 'write EPIPE').
    [Object.assign(new Error('write EPIPE'), { code: 'EPIPE', syscall: 'write' }), 'connection closed by hooks.example:8443 while the request was still being sent'],
    [new Error('something else\nwith a second line'), 'something else'],
  ])('%s', (error, message) => {
    expect(describeNetworkError(error, 'https://hooks.example:8443/x')).toBe(message);
  });
});
