// The one check of a URL the user gives for whk to send to (send and replay's --url, listen's
// --forward-to, the URL sign and verify sign): an http(s) URL, or a usage error saying what is
// wrong with it and, for 'localhost:9000', the URL it most likely means.
import { fieldRef, UsageError } from '../errors.js';
import { maskUrl } from './secrets.js';

/** The URL, normalized; `field` names the option in the error (`url`, `forwardTo`). */
export function parseTargetUrl(raw: string, field = 'url'): string {
  const invalid = `invalid ${fieldRef(field)} '${maskUrl(raw)}'`;
  const port = portOf(raw);
  // Port 0 is no port a server can be reached on (binding to it picks a free one): refused as a typo.
  if (port !== undefined && (port > 65535 || port === 0)) throw new UsageError(`${invalid}: port ${port} is out of range`, 'a port is a number from 1 to 65535');
  const withScheme = missingScheme(raw);
  if (withScheme) throw new UsageError(`${invalid}: the scheme is missing`, `did you mean ${withScheme}?`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`${invalid}: not a URL`, 'give a full URL, e.g. http://127.0.0.1:9000/hook');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${invalid}: only http and https are supported`, 'e.g. https://example.com/hook');
  return url.href;
}

/** The port written in a URL, with or without its scheme (new URL refuses one above 65535 as "not a URL"). */
function portOf(raw: string): number | undefined {
  const port = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/?#]*@)?(?:\[[^\]]*\]|[^:/?#[\]]+):(\d+)(?:[/?#]|$)/i.exec(raw)?.[1];
  return port === undefined ? undefined : Number(port);
}

/**
 * 'localhost:9000', '127.0.0.1:9000/hook' or '[::1]:9000' without http:// (read by URL as a scheme 'localhost:',
 * or not at all): the URL it most likely means, else undefined.
 */
function missingScheme(raw: string): string | undefined {
  // A host name or address, or an IPv6 address in brackets ('[::1]:9000').
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) || !/^(?:[\w.-]+|\[[0-9a-f:.]+\])(:\d+)?(\/|$|\?)/i.test(raw)) return undefined;
  try {
    return new URL(`http://${raw}`).href.replace(/\/$/, raw.endsWith('/') ? '/' : '');
  } catch {
    return undefined;
  }
}
