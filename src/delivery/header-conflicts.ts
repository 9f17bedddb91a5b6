// A `header` that names a header another option of the send sets: refused, naming both, rather than
// one of the two silently winning (the README's rule for a pair of flags that cannot both hold).
import { UsageError } from '../errors.js';

/** What of a send's request the check reads (plan.ts's SendRequest has it all; named here, so the two do not import each other). */
export interface HeaderedRequest {
  headers?: readonly (readonly [string, string])[] | Record<string, string> | undefined;
}

/** The user's own headers, as a request names them (a list of pairs, or a record). */
function givenHeaders(request: HeaderedRequest): readonly (readonly [string, string])[] {
  return Array.isArray(request.headers) ? request.headers : Object.entries(request.headers ?? {});
}

/** Usage errors of a request's `header`s against the options that set the same header. */
export function checkHeaderConflicts(request: HeaderedRequest): void {
  for (const [name] of givenHeaders(request)) {
    // Whether the body is gzipped is `gzip`'s; a label of the user's over it made a body the receiver cannot read.
    if (name.toLowerCase() === 'content-encoding') {
      throw new UsageError(`\`header\` ${name}: whk sets it from \`gzip\`, to the encoding of the bytes it sends (gzip, or none)`, '`gzip` always gzips the body and says so, `gzip` never sends it plain; leave the header out');
    }
  }
}
