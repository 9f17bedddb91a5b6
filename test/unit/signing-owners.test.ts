// Both directions against the scheme owners' own libraries: what whk signs, their verifier accepts;
// what their signer makes, whk calls valid; a changed body is invalid and an old timestamp expired.
import { createHmac } from 'node:crypto';
import { sign as octokitSign, verify as octokitVerify } from '@octokit/webhooks-methods';
import { verify as octokitVerifyWithSha1 } from 'octokit-webhooks-methods-3';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { Webhook as SvixWebhook } from 'svix';
import twilio from 'twilio';
import { describe, expect, it, vi } from 'vitest';
import { prepareRequest } from '../../src/delivery/request.js';
import { getScheme, type HeaderMap } from '../../src/signing/index.js';

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const NOW_S = Math.floor(NOW / 1000);

/** The owner's library's verdict (it throws on anything not valid), its clock at NOW. */
function libraryVerdictAtNow(verify: () => unknown): 'valid' | 'not valid' {
  vi.useFakeTimers({ now: NOW });
  try {
    verify();
    return 'valid';
  } catch {
    return 'not valid';
  } finally {
    vi.useRealTimers();
  }
}
const TOLERANCE = 300;
const BODY = '{"type":"invoice.paid","data":{"id":"in_1","amount":4200}}';
const CHANGED = '{"type":"invoice.paid","data":{"id":"in_1","amount":4201}}';
const bytes = (text: string): Uint8Array => Buffer.from(text, 'utf8');
const lower = (headers: Record<string, string>): HeaderMap =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));

function verdictOf(scheme: string, secret: string, headers: HeaderMap, body = BODY, now = NOW, extra = {}) {
  return getScheme(scheme).verify({ body: bytes(body), headers, secret, now, toleranceSeconds: TOLERANCE, ...extra });
}

describe.each([
  { scheme: 'standard-webhooks', prefix: 'webhook', Library: StandardWebhook },
  { scheme: 'svix', prefix: 'svix', Library: SvixWebhook },
] as const)('$scheme against its npm library', ({ scheme, prefix, Library }) => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';

  it('the library verifies what whk signs (at the signing time)', () => {
    const headers = getScheme(scheme).sign({ body: bytes(BODY), secret, id, now: Date.now() });
    expect(new Library(secret).verify(BODY, headers)).toEqual(JSON.parse(BODY));
    expect(() => new Library(secret).verify(CHANGED, headers)).toThrow();
  });

  it('whk calls what the library signs valid; a changed body invalid; an old timestamp expired', () => {
    const signature = new Library(secret).sign(id, new Date(NOW), BODY);
    const headers = { [`${prefix}-id`]: id, [`${prefix}-timestamp`]: String(NOW_S), [`${prefix}-signature`]: signature };
    expect(verdictOf(scheme, secret, headers)).toMatchObject({ verdict: 'valid', id, timestamp: NOW_S });
    expect(verdictOf(scheme, secret, headers, CHANGED).verdict).toBe('invalid');
    const late = verdictOf(scheme, secret, headers, BODY, NOW + 600_000);
    expect(late.verdict).toBe('expired');
    expect(late.reason).toContain('clock skew of 600 s');
  });

  it('agrees with the library at the edges of the tolerance, in virtual time (whole seconds of now)', () => {
    const signature = new Library(secret).sign(id, new Date(NOW), BODY);
    const headers = { [`${prefix}-id`]: id, [`${prefix}-timestamp`]: String(NOW_S), [`${prefix}-signature`]: signature };
    vi.useFakeTimers();
    try {
      for (const now of [NOW + 300_600, NOW + 301_000, NOW - 300_000, NOW - 300_400]) {
        vi.setSystemTime(now);
        const library = (() => {
          try {
            new Library(secret).verify(BODY, headers);
            return 'valid';
          } catch {
            return 'expired';
          }
        })();
        expect(verdictOf(scheme, secret, headers, BODY, now).verdict, `${now - NOW} ms`).toBe(library);
      }
    } finally {
      vi.useRealTimers();
    }
  });

  // The library splits each entry at ',' and reads the piece after 'v1' (`const [version, signature] =
  // versionedSignature.split(",")`), so text after a second ',' is not read: a signature header sent
  // twice, which Node (and whk listen, and verify's --header given twice) joins with ', ', stays valid.
  it.each([
    ['the header sent twice, joined with ", "', (good: string) => `${good}, v1,${Buffer.alloc(32, 7).toString('base64')}`],
    ['a trailing ","', (good: string) => `${good},`],
    ['a third piece after ","', (good: string) => `${good},v2`],
    ['a changed signature before a ","', (good: string) => `${good.slice(0, -2)}A=,`],
  ])('agrees with the library on an entry with more after its signature: %s', (_, written) => {
    const value = written(new Library(secret).sign(id, new Date(NOW), BODY));
    const headers = { [`${prefix}-id`]: id, [`${prefix}-timestamp`]: String(NOW_S), [`${prefix}-signature`]: value };
    const library = libraryVerdictAtNow(() => new Library(secret).verify(BODY, headers));
    const verdict = verdictOf(scheme, secret, headers);
    expect(verdict.verdict === 'valid' ? 'valid' : 'not valid', verdict.reason).toBe(library);
  });
});

describe('svix: the library reads webhook-* headers in place of missing svix-* ones, and so does whk', () => {
  it('a delivery under webhook-* names is valid for both, and a changed body invalid for both', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const signature = new SvixWebhook(secret).sign('msg_1', new Date(NOW), BODY);
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(NOW_S), 'webhook-signature': signature };
    vi.useFakeTimers({ now: NOW });
    try {
      expect(new SvixWebhook(secret).verify(BODY, headers)).toEqual(JSON.parse(BODY));
      expect(() => new SvixWebhook(secret).verify(CHANGED, headers)).toThrow();
    } finally {
      vi.useRealTimers();
    }
    expect(verdictOf('svix', secret, headers)).toMatchObject({ verdict: 'valid', id: 'msg_1' });
    expect(verdictOf('svix', secret, headers, CHANGED).verdict).toBe('invalid');
  });
});

/** Whether stripe-node's verifyHeader accepts the header for BODY at NOW (it throws where it does not). */
function stripeAccepts(secret: string, value: string): boolean {
  try {
    return new Stripe('sk_test_not_used').webhooks.signature?.verifyHeader(BODY, value, secret, TOLERANCE, undefined, NOW) === true;
  } catch {
    return false;
  }
}

describe('stripe against stripe.webhooks', () => {
  const secret = 'whsec_test_4eC39HqLyjWDarjtT1zdp7dc';
  const webhooks = new Stripe('sk_test_not_used').webhooks;

  it('constructEvent accepts what whk signs, and refuses a changed body', () => {
    const header = getScheme('stripe').sign({ body: bytes(BODY), secret, now: Date.now() })['Stripe-Signature'] ?? '';
    expect(webhooks.constructEvent(BODY, header, secret)).toEqual(JSON.parse(BODY));
    expect(() => webhooks.constructEvent(CHANGED, header, secret)).toThrow(/signature/i);
  });

  it('whk calls what generateTestHeaderString signs valid; a changed body invalid; an old timestamp expired', () => {
    const header = webhooks.generateTestHeaderString({ payload: BODY, secret, timestamp: NOW_S });
    expect(verdictOf('stripe', secret, { 'stripe-signature': header })).toMatchObject({ verdict: 'valid', timestamp: NOW_S });
    expect(verdictOf('stripe', secret, { 'stripe-signature': header }, CHANGED).verdict).toBe('invalid');
    expect(verdictOf('stripe', secret, { 'stripe-signature': header }, BODY, NOW + 301_000).verdict).toBe('expired');
  });

  it('agrees with constructEvent at the edges of the tolerance, a timestamp ahead of the clock included (receivedAt)', () => {
    const header = webhooks.generateTestHeaderString({ payload: BODY, secret, timestamp: NOW_S });
    const stripeSays = (now: number) => {
      try {
        webhooks.constructEvent(BODY, header, secret, TOLERANCE, undefined, now);
        return 'valid';
      } catch {
        return 'expired';
      }
    };
    for (const now of [NOW + 300_600, NOW + 301_000, NOW - 300_400, NOW - 3_600_000]) {
      expect(verdictOf('stripe', secret, { 'stripe-signature': header }, BODY, now).verdict, `${now - NOW} ms`).toBe(stripeSays(now));
    }
  });
});

describe('stripe: a Stripe-Signature written with spaces gets stripe-node verifyHeader\'s verdict', () => {
  const secret = 'whsec_test';
  const webhooks = new Stripe('sk_test_not_used').webhooks;
  const header = webhooks.generateTestHeaderString({ payload: BODY, secret, timestamp: NOW_S });
  const stripeSays = (value: string) => (stripeAccepts(secret, value) ? 'valid' : 'invalid');

  it.each([
    ['a space after the comma', header.replace(',', ', '), "' v1' is not 'v1'"],
    ['a space before t', ` ${header}`, "' t' is not 't'"],
    ['spaces around =', header.replace('v1=', 'v1 = '), "'v1 ' is not 'v1'"],
  ])('%s', (_, value, named) => {
    const verdict = verdictOf('stripe', secret, { 'stripe-signature': value });
    expect(verdict.verdict).toBe(stripeSays(value));
    expect(verdict.reason).toContain(named);
  });

  it('a space after v1= is kept in the signature by both: invalid, the reason says so', () => {
    const value = header.replace('v1=', 'v1= ');
    expect(stripeSays(value)).toBe('invalid');
    expect(verdictOf('stripe', secret, { 'stripe-signature': value }).reason).toMatch(/^header malformed: signature ' [0-9a-f]{23}…[0-9a-f]{12}' is not 64 hex digits \(an HMAC-SHA256\): it has a space before it, which the sender's own verifiers do not trim$/);
  });

  it('as sent it is valid for both', () => {
    expect(stripeSays(header)).toBe('valid');
    expect(verdictOf('stripe', secret, { 'stripe-signature': header }).verdict).toBe('valid');
  });
});

describe('github against @octokit/webhooks-methods', () => {
  const secret = 'octokit-secret';

  it('verify accepts what whk signs, and refuses a changed body', async () => {
    const header = getScheme('github').sign({ body: bytes(BODY), secret, now: NOW })['X-Hub-Signature-256'] ?? '';
    expect(await octokitVerify(secret, BODY, header)).toBe(true);
    expect(await octokitVerify(secret, CHANGED, header)).toBe(false);
  });

  // Version 3, the last whose verify reads a 'sha1=' signature (6 reads only 'sha256=').
  it('the SHA-1 X-Hub-Signature GitHub also sends is what octokit 3 verifies, for this body only', async () => {
    const header = getScheme('github').sign({ body: bytes(BODY), secret, now: NOW })['X-Hub-Signature'] ?? '';
    expect(header).toMatch(/^sha1=[0-9a-f]{40}$/);
    expect(await octokitVerifyWithSha1(secret, BODY, header)).toBe(true);
    expect(await octokitVerifyWithSha1(secret, CHANGED, header)).toBe(false);
    expect(await octokitVerifyWithSha1('another secret', BODY, header)).toBe(false);
    // Verified by the SHA-256 header alone (the kind's doubts say so): the SHA-1 one by itself is missing.
    expect(verdictOf('github', secret, { 'x-hub-signature': header })).toMatchObject({ verdict: 'missing', header: 'x-hub-signature-256' });
  });

  it('a space before the digest: verify returns false, and whk says invalid, naming the space', async () => {
    const header = (await octokitSign(secret, BODY)).replace('sha256=', 'sha256= ');
    expect(await octokitVerify(secret, BODY, header)).toBe(false);
    const verdict = verdictOf('github', secret, { 'x-hub-signature-256': header });
    expect(verdict.verdict).toBe('invalid');
    expect(verdict.reason).toContain('it has a space before it, which the sender\'s own verifiers do not trim');
  });

  it('whk calls what sign makes valid, and a changed body invalid', async () => {
    const header = await octokitSign(secret, BODY);
    expect(verdictOf('github', secret, { 'x-hub-signature-256': header }).verdict).toBe('valid');
    expect(verdictOf('github', secret, { 'x-hub-signature-256': header }, CHANGED).verdict).toBe('invalid');
  });
});

describe('twilio against the twilio library', () => {
  const authToken = '12345';
  const form = 'CallSid=CA1234567890ABCDE&Caller=%2B12349013030&Digits=1234&From=%2B12349013030&To=%2B18005551212';
  const formType = 'application/x-www-form-urlencoded';
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';

  it('validateRequest accepts what whk signs for a form post', () => {
    const headers = getScheme('twilio').sign({ body: bytes(form), secret: authToken, now: NOW, url, contentType: formType });
    const params = Object.fromEntries(new URLSearchParams(form));
    expect(twilio.validateRequest(authToken, headers['X-Twilio-Signature'] ?? '', url, params)).toBe(true);
    expect(twilio.validateRequest(authToken, headers['X-Twilio-Signature'] ?? '', url, { ...params, Digits: '9' })).toBe(false);
  });

  it('validateRequestWithBody accepts what whk signs for JSON, at the URL whk gives (bodySHA256 added)', () => {
    const input = { body: bytes(BODY), secret: authToken, now: NOW, url, contentType: 'application/json' };
    const scheme = getScheme('twilio');
    const signedUrl = scheme.requestUrl?.(input) ?? url;
    expect(signedUrl).toMatch(/&bodySHA256=[0-9a-f]{64}$/);
    const signature = scheme.sign(input)['X-Twilio-Signature'] ?? '';
    expect(twilio.validateRequestWithBody(authToken, signature, signedUrl, BODY)).toBe(true);
    expect(twilio.validateRequestWithBody(authToken, signature, signedUrl, CHANGED)).toBe(false);
  });

  it('a space before the signature: validateRequest refuses it, and whk says invalid, naming the space', () => {
    const params = Object.fromEntries(new URLSearchParams(form));
    const spaced = ` ${twilio.getExpectedTwilioSignature(authToken, url, params)}`;
    expect(twilio.validateRequest(authToken, spaced, url, params)).toBe(false);
    const verdict = verdictOf('twilio', authToken, { 'x-twilio-signature': spaced }, form, NOW, { url, contentType: formType });
    expect(verdict).toMatchObject({ verdict: 'invalid', reason: expect.stringContaining('it has a space before it') });
  });

  it('whk calls what the library signs valid (form and JSON), with or without the default port', () => {
    const params = Object.fromEntries(new URLSearchParams(form));
    const formSignature = twilio.getExpectedTwilioSignature(authToken, url, params);
    const onForm = { url, contentType: formType };
    expect(verdictOf('twilio', authToken, { 'x-twilio-signature': formSignature }, form, NOW, onForm).verdict).toBe('valid');
    expect(verdictOf('twilio', authToken, { 'x-twilio-signature': formSignature }, form, NOW, { ...onForm, url: 'https://mycompany.com:443/myapp.php?foo=1&bar=2' }).verdict).toBe('valid');
    expect(verdictOf('twilio', authToken, { 'x-twilio-signature': formSignature }, form.replace('1234&', '9&'), NOW, onForm).verdict).toBe('invalid');

    const jsonUrl = `${url}&bodySHA256=${twilio.getExpectedBodyHash(BODY)}`;
    const jsonSignature = twilio.getExpectedTwilioSignature(authToken, jsonUrl, null as unknown as Record<string, string>);
    const onJson = { url: jsonUrl, contentType: 'application/json' };
    expect(verdictOf('twilio', authToken, { 'x-twilio-signature': jsonSignature }, BODY, NOW, onJson).verdict).toBe('valid');
    expect(verdictOf('twilio', authToken, { 'x-twilio-signature': jsonSignature }, CHANGED, NOW, onJson)).toMatchObject({
      verdict: 'invalid',
      reason: 'body changed: its SHA-256 is not the bodySHA256 in the URL',
    });
  });
});

describe('twilio: a form post checked with no Content-Type known (verify without --content-type)', () => {
  const authToken = '12345';
  const form = 'CallSid=CA1234567890ABCDE&Caller=%2B12349013030&Digits=1234&From=%2B12349013030&To=%2B18005551212';
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const signature = twilio.getExpectedTwilioSignature(authToken, url, Object.fromEntries(new URLSearchParams(form)));
  const unread = "with no Content-Type, the body was not read as a form (Twilio signs a form post's parameters, sent as application/x-www-form-urlencoded)";

  it("says the library's form signature matches only with the body read as a form, not 'wrong secret or changed body'", () => {
    expect(verdictOf('twilio', authToken, { 'x-twilio-signature': signature }, form, NOW, { url })).toEqual({
      verdict: 'invalid',
      reason: `signature matches only with the body read as a form: ${unread}`,
      header: 'x-twilio-signature',
    });
  });

  it('with the wrong token too, the mismatch says the body was not read as a form', () => {
    expect(verdictOf('twilio', 'another', { 'x-twilio-signature': signature }, form, NOW, { url }).reason).toBe(
      `signature does not match: wrong secret or changed body, or Twilio signed another URL than ${url}; ${unread}`,
    );
  });

  it("a GET (no body), whose URL alone validateIncomingRequest checks, is valid as the library says; a body beside such a URL is not", () => {
    const get = twilio.getExpectedTwilioSignature(authToken, url, {});
    const headers: Record<string, string> = { host: 'mycompany.com', 'x-twilio-signature': get };
    const request = { protocol: 'https', headers, header: (name: string) => headers[name.toLowerCase()], originalUrl: '/myapp.php?foo=1&bar=2', body: undefined };
    expect(twilio.validateIncomingRequest(request as unknown as Parameters<typeof twilio.validateIncomingRequest>[0], authToken)).toBe(true);
    expect(verdictOf('twilio', authToken, { 'x-twilio-signature': get }, '', NOW, { url }).verdict).toBe('valid');
    expect(verdictOf('twilio', authToken, { 'x-twilio-signature': get }, BODY, NOW, { url, contentType: 'application/json' }).reason).toBe(
      'header malformed: the URL has no bodySHA256 parameter for a body that is not a form',
    );
  });
});

describe('twilio SharedKey against the twilio library (Sign webhooks with shared keys)', () => {
  const sharedKey = 'shared-key-secret';
  const form = 'CallSid=CA1234567890ABCDE&Digits=1234&From=%2B12349013030';
  const url = 'https://mycompany.com/myapp.php?foo=1';
  const settings = { 'x-twilio-webhooks-signature-settings': 'key=webhooks_sharedkey_1,algorithm=HMAC_SHA256' };

  it('whk calls what the library signs with HMAC_SHA256 valid, form and JSON, as the settings header says', () => {
    const algorithm = twilio.getSignatureAlgorithm(settings['x-twilio-webhooks-signature-settings']);
    const formSignature = twilio.getExpectedTwilioSignature(sharedKey, url, Object.fromEntries(new URLSearchParams(form)), algorithm);
    const onForm = { url, contentType: 'application/x-www-form-urlencoded' };
    expect(verdictOf('twilio', sharedKey, { ...settings, 'x-twilio-signature': formSignature }, form, NOW, onForm).verdict).toBe('valid');
    expect(verdictOf('twilio', sharedKey, { ...settings, 'x-twilio-signature': formSignature }, form.replace('1234', '9'), NOW, onForm).verdict).toBe('invalid');

    const jsonUrl = `${url}&bodySHA256=${twilio.getExpectedBodyHash(BODY)}`;
    const jsonSignature = twilio.getExpectedTwilioSignature(sharedKey, jsonUrl, null as unknown as Record<string, string>, algorithm);
    expect(twilio.validateRequestWithBody(sharedKey, jsonSignature, jsonUrl, BODY, algorithm)).toBe(true);
    expect(verdictOf('twilio', sharedKey, { ...settings, 'x-twilio-signature': jsonSignature }, BODY, NOW, { url: jsonUrl, contentType: 'application/json' }).verdict).toBe('valid');
  });

  // twilio-node's express middleware picks the secret and the hash from the request's own headers.
  function middlewareAccepts(headers: Record<string, string>, body: Record<string, string>, rawBody: string, at: string): boolean {
    const request = { header: (name: string) => lower(headers)[name.toLowerCase()], body, rawBody };
    let passed = false;
    const response = { type: () => response, status: () => response, send: () => response };
    twilio.webhook('the-auth-token', { sharedKeySecret: sharedKey, url: at })(request as never, response as never, () => (passed = true));
    return passed;
  }
  const shared = { sharedKey: 'webhooks_sharedkey_01' };

  it('what whk signs as a SharedKey, twilio-node takes as one: the settings header it reads, then validateRequest and the middleware', () => {
    const params = Object.fromEntries(new URLSearchParams(form));
    const headers = getScheme('twilio').sign({ body: bytes(form), secret: sharedKey, now: NOW, url, contentType: 'application/x-www-form-urlencoded', params: shared });
    expect(headers['X-Twilio-Webhooks-Signature-Settings']).toBe('key=webhooks_sharedkey_01,algorithm=HMAC_SHA256');
    const algorithm = twilio.getSignatureAlgorithm(headers['X-Twilio-Webhooks-Signature-Settings']);
    expect(algorithm).toBe(twilio.HMAC_SHA256);
    const signature = headers['X-Twilio-Signature'] ?? '';
    expect(twilio.validateRequest(sharedKey, signature, url, params, algorithm)).toBe(true);
    // An HMAC-SHA256, not the auth token's HMAC-SHA1 under a new header.
    expect(twilio.validateRequest(sharedKey, signature, url, params)).toBe(false);
    expect(twilio.validateRequest(sharedKey, signature, url, { ...params, Digits: '9' }, algorithm)).toBe(false);
    expect(middlewareAccepts(headers, params, form, url)).toBe(true);
    expect(middlewareAccepts({ ...headers, 'X-Twilio-Webhooks-Signature-Settings': 'key=webhooks_sharedkey_01,algorithm=HMAC_SHA1' }, params, form, url)).toBe(false);
  });

  it('JSON: validateRequestWithBody and the middleware accept it at the URL whk gives; with sha1 the header says HMAC_SHA1', () => {
    const input = { body: bytes(BODY), secret: sharedKey, now: NOW, url, contentType: 'application/json', params: shared };
    const scheme = getScheme('twilio');
    const signedUrl = scheme.requestUrl?.(input) ?? url;
    const headers = scheme.sign(input);
    const algorithm = twilio.getSignatureAlgorithm(headers['X-Twilio-Webhooks-Signature-Settings']);
    expect(twilio.validateRequestWithBody(sharedKey, headers['X-Twilio-Signature'] ?? '', signedUrl, BODY, algorithm)).toBe(true);
    expect(twilio.validateRequestWithBody(sharedKey, headers['X-Twilio-Signature'] ?? '', signedUrl, CHANGED, algorithm)).toBe(false);
    expect(middlewareAccepts(headers, {}, BODY, signedUrl)).toBe(true);

    const sha1 = scheme.sign({ ...input, params: { ...shared, algorithm: 'sha1' } });
    expect(sha1['X-Twilio-Webhooks-Signature-Settings']).toBe('key=webhooks_sharedkey_01,algorithm=HMAC_SHA1');
    expect(twilio.getSignatureAlgorithm(sha1['X-Twilio-Webhooks-Signature-Settings'])).toBe(twilio.HMAC_SHA1);
    expect(twilio.validateRequestWithBody(sharedKey, sha1['X-Twilio-Signature'] ?? '', signedUrl, BODY, twilio.HMAC_SHA1)).toBe(true);
    expect(middlewareAccepts(sha1, {}, BODY, signedUrl)).toBe(true);
  });

  it('the auth token signs with HMAC-SHA1 alone: no settings header; an algorithm without a SharedKey, sha512, or a key id with a comma is refused', () => {
    const input = { body: bytes(form), secret: sharedKey, now: NOW, url, contentType: 'application/x-www-form-urlencoded' };
    expect(Object.keys(getScheme('twilio').sign(input))).toEqual(['X-Twilio-Signature']);
    expect(() => getScheme('twilio').sign({ ...input, params: { algorithm: 'sha256' } })).toThrow('`algorithm` is the hash of a Twilio SharedKey');
    expect(() => getScheme('twilio').sign({ ...input, params: { ...shared, algorithm: 'sha512' } })).toThrow('HMAC_SHA1 or HMAC_SHA256');
    expect(() => getScheme('twilio').sign({ ...input, params: { sharedKey: 'a,algorithm=HMAC_SHA1' } })).toThrow('a comma-separated header');
  });

  it('an algorithm the library refuses is named, not blamed on the secret', () => {
    const headers = { 'x-twilio-webhooks-signature-settings': 'algorithm=HMAC_MD5', 'x-twilio-signature': 'AAAA' };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(twilio.validateRequest(sharedKey, 'AAAA', url, {}, 'HMAC_MD5')).toBe(false);
    warn.mockRestore();
    expect(verdictOf('twilio', sharedKey, headers, form, NOW, { url })).toMatchObject({
      verdict: 'invalid',
      reason: "header malformed: algorithm 'HMAC_MD5' is not one Twilio signs with (HMAC_SHA1, HMAC_SHA256)",
    });
  });
});

describe('GitLab signing token against the Standard Webhooks library (GitLab signs by that spec)', () => {
  it('the library verifies what whk signs with a whsec_ token; a plain token travels as X-Gitlab-Token', () => {
    const secret = 'whsec_dGVzdHRlc3R0ZXN0dGVzdHRlc3R0ZXN0dGVzdHRlc3Q=';
    const headers = getScheme('gitlab').sign({ body: bytes(BODY), secret, id: 'b2c1d0e9', now: Date.now() });
    expect(new StandardWebhook(secret).verify(BODY, headers)).toEqual(JSON.parse(BODY));
    expect(getScheme('gitlab').sign({ body: bytes(BODY), secret: 'plain-token', now: NOW })).toEqual({ 'X-Gitlab-Token': 'plain-token' });
    expect(verdictOf('gitlab', 'plain-token', lower({ 'X-Gitlab-Token': 'other' }))).toMatchObject({ verdict: 'invalid', reason: 'token does not match the secret' });
  });
});

describe('send --sign: the prepared request passes the owner\'s verifier', () => {
  const profile = { method: 'POST', contentType: 'application/json', gzip: 'never', signature: null } as const;

  it('standard-webhooks: the bytes on the wire and the headers verify; the id is the same for the same payload', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const first = prepareRequest(profile, 'http://127.0.0.1:9/hook', Buffer.from(BODY), { secret, scheme: 'standard-webhooks' });
    const again = prepareRequest(profile, 'http://127.0.0.1:9/hook', Buffer.from(BODY), { secret, scheme: 'standard-webhooks' });
    expect(new StandardWebhook(secret).verify(first.body.toString('utf8'), first.headers)).toEqual(JSON.parse(BODY));
    expect(again.headers['webhook-id']).toBe(first.headers['webhook-id']);
  });

  it('twilio: the URL gains bodySHA256 and validateRequestWithBody accepts the request', () => {
    const prepared = prepareRequest(profile, 'https://example.test/sms?x=1', Buffer.from(BODY), { secret: 'tok', scheme: 'twilio' });
    expect(prepared.url).toMatch(/^https:\/\/example\.test\/sms\?x=1&bodySHA256=[0-9a-f]{64}$/);
    expect(twilio.validateRequestWithBody('tok', prepared.headers['X-Twilio-Signature'] ?? '', prepared.url, BODY)).toBe(true);
  });

  it('twilio with a SharedKey: the request carries the settings header, and validateRequestWithBody accepts it with the hash it names', () => {
    const prepared = prepareRequest(profile, 'https://example.test/sms', Buffer.from(BODY), { secret: 'key-secret', scheme: 'twilio', params: { sharedKey: 'webhooks_sharedkey_01' } });
    const settings = prepared.headers['X-Twilio-Webhooks-Signature-Settings'];
    expect(settings).toBe('key=webhooks_sharedkey_01,algorithm=HMAC_SHA256');
    expect(twilio.validateRequestWithBody('key-secret', prepared.headers['X-Twilio-Signature'] ?? '', prepared.url, BODY, twilio.getSignatureAlgorithm(settings))).toBe(true);
  });
});

describe('a whsec_ secret: whk refuses (exit 2) exactly those the Standard Webhooks library refuses', () => {
  const ownerRefuses = (secret: string): string | undefined => {
    try {
      new StandardWebhook(secret);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  };
  const whkRefuses = (secret: string): string | undefined => {
    try {
      getScheme('standard-webhooks').checkSecret?.(secret);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  };

  it.each(['whsec_a', 'whsec_b', 'whsec_YQ', 'whsec_YQ=', 'whsec_', 'whsec_Y===', 'whsec_YQ==', 'whsec_YWJjZA', 'whsec_AAAAA', 'YQ', 'YWJj', 'whsec_not base64!'])('%s', (secret) => {
    expect(whkRefuses(secret) !== undefined, `owner: ${ownerRefuses(secret) ?? 'accepts'}; whk: ${whkRefuses(secret) ?? 'accepts'}`).toBe(ownerRefuses(secret) !== undefined);
    if (ownerRefuses(secret) !== undefined) return;
    // Both take it: the same key, so what the library signs is valid to whk, and to gitlab's signing token.
    const signature = new StandardWebhook(secret).sign('msg_1', new Date(NOW), BODY);
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(NOW_S), 'webhook-signature': signature };
    expect(verdictOf('standard-webhooks', secret, headers).verdict).toBe('valid');
  });

  it('says what is wrong: too short for base64, or empty; a wrong secret of one character no longer verifies', () => {
    expect(whkRefuses('whsec_a')).toBe("the secret after whsec_ is 1 character of base64: the Standard Webhooks libraries refuse fewer than 4 ('incorrect padding')");
    expect(whkRefuses('whsec_YQ=')).toBe("the secret after whsec_ is 3 characters of base64: the Standard Webhooks libraries refuse fewer than 4 ('incorrect padding')");
    expect(whkRefuses('whsec_')).toBe('the secret after whsec_ is empty: an HMAC key of 0 bytes (the Standard Webhooks libraries refuse it)');
    expect(whkRefuses('whsec_YQ==')).toBeUndefined();
    expect(() => getScheme('svix').checkSecret?.('whsec_a')).toThrow(/1 character of base64/);
    expect(() => getScheme('gitlab').checkSecret?.('whsec_YQ')).toThrow(/2 characters of base64/);
  });
});

describe('a timestamp written otherwise (01764504000, +N, N.0): read as the owners read it, with parseInt, and the number signed', () => {
  const hmacOf = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text).digest();
  const swSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const swKey = Buffer.from(swSecret.slice('whsec_'.length), 'base64');
  const swOver = (text: string) => `v1,${hmacOf(swKey, `msg_1.${text}.${BODY}`).toString('base64')}`;
  const overNumber = swOver(String(NOW_S));

  it.each([
    ['a leading zero, signed over the number', `0${NOW_S}`, overNumber],
    ['a leading zero, signed over its text', `0${NOW_S}`, swOver(`0${NOW_S}`)],
    ['+N', `+${NOW_S}`, overNumber],
    ['N.0', `${NOW_S}.0`, overNumber],
    ['N and words', `${NOW_S} abc`, overNumber],
    ['no number', 'soon', overNumber],
    ['as sent', String(NOW_S), overNumber],
  ])('standard-webhooks: %s gets the library\'s verdict', (_, timestamp, signature) => {
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': timestamp, 'webhook-signature': signature };
    const library = libraryVerdictAtNow(() => new StandardWebhook(swSecret).verify(BODY, headers));
    const verdict = verdictOf('standard-webhooks', swSecret, headers);
    expect(verdict.verdict === 'valid' ? 'valid' : 'not valid', verdict.reason).toBe(library);
    if (verdict.verdict === 'valid' && timestamp !== String(NOW_S)) expect(verdict.reason).toBe(`signature matches (timestamp '${timestamp}' read as ${NOW_S}, as standardwebhooks reads it (parseInt))`);
  });

  const stripeSecret = 'whsec_test';
  const stripeOver = (text: string) => hmacOf(stripeSecret, `${text}.${BODY}`).toString('hex');
  const stripeSays = (value: string) => (stripeAccepts(stripeSecret, value) ? 'valid' : 'not valid');

  it.each([
    ['a leading zero, signed over the number', `t=0${NOW_S},v1=${stripeOver(String(NOW_S))}`],
    ['a leading zero, signed over its text', `t=0${NOW_S},v1=${stripeOver(`0${NOW_S}`)}`],
    ['+N', `t=+${NOW_S},v1=${stripeOver(String(NOW_S))}`],
    ['t= twice, the same', `t=${NOW_S},t=${NOW_S},v1=${stripeOver(String(NOW_S))}`],
    ['t= twice, the last another', `t=${NOW_S},v1=${stripeOver(String(NOW_S))},t=${NOW_S - 1}`],
    ['t= twice, the last the one signed', `t=${NOW_S - 1},v1=${stripeOver(String(NOW_S))},t=${NOW_S}`],
    ['a negative t, signed (expired for both)', `t=-5,v1=${stripeOver('-5')}`],
  ])('stripe: %s gets stripe-node\'s verdict', (_, value) => {
    const verdict = verdictOf('stripe', stripeSecret, { 'stripe-signature': value });
    expect(verdict.verdict === 'valid' ? 'valid' : 'not valid', verdict.reason).toBe(stripeSays(value));
  });

  it('stripe: a negative t that matches is expired, as stripe-node says (outside the tolerance zone)', () => {
    expect(verdictOf('stripe', stripeSecret, { 'stripe-signature': `t=-5,v1=${stripeOver('-5')}` }).verdict).toBe('expired');
  });
});

describe('a signature that is wrong at its end: the owners\' verdict, and the reason shows the part that is wrong', () => {
  it('stripe: v1=<hex>=x is v1=<hex> for stripe-node (split(\'=\')[1]), so valid for whk too', () => {
    const secret = 'whsec_test';
    const webhooks = new Stripe('sk_test_not_used').webhooks;
    const value = `${webhooks.generateTestHeaderString({ payload: BODY, secret, timestamp: NOW_S })}=x`;
    expect(webhooks.signature?.verifyHeader(BODY, value, secret, TOLERANCE, undefined, NOW)).toBe(true);
    expect(verdictOf('stripe', secret, { 'stripe-signature': value }).verdict).toBe('valid');
  });

  it('github: sha256=<hex>x is refused by octokit; whk names the x and its place, the end of the signature shown', async () => {
    const header = `${await octokitSign('octokit-secret', BODY)}x`;
    expect(await octokitVerify('octokit-secret', BODY, header)).toBe(false);
    const hex = header.slice('sha256='.length);
    expect(verdictOf('github', 'octokit-secret', { 'x-hub-signature-256': header }).reason).toBe(
      `header malformed: signature '${hex.slice(0, 24)}…${hex.slice(-12)}' is not 64 hex digits (an HMAC-SHA256): 'x' at character 65 is not a hex digit`,
    );
  });

  it("standard-webhooks: 'v1, <sig>' is refused by the library; whk says the space after 'v1,' leaves its signature empty", () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const signature = new StandardWebhook(secret).sign('msg_1', new Date(NOW), BODY).replace('v1,', 'v1, ');
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(NOW_S), 'webhook-signature': signature };
    vi.useFakeTimers({ now: NOW });
    try {
      expect(() => new StandardWebhook(secret).verify(BODY, headers)).toThrow();
    } finally {
      vi.useRealTimers();
    }
    expect(verdictOf('standard-webhooks', secret, headers).reason).toBe(
      "header malformed: signature '' is not base64 of 32 bytes (an HMAC-SHA256): it is empty: 'v1,' is followed by a space: the sender's own verifiers split the list there, so its signature is empty",
    );
  });
});
