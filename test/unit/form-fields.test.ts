// Form bodies read as the URL standard reads them, held to whatwg-url (the standard's own
// implementation), not to Node's URLSearchParams: Node 20's reads `100%+sure%2C+café` as "100% sure, caf\uFFFD".
import { URLSearchParams as StandardSearchParams } from 'whatwg-url';
import { describe, expect, it } from 'vitest';
import { decodeForm, formNotUtf8, MAX_FORM_FIELDS, parseForm } from '../../src/util/form.js';
import { createRandom } from '../../src/util/prng.js';

const standard = (text: string): [string, string][] => [...new StandardSearchParams(text)];

// Pieces that make a form's decoding go wrong: stray and partial escapes, escapes of UTF-8 lead and
// continuation bytes, raw characters past U+007F (two, three and four bytes), '+', '=' and '&'.
const PIECES = ['a', '=', '&', '+', '%', '%4', '%41', '%2B', '%2b', '%C3', '%c3', '%A9', '%a9', '%e9', '%E2', '%9C', '%93', '%E9', '%FF', '%ED', '%A0', '%F0', '%9F', 'é', '✓', '𝄞', '%zz'];
const randomForms = (seed: number, count: number): string[] => {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => Array.from({ length: random.int(1, 12) }, () => random.pick(PIECES)).join(''));
};

describe('parseForm and decodeForm', () => {
  it('read "100% sure, café" whole, where Node 20’s URLSearchParams loses the é', () => {
    const text = 'note=100%+sure%2C+café';
    expect(parseForm(text).fields).toEqual([['note', '100% sure, café']]);
    expect(standard(text)).toEqual([['note', '100% sure, café']]);
  });

  it('read 3,000 random forms as whatwg-url does', () => {
    for (const text of randomForms(1205, 3000)) {
      expect(parseForm(text), text).toEqual({ fields: standard(text), unread: 0 });
      expect(decodeForm(text), text).toEqual(standard(text));
    }
  });

  it(`parseForm reads the first ${MAX_FORM_FIELDS} fields and counts the rest; decodeForm reads them all`, () => {
    for (const text of ['', '&', 'a', 'a=1&&b=2&', '&&x=%20+y&z', `${'k=v&'.repeat(MAX_FORM_FIELDS - 1)}last=1`]) {
      expect(parseForm(text)).toEqual({ fields: standard(text), unread: 0 });
    }
    const over = `${'k=v&'.repeat(MAX_FORM_FIELDS)}&&more=1&again`;
    expect(parseForm(over)).toEqual({ fields: standard(over).slice(0, MAX_FORM_FIELDS), unread: 2 });
    expect(decodeForm(over)).toEqual(standard(over));
  });
});

describe('formNotUtf8', () => {
  const tail = "; whk read each bad sequence as U+FFFD, and a receiver that decodes strictly refuses it (a form's bytes are UTF-8, the URL standard)";

  it('names the first field whose percent-decoded bytes are not UTF-8, with the text around its bad byte', () => {
    const text = 'ok=caf%C3%A9+%E2%9C%93&mark=%EF%BF%BD&payload=%7B%22name%22%3A%22%E9t%E9%22%7D';
    expect(formNotUtf8(text, parseForm(text).fields)).toBe(`form field 3, percent-decoded, is not valid UTF-8: byte 0xE9 at offset 17, the first of 2 bad sequences, in '…ad={"name":"\\xE9t\\xE9"}'${tail}`);
    for (const fine of ['a=1&b=caf%C3%A9', 'mark=%EF%BF%BD', 'x=%zz%E', 'n=日本', 'note=100%+sure+café']) expect(formNotUtf8(fine, parseForm(fine).fields)).toBeUndefined();
  });

  it('names the field in which whatwg-url reads a U+FFFD, in 3,000 random forms', () => {
    let bad = 0;
    for (const text of randomForms(51, 3000)) {
      const expected = standard(text).findIndex(([name, value]) => `${name}${value}`.includes('\uFFFD'));
      const warning = formNotUtf8(text, parseForm(text).fields);
      expect(warning === undefined ? -1 : Number(/^form field (\d+),/.exec(warning)?.[1]) - 1, text).toBe(expected);
      if (warning !== undefined) bad++;
    }
    expect(bad).toBeGreaterThan(300);
  });
});
