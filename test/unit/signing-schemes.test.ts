// What each verdict says and when: missing, malformed headers, mismatches, clock skew both ways,
// the registry, and the schemes that take parameters (Grafana's timestamp header, the generic HMAC).
// Expected signatures here come from node:crypto written out in the test, not from whk's signer.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { SCHEME_NAMES } from '../../src/options/scheme-names.js';
import { getScheme, SCHEME_IDS, schemesPresent, type HeaderMap, type SchemeParams } from '../../src/signing/index.js';

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const NOW_S = Math.floor(NOW / 1000);
const BODY = '{"alert":"cpu high"}';
const bytes = (text: string): Uint8Array => Buffer.from(text, 'utf8');
const mac = (algorithm: string, key: string, text: string, encoding: 'hex' | 'base64' = 'hex') =>
  createHmac(algorithm, key).update(text).digest(encoding);

function verify(scheme: string, headers: HeaderMap, options: { secret?: string; now?: number; body?: string; params?: SchemeParams } = {}) {
  return getScheme(scheme).verify({
    body: bytes(options.body ?? BODY),
    headers,
    secret: options.secret ?? 'sekrit',
    now: options.now ?? NOW,
    toleranceSeconds: 300,
    params: options.params,
  });
}

describe('the registry', () => {
  it('knows every scheme of the issue, and refuses an unknown one with the list', () => {
    expect(SCHEME_IDS).toEqual(expect.arrayContaining([
      'standard-webhooks', 'svix', 'stripe', 'github', 'slack', 'shopify', 'twilio', 'pagerduty',
      'sentry', 'grafana', 'metaplane', 'gitlab', 'bitbucket', 'jira', 'hmac',
    ]));
    expect(() => getScheme('paypal')).toThrow(UsageError);
  });

  it('is the list `whk sign --help` and `whk verify --help` print (written out there, so help loads no scheme)', () => {
    expect([...SCHEME_NAMES]).toEqual(SCHEME_IDS);
  });

  it('finds the schemes whose headers a request carries', () => {
    expect(schemesPresent({ 'stripe-signature': 't=1,v1=ab' }).map((s) => s.id)).toEqual(['stripe']);
    expect(schemesPresent({ 'x-hub-signature': 'sha256=ab' }).map((s) => s.id)).toEqual(['bitbucket', 'jira']);
  });
});

describe('verdicts and their reasons', () => {
  it('missing: no signature header', () => {
    expect(verify('github', {})).toEqual({ verdict: 'missing', reason: 'no X-Hub-Signature-256 header', header: 'x-hub-signature-256' });
    // There, but empty: said so, not that there is none.
    expect(verify('stripe', { 'stripe-signature': '' })).toEqual({ verdict: 'missing', reason: 'the Stripe-Signature header is empty', header: 'stripe-signature' });
    expect(verify('twilio', { 'x-twilio-signature': '' })).toMatchObject({ verdict: 'missing', reason: 'the X-Twilio-Signature header is empty' });
  });

  it("github: a missing X-Hub-Signature-256 beside an X-Hub-Signature says what that one is, not 'no header' alone", () => {
    const sha1 = `sha1=${mac('sha1', 'sekrit', BODY)}`;
    expect(verify('github', { 'x-hub-signature': sha1 })).toEqual({
      verdict: 'missing',
      reason: 'no X-Hub-Signature-256 header; X-Hub-Signature came, which whk does not check: GitHub sends its SHA-1 there for older receivers, beside the SHA-256 one it advises checking',
      header: 'x-hub-signature-256',
    });
    expect(verify('github', { 'x-hub-signature': `sha256=${mac('sha256', 'sekrit', BODY)}` }).reason).toBe(
      'no X-Hub-Signature-256 header; X-Hub-Signature came with sha256=, as Bitbucket and Jira sign (their schemes read it there)',
    );
  });

  it('header malformed: a value without the expected prefix, a Stripe header without t=, a timestamp that is not seconds', () => {
    expect(verify('github', { 'x-hub-signature-256': 'sha1=abc' }).reason).toBe("header malformed: expected 'sha256=<signature>', got 'sha1=abc'");
    // Sent twice, the header reaches whk joined with ", ": it was "signature '0000…' is not 64 hex digits".
    const zeros = `sha256=${'0'.repeat(64)}`;
    expect(verify('github', { 'x-hub-signature-256': `${zeros}, sha256=${'a'.repeat(64)}` }).reason).toBe(`header malformed: the header came 2 times ('${zeros.slice(0, 40)}…', 'sha256=${'a'.repeat(33)}…'): a sender sends one signature`);
    expect(verify('slack', { 'x-slack-signature': 'v0=ab,v0=cd,v0=ef', 'x-slack-request-timestamp': String(NOW_S) }).reason).toBe("header malformed: the header came 3 times ('v0=ab', 'v0=cd', …): a sender sends one signature");
    expect(verify('stripe', { 'stripe-signature': 'v1=abc' }).reason).toMatch(/^header malformed: no t=<timestamp>/);
    expect(verify('stripe', { 'stripe-signature': `t=${NOW_S}` }).reason).toMatch(/^header malformed: no v1=<signature>/);
    const slack = verify('slack', { 'x-slack-signature': 'v0=ab', 'x-slack-request-timestamp': 'yesterday' });
    expect(slack).toMatchObject({ verdict: 'invalid', reason: "header malformed: timestamp 'yesterday' is not whole seconds" });
    // A negative one is whole seconds too: it was said "not whole seconds".
    expect(verify('slack', { 'x-slack-signature': 'v0=ab', 'x-slack-request-timestamp': '-5' }).reason).toBe("header malformed: timestamp '-5' is negative: a signed timestamp is Unix seconds, digits only");
    // Stripe reads t= as stripe-node does, with parseInt: -5 is a time (signing-owners holds it to stripe-node), 'x' none.
    expect(verify('stripe', { 'stripe-signature': 't=-5,v1=ab' }).reason).toBe("header malformed: signature 'ab' is not 64 hex digits (an HMAC-SHA256): it is 2 hex digits");
    expect(verify('stripe', { 'stripe-signature': 't=x,v1=ab' }).reason).toBe("header malformed: timestamp 'x' is not a number (stripe-node reads it with parseInt)");
    // Sixteen digits are whole seconds, past whk's bound: said so (it was "not whole seconds").
    expect(verify('slack', { 'x-slack-signature': 'v0=ab', 'x-slack-request-timestamp': '9007199254740991' }).reason).toBe("header malformed: timestamp '9007199254740991' has more than 15 digits (whk's bound)");
    expect(verify('slack', { 'x-slack-signature': 'v0=ab' }).reason).toBe('header malformed: no X-Slack-Request-Timestamp header');
    expect(verify('svix', { 'svix-signature': 'v1,abc', 'svix-timestamp': String(NOW_S) }, { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }).reason).toBe(
      'header malformed: no svix-id header',
    );
  });

  it('header malformed: a signature no secret could have made (another encoding, another digest, cut short) says so, not "wrong secret"', () => {
    const sha256Base64 = mac('sha256', 'sekrit', BODY, 'base64');
    expect(verify('github', { 'x-hub-signature-256': `sha256=${sha256Base64}` })).toMatchObject({
      verdict: 'invalid',
      reason: `header malformed: signature '${sha256Base64.slice(0, 24)}…${sha256Base64.slice(-12)}' is not 64 hex digits (an HMAC-SHA256): '${/[^0-9a-f]/i.exec(sha256Base64)?.[0] ?? ''}' at character ${(/[^0-9a-f]/i.exec(sha256Base64)?.index ?? 0) + 1} is not a hex digit`,
    });
    // X-Hub-Signature's SHA-1 digest under the SHA-256 header's prefix.
    expect(verify('github', { 'x-hub-signature-256': `sha256=${mac('sha1', 'sekrit', BODY)}` }).reason).toMatch(/^header malformed: signature '[0-9a-f]{40}' is not 64 hex digits \(an HMAC-SHA256\): it is 40 hex digits$/);
    expect(verify('github', { 'x-hub-signature-256': 'sha256=' }).reason).toBe("header malformed: signature '' is not 64 hex digits (an HMAC-SHA256): it is empty");
    expect(verify('shopify', { 'x-shopify-hmac-sha256': mac('sha256', 'sekrit', BODY) }).reason).toMatch(/^header malformed: signature '[0-9a-f]{24}…[0-9a-f]{12}' is not base64 of 32 bytes \(an HMAC-SHA256\): it is 48 bytes, not 32$/);
    expect(verify('pagerduty', { 'x-pagerduty-signature': 'v1=zz,v1=0a' }).reason).toBe('header malformed: none of the 2 signatures is 64 hex digits (an HMAC-SHA256)');
    const twilio = getScheme('twilio').verify({ body: bytes(BODY), headers: { 'x-twilio-signature': 'not base64!' }, secret: 's', now: NOW, toleranceSeconds: 300, url: 'https://example.com/sms' });
    expect(twilio.reason).toBe("header malformed: signature 'not base64!' is not base64 of 20 bytes (an HMAC-SHA1): ' ' at character 4 is not base64");
    // One well-formed signature among malformed ones is checked as usual (rotation).
    expect(verify('pagerduty', { 'x-pagerduty-signature': `v1=zz,v1=${mac('sha256', 'sekrit', BODY)}` }).verdict).toBe('valid');
    expect(verify('pagerduty', { 'x-pagerduty-signature': `v1=zz,v1=${mac('sha256', 'other', BODY)}` }).reason).toBe('signature does not match: wrong secret or changed body');
  });

  it('invalid: the right shape with the wrong secret', () => {
    const header = `sha256=${mac('sha256', 'other', BODY)}`;
    expect(verify('github', { 'x-hub-signature-256': header })).toMatchObject({ verdict: 'invalid', reason: 'signature does not match: wrong secret or changed body' });
    expect(verify('github', { 'x-hub-signature-256': header }, { secret: 'other' }).verdict).toBe('valid');
  });

  it('expired: a matching signature from too long ago or too far ahead, with the skew in seconds', () => {
    const at = (seconds: number) => ({ 'x-slack-request-timestamp': String(seconds), 'x-slack-signature': `v0=${mac('sha256', 'sekrit', `v0:${seconds}:${BODY}`)}` });
    expect(verify('slack', at(NOW_S - 300)).verdict).toBe('valid');
    expect(verify('slack', at(NOW_S - 301))).toMatchObject({ verdict: 'expired', reason: 'clock skew of 301 s (signed 301 s ago; tolerance 300 s)', timestamp: NOW_S - 301 });
    expect(verify('slack', at(NOW_S + 400)).reason).toBe('clock skew of 400 s (signed 400 s in the future; tolerance 300 s)');
  });

  // 1764504000000: milliseconds given where Unix seconds are signed; said only as 'clock skew of 1762... s'.
  it('expired: a timestamp a thousand times a plausible one (from 10^12 s) says it looks like milliseconds', () => {
    const at = (seconds: number) => ({ 'x-slack-request-timestamp': String(seconds), 'x-slack-signature': `v0=${mac('sha256', 'sekrit', `v0:${seconds}:${BODY}`)}` });
    const skew = 1_764_504_000_000 - NOW_S;
    expect(verify('slack', at(1_764_504_000_000)).reason).toBe(`clock skew of ${skew} s (signed ${skew} s in the future; tolerance 300 s): it looks like milliseconds; schemes sign Unix seconds`);
    expect(verify('slack', at(10 ** 12 - 1)).reason).toMatch(/in the future; tolerance 300 s\)$/);
  });

  it('the tolerance counts whole seconds of now, as the owners\' libraries do (Math.floor)', () => {
    const at = { 'x-slack-request-timestamp': String(NOW_S), 'x-slack-signature': `v0=${mac('sha256', 'sekrit', `v0:${NOW_S}:${BODY}`)}` };
    expect(verify('slack', at, { now: NOW + 300_600 }).verdict).toBe('valid');
    expect(verify('slack', at, { now: NOW + 301_000 }).reason).toBe('clock skew of 301 s (signed 301 s ago; tolerance 300 s)');
    expect(verify('slack', at, { now: NOW - 300_000 }).verdict).toBe('valid');
    expect(verify('slack', at, { now: NOW - 300_400 }).reason).toBe('clock skew of 301 s (signed 301 s in the future; tolerance 300 s)');
  });

  it('a body-only scheme reports neither id nor timestamp', () => {
    const result = verify('shopify', { 'x-shopify-hmac-sha256': mac('sha256', 'sekrit', BODY, 'base64') });
    expect(result).toEqual({ verdict: 'valid', reason: 'signature matches', header: 'x-shopify-hmac-sha256' });
  });

  it('Standard Webhooks: an HMAC secret facing only ed25519 signatures says so', () => {
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(NOW_S), 'webhook-signature': 'v1a,AAAA' };
    expect(verify('standard-webhooks', headers, { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }).reason).toBe(
      "header malformed: no signature starts with 'v1,' in 'v1a,AAAA'",
    );
  });

  it('Standard Webhooks: a whpk_ public key verifies but cannot sign; a bad secret is a usage error', () => {
    const publicKey = 'whpk_' + Buffer.alloc(32, 7).toString('base64');
    expect(() => getScheme('standard-webhooks').sign({ body: bytes(BODY), secret: publicKey, id: 'm', now: NOW })).toThrow(/cannot sign/);
    expect(() => getScheme('standard-webhooks').sign({ body: bytes(BODY), secret: 'whsec_not base64!', id: 'm', now: NOW })).toThrow(UsageError);
    expect(() => getScheme('svix').sign({ body: bytes(BODY), secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', now: NOW })).toThrow(/message id/);
  });
});

describe('Grafana: body alone, or {timestamp}:{body} with a timestamp header', () => {
  it('signs the body alone by default, and "{timestamp}:{body}" when a timestamp header is named', () => {
    const plain = getScheme('grafana').sign({ body: bytes(BODY), secret: 'sekrit', now: NOW });
    expect(plain).toEqual({ 'X-Grafana-Alerting-Signature': mac('sha256', 'sekrit', BODY) });
    const stamped = getScheme('grafana').sign({ body: bytes(BODY), secret: 'sekrit', now: NOW, params: { timestampHeader: 'X-Grafana-Alerting-Timestamp' } });
    expect(stamped).toEqual({ 'X-Grafana-Alerting-Timestamp': String(NOW_S), 'X-Grafana-Alerting-Signature': mac('sha256', 'sekrit', `${NOW_S}:${BODY}`) });
  });

  it('reads the timestamp header when present, and the code default X-Grafana-Alert-Signature', () => {
    const stamped = { 'x-grafana-alerting-timestamp': String(NOW_S - 900), 'x-grafana-alerting-signature': mac('sha256', 'sekrit', `${NOW_S - 900}:${BODY}`) };
    expect(verify('grafana', stamped).verdict).toBe('expired');
    expect(verify('grafana', { 'x-grafana-alert-signature': mac('sha256', 'sekrit', BODY) }).verdict).toBe('valid');
    expect(verify('grafana', { 'x-custom': `${mac('sha256', 'sekrit', BODY)}` }, { params: { header: 'X-Custom' } }).verdict).toBe('valid');
  });
});

describe('the generic HMAC', () => {
  it('defaults to X-Signature, hex HMAC-SHA256 of the body', () => {
    expect(getScheme('hmac').sign({ body: bytes(BODY), secret: 'sekrit', now: NOW })).toEqual({ 'X-Signature': mac('sha256', 'sekrit', BODY) });
  });

  it('takes header, algorithm, encoding, prefix and a content template', () => {
    const params: SchemeParams = { header: 'X-Sig', algorithm: 'sha512', encoding: 'base64', prefix: 'sha512=', content: '{timestamp}.{body}', timestampHeader: 'X-Ts' };
    const headers = getScheme('hmac').sign({ body: bytes(BODY), secret: 'sekrit', now: NOW, params });
    expect(headers).toEqual({ 'X-Ts': String(NOW_S), 'X-Sig': `sha512=${mac('sha512', 'sekrit', `${NOW_S}.${BODY}`, 'base64')}` });
    const received = { 'x-ts': String(NOW_S), 'x-sig': headers['X-Sig'] };
    expect(verify('hmac', received, { params }).verdict).toBe('valid');
    expect(verify('hmac', received, { params, now: NOW + 3_600_000 }).verdict).toBe('expired');
  });

  it('refuses a template naming {url} without the URL, rather than signing an empty one', () => {
    const params = { content: '{url}.{body}' };
    expect(() => getScheme('hmac').sign({ body: bytes(BODY), secret: 's', now: NOW, params })).toThrow(/^the signed content has \{url\}, and no `url` was given$/);
    expect(() => verify('hmac', { 'x-signature': mac('sha256', 's', `.${BODY}`) }, { secret: 's', params })).toThrow(UsageError);
    const url = 'https://example.com/hooks';
    const signed = getScheme('hmac').sign({ body: bytes(BODY), secret: 's', now: NOW, params, url });
    expect(signed).toEqual({ 'X-Signature': mac('sha256', 's', `${url}.${BODY}`) });
  });

  it('refuses a template naming {timestamp} or {id} without the header that carries it', () => {
    expect(() => getScheme('hmac').sign({ body: bytes(BODY), secret: 's', now: NOW, params: { content: '{timestamp}.{body}' } })).toThrow(UsageError);
    expect(() => getScheme('hmac').sign({ body: bytes(BODY), secret: 's', now: NOW, params: { content: '{id}.{body}' } })).toThrow(UsageError);
  });
});

describe('Twilio needs the URL', () => {
  it('says so instead of guessing', () => {
    expect(verify('twilio', { 'x-twilio-signature': 'abc=' }).reason).toBe('cannot check: Twilio signs the full request URL, and it is not known');
    expect(() => getScheme('twilio').sign({ body: bytes(BODY), secret: 's', now: NOW })).toThrow(UsageError);
  });
});
