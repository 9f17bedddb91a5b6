import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeBody, parseContentEncoding } from '../../src/receiver/decode.js';
import { looksGzipped } from '../../src/util/gzip-magic.js';
import { inflatedDuring } from '../helpers/inflate.js';

const json = Buffer.from(JSON.stringify({ hello: 'world', n: [1, 2, 3] }));
const MB = 1024 * 1024;

describe('decodeBody', () => {
  it.each([
    ['gzip', gzipSync(json)],
    ['x-gzip', gzipSync(json)],
    ['deflate', deflateSync(json)],
    ['br', brotliCompressSync(json)],
  ])('decodes Content-Encoding %s', async (coding, bytes) => {
    const decoded = await decodeBody(bytes, coding, MB);
    expect(decoded).toEqual({ ok: true, bytes: json, encoding: coding === 'x-gzip' ? 'gzip' : coding });
  });

  it('accepts raw deflate (no zlib header) under Content-Encoding deflate', async () => {
    const decoded = await decodeBody(deflateRawSync(json), 'deflate', MB);
    expect(decoded.ok && decoded.bytes.equals(json)).toBe(true);
  });

  it('sniffs gzip by its magic bytes when the header is missing', async () => {
    const body = gzipSync(json);
    expect(looksGzipped(body)).toBe(true);
    const decoded = await decodeBody(body, undefined, MB);
    expect(decoded).toEqual({ ok: true, bytes: json, encoding: 'gzip (sniffed)' });
  });

  it('leaves plain bodies alone, with or without an identity header', async () => {
    expect(await decodeBody(json, undefined, MB)).toEqual({ ok: true, bytes: json, encoding: 'identity' });
    expect(await decodeBody(json, 'identity', MB)).toEqual({ ok: true, bytes: json, encoding: 'identity' });
  });

  it('undoes stacked codings last first', async () => {
    const bytes = brotliCompressSync(gzipSync(json));
    expect(parseContentEncoding('gzip, br')).toEqual(['gzip', 'br']);
    const decoded = await decodeBody(bytes, 'gzip, br', MB);
    expect(decoded.ok && decoded.bytes.equals(json)).toBe(true);
  });

  it('reports corrupt gzip bytes instead of throwing', async () => {
    const bad = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.from('definitely not deflate data')]);
    const decoded = await decodeBody(bad, 'gzip', MB);
    expect(decoded).toMatchObject({ ok: false, reason: 'corrupt' });
    const truncated = gzipSync(json).subarray(0, 15);
    expect(await decodeBody(truncated, undefined, MB)).toMatchObject({ ok: false, reason: 'corrupt', encoding: 'gzip (sniffed)' });
    expect(await decodeBody(json, 'gzip', MB)).toMatchObject({ ok: false, reason: 'corrupt', message: expect.stringMatching(/cannot decode gzip/) });
  });

  it('names an unsupported coding', async () => {
    expect(await decodeBody(json, 'zstd', MB)).toMatchObject({ ok: false, reason: 'unsupported', message: expect.stringContaining("'zstd'") });
  });

  it('undoes at most five stacked codings, as curl does; a longer list is named, not inflated', async () => {
    let five: Buffer = json;
    for (let i = 0; i < 5; i++) five = gzipSync(five);
    const decoded = await decodeBody(five, Array(5).fill('gzip').join(', '), MB);
    expect(decoded.ok && decoded.bytes.equals(json)).toBe(true);
    const header = Array(2000).fill('gzip').join(', ');
    const { result: refused, bytes } = await inflatedDuring(() => decodeBody(gzipSync(five), header, MB));
    expect(refused).toEqual({ ok: false, reason: 'unsupported', encoding: 'gzip, gzip, gzip, gzip, gzip, … (2000 codings)', message: 'Content-Encoding lists 2000 codings; whk undoes at most 5' });
    expect(bytes).toBe(0);
  });

  it('stops inflating at the limit', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * MB));
    const { result: decoded, bytes } = await inflatedDuring(() => decodeBody(bomb, 'gzip', MB));
    expect(decoded).toMatchObject({ ok: false, reason: 'too-large' });
    // Inflated just past the limit (one 16 KB zlib chunk, node's default chunk size), not the 50 MB.
    expect(bytes).toBeGreaterThan(MB);
    expect(bytes).toBeLessThanOrEqual(MB + 16 * 1024);
    // Exactly at the limit is still fine.
    const exact = await decodeBody(gzipSync(Buffer.alloc(MB)), 'gzip', MB);
    expect(exact.ok && exact.bytes.length).toBe(MB);
  });
});
