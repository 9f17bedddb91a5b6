// Where bytes stop being UTF-8, judged against the WHATWG TextDecoder (Node's own): the first bad
// sequence starts where its first U+FFFD is, and there are as many bad sequences as U+FFFDs.
import { describe, expect, it } from 'vitest';
import { badUtf8Warning, findBadUtf8 } from '../../src/util/utf8.js';
import { createRandom } from '../../src/util/prng.js';

const decode = (bytes: Uint8Array): string => new TextDecoder('utf-8').decode(bytes);
const replacements = (text: string): number => text.split('\uFFFD').length - 1;

/** What the decoder says of these bytes, in findBadUtf8's terms; for bytes holding no U+FFFD of their own (EF BF BD). */
function decoderReading(bytes: Uint8Array): { offset: number; count: number } | null {
  const text = decode(bytes);
  const count = replacements(text);
  if (count === 0) return null;
  // The longest prefix that decodes without a U+FFFD and is followed by one in the whole text.
  let offset = 0;
  for (let at = bytes.length; at >= 0; at--) {
    const prefix = decode(bytes.subarray(0, at));
    if (!prefix.includes('\uFFFD') && text.startsWith(`${prefix}\uFFFD`)) {
      offset = at;
      break;
    }
  }
  return { offset, count };
}

// Bytes weighted toward the ones that make UTF-8 go wrong: lead bytes, continuation bytes, the edges of each range.
const PALETTE = [0x41, 0x22, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff];

describe('findBadUtf8', () => {
  it('finds nothing in UTF-8, whatever the characters (a U+FFFD of its own included)', () => {
    for (const text of ['', 'plain {"a":1}', 'café ✓ 𝄞 日本', '\uFFFD is a character too', '\u0000\u007f\u0080\u07ff\u0800\uffff\u{10000}\u{10ffff}']) {
      expect(findBadUtf8(Buffer.from(text))).toBeNull();
    }
  });

  it.each([
    ['Latin-1 é', [0x63, 0x61, 0x66, 0xe9], { offset: 3, count: 1 }],
    ['a lone continuation byte', [0x41, 0x80, 0x41], { offset: 1, count: 1 }],
    ['an overlong NUL (C0 80)', [0xc0, 0x80], { offset: 0, count: 2 }],
    ['a UTF-16 surrogate (ED A0 80)', [0x41, 0xed, 0xa0, 0x80], { offset: 1, count: 3 }],
    ['past U+10FFFF (F4 90 80 80)', [0xf4, 0x90, 0x80, 0x80], { offset: 0, count: 4 }],
    ['a sequence cut at the end (E2 82)', [0x41, 0xe2, 0x82], { offset: 1, count: 1 }],
    ['a sequence cut by ASCII (F0 9F 41)', [0xf0, 0x9f, 0x41, 0xff], { offset: 0, count: 2 }],
  ])('%s', (_name, bytes, expected) => {
    const data = Uint8Array.from(bytes);
    expect(findBadUtf8(data)).toEqual(expected);
    expect(decoderReading(data)).toEqual(expected);
  });

  it('reads 3,000 random byte strings as the WHATWG decoder does', () => {
    const random = createRandom(20261205);
    let checked = 0;
    for (let round = 0; round < 3000; round++) {
      const bytes = Uint8Array.from({ length: random.int(1, 12) }, () => (random.chance(0.15) ? random.int(0, 255) : random.pick(PALETTE)));
      // A U+FFFD the bytes spell themselves would count as a replacement the decoder made.
      if (Buffer.from(bytes).includes(Buffer.from('\uFFFD'))) continue;
      expect(findBadUtf8(bytes), Buffer.from(bytes).toString('hex')).toEqual(decoderReading(bytes));
      checked++;
    }
    expect(checked).toBeGreaterThan(2900);
  });
});

describe('badUtf8Warning', () => {
  it('says where the first bad byte is, with the bytes around it, and how many there are', () => {
    const bytes = Buffer.concat([Buffer.from('{"name":"caf'), Buffer.from([0xe9]), Buffer.from(' cr'), Buffer.from([0xe8]), Buffer.from('me br\\u00fbl\\u00e9e"}')]);
    expect(badUtf8Warning(bytes, bytes.toString('utf8'))).toBe(
      "the body is not valid UTF-8: byte 0xE9 at offset 12, the first of 2 bad sequences, in '{\"name\":\"caf\\xE9 cr\\xE8me br\\x5Cu0…'; whk read each bad sequence as U+FFFD, and a receiver that decodes strictly refuses it (JSON must be UTF-8, RFC 8259 §8.1)",
    );
  });

  it('says nothing of UTF-8, a U+FFFD of its own included', () => {
    for (const text of ['{"a":1}', '{"a":"\uFFFD"}', '{"a":"日本"}']) expect(badUtf8Warning(Buffer.from(text), text)).toBeUndefined();
  });
});

