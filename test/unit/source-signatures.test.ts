// Signatures of the source kinds: PagerDuty's 'v1=' digests (several while a secret rotates) and
// Sentry's bare digest, made by the sender side and checked by the receiver side.
import { describe, expect, it } from 'vitest';
import { prepareRequest, sign } from '../../src/delivery/request.js';
import { getKind, listKinds } from '../../src/kinds/index.js';
import { signatureDigests, verifySignature } from '../../src/receiver/signature.js';

const body = Buffer.from('{"event":{"id":"x"}}');

describe('source kind signatures', () => {
  it('signs PagerDuty bodies as v1=<hex> and Sentry bodies as bare hex', () => {
    const pd = prepareRequest(getKind('pagerduty-incident').delivery, 'http://127.0.0.1/', body, { secret: 'k' });
    expect(pd.headers['X-PagerDuty-Signature']).toBe(`v1=${sign('k', body)}`);
    const sentry = prepareRequest(getKind('sentry-issue-alert').delivery, 'http://127.0.0.1/', body, { secret: 'k' });
    expect(sentry.headers['Sentry-Hook-Signature']).toBe(sign('k', body));
  });

  it('reads every v1 digest of a rotated PagerDuty header and ignores other versions', () => {
    expect(signatureDigests('v1=aa, v2=bb,v1=cc', 'v1=')).toEqual(['aa', 'cc']);
    expect(signatureDigests('abc', undefined)).toEqual(['abc']);
  });

  it('accepts a PagerDuty header when any listed digest matches, by kind or by header alone', () => {
    const kinds = listKinds();
    const pd = getKind('pagerduty-incident');
    const header = { 'x-pagerduty-signature': `v1=${sign('old', body)},v1=${sign('new', body)}` };
    expect(verifySignature('new', pd, header, body, kinds)).toEqual({ verdict: 'valid', header: 'x-pagerduty-signature' });
    expect(verifySignature('new', undefined, header, body, kinds)).toEqual({ verdict: 'valid', header: 'x-pagerduty-signature' });
    expect(verifySignature('other', pd, header, body, kinds)?.verdict).toBe('invalid');
    // The bare digest without its version is not what PagerDuty sends.
    expect(verifySignature('new', pd, { 'x-pagerduty-signature': sign('new', body) }, body, kinds)?.verdict).toBe('invalid');
  });
});
