// What `whk sign` and `whk verify` both do with their options: find the secret, and gather the
// settings of the generic HMAC and Grafana.
import { UsageError } from '../errors.js';
import type { SchemeParams } from '../signing/index.js';
import type { Streams } from '../ui/output.js';

/** The fields both option tables (src/options/signing.ts) share, as parsed. */
export interface SigningOptions {
  secret?: string | undefined;
  secretEnv?: string | undefined;
  signatureHeader?: string | undefined;
  timestampHeader?: string | undefined;
  idHeader?: string | undefined;
  algorithm?: 'sha1' | 'sha256' | 'sha512' | undefined;
  encoding?: 'hex' | 'base64' | undefined;
  prefix?: string | undefined;
  content?: string | undefined;
}

/** The secret from --secret or from the variable --secret-env names; never echoed in a message. */
export function readSecret(options: SigningOptions, env: Streams['env']): string {
  if (options.secret !== undefined && options.secretEnv !== undefined) throw new UsageError('use `secret` or `secretEnv`, not both');
  if (options.secret !== undefined) return options.secret;
  if (options.secretEnv === undefined) throw new UsageError('a secret is needed', 'give `secret`, or `secretEnv` to read it from the environment');
  const value = env[options.secretEnv];
  if (value === undefined || value === '') throw new UsageError(`the environment variable ${options.secretEnv} is not set`, '`secretEnv` names a variable holding the secret');
  return value;
}

export function schemeParams(options: SigningOptions): SchemeParams {
  return {
    header: options.signatureHeader,
    timestampHeader: options.timestampHeader,
    idHeader: options.idHeader,
    algorithm: options.algorithm,
    encoding: options.encoding,
    prefix: options.prefix,
    content: options.content,
  };
}
