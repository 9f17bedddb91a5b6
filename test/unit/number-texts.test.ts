// The digits sent of the numbers JSON.parse reads inexactly, found by path in the JSON text, and the
// inspector's pretty lines drawing them (a number whose text does not read as it stays marked).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prettyLines } from '../../src/inspector/pretty.js';
import { inexactNumberTexts, stringifyWithTexts, textsByValue } from '../../src/util/number-texts.js';

const found = (text: string): Record<string, string> => Object.fromEntries(inexactNumberTexts(text));

describe('inexactNumberTexts', () => {
  it('names each integer past 2^53 by its path, as written; safe integers and other values are left out', () => {
    expect(found('{"id": 12345678901234567890, "n": 9007199254740991, "f": 1.5, "t": true, "z": null}')).toEqual({ '$.id': '12345678901234567890' });
    expect(found('{"a":[1,{"b":-98765432109876543210}],"c":1e20,"d":12345678901234567890.5}')).toEqual({ '$.a[1].b': '-98765432109876543210', '$.c': '1e20', '$.d': '12345678901234567890.5' });
    expect(found('12345678901234567890')).toEqual({ $: '12345678901234567890' });
    expect(found('[[],[{}, 12345678901234567890]]')).toEqual({ '$[1][1]': '12345678901234567890' });
  });

  it('reads keys as JSON does (escapes, dots, the empty key), and strings that hold brackets, digits or quotes are not structure', () => {
    expect(found('{"we\\"ird.key":[12345678901234567890],"":{"__proto__":12345678901234567891}}')).toEqual({ '$["we\\"ird.key"][0]': '12345678901234567890', '$[""].__proto__': '12345678901234567891' });
    expect(found('{"s":"[12345678901234567890,{\\\\","n":12345678901234567892}')).toEqual({ '$.n': '12345678901234567892' });
  });

  it('takes the trailing commas a lenient repair allows and the last of a repeated key, as JSON.parse keeps it', () => {
    expect(found('{"a":[12345678901234567890,],}')).toEqual({ '$.a[0]': '12345678901234567890' });
    // A doubled comma (HertzBeat 1.7.0) is repaired as one: the items after it keep their indexes.
    expect(found('[12345678901234567890,,12345678901234567891,{"a":1},,"s",,true,,12345678901234567892]')).toEqual({ '$[0]': '12345678901234567890', '$[1]': '12345678901234567891', '$[5]': '12345678901234567892' });
    expect(found('{"a":12345678901234567890,"a":12345678901234567899}')).toEqual({ '$.a': '12345678901234567899' });
  });

  it('reads past a byte order mark before the JSON, as the receiver does; one elsewhere is not JSON', () => {
    expect(found('\uFEFF{"id": 12345678901234567890}')).toEqual({ '$.id': '12345678901234567890' });
    expect(found('{"id": 12345678901234567890,\uFEFF"n": 12345678901234567891}')).toEqual({ '$.id': '12345678901234567890' });
  });

  it('stops at what is not JSON, keeping what it found before it', () => {
    expect(found('{"a":12345678901234567890, @ "b":12345678901234567891}')).toEqual({ '$.a': '12345678901234567890' });
    expect(found('{"a":"unclosed')).toEqual({});
  });

  it('every path it gives holds, in the parsed body, the number its text reads as', () => {
    const text = JSON.stringify({ list: [{ id: 'x' }, { id: 'y', n: 1 }], deep: { 'a b': [[0, 1]] } }).replace('"x"', '12345678901234567890').replace('1]]', '-22345678901234567890]]');
    const parsed = JSON.parse(text) as { list: { id: number }[]; deep: { 'a b': number[][] } };
    expect(found(text)).toEqual({ '$.list[0].id': '12345678901234567890', '$.deep["a b"][0][1]': '-22345678901234567890' });
    expect([parsed.list[0]?.id, parsed.deep['a b'][0]?.[1]]).toEqual([Number('12345678901234567890'), Number('-22345678901234567890')]);
  });
});

describe('prettyLines with the digits sent', () => {
  const body = JSON.parse('{"id":12345678901234567890,"other":12345678901234567891}') as unknown;
  const line = (lines: ReturnType<typeof prettyLines>['lines'], path: string) => lines.find((l) => l.path === path);

  it('draws a number as sent where its text reads as the parsed one, and marks it inexact where not', () => {
    const { lines } = prettyLines(body, [], 100, new Map([['$.id', '12345678901234567890'], ['$.other', '999999999999999999999']]));
    expect(line(lines, '$.id')).toEqual({ depth: 1, key: 'id', text: '12345678901234567890', type: 'number', comma: true, path: '$.id' });
    expect(line(lines, '$.other')).toMatchObject({ text: '12345678901234567000', inexact: true });
    expect(line(prettyLines(body).lines, '$.id')).toMatchObject({ text: '12345678901234567000', inexact: true });
  });
});

describe('stringifyWithTexts', () => {
  it('writes what JSON.stringify writes, with or without texts to use', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(stringifyWithTexts(value, new Map([['$.nowhere', '1']])).text).toBe(JSON.stringify(value));
        expect(stringifyWithTexts(value, new Map()).text).toBe(JSON.stringify(value));
      }),
    );
  });

  it('writes an integer past 2^53 with its text where the text reads as it, and names the first it could not', () => {
    const body = JSON.parse('{"a":[12345678901234567890],"b":12345678901234567891,"c":1}') as unknown;
    expect(stringifyWithTexts(body, new Map([['$.a[0]', '12345678901234567890'], ['$.b', '12345678901234567891']]))).toEqual({ text: '{"a":[12345678901234567890],"b":12345678901234567891,"c":1}', inexact: undefined });
    expect(stringifyWithTexts(body, new Map([['$.a[0]', '12345678901234567890'], ['$.b', '5']]))).toEqual({ text: '{"a":[12345678901234567890],"b":12345678901234567000,"c":1}', inexact: '12345678901234567000' });
    expect(stringifyWithTexts(body, new Map()).inexact).toBe('12345678901234567000');
  });
});

describe('stringifyWithTexts laid out, and textsByValue', () => {
  it('lays the JSON out as JSON.stringify(value, null, indent) does, the digits sent apart', () => {
    const texts = new Map([['$.unrelated', '12345678901234567890']]);
    fc.assert(fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 4 }), (value, indent) => stringifyWithTexts(value, texts, indent).text === JSON.stringify(value, null, indent)));
    const value = { a: [12345678901234567890, {}], b: [] };
    expect(stringifyWithTexts(value, new Map([['$.a[0]', '12345678901234567891']]), 2).text).toBe('{\n  "a": [\n    12345678901234567891,\n    {}\n  ],\n  "b": []\n}');
  });

  it('textsByValue gives a drawn value the text its number had in the body, unless two texts read as that one double', () => {
    const body = new Map([['$.id', '820982911946154508'], ['$.x', '12345678901234567891'], ['$.y', '12345678901234567892']]);
    expect(Object.fromEntries(textsByValue({ v: [820982911946154508, 12345678901234567891] }, body))).toEqual({ '$.v[0]': '820982911946154508' });
  });
});
