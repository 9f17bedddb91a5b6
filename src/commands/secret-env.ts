// --secret-env NAME: the secret read from an environment variable, so it shows in neither `ps` nor
// the shell's history. Every command that takes --secret takes it too, read with the same errors (util/secrets.ts secretFromEnv),
// and every one warns here of a secret with white space at an edge.
import { secretFromEnv } from '../util/secrets.js';
import type { Streams } from '../ui/output.js';

type Env = Streams['env'];

/** The options with `secret` read from `secretEnv` when that was given (the table makes the two conflict). */
export function withSecretFromEnv<T extends { secret?: string | undefined; secretEnv?: string | undefined }>(options: T, env: Env): T {
  return options.secretEnv === undefined ? options : { ...options, secret: secretFromEnv(options.secretEnv, env) };
}

/** listen's: each `secretEnv` (repeatable, one per `verify`, as `secret` is) read into `secret`. */
export function withSecretsFromEnv<T extends { secret: string[]; secretEnv: string[] }>(options: T, env: Env): T {
  return options.secretEnv.length === 0 ? options : { ...options, secret: options.secretEnv.map((name) => secretFromEnv(name, env)) };
}

/** The secrets as given: `secret` (one, or listen's list) with, where read from one, the variable `secretEnv` names. */
interface GivenSecrets {
  secret?: string | readonly string[] | undefined;
  secretEnv?: string | readonly string[] | undefined;
}

/**
 * Warns of each secret with white space at an edge: it is part of the key, as the senders' own
 * libraries take the secret byte for byte, and a newline is what a file read into a variable keeps
 * (a Kubernetes secret from a file, an env file) where the sender's dashboard has none. A key in PEM
 * (travis's) ends with a newline and is read as PEM, so it is not said of one.
 */
export function warnSecretEdges(given: GivenSecrets, warn: (line: string) => void): void {
  const names = [given.secretEnv ?? []].flat();
  const warnings = [given.secret ?? []].flat().map((secret, i) => {
    const edge = edgeSpace(secret);
    const source = names[i] === undefined ? '--secret' : `the secret in ${names[i]}`;
    return edge && `${source} ${edge}: it is part of the key (the senders' libraries take the secret byte for byte), so a signature made with the secret without it does not match`;
  });
  // listen's one variable given for two schemes is said once.
  for (const warning of new Set(warnings)) if (warning !== undefined) warn(warning);
}

/** What white space a secret has at an edge ('ends with a newline'), or undefined when none or when it is a PEM key. */
function edgeSpace(secret: string): string | undefined {
  if (secret.startsWith('-----BEGIN ')) return undefined;
  const end = /\s+$/.exec(secret)?.[0];
  if (end !== undefined) return `ends with ${end === '\n' ? 'a newline' : end === '\r\n' ? 'a carriage return and a newline' : /^ +$/.test(end) ? 'a space' : 'white space'}`;
  return /^\s/.test(secret) ? 'starts with white space' : undefined;
}
