// `whk listen --body`'s JSON: JSON.stringify(value, null, 2)'s lines, drawn only as far as they are
// shown (200), with how many more there are; deeper than that, the compact text on one line.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prettyLineCount } from '../../src/inspector/pretty.js';
import { bodyLines, jsonWithDigits } from '../../src/ui/render-body.js';
import { jsonText } from '../../src/ui/terminal-text.js';
import { firstInexactInteger } from '../../src/util/deep-json.js';
import { captureRecord } from '../helpers/capture.js';

const MORE = (count: number) => `    … ${count} more lines (the capture file keeps the whole body)`;

describe('listen --body', () => {
  it('prints the lines JSON.stringify(value, null, 2) writes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const lines = JSON.stringify(value, null, 2).split('\n');
        // (An integer past 2^53 gets its note: the last test.)
        fc.pre(value !== null && lines.length <= 200 && firstInexactInteger(value) === undefined);
        expect(bodyLines(captureRecord(value))).toEqual(lines.map((line) => `    ${line}`));
      }),
    );
  });

  it('prints the first 200 of a long body and counts the rest, without pretty-printing it whole', () => {
    const body = { items: Array.from({ length: 5000 }, (_, i) => ({ id: i, tags: ['a', 'b'], v: null })) };
    const lines = JSON.stringify(body, null, 2).split('\n');
    expect(bodyLines(captureRecord(body))).toEqual([...lines.slice(0, 200).map((line) => `    ${line}`), MORE(lines.length - 200)]);
  });

  it('counts the lines as JSON.stringify(value, null, 2) writes them, whatever the value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(prettyLineCount(value)).toBe(JSON.stringify(value, null, 2).split('\n').length);
      }),
    );
  });

  // Its record's body is null, as for a body with no JSON: it was printed as a hex dump of 'null'.
  it('prints a body of JSON null as null; a body with no JSON as text when it is UTF-8, else as its bytes', () => {
    const nullBytes = Buffer.from('null').toString('base64');
    expect(bodyLines({ ...captureRecord(null), bodyBase64: nullBytes })).toEqual(['    null']);
    // JSON that does not parse (cut short, a JSON Lines line that is not JSON) is text all the same: it was a hex dump.
    expect(bodyLines(captureRecord(null))).toEqual(['    not json']);
    const cutShort = '{\n  "a": [\n    1,\n    2';
    expect(bodyLines(captureRecord(null, { bodyBase64: Buffer.from(cutShort).toString('base64') }))).toEqual(['    {', '      "a": [', '        1,', '        2']);
    // The decoded bytes of a gzip body, not the gzip bytes.
    expect(bodyLines(captureRecord(null, { bodyBase64: 'H4sI', encoding: 'gzip' }), Buffer.from('{"a":\r\n1'))).toEqual(['    {"a":', '    1']);
    const binary = (bytes: number[]) => bodyLines(captureRecord(null, { bodyBase64: Buffer.from(bytes).toString('base64') }));
    expect(binary([0x61, 0xff])).toEqual(['    00000000  61 ff                                            |a.|']);
    expect(binary([0x7b, 0x00])).toEqual(['    00000000  7b 00                                            |{.|']);
    expect(bodyLines(captureRecord(null, { bodyBase64: Buffer.from('not json').toString('base64'), encoding: 'gzip' }))).toEqual([
      '    (as received, gzip)',
      '    00000000  6e 6f 74 20 6a 73 6f 6e                          |not json|',
    ]);
  });

  it('prints a body nested deeper than the lines shown on one line', () => {
    const deep = JSON.parse('['.repeat(201) + '1' + ']'.repeat(201)) as unknown;
    expect(bodyLines(captureRecord(deep))).toEqual(['    (nested too deep to indent: on one line)', `    ${'['.repeat(201)}1${']'.repeat(201)}`]);
    const shallow = JSON.parse('['.repeat(99) + '1' + ']'.repeat(99)) as unknown;
    expect(bodyLines(captureRecord(shallow))).toEqual(JSON.stringify(shallow, null, 2).split('\n').map((line) => `    ${line}`));
  });

  it('cuts a line past 16 kB, saying how many characters it left out: a string value, a text body, a body too deep to indent', () => {
    const cut = (kept: string, left: number) => `${kept}… ${left} more characters (the capture file keeps the whole body)`;
    const long = { s: 'x'.repeat(100_000) };
    // '      "s": "' is 12 characters of the line's 100,013 (its 4 of indent come after the cut).
    expect(bodyLines(captureRecord(long))[1]).toBe(`    ${cut(`  "s": "${'x'.repeat(16_384 - 8)}`, 100_013 - 4 - 16_384)}`);
    const text = captureRecord(null, { text: `${'y'.repeat(20_000)}\nshort`, body: null });
    expect(bodyLines(text)).toEqual([`    ${cut('y'.repeat(16_384), 20_000 - 16_384)}`, '    short']);
    const deep = JSON.parse('['.repeat(10_000) + ']'.repeat(10_000)) as unknown;
    // (The helper would serialize the body for its bytes, deeper than JSON.stringify goes.)
    expect(bodyLines({ ...captureRecord(null), body: deep })).toEqual(['    (nested too deep to indent: on one line)', `    ${cut('['.repeat(10_000) + ']'.repeat(6_384), 20_000 - 16_384)}`]);
  });

  // 10 MB of control characters, escaped and split whole to print 16 kB of them, held the receiver's
  // thread for seven seconds (a form field of them four, a JSON string of U+202E two); the count
  // left out was of the escapes, four or six times the body's characters.
  it('escapes only what it prints of a long line, and counts what it left out in the characters the body has', () => {
    const note = (left: number) => `… ${left} more characters (the capture file keeps the whole body)`;
    const text = captureRecord(null, { text: '\u0001'.repeat(10_000_000), body: null });
    expect(bodyLines(text)).toEqual([`    ${'\\x01'.repeat(4096)}${note(10_000_000 - 4096)}`]);
    // A CRLF is one newline, never cut in two, where the escaping goes by runs of characters too.
    const form = captureRecord(null, { form: { fields: [['ab', '\r\n'.repeat(10_000)]], json: null }, body: null });
    expect(bodyLines(form)).toEqual([`    ab=${'\\n'.repeat(8190)}${note(20_003 - 3 - 8190 * 2)}`]);
    const json = captureRecord({ s: '\u202e'.repeat(3_000_000) });
    expect(bodyLines(json)[1]).toBe(`      "s": "${'\\u202e'.repeat(2729)}${note(3_000_001 - 2729)}`);
    // The lines past the 200 shown are counted, not split off.
    expect(bodyLines(captureRecord(null, { text: 'x\r\n'.repeat(5_000_000), body: null }))).toEqual([...Array.from({ length: 200 }, () => '    x'), MORE(5_000_001 - 200)]);
  });

  it('says an integer past 2^53 is the nearest double only when it is among the lines shown', () => {
    const text = `{"items":[${Array.from({ length: 300 }, (_, i) => i).join(',')}],"big":12345678901234567890}`;
    const body = JSON.parse(text) as unknown;
    expect(bodyLines(captureRecord(body), Buffer.from('{}'))[0]).toBe('    {');
    const early = JSON.parse('{"big":12345678901234567890}') as unknown;
    expect(bodyLines(captureRecord(early), Buffer.from('{}'))[0]).toContain('(12345678901234567000 is past 2^53');
  });

  it('reads the digits sent from the first 256 kB of the text: a number past them keeps its note', () => {
    const after = (length: number) => `{"s":"${'x'.repeat(length)}","big":12345678901234567890}`;
    const near = after(1000);
    expect(bodyLines(captureRecord(JSON.parse(near)), Buffer.from(near)).at(-2)).toBe('      "big": 12345678901234567890');
    const far = after(300_000);
    const lines = bodyLines(captureRecord(JSON.parse(far)), Buffer.from(far));
    expect(lines[0]).toContain('(12345678901234567000 is past 2^53');
    expect(lines.at(-2)).toBe('      "big": 12345678901234567000');
  });
});

describe('listen --json --body', () => {
  const sent = '{"id":12345678901234567890,"s":"\u202e"}';
  const record = captureRecord(JSON.parse(sent));
  const event = { type: 'request', path: '/hook', body: record.body, after: 1 };

  it("writes the event with the body's digits sent in its place, and escapes what JSON.stringify leaves raw", () => {
    const written = jsonWithDigits(event, record, Buffer.from(sent));
    expect(written && jsonText(written)).toBe('{"type":"request","path":"/hook","body":{"id":12345678901234567890,"s":"\\u202e"},"after":1}');
    // Paths with a quoted key, and a body that is the number itself, are the event's too.
    for (const text of ['{"a b":[1,12345678901234567890]}', '12345678901234567890']) {
      const body = JSON.parse(text) as unknown;
      const line = jsonWithDigits({ type: 'request', body }, captureRecord(body), Buffer.from(text));
      expect(line && jsonText(line)).toBe(`{"type":"request","body":${text}}`);
    }
  });

  it('leaves the event to be written as it is when the body holds no such number, when it is past 1 MB, or nested deeper than the walk goes', () => {
    expect(jsonWithDigits({ ...event, body: { id: 1 } }, captureRecord({ id: 1 }), Buffer.from('{"id":1}'))).toBeUndefined();
    const padded = `${sent.slice(0, -1)},"pad":"${'x'.repeat(1024 * 1024)}"}`;
    expect(jsonWithDigits(event, captureRecord(JSON.parse(padded)), Buffer.from(padded))).toBeUndefined();
    const deepText = `${'['.repeat(100_000)}12345678901234567890${']'.repeat(100_000)}`;
    const deep = JSON.parse(deepText) as unknown;
    expect(jsonWithDigits({ ...event, body: deep }, { ...captureRecord(null), body: deep }, Buffer.from(deepText))).toBeUndefined();
  });
});
