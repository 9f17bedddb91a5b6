import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createBodyBudget } from '../../src/receiver/budget.js';
import { decodeBody, headerEncoding, isPlain, parseContentEncoding } from '../../src/receiver/decode.js';
import { MAX_MEMBERS_WALKED } from '../../src/receiver/gzip-members.js';
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

  // 'gzip, identity' was recorded 'gzip': the record's list is the header's (README's record table).
  it('keeps an identity the header lists in the recorded encoding, and undoes the rest', async () => {
    for (const header of ['gzip, identity', 'Identity , GZIP', 'identity, x-gzip']) {
      const listed = header.split(',').map((c) => c.trim().toLowerCase().replace('x-gzip', 'gzip')).join(', ');
      expect(await decodeBody(gzipSync(json), header, MB)).toEqual({ ok: true, bytes: json, encoding: listed });
      expect(headerEncoding(header)).toBe(listed);
    }
    expect(await decodeBody(json, 'identity, zstd', MB)).toMatchObject({ ok: false, reason: 'unsupported', encoding: 'identity, zstd' });
    // Nothing to undo: identity, as a body with no header.
    expect(await decodeBody(json, 'identity, identity', MB)).toEqual({ ok: true, bytes: json, encoding: 'identity' });
    expect(headerEncoding('identity')).toBe('identity');
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

  it('a body that says identity is recorded as it came, though it starts 1f 8b, with a warning; isPlain agrees', async () => {
    const gzipped = gzipSync(json);
    const said = "the body starts with gzip's magic bytes 1f 8b, though Content-Encoding says identity: recorded as it came, not inflated";
    for (const header of ['identity', 'Identity', ' identity , identity']) {
      expect(await decodeBody(gzipped, header, MB)).toEqual({ ok: true, bytes: gzipped, encoding: 'identity', warnings: [said] });
    }
    // No coding named at all (no header, an empty list): still sniffed, as FME's impressions need.
    expect(await decodeBody(gzipped, ' , ', MB)).toEqual({ ok: true, bytes: json, encoding: 'gzip (sniffed)' });
    // Plain (no decoding, no warning) exactly when decodeBody would hand the bytes back as identity without a word.
    for (const bytes of [json, gzipped, Buffer.alloc(0), Buffer.from([0x1f])]) {
      for (const header of [undefined, '', 'identity', 'IDENTITY', ' , ', 'gzip', 'x-gzip, identity', 'br']) {
        const decoded = await decodeBody(bytes, header, MB);
        const handedBack = decoded.ok && decoded.encoding === 'identity' && decoded.bytes === bytes && decoded.warnings === undefined;
        expect([bytes, header, isPlain(bytes, header)]).toEqual([bytes, header, handedBack]);
      }
    }
  });

  it('gzip data followed by other bytes: the members are the body, and a warning names the bytes and what stricter receivers do', async () => {
    const member = gzipSync(json);
    const go = "Go's compress/gzip reads them as another member's header (gzip: invalid header, or unexpected EOF under 10 bytes)";
    const python = "Python's gzip.decompress, past any zero bytes, wants another member (BadGzipFile: Not a gzipped file)";
    const cases: [string, Buffer, Buffer, string][] = [
      // One byte is "it", not "them".
      ['a newline', Buffer.concat([member, Buffer.from('\n')]), json, `1 byte followed the gzip data (decoded without it): strict receivers refuse the body: ${go.replace('them', 'it')}; ${python}; Node's zlib fails too (incorrect header check, or unexpected end of file)`],
      ['a zero', Buffer.concat([member, Buffer.alloc(1)]), json, `1 zero byte followed the gzip data (decoded without it): strict receivers refuse the body: ${go.replace('them', 'it')}; Python's gzip.decompress and Node's zlib skip zeros after a member`],
      ['abc', Buffer.concat([member, Buffer.from('abc')]), json, `3 bytes followed the gzip data (decoded without them): strict receivers refuse the body: ${go}; ${python}; Node's zlib fails too (incorrect header check, or unexpected end of file)`],
      ['two members, then xyz', Buffer.concat([member, member, Buffer.from('xyz')]), Buffer.concat([json, json]), `3 bytes followed the gzip data (decoded without them): strict receivers refuse the body: ${go}; ${python}; Node's zlib fails too (incorrect header check, or unexpected end of file)`],
      ['zeros', Buffer.concat([member, Buffer.alloc(3)]), json, `3 bytes of zeros followed the gzip data (decoded without them): strict receivers refuse the body: ${go}; Python's gzip.decompress and Node's zlib skip zeros after a member`],
      ['a zero, then abc', Buffer.concat([member, Buffer.from('\0abc')]), json, `4 bytes followed the gzip data (decoded without them): strict receivers refuse the body: ${go}; ${python}; Node's zlib stops at the zero byte and ignores the rest`],
    ];
    for (const [name, body, decodedBytes, warning] of cases) {
      expect([name, await decodeBody(body, 'gzip', MB)]).toEqual([name, { ok: true, bytes: decodedBytes, encoding: 'gzip', warnings: [warning] }]);
      expect([name, await decodeBody(body, undefined, MB)]).toEqual([name, { ok: true, bytes: decodedBytes, encoding: 'gzip (sniffed)', warnings: [warning] }]);
    }
    // Under another coding too: the warning comes with the list.
    const stacked = await decodeBody(brotliCompressSync(Buffer.concat([member, Buffer.from('\n')])), 'gzip, br', MB);
    expect(stacked).toMatchObject({ ok: true, bytes: json, encoding: 'gzip, br', warnings: [expect.stringMatching(/^1 byte followed the gzip data/)] });
    // A second whole member is the same body (RFC 1952 §2.2), with nothing to say.
    expect(await decodeBody(Buffer.concat([member, member]), 'gzip', MB)).toEqual({ ok: true, bytes: Buffer.concat([json, json]), encoding: 'gzip' });
    // Bytes that begin another member are that member: broken, the body is corrupt.
    const broken = Buffer.concat([member, member.subarray(0, 12)]);
    expect(await decodeBody(broken, 'gzip', MB)).toMatchObject({ ok: false, reason: 'corrupt', message: 'cannot decode gzip body: unexpected end of file' });
  });

  it('zlib deflate and br data followed by other bytes: the data is the body, and a warning counts the bytes', async () => {
    const tail = Buffer.from('\nabc');
    for (const [coding, compressed] of [['deflate', deflateSync(json)], ['br', brotliCompressSync(json)]] as const) {
      expect(await decodeBody(Buffer.concat([compressed, tail]), coding, MB)).toEqual({ ok: true, bytes: json, encoding: coding, warnings: [`4 bytes followed the ${coding} data (decoded without them)`] });
      expect(await decodeBody(compressed, coding, MB)).toEqual({ ok: true, bytes: json, encoding: coding });
      expect(await decodeBody(Buffer.concat([compressed, Buffer.from('\n')]), coding, MB)).toMatchObject({ warnings: [`1 byte followed the ${coding} data (decoded without it)`] });
    }
  });

  // Plain JSON labelled deflate was "invalid $ not valid JSON: Unexpected token" with "4056 bytes
  // followed the deflate data": with no zlib header whk reads raw deflate, and a pretty-printed
  // JSON's first bytes ("{\n ") read as a short raw block. Raw deflate has no header or checksum to
  // vouch for it: data that ends before the body does is no deflate data.
  it('raw deflate data that ends before the body does is no deflate body; plain JSON or text under a coding is said to look not encoded', async () => {
    const pretty = Buffer.from(JSON.stringify({ hello: 'world', n: [1, 2, 3], nested: { a: true } }, null, 2));
    expect(await decodeBody(pretty, 'deflate', MB)).toEqual({
      ok: false,
      reason: 'corrupt',
      encoding: 'deflate',
      message: `cannot decode deflate body: it has no zlib header, and read as raw deflate its data ends after 3 of its ${pretty.length} bytes; the body as sent reads as JSON: it looks like it was not deflate-encoded`,
    });
    expect(await decodeBody(Buffer.concat([deflateRawSync(json), Buffer.from('\nabc')]), 'deflate', MB)).toMatchObject({ ok: false, reason: 'corrupt', message: expect.stringMatching(/^cannot decode deflate body: it has no zlib header, and read as raw deflate its data ends after \d+ of its \d+ bytes$/) });
    expect(await decodeBody(json, 'gzip', MB)).toMatchObject({ ok: false, message: 'cannot decode gzip body: incorrect header check; the body as sent reads as JSON: it looks like it was not gzip-encoded' });
    expect(await decodeBody(Buffer.from('hello, this is plain text'), 'deflate', MB)).toMatchObject({ ok: false, message: expect.stringMatching(/; the body as sent reads as text: it looks like it was not deflate-encoded$/) });
    // Bytes that are neither JSON nor text get zlib's reason alone; real raw deflate still decodes.
    expect(await decodeBody(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]), 'gzip', MB)).toMatchObject({ ok: false, message: expect.stringMatching(/^cannot decode gzip body: [^;]+$/) });
    expect(await decodeBody(deflateRawSync(pretty), 'deflate', MB)).toEqual({ ok: true, bytes: pretty, encoding: 'deflate' });
  });

  it('gzip data followed by other bytes keeps the limit and draws each inflated byte from the budget once', async () => {
    const big = Buffer.alloc(MB, 'a');
    const body = Buffer.concat([gzipSync(big), Buffer.from('\n')]);
    // Node's gunzip hands out most of the body before it fails on the newline: the second pass draws only the rest.
    const budget = createBodyBudget({ totalBytes: MB, inflatedBytes: MB });
    const lease = budget.lease();
    const decoded = await decodeBody(body, 'gzip', MB, lease);
    expect(decoded).toMatchObject({ ok: true, warnings: [expect.stringMatching(/^1 byte followed/)] });
    expect(decoded.ok && decoded.bytes.equals(big)).toBe(true);
    expect(lease.inflate(1)).toBe(false);
    lease.release();
    expect(await decodeBody(body, 'gzip', MB - 1)).toMatchObject({ ok: false, reason: 'too-large' });
    expect(await decodeBody(body, 'gzip', MB, createBodyBudget({ totalBytes: MB, inflatedBytes: MB - 1 }).lease())).toMatchObject({ ok: false, reason: 'busy' });
  });

  it(`finds the end of the gzip data past at most ${MAX_MEMBERS_WALKED} members`, async () => {
    const empty = gzipSync(Buffer.alloc(0));
    const members = (n: number): Buffer => Buffer.concat([...Array<Buffer>(n).fill(empty), Buffer.from('x')]);
    expect(await decodeBody(members(MAX_MEMBERS_WALKED), 'gzip', MB)).toMatchObject({ ok: true, bytes: Buffer.alloc(0), warnings: [expect.stringMatching(/^1 byte followed/)] });
    expect(await decodeBody(members(MAX_MEMBERS_WALKED + 1), 'gzip', MB)).toMatchObject({ ok: false, reason: 'corrupt', message: 'cannot decode gzip body: unexpected end of file' });
  });
});
