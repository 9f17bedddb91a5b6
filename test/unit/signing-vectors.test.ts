// Known-answer vectors published by the schemes' owners: whk must produce exactly their signatures
// and accept them. Every expected value below is copied from the named source, never computed by whk.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getScheme } from '../../src/signing/index.js';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'utf8');
const lower = (headers: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));

describe('GitHub: docs.github.com, "Validating webhook deliveries", testing the webhook payload validation', () => {
  const input = { body: bytes('Hello, World!'), secret: "It's a Secret to Everybody", now: 0 };
  const expected = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';

  it('signs the documented example to the documented signature', () => {
    // GitHub publishes no vector for its SHA-1 X-Hub-Signature; signing-owners.test.ts checks it with octokit.
    const headers = getScheme('github').sign(input);
    expect(Object.keys(headers)).toEqual(['X-Hub-Signature-256', 'X-Hub-Signature']);
    expect(headers['X-Hub-Signature-256']).toBe(expected);
  });

  it('accepts the documented signature', () => {
    const result = getScheme('github').verify({ ...input, headers: { 'x-hub-signature-256': expected }, toleranceSeconds: 300 });
    expect(result.verdict).toBe('valid');
  });
});

// The message both Standard Webhooks vectors sign (v1 in the JavaScript library, v1a in the Go one).
const STANDARD_WEBHOOKS_MESSAGE = { body: bytes('{"test": 2432232314}'), id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', now: 1614265330 * 1000 };

describe('Standard Webhooks: reference libraries (libraries/javascript/src/webhook.test.ts, "sign function works")', () => {
  const input = { ...STANDARD_WEBHOOKS_MESSAGE, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' };
  const expected = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

  it('signs the vector to the expected v1 signature', () => {
    expect(getScheme('standard-webhooks').sign(input)).toEqual({
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': expected,
    });
  });

  it('accepts it among other signatures, space-separated (the libraries\' multi-signature case)', () => {
    const headers = {
      'webhook-id': input.id,
      'webhook-timestamp': '1614265330',
      'webhook-signature': `v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= ${expected}`,
    };
    const result = getScheme('standard-webhooks').verify({ ...input, headers, toleranceSeconds: 300 });
    expect(result).toMatchObject({ verdict: 'valid', id: input.id, timestamp: 1614265330 });
  });

  it('the same secret without its whsec_ prefix is the same key (the libraries\' prefix case)', () => {
    const unprefixed = { ...input, secret: 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' };
    expect(getScheme('standard-webhooks').sign(unprefixed)['webhook-signature']).toBe(expected);
  });
});

describe('Standard Webhooks v1a: reference Go library (libraries/go/webhook_asymmetric_test.go, TestAsymmetricWebhookSign)', () => {
  const input = { ...STANDARD_WEBHOOKS_MESSAGE, secret: 'whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=' };
  const expected = 'v1a,tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag==';

  it('signs with the whsk_ key to the expected ed25519 signature', () => {
    expect(getScheme('standard-webhooks').sign(input)['webhook-signature']).toBe(expected);
  });

  it('verifies it with the secret key, and refuses a changed body', () => {
    const headers = { 'webhook-id': input.id, 'webhook-timestamp': '1614265330', 'webhook-signature': expected };
    const scheme = getScheme('standard-webhooks');
    expect(scheme.verify({ ...input, headers, toleranceSeconds: 300 }).verdict).toBe('valid');
    expect(scheme.verify({ ...input, body: bytes('{"test": 2432232315}'), headers, toleranceSeconds: 300 }).verdict).toBe('invalid');
  });

  it('finds it after 7 other signatures; 9 are refused unchecked, as each costs a pass over the body', () => {
    const others = (n: number) => Array.from({ length: n }, (_, i) => `v1a,${Buffer.alloc(64, i + 1).toString('base64')}`);
    const headers = (signatures: string[]) => ({ 'webhook-id': input.id, 'webhook-timestamp': '1614265330', 'webhook-signature': signatures.join(' ') });
    const scheme = getScheme('standard-webhooks');
    expect(scheme.verify({ ...input, headers: headers([...others(7), expected]), toleranceSeconds: 300 }).verdict).toBe('valid');
    expect(scheme.verify({ ...input, headers: headers([...others(8), expected]), toleranceSeconds: 300 })).toMatchObject({
      verdict: 'invalid',
      reason: 'header malformed: 9 signatures; at most 8 are checked (a sender lists one per key while keys rotate)',
    });
  });
});

describe('Slack: docs.slack.dev, "Verifying requests from Slack", the worked example', () => {
  const body =
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
  const input = { body: bytes(body), secret: '8f742231b10e8888abcd99yyyzzz85a5', now: 1531420618 * 1000 };
  const expected = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

  it('signs the example to the documented signature', () => {
    expect(getScheme('slack').sign(input)).toEqual({ 'X-Slack-Request-Timestamp': '1531420618', 'X-Slack-Signature': expected });
  });

  it('accepts it at the time it was made, and calls it expired years later', () => {
    const headers = { 'x-slack-request-timestamp': '1531420618', 'x-slack-signature': expected };
    const scheme = getScheme('slack');
    expect(scheme.verify({ ...input, headers, toleranceSeconds: 300 }).verdict).toBe('valid');
    const later = scheme.verify({ ...input, now: (1531420618 + 3600) * 1000, headers, toleranceSeconds: 300 });
    expect(later.verdict).toBe('expired');
    expect(later.reason).toContain('clock skew of 3600 s');
  });
});

describe('PagerDuty: PagerDuty/go-pagerduty webhookv3/webhookv3_test.go, TestVerifySignature', () => {
  const secret = 'lDQHScfUeXUKaQRNF+8XIiDKZ7XX3itBAYzwU0TARw8lJqRnkKl2iB1anSb0Z+IK';
  const body =
    '{"event":{"id":"01BWDWL3NYY7LUFPZCC28QUCMK","event_type":"incident.priority_updated","resource_type":"incident","occurred_at":"2021-04-26T17:36:27.458Z","agent":{"html_url":"https://acme.pagerduty.com/users/PLH1HKV","id":"PLH1HKV","self":"https://api.pagerduty.com/users/PLH1HKV","summary":"Tenex Engineer","type":"user_reference"},"client":null,"data":{"id":"PGR0VU2","type":"incident","self":"https://api.pagerduty.com/incidents/PGR0VU2","html_url":"https://acme.pagerduty.com/incidents/PGR0VU2","number":2,"status":"triggered","title":"A little bump in the road","service":{"html_url":"https://acme.pagerduty.com/services/PF9KMXH","id":"PF9KMXH","self":"https://api.pagerduty.com/services/PF9KMXH","summary":"API Service","type":"service_reference"},"assignees":[{"html_url":"https://acme.pagerduty.com/users/PTUXL6G","id":"PTUXL6G","self":"https://api.pagerduty.com/users/PTUXL6G","summary":"User 123","type":"user_reference"}],"escalation_policy":{"html_url":"https://acme.pagerduty.com/escalation_policies/PUS0KTE","id":"PUS0KTE","self":"https://api.pagerduty.com/escalation_policies/PUS0KTE","summary":"Default","type":"escalation_policy_reference"},"teams":[{"html_url":"https://acme.pagerduty.com/teams/PFCVPS0","id":"PFCVPS0","self":"https://api.pagerduty.com/teams/PFCVPS0","summary":"Engineering","type":"team_reference"}],"priority":{"html_url":"https://acme.pagerduty.com/account/incident_priorities","id":"PSO75BM","self":"https://api.pagerduty.com/priorities/PSO75BM","summary":"P1","type":"priority_reference"},"urgency":"high","conference_bridge":{"conference_number":1000,"conference_url":"https://example.com"},"resolve_reason":null}}}';
  const valid = 'v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd';
  const mismatched = 'v1=7020c8a7ec668a9b7012bc3dd82e483394b038f4230acc6785efbf2a7d8bcaf5';
  const input = { body: bytes(body), secret, now: 0 };

  it('signs the test body to the test\'s valid signature', () => {
    expect(lower(getScheme('pagerduty').sign(input))).toEqual({ 'x-pagerduty-signature': valid });
  });

  it('accepts the valid one, also next to the mismatched one (rotation), and refuses the mismatched one alone', () => {
    const scheme = getScheme('pagerduty');
    const verify = (value: string) => scheme.verify({ ...input, headers: { 'x-pagerduty-signature': value }, toleranceSeconds: 300 });
    expect(verify(valid).verdict).toBe('valid');
    expect(verify(`${mismatched},${valid}`).verdict).toBe('valid');
    expect(verify(mismatched)).toMatchObject({ verdict: 'invalid', reason: 'signature does not match: wrong secret or changed body' });
  });

  // PagerDuty/developer-docs docs/webhooks/04-Signatures.md, its JavaScript verifier: split(",") and an
  // exact entry; go-pagerduty's extractPayloadSignatures keeps only entries with the prefix "v1=".
  const docsVerify = (value: string) => value.split(',').includes(valid);
  it.each([
    [`${mismatched}, ${valid}`, `'${` ${valid}`.slice(0, 40)}…' is not read: it has a space before 'v1=', and the sender's own verifiers split at ',' and trim nothing`],
    [`${valid}, ${mismatched}`, undefined],
    [`${mismatched},${valid}`, undefined],
  ])('%s: the docs\' verifier\'s verdict, and a space after the comma named', (value, note) => {
    const verdict = getScheme('pagerduty').verify({ ...input, headers: { 'x-pagerduty-signature': value }, toleranceSeconds: 300 });
    expect(verdict.verdict === 'valid').toBe(docsVerify(value));
    if (note !== undefined) expect(verdict.reason).toBe(`signature does not match: wrong secret or changed body (${note})`);
  });

  it('only entries after a space: none read, said so', () => {
    const verdict = getScheme('pagerduty').verify({ ...input, headers: { 'x-pagerduty-signature': `x, ${valid}` }, toleranceSeconds: 300 });
    expect(docsVerify(`x, ${valid}`)).toBe(false);
    expect(verdict.reason).toMatch(/^header malformed: no signature starts with 'v1=' in 'x, v1=.*…': ' v1=.*…' is not read: it has a space before 'v1='/);
  });
});

describe('Grafana Incident: grafana/incident-go webhook_test.go, TestVerifySignature (fixtures/grafana-incident/grafana.incident.updated.role.json is its testPayload)', () => {
  const body = readFileSync(new URL('../../fixtures/grafana-incident/grafana.incident.updated.role.json', import.meta.url), 'utf8').replace(/\n$/, '');
  const input = { body: bytes(body), secret: 'some-secret-value', now: 1678360185 * 1000 };
  const expected = 't=1678360185,v1=66ed620915831e9ab71604bf35d9b7cf2e71978ed6e62be6fd0e5194289849c7';

  it('signs the test payload to the test\'s signature', () => {
    expect(getScheme('grafana-incident').sign(input)).toEqual({ 'Gi-Signature': expected });
  });

  it('accepts it, and refuses the test\'s bad signature and a changed body', () => {
    const verify = (signature: string, text = body) => getScheme('grafana-incident').verify({ ...input, body: bytes(text), headers: { 'gi-signature': signature }, toleranceSeconds: 300 }).verdict;
    expect(verify(expected)).toBe('valid');
    expect(verify('t=123456,v1=some-bad-signature')).toBe('invalid');
    expect(verify(expected, body.replace('"1111"', '"2222"'))).toBe('invalid');
  });

  // VerifySignature splits at ',' and '=' and trims nothing: ' v1' is another key, so its v1 is empty.
  it('a space after the comma is no v1 for incident-go, nor for whk, which says where', () => {
    const verdict = getScheme('grafana-incident').verify({ ...input, headers: { 'gi-signature': expected.replace(',', ', ') }, toleranceSeconds: 300 });
    expect(verdict).toMatchObject({ verdict: 'invalid', reason: `header malformed: no v1=<signature> in 't=1678360185, v1=66ed620915831e9ab71604b…': ' v1' is not 'v1' (a space; incident-go's VerifySignature and Stripe's libraries split the header at ',' and '=' and trim nothing)` });
  });
});

describe('Twilio: twilio/twilio-go client/request_validator_test.go (auth token 12345)', () => {
  const secret = '12345';
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  // The test's params as a form post, in the test's (unsorted) order: Reason sorts before ReasonConferenceEnded.
  const form = 'Digits=1234&CallSid=CA1234567890ABCDE&To=%2B18005551212&Caller=%2B14158675309&From=%2B14158675309&ReasonConferenceEnded=test&Reason=Participant';
  const onForm = { contentType: 'application/x-www-form-urlencoded' };
  const verify = (signature: string, at: string, body: string, extra: { contentType?: string } = onForm) =>
    getScheme('twilio').verify({ body: bytes(body), headers: { 'x-twilio-signature': signature }, secret, now: 0, toleranceSeconds: 300, url: at, ...extra }).verdict;

  it('signs the test params to the test\'s signature, and refuses the one made from a wrong sort', () => {
    expect(getScheme('twilio').sign({ body: bytes(form), secret, now: 0, url, ...onForm })).toEqual({ 'X-Twilio-Signature': 'vOEb5UThFn24KEfnOFLQY2AE5FY=' });
    expect(verify('95+Bu0JVPi0r/SsESZCVf0dWAjw=', url, form)).toBe('invalid');
    expect(verify('NBdBDr/T/lgjI+tlgpXjKZQZs/k=', url, 'property=value&boolean=true')).toBe('valid');
  });

  it('accepts it at the URL with a port the signature was made without (https and http)', () => {
    expect(verify('vOEb5UThFn24KEfnOFLQY2AE5FY=', 'https://mycompany.com:1234/myapp.php?foo=1&bar=2', form)).toBe('valid');
    expect(verify('n2xBNyzSW7rfYStDtOFiFMv7qNo=', 'http://mycompany.com:1234/myapp.php?foo=1&bar=2', form)).toBe('valid');
  });

  it('accepts the JSON body under its bodySHA256, with and without other query parameters', () => {
    const json = '{"property": "value", "boolean": true}';
    const bodyHash = '0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620';
    const onJson = { contentType: 'application/json' };
    expect(getScheme('twilio').requestUrl?.({ body: bytes(json), secret, now: 0, url, ...onJson })).toBe(`${url}&bodySHA256=${bodyHash}`);
    expect(verify('a9nBmqA0ju/hNViExpshrM61xv4=', `${url}&bodySHA256=${bodyHash}`, json, onJson)).toBe('valid');
    expect(verify('y77kIzt2vzLz71DgmJGsen2scGs=', `https://mycompany.com/myapp.php?bodySHA256=${bodyHash}`, json, onJson)).toBe('valid');
  });
});

// The owners' verifiers compare the signature's text as sent (src/signing/compare.ts): the right bytes
// written otherwise are refused there, so here too, with a reason that says so.
describe("the owners' vectors written otherwise: invalid, saying how", () => {
  const reason = (how: string) => `the right signature written in ${how}: the sender's own verifiers compare the text as sent and reject it`;
  const unpadded = (text: string) => text.replace(/=+$/, '');
  const url = (text: string) => text.replaceAll('+', '-').replaceAll('/', '_');

  it('GitHub in upper-case hex', () => {
    const input = { body: bytes('Hello, World!'), secret: "It's a Secret to Everybody", now: 0, toleranceSeconds: 300 };
    const verify = (hex: string) => getScheme('github').verify({ ...input, headers: { 'x-hub-signature-256': `sha256=${hex}` } });
    expect(verify('757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17').verdict).toBe('valid');
    expect(verify('757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17')).toEqual({ verdict: 'invalid', reason: reason('upper-case hex'), header: 'x-hub-signature-256', respelled: 'upper-case hex' });
    expect(verify('757107EA0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17').reason).toBe(reason('mixed-case hex'));
  });

  it('Standard Webhooks v1 without its padding, and in base64url; v1a without its padding', () => {
    const v1 = 'g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
    const v1a = 'tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag==';
    const verify = (secret: string, signature: string) =>
      getScheme('standard-webhooks').verify({ ...STANDARD_WEBHOOKS_MESSAGE, secret, toleranceSeconds: 300, headers: { 'webhook-id': STANDARD_WEBHOOKS_MESSAGE.id, 'webhook-timestamp': '1614265330', 'webhook-signature': signature } });
    const hmacKey = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const ed25519Key = 'whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=';
    expect([verify(hmacKey, `v1,${v1}`).verdict, verify(ed25519Key, `v1a,${v1a}`).verdict]).toEqual(['valid', 'valid']);
    expect(verify(hmacKey, `v1,${unpadded(v1)}`)).toMatchObject({ verdict: 'invalid', reason: reason('base64 without its padding') });
    expect(verify(hmacKey, `v1,${url(v1)}`).reason).toBe(reason('base64url'));
    expect(verify(hmacKey, `v1,${unpadded(url(v1))}`).reason).toBe(reason('base64url without its padding'));
    expect(verify(ed25519Key, `v1a,${unpadded(v1a)}`).reason).toBe(reason('base64 without its padding'));
    expect(verify(ed25519Key, `v1a,${url(v1a)}`).reason).toBe(reason('base64url'));
  });

  it("Twilio's without its padding", () => {
    const form = 'Digits=1234&CallSid=CA1234567890ABCDE&To=%2B18005551212&Caller=%2B14158675309&From=%2B14158675309&ReasonConferenceEnded=test&Reason=Participant';
    const verify = (signature: string) =>
      getScheme('twilio').verify({ body: bytes(form), headers: { 'x-twilio-signature': signature }, secret: '12345', now: 0, toleranceSeconds: 300, url: 'https://mycompany.com/myapp.php?foo=1&bar=2', contentType: 'application/x-www-form-urlencoded' });
    expect(verify('vOEb5UThFn24KEfnOFLQY2AE5FY=').verdict).toBe('valid');
    expect(verify('vOEb5UThFn24KEfnOFLQY2AE5FY')).toEqual({ verdict: 'invalid', reason: reason('base64 without its padding'), header: 'x-twilio-signature', respelled: 'base64 without its padding' });
  });
});
