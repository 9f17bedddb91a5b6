// recordProblem: what a capture record read back from a file lacks, named by its field. The body's
// base64 is checked strictly: Buffer.from(text, 'base64') never throws, it skips what it cannot
// read, so a damaged body would be re-sent (replay) or verified (verify) as other bytes.
import { describe, expect, it } from 'vitest';
import { recordProblem } from '../../src/capture/record.js';
import { captureRecord } from '../helpers/capture.js';

const withBase64 = (bodyBase64: unknown) => recordProblem({ ...captureRecord({ a: 1 }), bodyBase64 });

describe('recordProblem', () => {
  it('accepts the base64 whk writes, padded or not needing it, and an empty body', () => {
    for (const bytes of ['', 'a', 'ab', 'abc', '{"a":1}', '\u00ff\u00fe binary']) expect(withBase64(Buffer.from(bytes, 'latin1').toString('base64')), bytes).toBeNull();
  });

  it.each([
    ['!!!notbase64'],
    ['eyJhIjoxfQ'], // its padding cut off
    ['eyJh=IjoxfQ='], // '=' inside
    ['QQ==='],
    ['eyJh IjoxfQ=='],
    ['eyJhIjoxfQ==\n'],
    ['eyJh-Ijox_Q=='], // base64url, which whk never writes
    [12],
    [null],
  ])('refuses %j as the body', (value) => {
    expect(withBase64(value)).toBe("'bodyBase64' is not a base64 string (the body as received)");
  });

  it('names the field that is missing or of the wrong type, the fields only a capture has first', () => {
    const { body: _body, ...bodiless } = captureRecord({ a: 1 });
    expect(recordProblem(bodiless)).toBe("no 'body'");
    expect(recordProblem({ receivedAt: '2026-01-05T10:00:00.000Z', bodyBase64: 5 })).toBe("'bodyBase64' is not a base64 string (the body as received)");
    expect(recordProblem({ type: 'METRIC_ALERT' })).toBe("no 'receivedAt'");
    expect(recordProblem([1])).toBe('a JSON array, not an object');
    expect(recordProblem(captureRecord({ a: 1 }))).toBeNull();
  });

  it('takes a rawQuery that an HTTP request-target can carry, and refuses one that would change the URL', () => {
    const withRawQuery = (rawQuery: unknown) => recordProblem({ ...captureRecord({ a: 1 }), rawQuery });
    for (const ok of ['', 'a=y%20z&a=2&flag', 'x=caf\u00e9']) expect(withRawQuery(ok), ok).toBeNull();
    for (const bad of ['a=1 b', 'a=1#frag', 'a=\n', 7, null]) expect(withRawQuery(bad), String(bad)).toBe("'rawQuery' is not a query as sent (a string with no space, '#' or control character)");
  });
});
