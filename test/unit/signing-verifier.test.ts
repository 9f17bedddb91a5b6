// The receiving side's check in virtual time: rotation (several secrets), several schemes, the most
// telling verdict when none is valid, and a repeated message id called replayed within the tolerance.
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { generateTravisKeys } from '../../src/signing/schemes/travis.js';
import { signatureFindings, signatureSettings } from '../../src/receiver/signature.js';
import { createVerifier, MAX_REMEMBERED, type ReceivedRequest, type Verifier } from '../../src/signing/verifier.js';

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
const BODY = '{"type":"user.created"}';
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const bytes = (text: string) => Buffer.from(text, 'utf8');
// The secret's key: the part after whsec_, base64 (the Standard Webhooks spec).
const KEY = Buffer.from(SECRET.slice('whsec_'.length), 'base64');

// Signed by the Standard Webhooks library, as a sender would.
function delivery(id: string, at: number) {
  return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at / 1000)), 'webhook-signature': new Webhook(SECRET).sign(id, new Date(at), BODY) };
}

// The verdict of each request, every one its receiver then accepts (answered 200) remembered.
function accepting(verifier: Verifier) {
  return (request: ReceivedRequest) => {
    const { check, message } = verifier(request);
    message?.answered(200, request.now);
    return check;
  };
}

describe('createVerifier', () => {
  it("a request that carries none of several schemes' headers names them all, not the first scheme's alone", () => {
    const verify = createVerifier([{ scheme: 'standard-webhooks', secret: SECRET }, { scheme: 'stripe', secret: 'whsec_s' }, { scheme: 'stripe', secret: 'whsec_t' }, { scheme: 'hmac', secret: 'k', params: { header: 'X-My-Sig' } }], 300);
    const reason = 'no header of the 3 schemes came: webhook-signature (standard-webhooks), stripe-signature (stripe), x-my-sig (hmac)';
    expect(verify({ body: bytes(BODY), headers: {}, now: T0 }).check).toEqual({ scheme: 'standard-webhooks', verdict: 'missing', reason, header: 'webhook-signature' });
    const findings = signatureFindings({ verify, secret: undefined, schemeKeys: {}, now: () => T0 }, undefined, { headers: {}, bytes: bytes(BODY), target: '/' });
    expect(findings.issues).toEqual([{ path: '$', message: `signature missing: ${reason}` }]);
    // One that came empty is the one told of; one scheme's (two secrets) reads as before.
    expect(verify({ body: bytes(BODY), headers: { 'stripe-signature': '' }, now: T0 }).check).toMatchObject({ scheme: 'stripe', verdict: 'missing', reason: 'the Stripe-Signature header is empty' });
    const oneScheme = createVerifier([{ scheme: 'stripe', secret: 'whsec_s' }, { scheme: 'stripe', secret: 'whsec_t' }], 300);
    expect(oneScheme({ body: bytes(BODY), headers: {}, now: T0 }).check).toMatchObject({ verdict: 'missing', reason: 'no Stripe-Signature header' });
    const single = signatureFindings({ verify: oneScheme, secret: undefined, schemeKeys: {}, now: () => T0 }, undefined, { headers: {}, bytes: bytes(BODY), target: '/' });
    expect(single.issues.map((issue) => issue.message)).toEqual(['signature header stripe-signature is missing (`secret` was given)']);
    // Travis's header is called Signature: said once, not "signature header signature".
    const travis = createVerifier([{ scheme: 'travis', secret: generateTravisKeys().publicKey }], 300);
    const unsigned = signatureFindings({ verify: travis, secret: undefined, schemeKeys: {}, now: () => T0 }, undefined, { headers: {}, bytes: bytes(BODY), target: '/' });
    expect(unsigned.issues.map((issue) => issue.message)).toEqual(['the Signature header is missing (`secret` was given)']);
  });

  it('calls the same signed message again replayed while it is within the tolerance, and forgets it after', () => {
    const verify = accepting(createVerifier([{ scheme: 'standard-webhooks', secret: SECRET }], 300));
    expect(verify({ body: bytes(BODY), headers: delivery('msg_1', T0), now: T0 })).toMatchObject({ scheme: 'standard-webhooks', verdict: 'valid', id: 'msg_1' });
    // The very request again (a replay of what was captured): same id, same signed timestamp.
    const again = verify({ body: bytes(BODY), headers: delivery('msg_1', T0), now: T0 + 42_000 });
    expect(again).toMatchObject({ verdict: 'replayed', reason: `message id msg_1 with timestamp ${T0 / 1000} was accepted 42 s ago` });
    expect(verify({ body: bytes(BODY), headers: delivery('msg_2', T0 + 43_000), now: T0 + 43_000 }).verdict).toBe('valid');
    // Past the tolerance a replay is expired by its own timestamp; the same id signed anew is valid.
    expect(verify({ body: bytes(BODY), headers: delivery('msg_1', T0), now: T0 + 301_000 }).verdict).toBe('expired');
    expect(verify({ body: bytes(BODY), headers: delivery('msg_1', T0 + 301_000), now: T0 + 301_000 }).verdict).toBe('valid');
  });

  it('remembers a message only once its receiver accepted it (2xx): one refused, or whose sender hung up, is valid again', () => {
    const verify = createVerifier([{ scheme: 'standard-webhooks', secret: SECRET }], 300);
    const request = { body: bytes(BODY), headers: delivery('msg_1', T0), now: T0 };
    for (const status of [500, 401, 302, 0]) {
      const { check, message } = verify(request);
      expect(check.verdict).toBe('valid');
      message?.answered(status, T0);
    }
    verify(request).message?.answered(204, T0 + 2_000);
    // "accepted N s ago" counts from the acceptance, not from the request's arrival.
    const replayed = verify({ ...request, now: T0 + 5_000 });
    expect(replayed.check).toMatchObject({ verdict: 'replayed', reason: `message id msg_1 with timestamp ${T0 / 1000} was accepted 3 s ago` });
    expect(replayed.message).toBeUndefined();
  });

  it('a message signed in the future is kept until its timestamp leaves the tolerance, not only its acceptance: a replay stays replayed', () => {
    const verify = accepting(createVerifier([{ scheme: 'standard-webhooks', secret: SECRET }], 5));
    const future = delivery('fut1', T0 + 4_000);
    expect(verify({ body: bytes(BODY), headers: future, now: T0 }).verdict).toBe('valid');
    expect(verify({ body: bytes(BODY), headers: future, now: T0 + 3_000 }).verdict).toBe('replayed');
    // 7 s after its acceptance (past 5 s), its timestamp only 3 s old: was valid again.
    expect(verify({ body: bytes(BODY), headers: future, now: T0 + 7_000 })).toMatchObject({ verdict: 'replayed', reason: `message id fut1 with timestamp ${T0 / 1000 + 4} was accepted 7 s ago` });
    // The last instant its timestamp is within the tolerance (whole seconds), then expired by it.
    expect(verify({ body: bytes(BODY), headers: future, now: T0 + 9_999 }).verdict).toBe('replayed');
    expect(verify({ body: bytes(BODY), headers: future, now: T0 + 10_000 }).verdict).toBe('expired');
  });

  it('remembers the newest messages only, past its bound: a replay of one forgotten reads valid, of one kept replayed', () => {
    const verify = accepting(createVerifier([{ scheme: 'standard-webhooks', secret: SECRET }], 300, 2));
    for (const id of ['msg_1', 'msg_2', 'msg_3']) expect(verify({ body: bytes(BODY), headers: delivery(id, T0), now: T0 }).verdict).toBe('valid');
    expect(verify({ body: bytes(BODY), headers: delivery('msg_3', T0), now: T0 + 1_000 }).verdict).toBe('replayed');
    expect(verify({ body: bytes(BODY), headers: delivery('msg_2', T0), now: T0 + 1_000 }).verdict).toBe('replayed');
    expect(verify({ body: bytes(BODY), headers: delivery('msg_1', T0), now: T0 + 1_000 }).verdict).toBe('valid');
  });

  it(`keeps ${MAX_REMEMBERED.toLocaleString('en-US')} by default: the first of that many is still caught, not of one more`, () => {
    const verify = accepting(createVerifier([{ scheme: 'standard-webhooks', secret: SECRET }], 300));
    const sign = (id: string) => ({ 'webhook-id': id, 'webhook-timestamp': String(T0 / 1000), 'webhook-signature': `v1,${createHmac('sha256', KEY).update(`${id}.${T0 / 1000}.${BODY}`).digest('base64')}` });
    // The library's signature on the first, so the hand-made ones below are checked against it.
    expect(sign('msg_0')['webhook-signature']).toBe(delivery('msg_0', T0)['webhook-signature']);
    for (let i = 0; i < MAX_REMEMBERED; i++) verify({ body: bytes(BODY), headers: sign(`msg_${i}`), now: T0 });
    expect(verify({ body: bytes(BODY), headers: sign('msg_0'), now: T0 }).verdict).toBe('replayed');
    // One more accepted pushes the oldest, msg_0, out (its replay above added nothing); the newest stay.
    expect(verify({ body: bytes(BODY), headers: sign('msg_new'), now: T0 }).verdict).toBe('valid');
    expect(verify({ body: bytes(BODY), headers: sign(`msg_${MAX_REMEMBERED - 1}`), now: T0 }).verdict).toBe('replayed');
    expect(verify({ body: bytes(BODY), headers: sign('msg_0'), now: T0 }).verdict).toBe('valid');
  });

  it("a sender's retry or re-delivery, the same id with a new timestamp, is valid (Standard Webhooks: the id stays across retries)", () => {
    const verify = accepting(createVerifier([{ scheme: 'standard-webhooks', secret: SECRET }], 300));
    expect(verify({ body: bytes(BODY), headers: delivery('msg_1', T0), now: T0 }).verdict).toBe('valid');
    expect(verify({ body: bytes(BODY), headers: delivery('msg_1', T0 + 5_000), now: T0 + 5_000 })).toMatchObject({ verdict: 'valid', id: 'msg_1' });
    // ...and its own replay is caught in turn.
    expect(verify({ body: bytes(BODY), headers: delivery('msg_1', T0 + 5_000), now: T0 + 6_000 }).verdict).toBe('replayed');
  });

  it('accepts either secret while one rotates, and reports the most telling verdict otherwise', () => {
    const mac = (secret: string, body = BODY) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const verify = accepting(createVerifier([{ scheme: 'github', secret: 'old' }, { scheme: 'github', secret: 'new' }, { scheme: 'slack', secret: 'x' }], 300));
    expect(verify({ body: bytes(BODY), headers: { 'x-hub-signature-256': mac('new') }, now: T0 }).verdict).toBe('valid');
    expect(verify({ body: bytes(BODY), headers: { 'x-hub-signature-256': mac('old') }, now: T0 }).verdict).toBe('valid');
    expect(verify({ body: bytes(BODY), headers: { 'x-hub-signature-256': mac('other') }, now: T0 })).toMatchObject({ scheme: 'github', verdict: 'invalid' });
    expect(verify({ body: bytes(BODY), headers: {}, now: T0 })).toMatchObject({ scheme: 'github', verdict: 'missing' });
  });

  it("with two secrets, the right signature written otherwise is told whichever secret made it, above the other's mismatch", () => {
    const upper = (secret: string) => createHmac('sha256', secret).update(BODY).digest('hex').toUpperCase();
    const findings = (verify: ReturnType<typeof createVerifier>, headers: Record<string, string>) =>
      signatureFindings({ verify, secret: undefined, schemeKeys: {}, now: () => T0 }, undefined, { headers, bytes: bytes(BODY), target: '/' }).issues.map((issue) => issue.message);
    const hmacReason = "the right signature written in upper-case hex: whk compares the text as sent (whk's choice, as the owners' verifiers of the named schemes do)";
    const hmacs = createVerifier([{ scheme: 'hmac', secret: 'a' }, { scheme: 'hmac', secret: 'b' }], 300);
    for (const secret of ['a', 'b']) {
      expect(hmacs({ body: bytes(BODY), headers: { 'x-signature': upper(secret) }, now: T0 }).check).toMatchObject({ scheme: 'hmac', verdict: 'invalid', reason: hmacReason });
      expect(findings(hmacs, { 'x-signature': upper(secret) })).toEqual([`signature x-signature is invalid: ${hmacReason}`]);
    }
    // A sender's scheme cites the sender's verifiers; Stripe's t=,v1= with the second of two secrets.
    const stripe = createVerifier([{ scheme: 'stripe', secret: 'whsec_a' }, { scheme: 'stripe', secret: 'whsec_b' }], 300);
    const t = T0 / 1000;
    const v1 = createHmac('sha256', 'whsec_b').update(`${t}.${BODY}`).digest('hex').toUpperCase();
    expect(stripe({ body: bytes(BODY), headers: { 'stripe-signature': `t=${t},v1=${v1}` }, now: T0 }).check).toMatchObject({
      verdict: 'invalid',
      reason: "the right signature written in upper-case hex: the sender's own verifiers compare the text as sent and reject it",
    });
    // A plain mismatch with several secrets is with each of them; with one, with it.
    expect(findings(hmacs, { 'x-signature': upper('c').toLowerCase() })).toEqual(['signature x-signature does not match the body and any `secret`']);
    const one = createVerifier([{ scheme: 'hmac', secret: 'a' }, { scheme: 'github', secret: 'a' }], 300);
    expect(findings(one, { 'x-signature': upper('c').toLowerCase() })).toEqual(['signature x-signature does not match the body and `secret`']);
  });

  it('an expired signature is told too old, or too new where the scheme checks both ways; Stripe (pastOnly) is never too new', () => {
    const messages = (verify: ReturnType<typeof createVerifier>, headers: Record<string, string>, now: number) =>
      signatureFindings({ verify, secret: undefined, schemeKeys: {}, now: () => now }, undefined, { headers, bytes: bytes(BODY), target: '/' }).issues.map((issue) => issue.message);
    const standard = createVerifier([{ scheme: 'standard-webhooks', secret: SECRET }], 300);
    expect(messages(standard, delivery('msg_o', T0 - 600_000), T0)).toEqual([expect.stringMatching(/^signature webhook-signature matches but its timestamp is too old: clock skew of 600 s \(signed 600 s ago/)]);
    expect(messages(standard, delivery('msg_n', T0 + 600_000), T0)).toEqual([expect.stringMatching(/^signature webhook-signature matches but its timestamp is too new: clock skew of 600 s \(signed 600 s in the future/)]);
    const stripe = createVerifier([{ scheme: 'stripe', secret: 'whsec_a' }], 300);
    const stripeAt = (at: number) => ({ 'stripe-signature': `t=${at / 1000},v1=${createHmac('sha256', 'whsec_a').update(`${at / 1000}.${BODY}`).digest('hex')}` });
    expect(messages(stripe, stripeAt(T0 - 600_000), T0)).toEqual([expect.stringMatching(/^signature stripe-signature matches but its timestamp is too old: /)]);
    expect(messages(stripe, stripeAt(T0 + 600_000), T0)).toEqual([]);
  });

  it('an expired signature beats a missing one from another scheme', () => {
    const verify = accepting(createVerifier([{ scheme: 'github', secret: 'g' }, { scheme: 'standard-webhooks', secret: SECRET }], 300));
    expect(verify({ body: bytes(BODY), headers: delivery('msg_9', T0 - 600_000), now: T0 })).toMatchObject({ scheme: 'standard-webhooks', verdict: 'expired' });
  });

  it('a secret the scheme cannot use fails its own check, not the request (it was answered 500 before)', () => {
    const unusable = { scheme: 'standard-webhooks', secret: 'whsec_not base64!' };
    const alone = createVerifier([unusable], 300);
    expect(alone({ body: bytes(BODY), headers: delivery('msg_3', T0), now: T0 }).check).toMatchObject({
      scheme: 'standard-webhooks',
      verdict: 'invalid',
      reason: 'cannot verify: the secret is not base64 after whsec_',
      header: 'webhook-signature',
    });
    const beside = createVerifier([unusable, { scheme: 'standard-webhooks', secret: SECRET }], 300);
    expect(beside({ body: bytes(BODY), headers: delivery('msg_4', T0), now: T0 }).check.verdict).toBe('valid');
  });
});

describe('signatureSettings: a secret its scheme can never verify with', () => {
  const settings = (verify: string[], secret: string[]) => signatureSettings({ verify, secret, toleranceMs: 300_000, reject: undefined });

  it('is refused as the receiver starts (CLI and API alike), not reported on every request', () => {
    expect(() => settings(['travis'], ['s'])).toThrow(UsageError);
    expect(() => settings(['github', 'travis'], ['g', 's'])).toThrow(/^the secret for travis is not an RSA key in PEM$/);
    expect(() => settings(['travis'], [generateTravisKeys().publicKey])).not.toThrow();
  });

  it('standard-webhooks, svix and a GitLab signing token: a whsec_ that is not base64, or an ed25519 key of the wrong size', () => {
    expect(() => settings(['standard-webhooks'], ['whsec_not base64!'])).toThrow(/^the secret is not base64 after whsec_$/);
    // Without the prefix, the message names none.
    expect(() => settings(['standard-webhooks'], ['not base64!'])).toThrow(/^the secret is not base64 \(nor whsec_ and base64\)$/);
    expect(() => settings(['github', 'svix'], ['g', 'whsec_%%'])).toThrow(UsageError);
    expect(() => settings(['gitlab'], ['whsec_not base64!'])).toThrow(UsageError);
    expect(() => settings(['standard-webhooks'], ['whpk_abc'])).toThrow(/^the whpk_ key is not 32 bytes of base64$/);
    // The same texts are fine where they are not keys: a GitLab token, a GitHub secret.
    expect(() => settings(['gitlab', 'github'], ['not base64!', 'whsec_not base64!'])).not.toThrow();
    expect(() => settings(['standard-webhooks', 'standard-webhooks'], [SECRET, `whpk_${Buffer.alloc(32, 7).toString('base64')}`])).not.toThrow();
  });
});
