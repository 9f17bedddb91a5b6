// --secret-env NAME: the secret read from an environment variable, so it shows in neither `ps` nor
// the shell's history. Every command that takes --secret takes it too, read here with the same errors.
import { UsageError } from '../errors.js';
import type { Streams } from '../ui/output.js';

type Env = Streams['env'];

/** The value of the variable `secretEnv` names; unset or empty is a usage error (the value is never echoed). */
export function secretFromEnv(name: string, env: Env): string {
  const value = env[name];
  if (value === undefined) throw new UsageError(`the environment variable ${name} is not set`, '`secretEnv` names a variable holding the secret');
  if (value === '') throw new UsageError(`the environment variable ${name} is empty`, '`secretEnv` names a variable holding the secret');
  return value;
}

/** The options with `secret` read from `secretEnv` when that was given (the table makes the two conflict). */
export function withSecretFromEnv<T extends { secret?: string | undefined; secretEnv?: string | undefined }>(options: T, env: Env): T {
  return options.secretEnv === undefined ? options : { ...options, secret: secretFromEnv(options.secretEnv, env) };
}

/** listen's: each `secretEnv` (repeatable, one per `verify`, as `secret` is) read into `secret`. */
export function withSecretsFromEnv<T extends { secret: string[]; secretEnv: string[] }>(options: T, env: Env): T {
  return options.secretEnv.length === 0 ? options : { ...options, secret: options.secretEnv.map((name) => secretFromEnv(name, env)) };
}
