import { createHmac } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { describeRequest, toCurl } from '../../src/delivery/describe.js';
import { parseHeaderLine, prepareRequest, shouldGzip, type PreparedRequest } from '../../src/delivery/request.js';
import { parseTargetUrl } from '../../src/util/url.js';
import { UsageError } from '../../src/errors.js';
import { FME_GZIP } from '../../src/kinds/harness-fme.js';
import type { DeliveryProfile } from '../../src/kinds/types.js';

const gzipped: Pick<DeliveryProfile, 'method' | 'contentType' | 'gzip' | 'signature'> = {
  method: 'POST',
  contentType: 'application/json',
  gzip: FME_GZIP,
  signature: { scheme: 'metaplane' },
};
const plain = Buffer.from('[{"key":"user-1","treatment":"on"}]');

describe('the gzip host rule', () => {
  it.each([
    ['https://hooks.slack.com/services/T0/B0/x', false],
    ['https://HOOKS.SLACK.COM/services/T0/B0/x', false],
    ['https://webhooks.fivetran.com/webhooks/abc', false],
    ['https://example.com/hook', true],
    ['https://hooks.slack.com.evil.example/x', true],
    ['http://127.0.0.1:9000/', true],
  ])('auto: %s gzipped = %s', (url, expected) => {
    expect(shouldGzip(FME_GZIP, 'auto', url)).toBe(expected);
  });

  it('always and never override the host rule; a never-gzip kind stays plain on auto', () => {
    expect(shouldGzip(FME_GZIP, 'never', 'https://example.com/')).toBe(false);
    expect(shouldGzip(FME_GZIP, 'always', 'https://hooks.slack.com/x')).toBe(true);
    expect(shouldGzip('never', 'auto', 'https://example.com/')).toBe(false);
    expect(shouldGzip('never', 'always', 'https://example.com/')).toBe(true);
  });
});

describe('prepareRequest', () => {
  it('gzips the body and says so in Content-Encoding', () => {
    const request = prepareRequest(gzipped, 'https://example.com/hook', plain);
    expect(request.gzip).toBe(true);
    expect(request.headers['Content-Type']).toBe('application/json');
    expect(request.headers['Content-Encoding']).toBe('gzip');
    expect(request.body.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(gunzipSync(request.body)).toEqual(plain);
  });

  it('sends Slack hosts plain, without Content-Encoding', () => {
    const request = prepareRequest(gzipped, 'https://hooks.slack.com/services/x', plain);
    expect(request.gzip).toBe(false);
    expect(request.headers['Content-Encoding']).toBeUndefined();
    expect(request.body).toEqual(plain);
  });

  it('signs exactly the bytes sent (after gzip)', () => {
    const request = prepareRequest(gzipped, 'https://example.com/hook', plain, { secret: 's3cret' });
    expect(request.headers['x-metaplane-sig']).toBe(createHmac('sha256', 's3cret').update(request.body).digest('hex'));
    expect(request.headers['x-metaplane-sig']).not.toBe(createHmac('sha256', 's3cret').update(plain).digest('hex'));
  });

  it('adds auth as given and lets a user header replace a default, case-insensitively', () => {
    const request = prepareRequest({ ...gzipped, gzip: 'never' }, 'http://h/', plain, {
      auth: { scheme: 'basic', token: 'dXNlcjpwYXNz' },
      headers: [['content-type', 'text/plain'], ['X-Env', 'staging']],
    });
    expect(request.headers).toEqual({ 'User-Agent': 'whk', Authorization: 'Basic dXNlcjpwYXNz', 'content-type': 'text/plain', 'X-Env': 'staging' });
    expect(prepareRequest(gzipped, 'http://h/', plain, { auth: { scheme: 'bearer', token: 't' } }).headers['Authorization']).toBe('Bearer t');
  });
});

describe('flag values', () => {
  it('parses headers and refuses malformed ones', () => {
    expect(parseHeaderLine('X-Env: staging')).toEqual(['X-Env', 'staging']);
    expect(parseHeaderLine('X-Time:12:00')).toEqual(['X-Time', '12:00']);
    for (const bad of ['no-colon', ': value', 'Bad Name: v']) expect(() => parseHeaderLine(bad)).toThrow(UsageError);
  });

  it('accepts http and https URLs only', () => {
    expect(parseTargetUrl('http://127.0.0.1:9000/hook?x=1')).toBe('http://127.0.0.1:9000/hook?x=1');
    expect(() => parseTargetUrl('ftp://example.com/')).toThrow(/only http and https/);
    expect(() => parseTargetUrl('not a url')).toThrow(/not a URL/);
  });

  it('says a port above 65535, or port 0 (no server is reached there), is out of range, with or without the scheme', () => {
    for (const raw of ['http://127.0.0.1:99999', 'localhost:99999/hook', 'https://user:pw@example.com:70000', 'http://127.0.0.1:0/', 'http://127.0.0.1:000', 'localhost:0/hook']) {
      expect(() => parseTargetUrl(raw)).toThrow(expect.objectContaining({ message: expect.stringMatching(/: port \d+ is out of range$/), hint: 'a port is a number from 1 to 65535' }));
    }
    expect(parseTargetUrl('http://127.0.0.1:65535/')).toBe('http://127.0.0.1:65535/');
    expect(parseTargetUrl('http://127.0.0.1:1/')).toBe('http://127.0.0.1:1/');
  });

  it('names the option it checks (listen checks `forwardTo` with it)', () => {
    expect(() => parseTargetUrl('127.0.0.1:3000', 'forwardTo')).toThrow(expect.objectContaining({ message: "invalid `forwardTo` '127.0.0.1:3000': the scheme is missing", hint: 'did you mean http://127.0.0.1:3000?', field: 'forwardTo' }));
  });

  it('names a missing scheme and suggests http://', () => {
    for (const [raw, meant] of [['localhost:9000', 'http://localhost:9000'], ['example.com/hook', 'http://example.com/hook'], ['127.0.0.1:9000/a?b=1', 'http://127.0.0.1:9000/a?b=1'], ['[::1]:18200', 'http://[::1]:18200'], ['[::1]/hook', 'http://[::1]/hook']]) {
      expect(() => parseTargetUrl(raw as string)).toThrow(expect.objectContaining({ message: `invalid \`url\` '${raw}': the scheme is missing`, hint: `did you mean ${meant}?` }));
    }
  });
});

describe('request views', () => {
  const request: PreparedRequest = prepareRequest(gzipped, 'https://example.com/hook', plain);

  it('--dry-run --json gives the body as base64 when gzipped, text otherwise', () => {
    const view = describeRequest(request);
    expect(view).toMatchObject({ method: 'POST', url: 'https://example.com/hook', bodyEncoding: 'base64' });
    expect(Buffer.from(view.body, 'base64')).toEqual(request.body);
    const text = describeRequest(prepareRequest({ ...gzipped, gzip: 'never' }, 'http://h/', plain));
    expect(text).toMatchObject({ body: plain.toString(), bodyEncoding: 'utf8' });
  });

  it('--curl quotes single quotes and pipes binary bodies through base64', () => {
    const quoted = toCurl(prepareRequest({ ...gzipped, gzip: 'never' }, 'http://h/', Buffer.from(`{"a":"it's"}`)));
    expect(quoted).toBe(`curl -sS --globoff -X POST http://h/ -H 'Content-Type: application/json' -H 'User-Agent: whk' --data-binary '{"a":"it'\\''s"}'`);
    expect(toCurl(request)).toMatch(/^printf '%s' '[A-Za-z0-9+/=]+' \| base64 -d \| curl .* --data-binary @-$/);
  });

  it('--curl sends a HEAD with --head: with -X HEAD, curl waits for the body the answer\'s Content-Length promises', () => {
    const head: PreparedRequest = { ...prepareRequest({ ...gzipped, gzip: 'never' }, 'http://h/', Buffer.alloc(0)), method: 'HEAD' };
    expect(toCurl(head)).toBe(`curl -sS --globoff --head http://h/ -H 'Content-Type: application/json' -H 'User-Agent: whk'`);
  });

  it('--curl sends a HEAD with a body with -X HEAD, reading no answer body: --head cannot send one', () => {
    const head: PreparedRequest = { ...prepareRequest({ ...gzipped, gzip: 'never' }, 'http://h/', Buffer.from('{}')), method: 'HEAD' };
    expect(toCurl(head)).toBe(`curl -sS --globoff -X HEAD http://h/ --include --ignore-content-length -H 'Connection: close' -H 'Content-Type: application/json' -H 'User-Agent: whk' --data-binary '{}'`);
    // A Connection: close given (--header) is not said twice.
    const closing: PreparedRequest = { ...head, headers: { ...head.headers, connection: 'close' } };
    expect(toCurl(closing).match(/onnection: close/g)).toHaveLength(1);
  });

  it('--curl quotes a method with shell characters (a replayed record may hold any HTTP token)', () => {
    const odd: PreparedRequest = { ...prepareRequest({ ...gzipped, gzip: 'never' }, 'http://h/', Buffer.alloc(0)), method: 'POST||id||true' };
    expect(toCurl(odd)).toBe(`curl -sS --globoff -X 'POST||id||true' http://h/ -H 'Content-Type: application/json' -H 'User-Agent: whk'`);
  });
});
