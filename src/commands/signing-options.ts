// The options `whk sign` and `whk verify` share: where the secret comes from, the request facts a
// scheme may sign (URL, Content-Type), and the parameters of the generic HMAC and Grafana.
import { z } from 'zod';
import { UsageError } from '../errors.js';
import type { SchemeParams } from '../signing/index.js';
import type { Streams } from '../ui/output.js';

export const SigningOptions = z.object({
  secret: z.string().min(1).optional(),
  secretEnv: z.string().min(1).optional(),
  url: z.url().optional(),
  contentType: z.string().min(1).optional(),
  signatureHeader: z.string().min(1).optional(),
  timestampHeader: z.string().min(1).optional(),
  idHeader: z.string().min(1).optional(),
  algorithm: z.enum(['sha1', 'sha256', 'sha512']).optional(),
  encoding: z.enum(['hex', 'base64']).optional(),
  prefix: z.string().optional(),
  content: z.string().min(1).optional(),
  json: z.boolean().optional(),
  quiet: z.boolean().optional(),
  color: z.boolean().optional(),
});

export type SigningOptions = z.infer<typeof SigningOptions>;

/** The secret from --secret or from the variable --secret-env names; never echoed in a message. */
export function readSecret(options: SigningOptions, env: Streams['env']): string {
  if (options.secret !== undefined && options.secretEnv !== undefined) throw new UsageError('use --secret or --secret-env, not both');
  if (options.secret !== undefined) return options.secret;
  if (options.secretEnv === undefined) throw new UsageError('a secret is needed', 'pass --secret S, or --secret-env NAME to read it from the environment');
  const value = env[options.secretEnv];
  if (value === undefined || value === '') throw new UsageError(`the environment variable ${options.secretEnv} is not set`, '--secret-env names a variable holding the secret');
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
