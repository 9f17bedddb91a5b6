// A `header` that names a header another option of the send sets: refused, naming both, rather than
// one of the two silently winning (the README's rule for a pair of flags that cannot both hold). A
// header none of them sets (the kind's default event header, its User-Agent) is the user's to replace.
import { UsageError } from '../errors.js';
import { getScheme } from '../signing/index.js';
import type { SchemeParams } from '../signing/types.js';

/** What of a send's request the check reads (plan.ts's SendRequest has it all; named here, so the two do not import each other). */
export interface HeaderedRequest {
  url: string;
  headers?: readonly (readonly [string, string])[] | Record<string, string> | undefined;
  auth?: { scheme: 'basic' | 'bearer' } | undefined;
  event?: string | undefined;
  secret?: string | undefined;
  signParams?: SchemeParams | undefined;
}

/** What the kind (of the release sent as) puts in the headers those options set. */
export interface HeaderSetters {
  /** The header the sender names its event in. */
  eventHeader?: string | undefined;
  /** The scheme `secret` signs with: `sign`'s, else the kind's own. */
  scheme?: string | undefined;
  contentType?: string | undefined;
}

/** The user's own headers, as a request names them (a list of pairs, or a record). */
function givenHeaders(request: HeaderedRequest): readonly (readonly [string, string])[] {
  return Array.isArray(request.headers) ? request.headers : Object.entries(request.headers ?? {});
}

/** Usage errors of a request's `header`s against the options that set the same header. */
export function checkHeaderConflicts(request: HeaderedRequest, setters: HeaderSetters): void {
  const given = givenHeaders(request);
  if (given.length === 0) return;
  const signed = signatureHeaders(request, setters);
  for (const [name] of given) {
    const lower = name.toLowerCase();
    // Whether the body is gzipped is `gzip`'s; a label of the user's over it made a body the receiver cannot read.
    if (lower === 'content-encoding') {
      throw new UsageError(`\`header\` ${name}: whk sets it from \`gzip\`, to the encoding of the bytes it sends (gzip, or none)`, '`gzip` always gzips the body and says so, `gzip` never sends it plain; leave the header out');
    }
    if (lower === 'authorization' && request.auth) {
      const flag = request.auth.scheme === 'basic' ? 'authBasic' : 'authBearer';
      throw new UsageError(`\`header\` ${name} cannot be used with \`${flag}\`: both set the Authorization header`, `give one: \`${flag}\` TOKEN, or the whole header with \`header\``);
    }
    if (request.event !== undefined && lower === setters.eventHeader?.toLowerCase()) {
      throw new UsageError(`\`header\` ${name} cannot be used with \`event\`: the event goes in that header (${setters.eventHeader}: ${request.event})`, 'leave the header out; `event` sends that event\'s payload under its name');
    }
    if (signed.has(lower)) {
      throw new UsageError(`\`header\` ${name} cannot be used with \`secret\`: the ${setters.scheme} signature sets it`, 'leave the header out to send the signature whk makes, or `secret` out to send your own');
    }
  }
}

/** The headers `secret`'s signature writes (lower-case): a signature made once over no bytes names them, settings included. */
function signatureHeaders(request: HeaderedRequest, setters: HeaderSetters): Set<string> {
  if (request.secret === undefined || setters.scheme === undefined) return new Set();
  const scheme = getScheme(setters.scheme);
  try {
    const input = { body: Buffer.alloc(0), secret: request.secret, now: Date.now(), id: 'msg_whk', url: request.url, contentType: setters.contentType, params: request.signParams };
    return new Set(Object.keys(scheme.sign(input)).map((name) => name.toLowerCase()));
  } catch {
    // A secret the scheme cannot sign with is refused in its own words when the request is prepared.
    return new Set(scheme.headers);
  }
}
