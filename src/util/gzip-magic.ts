// Bytes that begin with gzip's magic number (RFC 1952 §2.3.1: ID1 31, ID2 139): a body sent
// compressed without saying so, or a capture or payload file given still compressed.
const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

export function looksGzipped(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC_0 && bytes[1] === GZIP_MAGIC_1;
}

/**
 * Whether a record's encoding (capture/record.ts) says the body came gzipped: 'gzip (sniffed)', or
 * gzip among the codings it lists ('gzip', 'gzip, br'); not a coding that only contains the word.
 */
export function encodingHasGzip(encoding: string): boolean {
  // The usual 'identity' answers without a split (the listen summary asks once per request).
  if (!encoding.includes('gzip')) return false;
  return encoding === 'gzip (sniffed)' || encoding.split(',').some((coding) => coding.trim() === 'gzip');
}
