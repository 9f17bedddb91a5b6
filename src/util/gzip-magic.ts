// Bytes that begin with gzip's magic number (RFC 1952 §2.3.1: ID1 31, ID2 139): a body sent
// compressed without saying so, or a capture or payload file given still compressed.
const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

export function looksGzipped(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC_0 && bytes[1] === GZIP_MAGIC_1;
}
