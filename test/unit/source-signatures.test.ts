// Signatures of the source kinds: PagerDuty's 'v1=' digests (several while a secret rotates) and
// Sentry's bare digest, made by the sender side and checked by the receiver side, both through
// the scheme registry.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { prepareRequest } from '../../src/delivery/request.js';
import { getKind, listKinds } from '../../src/kinds/index.js';
import { verifySignature } from '../../src/receiver/signature.js';
import { findScheme } from '../../src/signing/index.js';

const body = Buffer.from('{"event":{"id":"x"}}');
const sign = (secret: string, bytes: Buffer): string => createHmac('sha256', secret).update(bytes).digest('hex');

describe('source kind signatures', () => {
  it('every signing kind names a scheme of the registry', () => {
    const signing = listKinds().filter((kind) => kind.delivery.signature !== null);
    expect(signing.map((kind) => kind.id)).toEqual(expect.arrayContaining(['metaplane-incident', 'pagerduty-incident', 'sentry-issue-alert']));
    for (const kind of signing) expect(findScheme(kind.delivery.signature?.scheme ?? '')).toBeDefined();
  });

  it('signs PagerDuty bodies as v1=<hex> and Sentry bodies as bare hex', () => {
    const pd = prepareRequest(getKind('pagerduty-incident').delivery, 'http://127.0.0.1/', body, { secret: 'k' });
    expect(pd.headers['X-PagerDuty-Signature']).toBe(`v1=${sign('k', body)}`);
    const sentry = prepareRequest(getKind('sentry-issue-alert').delivery, 'http://127.0.0.1/', body, { secret: 'k' });
    expect(sentry.headers['Sentry-Hook-Signature']).toBe(sign('k', body));
  });

  const verify = (secret: string, kind: string | undefined, headers: Record<string, string>) =>
    verifySignature({ secret, kind: kind === undefined ? undefined : getKind(kind), headers, body, now: 0 });

  it('reads every v1 digest of a rotated PagerDuty header and ignores other versions', () => {
    const good = sign('k', body);
    expect(verify('k', 'pagerduty-incident', { 'x-pagerduty-signature': `v1=aa, v2=${good},v1=${good}` })?.verdict).toBe('valid');
    expect(verify('k', 'pagerduty-incident', { 'x-pagerduty-signature': `v1=aa, v2=${good},v1=cc` })?.verdict).toBe('invalid');
    // No digest under a prefix at all: the header is malformed, and the reason says so.
    expect(verify('k', 'pagerduty-incident', { 'x-pagerduty-signature': `v2=${good}` })).toMatchObject({ verdict: 'invalid', reason: expect.stringMatching(/malformed/) });
    // Sentry's digest has no prefix: the whole value is the digest.
    expect(verify('k', 'sentry-issue-alert', { 'sentry-hook-signature': good })?.verdict).toBe('valid');
    expect(verify('k', 'sentry-issue-alert', { 'sentry-hook-signature': `v1=${good}` })?.verdict).toBe('invalid');
  });

  it('accepts a PagerDuty header when any listed digest matches, by kind or by header alone', () => {
    const header = { 'x-pagerduty-signature': `v1=${sign('old', body)},v1=${sign('new', body)}` };
    expect(verify('new', 'pagerduty-incident', header)).toEqual({ scheme: 'pagerduty', verdict: 'valid', header: 'x-pagerduty-signature', reason: 'signature matches' });
    expect(verify('new', undefined, header)).toEqual({ scheme: 'pagerduty', verdict: 'valid', header: 'x-pagerduty-signature', reason: 'signature matches' });
    expect(verify('other', 'pagerduty-incident', header)?.verdict).toBe('invalid');
    // The bare digest without its version is not what PagerDuty sends.
    expect(verify('new', 'pagerduty-incident', { 'x-pagerduty-signature': sign('new', body) })?.verdict).toBe('invalid');
  });

  it('applies only with a secret, and to a kind that signs or a scheme header that came along', () => {
    expect(verifySignature({ secret: undefined, kind: getKind('pagerduty-incident'), headers: {}, body, now: 0 })).toBeNull();
    expect(verify('k', 'metric-alert', {})).toBeNull();
    expect(verify('k', 'pagerduty-incident', {})).toMatchObject({ verdict: 'missing', header: 'x-pagerduty-signature' });
    expect(verify('k', 'metric-alert', { 'sentry-hook-signature': sign('k', body) })).toMatchObject({ scheme: 'sentry', verdict: 'valid' });
  });
});
