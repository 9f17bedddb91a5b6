// The wizard's questions of how a send is signed and authorized: the kind's own signature (a shared
// secret, or travis-ci's RSA key file) and the Authorization header its sender sends, each refused at
// the prompt as send would refuse it.
import type { Auth } from '../delivery/request.js';
import { isWhkError, renameFields } from '../errors.js';
import type { DeliveryProfile, Kind } from '../kinds/types.js';
import { flagNamer } from '../options/index.js';
import { sendOptions } from '../options/send.js';
import { getScheme } from '../signing/index.js';
import type { Prompter } from './prompts.js';
import { checkTravisKeyFile, saidAtPrompt, typedPath } from './wizard-files.js';

/** The kind's own signature: a shared secret, or (travis-ci) the RSA private key file it signs with. */
export async function askSigning(prompter: Prompter, kind: Kind): Promise<string[]> {
  const id = kind.delivery.signature?.scheme;
  if (id === undefined) return [];
  const scheme = getScheme(id);
  const headers = scheme.headers.join(', ');
  // Travis signs with a private key of its own, never a shared secret: send takes it as --travis-key.
  if (id === 'travis') {
    const validate = (value: string): true | string => checkTravisKeyFile(typedPath(value));
    const file = typedPath(await prompter.input(`RSA private key file for ${headers} (PEM; created when missing; empty: unsigned)`, { default: '', validate, shown: typedPath }));
    return file ? ['--travis-key', file] : [];
  }
  // A secret the scheme cannot sign with (GitLab's whsec_ one that is not base64) is refused as send's signing refuses it.
  const validate = (secret: string): true | string => {
    try {
      if (secret) (scheme.checkSigningSecret ?? scheme.checkSecret)?.(secret);
      return true;
    } catch (error) {
      if (!isWhkError(error)) throw error;
      return renameFields(saidAtPrompt(error), flagNamer(sendOptions));
    }
  };
  const secret = await prompter.secret(`Signing secret for ${headers} (empty: unsigned)`, { validate });
  return secret ? ['--secret', secret] : [];
}

/**
 * `sending`: what send would refuse of the token (one a header cannot carry). An empty token goes back
 * to the choice of header (whk's choice): refused, it left no way on without one but Ctrl-C, which
 * throws every answer away; taken as none, an Enter pressed too soon would send with no header unseen.
 */
export async function askAuth(prompter: Prompter, auth: DeliveryProfile['auth'], sending: (auth: Auth) => true | string): Promise<string[]> {
  if (auth.length === 0) return [];
  const choices = [
    { value: 'none' as const, name: 'none' },
    ...auth.map((a) => ({ value: a, name: a === 'basic' ? 'Basic <token>' : 'Bearer <token>' })),
  ];
  for (let scheme: (typeof choices)[number]['value'] = 'none'; ; ) {
    scheme = await prompter.select('Authorization header?', choices, scheme);
    if (scheme === 'none') return [];
    const picked = scheme;
    const validate = (token: string): true | string => (token ? sending({ scheme: picked, token }) : true);
    const token = await prompter.secret(`${picked === 'basic' ? 'Basic' : 'Bearer'} token (empty: back to the choice)`, { validate });
    if (token) return [`--auth-${picked}`, token];
  }
}
