// Masking of secrets in request headers for display, by the one pattern of util/secrets.ts.
// Captures keep the real values (they are the user's own file); only printed output is masked.
import { isSecretName, MASK, maskEntries } from '../util/secrets.js';

export function isSecretHeader(name: string, extra: readonly string[] = []): boolean {
  return extra.includes(name.toLowerCase()) || isSecretName(name);
}

/** Keeps an auth scheme ("Bearer", "Basic") visible; everything else becomes a fixed mask. */
export function maskValue(value: string): string {
  const scheme = /^([A-Za-z][\w-]*) +\S/.exec(value);
  return scheme ? `${scheme[1]} ${MASK}` : MASK;
}

export function maskHeaders(headers: Record<string, string | string[]>, extra: readonly string[] = []): Record<string, string | string[]> {
  return maskEntries(headers, (name) => isSecretHeader(name, extra), maskValue);
}
