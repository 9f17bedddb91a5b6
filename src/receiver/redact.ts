// Masking of secrets in request headers for display, by the one pattern of util/secrets.ts.
// Captures keep the real values (they are the user's own file); only printed output is masked.
import { isSecretName, MASK } from '../util/secrets.js';

export function isSecretHeader(name: string, extra: readonly string[] = []): boolean {
  return extra.includes(name.toLowerCase()) || isSecretName(name);
}

/** Keeps an auth scheme ("Bearer", "Basic") visible; everything else becomes a fixed mask. */
export function maskValue(value: string): string {
  const scheme = /^([A-Za-z][\w-]*) +\S/.exec(value);
  return scheme ? `${scheme[1]} ${MASK}` : MASK;
}

export function maskHeaders(headers: Record<string, string | string[]>, extra: readonly string[] = []): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    const masked = isSecretHeader(name, extra) ? (Array.isArray(value) ? value.map(maskValue) : maskValue(value)) : value;
    Object.defineProperty(out, name, { value: masked, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
