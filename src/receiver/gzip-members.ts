// Where a body's gzip data ends when other bytes follow it, and what real receivers make of those bytes.
// Node's gunzip cannot say: after a member it takes a nonzero byte for the next member's header and
// fails on it (a zero byte it takes for padding, and stops there).
import { createInflateRaw } from 'node:zlib';
import { looksGzipped } from '../util/gzip-magic.js';
import { counted } from '../util/units.js';

// How many members the walk reads before giving up: each takes an inflater of its own (Node's gunzip
// reads any number in one call), and no sender puts more than a few before stray bytes.
export const MAX_MEMBERS_WALKED = 100;

// RFC 1952 §2.3.1: the header's flags (FTEXT, bit 0, changes nothing here); bits 5 to 7 are reserved.
const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const RESERVED = 0xe0;
/** CRC32 and ISIZE after each member's deflate data. */
const TRAILER = 8;

/**
 * Where the gzip data ends in bytes Node's gunzip refused, when complete members are followed by bytes
 * that begin no member; null when it is not that (no member is complete, one that begins is broken,
 * or more than MAX_MEMBERS_WALKED come first). Each member's header is read here and its deflate data
 * inflated raw to find its end, the output counted against `limit` and dropped: Node's gunzip then
 * decodes the members, checking their checksums.
 */
export async function gzipDataEnd(bytes: Buffer, limit: number): Promise<number | null> {
  let at = 0;
  let inflated = 0;
  for (let member = 0; member < MAX_MEMBERS_WALKED; member++) {
    const start = deflateStart(bytes, at);
    if (start === null) return null;
    const data = await deflateEnd(bytes.subarray(start), limit - inflated);
    if (data === null) return null;
    inflated += data.inflated;
    at = start + data.length + TRAILER;
    // Members up to the last byte (or past it): nothing follows them, so Node's refusal was about them.
    if (at >= bytes.length) return null;
    // Bytes that begin another member are that member, broken or not: only others end the gzip data.
    if (!looksGzipped(bytes.subarray(at))) return at;
  }
  return null;
}

/** Where the deflate data of the member at `at` starts, past its header; null when no whole header is there. */
function deflateStart(bytes: Buffer, at: number): number | null {
  const flags = bytes[at + 3];
  // ID1 ID2, CM 8 (deflate, the only method), no reserved flag: what zlib refuses is refused here too.
  if (!looksGzipped(bytes.subarray(at)) || bytes[at + 2] !== 8 || flags === undefined || (flags & RESERVED) !== 0) return null;
  let next = at + 10;
  if (flags & FEXTRA) next = next + 2 > bytes.length ? Infinity : next + 2 + bytes.readUInt16LE(next);
  if (flags & FNAME) next = pastZero(bytes, next);
  if (flags & FCOMMENT) next = pastZero(bytes, next);
  if (flags & FHCRC) next += 2;
  return next <= bytes.length ? next : null;
}

/** Past the zero byte that ends a header's string (from `from` on); Infinity when there is none. */
function pastZero(bytes: Buffer, from: number): number {
  const zero = from < bytes.length ? bytes.indexOf(0, from) : -1;
  return zero === -1 ? Infinity : zero + 1;
}

/** How long the raw deflate data at the start of `bytes` is, and what it inflates to; null when it is broken or inflates past `limit`. */
function deflateEnd(bytes: Buffer, limit: number): Promise<{ length: number; inflated: number } | null> {
  return new Promise((resolve) => {
    const stream = createInflateRaw();
    let inflated = 0;
    stream.on('data', (chunk: Buffer) => {
      inflated += chunk.length;
      if (inflated <= limit) return;
      resolve(null);
      stream.destroy();
    });
    stream.on('error', () => resolve(null));
    // Node's inflater stops at the end of the deflate data; what it read is the data's length.
    stream.on('end', () => resolve({ length: stream.bytesWritten, inflated }));
    stream.end(bytes);
  });
}

const go = (them: string): string => `Go's compress/gzip reads ${them} as another member's header (gzip: invalid header, or unexpected EOF under 10 bytes)`;

/**
 * What receivers make of bytes after the gzip data, as their sources say: Go's gzip.Reader (multistream,
 * its default) reads 10 bytes for another header; Python's gzip.decompress strips zero bytes after a
 * member, then wants 1f 8b or nothing; Node's gunzip (node_zlib.cc) stops at a zero byte and takes any
 * other for a header.
 */
export function trailingBytesWarning(rest: Buffer): string {
  const count = counted(rest.length, 'byte');
  const without = decodedWithout(rest.length);
  const goReads = go(rest.length === 1 ? 'it' : 'them');
  if (rest.every((byte) => byte === 0)) {
    const zeros = rest.length === 1 ? '1 zero byte' : `${count} of zeros`;
    return `${zeros} followed the gzip data ${without}: strict receivers refuse the body: ${goReads}; Python's gzip.decompress and Node's zlib skip zeros after a member`;
  }
  const node = rest[0] === 0 ? "Node's zlib stops at the zero byte and ignores the rest" : "Node's zlib fails too (incorrect header check, or unexpected end of file)";
  return `${count} followed the gzip data ${without}: strict receivers refuse the body: ${goReads}; Python's gzip.decompress, past any zero bytes, wants another member (BadGzipFile: Not a gzipped file); ${node}`;
}

/** What was left out of the decoded body, in words that fit one byte or many ("1 byte … without them" read wrong). */
export function decodedWithout(count: number): string {
  return count === 1 ? '(decoded without it)' : '(decoded without them)';
}
