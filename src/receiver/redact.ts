// Masking of secrets in request headers for display: Authorization, Cookie and signature headers.
// Captures keep the real values (they are the user's own file); only printed output is masked.

const ALWAYS_SECRET = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
const LOOKS_SECRET = /(signature|-sig$|^x-.*-sig(nature)?$|token|secret|api-?key)/i;

export function isSecretHeader(name: string, extra: readonly string[] = []): boolean {
  const lower = name.toLowerCase();
  return ALWAYS_SECRET.has(lower) || extra.includes(lower) || LOOKS_SECRET.test(lower);
}

/** Keeps an auth scheme ("Bearer", "Basic") visible; everything else becomes a fixed mask. */
export function maskValue(value: string): string {
  const scheme = /^([A-Za-z][\w-]*) +\S/.exec(value);
  return scheme ? `${scheme[1]} ••••` : '••••';
}

export function maskHeaders(headers: Record<string, string | string[]>, extra: readonly string[] = []): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    const masked = isSecretHeader(name, extra) ? (Array.isArray(value) ? value.map(maskValue) : maskValue(value)) : value;
    Object.defineProperty(out, name, { value: masked, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
