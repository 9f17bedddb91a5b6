// What counts as a secret in printed output, by one pattern on a name (a header, a query
// parameter): whk masks the values of such names, and the password of a URL, wherever it prints a
// request (listen's lines and --json, the inspector's detail and curl, send and replay's URLs).
import { UsageError } from '../errors.js';
import { setOwn } from './set-own.js';

/**
 * A secret's name: Authorization, Cookie, a name with a word auth or sig (X-Auth, X-Hub-Sig), or
 * one that contains token, secret, password (passwd, pwd), signature, hmac (X-Hmac-Sha256, a custom
 * HMAC's usual name), credential, api-key, access-key or private-key (any separator or none); alone,
 * key and pass; and X-Trello-Webhook, where Trello sends its base64 HMAC-SHA1 signature (Trello's
 * "Webhooks" guide, developer.atlassian.com/cloud/trello/guides/rest-api/webhooks, "Webhook
 * Signatures"). Case-insensitive.
 */
export const SECRET_NAME =
  /^(?:(?:proxy-)?authorization|(?:set-)?cookie|key|pass|x-trello-webhook)$|(?:^|[-_.])(?:auth|sig)(?:$|[-_.])|token|secret|passw(?:or)?d|pwd|signature|hmac|credential|(?:api|access|private)[-_.]?key/i;

export const MASK = '••••';

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * A copy of headers or a query with each value of a secret name passed through `mask` (a name such
 * as '__proto__' a plain entry: setOwn).
 */
export function maskEntries(
  values: Record<string, string | string[]>,
  isSecret: (name: string) => boolean,
  mask: (value: string) => string,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(values)) {
    const masked = isSecret(name) ? (Array.isArray(value) ? value.map(mask) : mask(value)) : value;
    setOwn(out, name, masked);
  }
  return out;
}

/** A query object with the values of secret names masked. */
export function maskQuery(query: Record<string, string | string[]>): Record<string, string | string[]> {
  return maskEntries(query, isSecretName, () => MASK);
}

/** A URL for printing: the password (or a lone user name, often a token) and secret query values masked. */
export function maskUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not a URL (an error message quotes what was given): mask what looks like user:password@.
    return raw.replace(/(\/\/[^/?#@:]*:)[^/?#@]*@/, `$1${MASK}@`);
  }
  const query = maskQueryString(url.search);
  // Nothing to hide: the URL as it was given, not as the parser normalises it.
  if (url.username === '' && url.password === '' && query === url.search) return raw;
  const user = url.password !== '' ? `${url.username}:${MASK}@` : url.username !== '' ? `${MASK}@` : '';
  return `${url.protocol}//${user}${url.host}${url.pathname}${query}${url.hash}`;
}

/** A query string ('?a=1&token=x', as sent) with the values of secret names masked. */
export function maskQueryString(search: string): string {
  if (search === '' || search === '?') return search;
  const pairs = search.replace(/^\?/, '').split('&').map((pair) => {
    const eq = pair.indexOf('=');
    return eq > 0 && isSecretName(decodeName(pair.slice(0, eq))) ? `${pair.slice(0, eq)}=${MASK}` : pair;
  });
  return `${search.startsWith('?') ? '?' : ''}${pairs.join('&')}`;
}

/** Percent-decoded; in a query, '+' is a space too. */
function decodeName(name: string, plusIsSpace = true): string {
  try {
    return decodeURIComponent(plusIsSpace ? name.replaceAll('+', ' ') : name);
  } catch {
    return name;
  }
}

/**
 * The credentials of a URL (http://user:pass@host/) as the Authorization header a browser or curl
 * sends for them, and the URL without them; no credentials: the URL as it is.
 */
export function splitCredentials(raw: string): { url: string; authorization: string | undefined } {
  // A send prepares thousands of requests to one URL: most have no '@' to look for.
  if (!raw.includes('@')) return { url: raw, authorization: undefined };
  const url = new URL(raw);
  if (url.username === '' && url.password === '') return { url: raw, authorization: undefined };
  const pair = `${decodeName(url.username, false)}:${decodeName(url.password, false)}`;
  url.username = '';
  url.password = '';
  return { url: url.href, authorization: `Basic ${Buffer.from(pair, 'utf8').toString('base64')}` };
}

/**
 * The secret in the environment variable `name` (`--secret-env`, a contract's `secretEnv`); unset or
 * empty is a usage error (the value is never echoed).
 */
export function secretFromEnv(name: string, env: Readonly<Record<string, string | undefined>>): string {
  const value = env[name];
  if (value === undefined) throw new UsageError(`the environment variable ${name} is not set`, '`secretEnv` names a variable holding the secret');
  if (value === '') throw new UsageError(`the environment variable ${name} is empty`, '`secretEnv` names a variable holding the secret');
  return value;
}
