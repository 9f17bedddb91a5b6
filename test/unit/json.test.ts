import { describe, expect, it } from 'vitest';
import { MAX_REPAIR_LENGTH, mayBeJson, parseJsonLenient, syntaxErrorOffset, withoutBom } from '../../src/util/json.js';

describe('parseJsonLenient', () => {
  it('parses strict JSON without warnings', () => {
    expect(parseJsonLenient('{"a":[1,2]}')).toEqual({ ok: true, value: { a: [1, 2] }, warnings: [] });
  });

  it("repairs HertzBeat's trailing comma and names its line", () => {
    const text = '{\n  "alerts": [\n    {\n      "activeAt": "2026-05-04 09:01:12",\n      }\n  ]\n}';
    const result = parseJsonLenient(text);
    expect(result).toEqual({
      ok: true,
      value: { alerts: [{ activeAt: '2026-05-04 09:01:12' }] },
      warnings: [{ line: 4, what: "a trailing comma before '}'", message: "repaired a trailing comma before '}' (not valid JSON)" }],
    });
  });

  it('repairs trailing commas before ] and doubled commas (HertzBeat 1.7.0)', () => {
    expect(parseJsonLenient('[1,2,]')).toMatchObject({ ok: true, value: [1, 2] });
    expect(parseJsonLenient('{"a":1,,\n"b":2}')).toMatchObject({ ok: true, value: { a: 1, b: 2 }, warnings: [{ line: 1, message: 'repaired a doubled comma (not valid JSON)' }] });
  });

  it('leaves commas inside strings untouched, escaped quotes included', () => {
    expect(parseJsonLenient('{"a":"x,}","b":"y\\",]",}')).toEqual({
      ok: true,
      value: { a: 'x,}', b: 'y",]' },
      warnings: [{ line: 1, what: "a trailing comma before '}'", message: "repaired a trailing comma before '}' (not valid JSON)" }],
    });
    expect(parseJsonLenient('{"a":"1,}"}')).toEqual({ ok: true, value: { a: '1,}' }, warnings: [] });
  });

  it('reports what is not JSON with the line of the problem', () => {
    expect(parseJsonLenient('{\n"a": 1,\n"b": hello\n}')).toMatchObject({ ok: false, line: 3, message: expect.stringContaining('not valid JSON') });
    expect(parseJsonLenient('{\n"a": 1\n"b": 2\n}')).toMatchObject({ ok: false, line: 3 });
    expect(parseJsonLenient('   ')).toEqual({ ok: false, line: 1, message: 'empty body: not JSON', empty: true });
    // White space over lines is no line's problem: it was "line 2: empty body: not JSON" under listen.
    expect(parseJsonLenient('\n \r\n\t')).toEqual({ ok: false, line: 1, message: 'empty body: not JSON', empty: true });
  });

  it('repairs a text up to MAX_REPAIR_LENGTH and not one character longer (whk\'s bound)', () => {
    const body = '{\n"alerts": [{"activeAt": "2026-05-04 09:01:12",}]\n}';
    const atBound = body + ' '.repeat(MAX_REPAIR_LENGTH - body.length);
    expect(parseJsonLenient(atBound)).toEqual({
      ok: true,
      value: { alerts: [{ activeAt: '2026-05-04 09:01:12' }] },
      warnings: [{ line: 2, what: "a trailing comma before '}'", message: "repaired a trailing comma before '}' (not valid JSON)" }],
    });
    expect(parseJsonLenient(`${atBound} `)).toEqual({ ok: false, line: 2, message: "not valid JSON: Expected double-quoted property name (whk repairs stray commas only in a text up to 1 MiB)" });
  });

  it('says nothing of commas when a long text fails elsewhere', () => {
    const text = `{"a": [1, 2]\n, "b": nope}${' '.repeat(MAX_REPAIR_LENGTH)}`;
    expect(parseJsonLenient(text)).toEqual({ ok: false, line: 2, message: "not valid JSON: Unexpected token 'o'" });
  });

  it('names a control or bidirectional character by its code point: quoted, it printed as an empty token', () => {
    expect(parseJsonLenient('\u001b]0;title\u0007{')).toEqual({ ok: false, line: 1, message: 'not valid JSON: Unexpected token U+001B' });
    expect(parseJsonLenient('\u202e{}')).toEqual({ ok: false, line: 1, message: 'not valid JSON: Unexpected token U+202E' });
    expect(parseJsonLenient('{"a":\n\u0085}')).toEqual({ ok: false, line: 2, message: 'not valid JSON: Unexpected token U+0085' });
  });

  it('names a byte order mark instead of quoting the invisible character', () => {
    expect(parseJsonLenient('\ufeff{"a":1}')).toEqual({ ok: false, line: 1, message: 'not valid JSON: it starts with a byte order mark (U+FEFF)' });
    expect(parseJsonLenient('{"a":\n\ufeff1}')).toEqual({ ok: false, line: 2, message: 'not valid JSON: it holds a byte order mark (U+FEFF)' });
    expect(parseJsonLenient(withoutBom('\ufeff{"a":1}'))).toEqual({ ok: true, value: { a: 1 }, warnings: [] });
    expect(withoutBom('{"a":"\ufeff"}')).toBe('{"a":"\ufeff"}');
  });

  it('says a body is UTF-16 (as Windows PowerShell writes files), with or without its byte order mark, either byte order', () => {
    const json = '{"type":"METRIC_ALERT"}';
    const le = Buffer.from(json, 'utf16le');
    const be = Buffer.from(json, 'utf16le').swap16();
    const message = (marked: boolean): string => `not valid JSON: it is UTF-16 text (a NUL byte beside each character${marked ? ', after a UTF-16 byte order mark' : ''}), and JSON is read as UTF-8 (RFC 8259 §8.1): convert it to UTF-8`;
    for (const [bytes, marked] of [[Buffer.concat([Buffer.from([0xff, 0xfe]), le]), true], [le, false], [Buffer.concat([Buffer.from([0xfe, 0xff]), be]), true], [be, false]] as const) {
      expect(parseJsonLenient(bytes.toString('utf8'))).toEqual({ ok: false, line: 1, message: message(marked) });
    }
    // A NUL that is not beside each character is named as the character it is.
    expect(parseJsonLenient('{"a":\u0000}')).toEqual({ ok: false, line: 1, message: 'not valid JSON: Unexpected token U+0000' });
  });

  it('does not let a repair hide another error', () => {
    const result = parseJsonLenient('{\n"a": 1,\n"b": nope,\n}');
    expect(result).toMatchObject({ ok: false, line: 3 });
  });
});

describe('syntaxErrorOffset', () => {
  it('points at the first offending character', () => {
    expect(syntaxErrorOffset('{"a": hello}')).toBe(6);
    expect(syntaxErrorOffset('[1, 2, x]')).toBe(7);
    expect(syntaxErrorOffset('{"a": "x\\q"}')).toBe(8);
    expect(syntaxErrorOffset('{"a": 1} 2')).toBe(9);
  });

  it('returns the length for valid JSON and for input that just ends', () => {
    const valid = '{"a": [1, -2.5e3, true, null, "\\u00e9"]}';
    expect(syntaxErrorOffset(valid)).toBe(valid.length);
    expect(syntaxErrorOffset('{"a": [1')).toBe(8);
  });
});

describe('mayBeJson', () => {
  const parses = (text: string): boolean => {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  };
  const texts = [
    ...['{}', '[]', '""', '"a"', '0', '-0', '1.5e+3', '12345678901234567890123456789012345678901234567890', 'true', 'false', 'null'],
    ...[' \t{"a":1}\r', '\n[1]\n', '  42  ', ' "x" '],
    // JSON.parse refuses each, and most are told without it.
    ...['', '   ', 'x', '2026-12-02 INFO started', '[INFO] started', '"', '{', '}', '-', '01', '1.', '.5', '+1', 'True', 'nul', 'nullx', '"a" b', '\u00a0{}', '\ufeff{}', '1 2'],
    // They may be JSON by their ends, and are tried.
    ...['{"a":}', '[1,]', '"\\q"', '{} {}'],
  ];
  it('is false only for texts JSON.parse refuses', () => {
    for (const text of texts) if (!mayBeJson(text)) expect(parses(text), JSON.stringify(text)).toBe(false);
  });
  it('is true for every text JSON.parse takes, and false for the log lines and stray words', () => {
    for (const text of texts) if (parses(text)) expect(mayBeJson(text), JSON.stringify(text)).toBe(true);
    expect(['x', '2026-12-02 INFO started', '[INFO] started', '01', 'nul', '\u00a0{}', '1 2'].filter(mayBeJson)).toEqual([]);
  });
});
