// One step of following a redirect the way the sender's HTTP client does (kinds/http-clients.ts):
// from a 3xx and its Location, the next request, or the end: that 3xx as the answer, or a failure in
// the client's terms. Pure; attempt.ts sends the requests.
import type { RedirectRule } from '../kinds/types.js';
import { escapeAllControls } from '../util/hex.js';
import { maskUrl } from '../util/secrets.js';
import type { PreparedRequest } from './request.js';
import { counted } from '../util/units.js';

export type RedirectStep = { kind: 'follow'; next: PreparedRequest } | { kind: 'answer' } | { kind: 'error'; error: string };

const ANSWER: RedirectStep = { kind: 'answer' };

/**
 * `followed`: the redirects already followed in this call; `resent`: the re-sends of a client that
 * counts them against the same limit (OkHttp), 0 for the others.
 */
export function redirectStep(request: PreparedRequest, rule: RedirectRule, status: number, location: string | undefined, followed: number, resent = 0): RedirectStep {
  if (!rule.statuses.includes(status)) return ANSWER;
  const target = resolve(location, request.url);
  if (target === undefined) {
    const missing = location === undefined || location.trim() === '';
    const said = missing ? 'without a Location' : `with a Location that is not a URL ('${shown(location)}')`;
    return (missing ? rule.missingLocation : rule.badLocation) === 'answer' ? ANSWER : { kind: 'error', error: `${status} ${said}: ${rule.client} does not deliver it` };
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return rule.notHttp === 'answer' ? ANSWER : { kind: 'error', error: `${status} to '${shown(target.href)}': ${rule.client} cannot follow it there` };
  }
  if (rule.downgrade === 'answer' && target.protocol === 'http:' && request.url.startsWith('https:')) return ANSWER;
  if (followed + resent >= rule.max) {
    if (rule.pastMax === 'answer') return ANSWER;
    const last = `the last ${status} to ${shown(target.href)}`;
    return { kind: 'error', error: resent === 0 ? `redirected more than ${rule.max} times (${last}): ${rule.client} gives up` : tooManyFollowUps(rule.client, rule.max, followed, resent, last) };
  }
  return { kind: 'follow', next: redirected(request, target, status) };
}

function resolve(location: string | undefined, base: string): URL | undefined {
  if (location === undefined || location.trim() === '') return undefined;
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}

/** A Location as printed: the password masked, controls escaped, cut at 200 characters. */
function shown(location: string): string {
  const line = escapeAllControls(maskUrl(location));
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

// Headers that describe a body, dropped with it when a redirect turns the POST into a GET; and the
// credentials no client carries to another origin.
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding']);
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** The request a client sends next: 307 and 308 keep method and body; the others ask with a GET. */
function redirected(request: PreparedRequest, target: URL, status: number): PreparedRequest {
  const keepsBody = status === 307 || status === 308 || request.method === 'GET' || request.method === 'HEAD';
  const crossOrigin = target.origin !== new URL(request.url).origin;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if ((!keepsBody && BODY_HEADERS.has(lower)) || (crossOrigin && CREDENTIAL_HEADERS.has(lower))) continue;
    headers[name] = value;
  }
  return { ...request, url: target.href, target: undefined, method: keepsBody ? request.method : 'GET', headers, body: keepsBody ? request.body : Buffer.alloc(0) };
}

/** The limit reached by redirects and re-sends together, as OkHttp counts them ("Too many follow-up requests: 21"). */
export function tooManyFollowUps(client: string, max: number, redirected: number, resent: number, last: string): string {
  const made = `${counted(redirected, 'redirect')}, ${counted(resent, 're-send')}`;
  return `redirected or sent again more than ${max} times in all (${made}; ${last}): ${client} gives up`;
}
