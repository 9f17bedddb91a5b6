// Python's JSON as Sentry writes it (src/kinds/python-format.ts). The expected strings are what
// Python 3.11's json.dumps(value, separators=(',', ':')) printed for each value, pasted as literals:
// the standard library shares simplejson's float repr and ensure_ascii escapes (simplejson's
// ignore_nan=True, which Sentry sets, is the one difference: null for NaN and the infinities).
import { describe, expect, it } from 'vitest';
import { jsonWithFloats, orjsonLength, PythonFloat, pythonFloatRepr, pythonJson, pythonSorted, pythonString } from '../../src/kinds/python-format.js';

describe('pythonFloatRepr: Python\'s repr of a float', () => {
  it.each([
    [0.1, '0.1'],
    [1e-7, '1e-07'],
    [1.0, '1.0'],
    [123456789.123, '123456789.123'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [0.00012, '0.00012'],
    [1e16, '1e+16'],
    [1e15, '1000000000000000.0'],
    [9999999999999998.0, '9999999999999998.0'],
    [1.5e300, '1.5e+300'],
    [-0, '-0.0'],
    [5e-324, '5e-324'],
    [2 ** 53, '9007199254740992.0'],
    [1775808255.0, '1775808255.0'],
    [1775808255.514, '1775808255.514'],
    [-2.5e-8, '-2.5e-08'],
    [1e22, '1e+22'],
  ])('%d → %s', (value, expected) => {
    expect(pythonFloatRepr(value)).toBe(expected);
    expect(pythonJson(new PythonFloat(value))).toBe(expected);
  });

  it('a number that is not whole is a float without being marked; a whole one is an int, every digit', () => {
    expect(pythonJson([0.1, 1e-7, 123456789.123, 5, -7, 1e21, 1, -0])).toBe('[0.1,1e-07,123456789.123,5,-7,1000000000000000000000,1,0]');
  });

  it('NaN and the infinities are null (ignore_nan=True)', () => {
    expect(pythonJson([Number.NaN, Infinity, new PythonFloat(-Infinity)])).toBe('[null,null,null]');
  });
});

describe('pythonString: ensure_ascii escapes', () => {
  it.each([
    ['héllo ☃ 😀', '"h\\u00e9llo \\u2603 \\ud83d\\ude00"'],
    ["</script>&'", '"</script>&\'"'],
    ['\x7f\x00\x1f\b\f\n\r\t"\\/', '"\\u007f\\u0000\\u001f\\b\\f\\n\\r\\t\\"\\\\/"'],
    ['\u2028\u2029 é', '"\\u2028\\u2029 \\u00e9"'],
  ])('%j', (text, expected) => {
    expect(pythonString(text)).toBe(expected);
    expect(pythonJson(text)).toBe(expected);
  });

  it('escapes keys the same way', () => {
    expect(pythonJson({ é: 'x' })).toBe('{"\\u00e9":"x"}');
  });
});

describe('pythonJson: structure', () => {
  it('compact separators, nested lists and empty objects, in the value\'s own order', () => {
    expect(pythonJson({ a: [[], {}, [1, [2.5, { b: [] }]]], c: {}, t: true, f: false, n: null })).toBe('{"a":[[],{},[1,[2.5,{"b":[]}]]],"c":{},"t":true,"f":false,"n":null}');
  });

  it('a Map keeps its order, whole-number keys too (an object would put them first)', () => {
    expect(pythonJson(new Map([['b', 1], ['10', 2], ['9', 3]]))).toBe('{"b":1,"10":2,"9":3}');
    expect(pythonJson({ b: 1, 10: 2, 9: 3 })).toBe('{"9":3,"10":2,"b":1}');
  });

  it('leaves out what has no JSON, as JSON.stringify does', () => {
    expect(pythonJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
  });
});

describe('jsonWithFloats: JSON.stringify\'s bytes, a marked float with its ".0"', () => {
  it('writes strings as JSON.stringify (UTF-8 unescaped) and a PythonFloat as a float', () => {
    const value = { name: 'Zürich – 東京', Period: 60, Threshold: new PythonFloat(50), ratio: 0.25, none: null, list: [1, 'a'] };
    expect(jsonWithFloats(value)).toBe('{"name":"Zürich – 東京","Period":60,"Threshold":50.0,"ratio":0.25,"none":null,"list":[1,"a"]}');
    expect(jsonWithFloats({ ...value, Threshold: 50 })).toBe(JSON.stringify({ ...value, Threshold: 50 }));
  });
});

describe('pythonSorted: Python\'s order of str', () => {
  it('sorts by code point, as sorted() does', () => {
    // sorted(['b', '_ref', 'Z', 'a', '_metrics', 'é', 'bytes.stored.event', '10', '9']) in Python 3.11.
    expect(pythonSorted(['b', '_ref', 'Z', 'a', '_metrics', 'é', 'bytes.stored.event', '10', '9'])).toEqual(['10', '9', 'Z', '_metrics', '_ref', 'a', 'b', 'bytes.stored.event', 'é']);
  });

  it('puts U+FFFF before a character past it, where UTF-16 order would not', () => {
    expect(pythonSorted(['😀', '\uffff'])).toEqual(['\uffff', '😀']);
    expect(['😀', '\uffff'].sort()).toEqual(['😀', '\uffff']);
  });
});

// Sentry measures a stored event with len(orjson.dumps(data).decode()) (event_manager.py
// _materialize_event_metrics). Each expected length is what Python printed for it with orjson 3.8.3.
describe('orjsonLength: len(orjson.dumps(value).decode())', () => {
  it.each([
    ['a whole float keeps its .0', new PythonFloat(1775808255), 12],
    ['a character past U+FFFF counts once, é unescaped', 'é😀', 4],
    ['control characters escaped', { a: '\u0001\n' }, 16],
    ['positional from 1e-5', new PythonFloat(1e-5), 7],
    ['exponent form from 1e16, no + and no padding', new PythonFloat(1e16), 4],
    ['exponent form below 1e-5', new PythonFloat(1.5e-6), 6],
    ['NaN as null', Number.NaN, 4],
    ['negative zero', new PythonFloat(-0), 4],
    ['compact, U+2028 and < unescaped', { k: [1, 2.5, null, true], ü: '<\u2028>' }, 33],
  ])('%s', (_what, value, expected) => {
    expect(orjsonLength(value)).toBe(expected);
  });
});
