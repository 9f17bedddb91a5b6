// A body's bytes as a hex dump, for what is not text: listen --body's binary bodies and send --dry-run's.
import { hexRows } from '../util/hex.js';

/** The most bytes a hex dump shows. */
const MAX_HEX_BYTES = 512;

/**
 * A classic hex dump (offset, 16 bytes, their printable characters) of the bytes as received.
 * A body that was not decoded (a corrupt gzip) is shown as it arrived, so the dump says which.
 */
export function hexLines(bytes: Buffer, encoding: string): string[] {
  if (bytes.length === 0) return ['(empty body)'];
  const shown = bytes.subarray(0, MAX_HEX_BYTES);
  const lines: string[] = encoding === 'identity' ? [] : [`(as received, ${encoding})`];
  lines.push(...hexRows(shown, { bars: true }));
  if (bytes.length > shown.length) lines.push(`… ${bytes.length - shown.length} more bytes`);
  return lines;
}
