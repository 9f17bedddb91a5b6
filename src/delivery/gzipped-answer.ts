// A failed attempt's answer, read as the sender's client reads it: a client that asked for gzip
// (Accept-Encoding, its own: Go's Transport, OkHttp, Ruby's Net::HTTP, Python requests) inflates a
// gzipped answer before anyone sees it, so its «answer» is text, not compressed bytes.
import { constants, gunzipSync } from 'node:zlib';

/** How much of a gzipped answer is kept to inflate: a short error page is whole well within it. */
export const GZIPPED_ANSWER_BYTES = 16 * 1024;
// An answer inflated past this is cut there anyway; a bomb stops at it (its compressed bytes are shown).
const MAX_INFLATED = 64 * 1024;

/** Whether the request asks for gzip: its client then inflates a gzipped answer itself. */
export function asksForGzip(headers: Readonly<Record<string, string>>): boolean {
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() === 'accept-encoding') return /(^|,)\s*gzip\s*(;|,|$)/i.test(value);
  return false;
}

/** The text a gzipped answer's first bytes hold, as far as they go; the bytes as they are if they do not inflate. */
export function inflatedAnswer(bytes: Buffer): Buffer {
  try {
    return gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: MAX_INFLATED });
  } catch {
    return bytes;
  }
}
