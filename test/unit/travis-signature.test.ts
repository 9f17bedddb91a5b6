// Travis CI's Signature: whk signs the form's payload field with its own RSA key, and the owner's
// recipe (node:crypto verify, SHA-1, the public key, the base64-decoded header) accepts it.
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { prepareRequest } from '../../src/delivery/request.js';
import { travisCi } from '../../src/kinds/travis-ci.js';
import { EXIT, UsageError } from '../../src/errors.js';
import { generateTravisKeys, isTravisPrivateKey, travis, travisPublicKey } from '../../src/signing/schemes/travis.js';

const keys = generateTravisKeys();
const payload = travisCi.sample({ seed: 7 });
const json = Buffer.from(JSON.stringify(payload));

/** The request whk sends for this payload, signed with the private key. */
function signedRequest(privateKey = keys.privateKey) {
  return prepareRequest(travisCi.delivery, 'http://127.0.0.1:9/hook', json, { secret: privateKey, headers: Object.entries(travisCi.requestHeaders?.(payload) ?? {}), now: () => 0 });
}

/** The docs' recipe: the payload field of the form, the Signature header base64-decoded, SHA-1, the public key. */
function ownersVerify(body: Buffer, signature: string, publicKey: string): boolean {
  const field = new URLSearchParams(body.toString('utf8')).get('payload') ?? '';
  return createVerify('sha1').update(field).verify(publicKey, Buffer.from(signature, 'base64'));
}

describe('travis-ci: the form body and its RSA-SHA1 signature', () => {
  it('posts payload=<json> form-encoded, with Travis-Repo-Slug, its User-Agent and a Signature', () => {
    const request = signedRequest();
    expect(request.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
    expect(request.headers['User-Agent']).toBe('Travis CI Notifications');
    // Travis's HTTP client follows redirects (travis-tasks lib/travis/task.rb#http: `f.response :follow_redirects`
    // with no limit, faraday-follow_redirects 0.3.0's FOLLOW_LIMIT = 3), so whk's delivery does too.
    expect(request.redirects).toMatchObject({ client: 'Faraday', max: 3 });
    expect(request.headers['Travis-Repo-Slug']).toBe(`${payload.repository.owner_name}/${payload.repository.name}`);
    const fields = [...new URLSearchParams(request.body.toString('utf8'))];
    expect(fields).toEqual([['payload', JSON.stringify(payload)]]);
    expect(request.headers['Signature']).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
  });

  it('round-trips: signed by whk, verified by node:crypto with the public key, and by the scheme', () => {
    const request = signedRequest();
    const signature = request.headers['Signature'] as string;
    expect(ownersVerify(request.body, signature, keys.publicKey)).toBe(true);
    const verdict = travis.verify({ body: request.body, headers: { signature }, secret: keys.publicKey, now: 0, toleranceSeconds: 300 });
    expect(verdict).toMatchObject({ verdict: 'valid', header: 'signature' });
    // A private key verifies too: its public half is taken (so one key file serves both sides).
    expect(travis.verify({ body: request.body, headers: { signature }, secret: keys.privateKey, now: 0, toleranceSeconds: 300 }).verdict).toBe('valid');
    expect(travisPublicKey(keys.privateKey)).toBe(keys.publicKey);
  });

  it('a changed payload fails verification, and so does another key pair or no header', () => {
    const request = signedRequest();
    const signature = request.headers['Signature'] as string;
    const changed = Buffer.from(new URLSearchParams([['payload', JSON.stringify({ ...payload, branch: 'hotfix' })]]).toString());
    expect(changed.equals(request.body)).toBe(false);
    expect(ownersVerify(changed, signature, keys.publicKey)).toBe(false);
    expect(travis.verify({ body: changed, headers: { signature }, secret: keys.publicKey, now: 0, toleranceSeconds: 300 }).verdict).toBe('invalid');
    const other = generateTravisKeys();
    expect(travis.verify({ body: request.body, headers: { signature }, secret: other.publicKey, now: 0, toleranceSeconds: 300 }).verdict).toBe('invalid');
    expect(travis.verify({ body: request.body, headers: {}, secret: keys.publicKey, now: 0, toleranceSeconds: 300 }).verdict).toBe('missing');
  });
});

describe('travis: a secret that holds no RSA key', () => {
  const body = Buffer.from(new URLSearchParams([['payload', JSON.stringify(payload)]]).toString());
  const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });

  /** What a call throws. */
  const thrown = (call: () => unknown): unknown => {
    try {
      call();
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it('signing says the secret is no RSA private key (exit 2), in words, not OpenSSL\'s', () => {
    for (const secret of ['notakey', keys.publicKey, ecKey.privateKey]) {
      const error = thrown(() => travis.sign({ body, secret, now: 0 }));
      expect(error).toBeInstanceOf(UsageError);
      expect(error).toMatchObject({ exitCode: EXIT.usage, message: expect.stringMatching(/^the secret for travis is not an RSA private key in PEM/), hint: expect.stringContaining('whk travis-key FILE') });
      expect((error as Error).message).not.toMatch(/DECODER|routines/);
    }
    expect((thrown(() => travis.sign({ body, secret: ecKey.privateKey, now: 0 })) as Error).message).toContain('(it holds a key of type ec)');
  });

  it('verifying, and checking the secret before any request, say the same for a secret that holds no RSA key', () => {
    const signature = signedRequest().headers['Signature'] as string;
    for (const secret of ['notakey', ecKey.publicKey]) {
      const verifying = thrown(() => travis.verify({ body, headers: { signature }, secret, now: 0, toleranceSeconds: 300 }));
      expect(verifying).toBeInstanceOf(UsageError);
      expect(verifying).toMatchObject({ message: expect.stringMatching(/^the secret for travis is not an RSA key in PEM/), hint: expect.stringContaining('/config') });
      expect(thrown(() => travis.checkSecret?.(secret))).toMatchObject({ message: (verifying as Error).message });
    }
    // A public key verifies, and so does a private one (its public half).
    expect(thrown(() => travis.checkSecret?.(keys.publicKey))).toBeUndefined();
    expect(thrown(() => travis.checkSecret?.(keys.privateKey))).toBeUndefined();
  });

  it('isTravisPrivateKey: only an RSA private key in PEM signs', () => {
    expect(isTravisPrivateKey(keys.privateKey)).toBe(true);
    expect(isTravisPrivateKey(keys.publicKey)).toBe(false);
    expect(isTravisPrivateKey(ecKey.privateKey)).toBe(false);
    expect(isTravisPrivateKey('notakey')).toBe(false);
  });
});
