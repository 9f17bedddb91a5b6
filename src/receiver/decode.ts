// Decoding a body by its Content-Encoding (gzip, deflate, br, or a list of them), or by the gzip
// magic bytes 1f 8b when the header is missing. Decompression streams and stops at the limit, so
// a gzip bomb never inflates past --max-body; what it inflates counts against the budget of bodies
// in flight (budget.ts), and past that budget it stops too ('busy'). Bytes after the gzip data are
// left out, with a warning (gzip-members.ts).
import type { Lease } from './budget.js';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw, type Zlib } from 'node:zlib';
import type { Transform } from 'node:stream';
import { isUtf8 } from 'node:buffer';
import { looksGzipped } from '../util/gzip-magic.js';
import { counted } from '../util/units.js';
import { decodedWithout, gzipDataEnd, trailingBytesWarning } from './gzip-members.js';
import { cutText, QUOTE_TEXT_LIMIT } from '../util/cut-text.js';

export type Decoded =
  | { ok: true; bytes: Buffer; encoding: string; warnings?: string[] }
  | Failed;

type Failed = { ok: false; reason: 'too-large' | 'busy' | 'corrupt' | 'unsupported'; encoding: string; message: string };

/** One decompressor's output, and how many input bytes it read (Node's gunzip stops at a zero byte after a member). */
type Inflated = { ok: true; bytes: Buffer; read: number } | Failed;

const GZIP_BUT_IDENTITY = "the body starts with gzip's magic bytes 1f 8b, though Content-Encoding says identity: recorded as it came, not inflated";

// whk's choice, as curl's (it stopped at 5 after CVE-2022-32206): no sender applies more than one or
// two, and a header listing thousands made whk inflate that many times and print them all.
const MAX_CODINGS = 5;


/** The codings named by a Content-Encoding header, in the order they were applied: those to undo (identity is none). */
export function parseContentEncoding(header: string | undefined): string[] {
  return listedCodings(header).filter((c) => c !== 'identity');
}

/** Every coding the header lists, identity too, in its order (x-gzip read as gzip). */
function listedCodings(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '')
    .map((c) => (c === 'x-gzip' ? 'gzip' : c));
}

/**
 * The record's `encoding` of a body with codings to undo: the list as the header has it, an
 * identity in it kept ('gzip, identity'), so the record says what was sent, not only what was undone.
 */
function listedEncoding(header: string | undefined, codings: readonly string[]): string {
  return codings.length > MAX_CODINGS ? namedCodings(codings) : listedCodings(header).join(', ');
}

/**
 * A plain body needs no decoding and draws no warning from it: the common case, answered without a
 * trip through a promise. Bytes that begin 1f 8b are not plain even under `identity` (decodeBody warns).
 */
export function isPlain(bytes: Buffer, contentEncoding: string | undefined): boolean {
  // No Content-Encoding at all, the usual request: nothing is split or allocated.
  if (contentEncoding === undefined) return !looksGzipped(bytes);
  return parseContentEncoding(contentEncoding).length === 0 && !looksGzipped(bytes);
}

/**
 * The record's `encoding` of a body refused before it is decoded (over maxBody on the wire): the
 * codings as the header lists them, as decodeBody names them; bytes are not sniffed.
 */
export function headerEncoding(contentEncoding: string | undefined): string {
  const codings = parseContentEncoding(contentEncoding);
  return codings.length === 0 ? 'identity' : listedEncoding(contentEncoding, codings);
}

/** A list of more codings than whk undoes, named as far as MAX_CODINGS, with their count. */
function namedCodings(codings: readonly string[]): string {
  return `${codings.slice(0, MAX_CODINGS).join(', ')}, … (${codings.length} codings)`;
}

export async function decodeBody(bytes: Buffer, contentEncoding: string | undefined, limit: number, lease?: Lease): Promise<Decoded> {
  const codings = parseContentEncoding(contentEncoding);
  if (codings.length === 0) {
    if (!looksGzipped(bytes)) return { ok: true, bytes, encoding: 'identity' };
    // Sniffing is for senders that name no coding at all (FME's impressions: kinds/impressions.ts). One
    // that said identity is taken at its word (the codings left are none, so the header names only it).
    if (contentEncoding !== undefined && /identity/i.test(contentEncoding)) return { ok: true, bytes, encoding: 'identity', warnings: [GZIP_BUT_IDENTITY] };
    return withEncoding(await undo(bytes, 'gzip', limit, lease), 'gzip (sniffed)');
  }
  const encoding = listedEncoding(contentEncoding, codings);
  if (codings.length > MAX_CODINGS) {
    return { ok: false, reason: 'unsupported', encoding, message: `Content-Encoding lists ${codings.length} codings; whk undoes at most ${MAX_CODINGS}` };
  }
  let current = bytes;
  const warnings: string[] = [];
  // Codings are listed in the order they were applied, so they are undone last first.
  for (const coding of [...codings].reverse()) {
    if (!isSupported(coding)) {
      return { ok: false, reason: 'unsupported', encoding, message: `unsupported Content-Encoding '${cutText(coding, QUOTE_TEXT_LIMIT)}' (whk decodes gzip, deflate, br)` };
    }
    const step = await undo(current, coding, limit, lease);
    // The body as sent, not coded at all, says why it cannot be decoded better than zlib's words do.
    if (!step.ok) return { ...step, encoding, message: step.reason === 'corrupt' && current === bytes ? `${step.message}${notCodedHint(bytes, coding)}` : step.message };
    current = step.bytes;
    if (step.warnings) warnings.push(...step.warnings);
  }
  return warnings.length === 0 ? { ok: true, bytes: current, encoding } : { ok: true, bytes: current, encoding, warnings };
}

/**
 * Undoes one coding. Gzip: the complete members (RFC 1952 §2.2: one body however many), and when other
 * bytes follow them, the members alone with a warning, where Node's gunzip ignores bytes after a zero
 * byte and refuses any other: whk shows what the sender meant and says what a stricter receiver does.
 */
async function undo(bytes: Buffer, coding: string, limit: number, lease: Lease | undefined): Promise<Decoded> {
  const draw = drawer(lease);
  let inflated = await inflateLimited(bytes, coding, limit, draw);
  if (coding !== 'gzip') {
    if (!inflated.ok) return inflated;
    // Node's inflaters stop at the end of the deflate or brotli data and say nothing of what follows.
    const rest = bytes.length - inflated.read;
    if (rest === 0) return { ok: true, bytes: inflated.bytes, encoding: coding };
    // Raw deflate has no header and no checksum to vouch for it: the first bytes of any body may read
    // as a short block of it (a pretty-printed JSON's "{\n " does), so data that ends before the body
    // does is no deflate data. zlib's (header, Adler-32) and brotli's are checked: bytes after them are only extra.
    if (coding === 'deflate' && !hasZlibHeader(bytes)) {
      return { ok: false, reason: 'corrupt', encoding: coding, message: `cannot decode deflate body: it has no zlib header, and read as raw deflate its data ends after ${inflated.read} of its ${counted(bytes.length, 'byte')}` };
    }
    return { ok: true, bytes: inflated.bytes, encoding: coding, warnings: [`${counted(rest, 'byte')} followed the ${coding} data ${decodedWithout(rest)}`] };
  }
  if (!inflated.ok && inflated.reason === 'corrupt') {
    const end = await gzipDataEnd(bytes, limit);
    if (end !== null) inflated = await inflateLimited(bytes.subarray(0, end), coding, limit, draw);
  }
  if (!inflated.ok) return inflated;
  if (inflated.read === bytes.length) return { ok: true, bytes: inflated.bytes, encoding: coding };
  return { ok: true, bytes: inflated.bytes, encoding: coding, warnings: [trailingBytesWarning(bytes.subarray(inflated.read))] };
}

/** Takes inflated bytes from the lease once: a second pass over the same body takes only what the first did not. */
type Draw = (total: number) => boolean;

function drawer(lease: Lease | undefined): Draw {
  let drawn = 0;
  return (total) => {
    if (!lease || total <= drawn) return true;
    if (!lease.inflate(total - drawn)) return false;
    drawn = total;
    return true;
  };
}

// Control characters other than tab, line feed and carriage return: none is in a text.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * '; the body as sent reads as JSON (or text): it looks like it was not <coding>-encoded' when the
 * bytes that could not be decoded are that, else nothing: bytes that are no coded data and read as
 * JSON or text are most likely the body never encoded. Only on a failure, so a body is parsed once more at most.
 */
function notCodedHint(bytes: Buffer, coding: string): string {
  const text = isUtf8(bytes) ? bytes.toString('utf8') : undefined;
  if (text === undefined || text.trim() === '' || CONTROL.test(text)) return '';
  return `; the body as sent reads as ${isJson(text) ? 'JSON' : 'text'}: it looks like it was not ${coding}-encoded`;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function withEncoding(result: Decoded, encoding: string): Decoded {
  return { ...result, encoding };
}

function isSupported(coding: string): boolean {
  return coding === 'gzip' || coding === 'deflate' || coding === 'br';
}

function decompressor(coding: string, bytes: Buffer): Transform & Zlib {
  if (coding === 'gzip') return createGunzip();
  if (coding === 'br') return createBrotliDecompress();
  // HTTP 'deflate' means zlib-wrapped, but some senders send raw deflate; the zlib header tells.
  return hasZlibHeader(bytes) ? createInflate() : createInflateRaw();
}

function hasZlibHeader(bytes: Buffer): boolean {
  const [cmf, flg] = [bytes[0], bytes[1]];
  return cmf !== undefined && flg !== undefined && (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
}

/** Decompresses, keeping at most `limit` output bytes (and what the lease allows); past that the stream is destroyed. */
function inflateLimited(bytes: Buffer, coding: string, limit: number, draw: Draw): Promise<Inflated> {
  return new Promise((resolve) => {
    const stream = decompressor(coding, bytes);
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: Inflated): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        settle({ ok: false, reason: 'too-large', encoding: coding, message: `decompressed body exceeds \`maxBody\` (${limit} bytes); stopped inflating` });
        stream.destroy();
        return;
      }
      if (!draw(size)) {
        chunks.length = 0;
        settle({ ok: false, reason: 'busy', encoding: coding, message: 'the receiver is busy: bodies in flight fill its memory budget; stopped inflating' });
        stream.destroy();
        return;
      }
      chunks.push(chunk);
    });
    stream.on('error', (error: Error) => {
      settle({ ok: false, reason: 'corrupt', encoding: coding, message: `cannot decode ${coding} body: ${error.message}` });
    });
    stream.on('end', () => settle({ ok: true, bytes: Buffer.concat(chunks, size), read: stream.bytesWritten }));
    stream.end(bytes);
  });
}
