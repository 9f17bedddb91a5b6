// An integer past 2^53 in a body: JSON.parse reads it as the nearest double, so whk never passes that
// double off as what was sent. The walk that finds one (util/deep-json.ts), and listen --body's note.
import { describe, expect, it } from 'vitest';
import { firstInexactInteger } from '../../src/util/deep-json.js';
import { bodyLines } from '../../src/ui/render-body.js';
import { captureRecord } from '../helpers/capture.js';

describe('integers past 2^53', () => {
  it('are found first in the value, at any depth, never the safe ones or the fractions', () => {
    expect(firstInexactInteger({ a: 1, b: [2.5, { c: 9007199254740991 }] })).toBeUndefined();
    expect(firstInexactInteger({ a: [1, -12345678901234567890], b: 98765432109876543210 })).toBe('-12345678901234567000');
    expect(firstInexactInteger(1e300)).toBe('1e+300');
    let deep: unknown = 12345678901234567890;
    for (let depth = 0; depth < 100_000; depth++) deep = [deep];
    expect(firstInexactInteger(deep)).toBe('12345678901234567000');
  });

  it('listen --body prints such a body with a note before it', () => {
    expect(bodyLines(captureRecord({ id: 12345678901234567890 }))).toEqual([
      "    (12345678901234567000 is past 2^53, printed as JSON reads it, the nearest double: the capture file's bodyBase64 has the digits sent)",
      '    {',
      '      "id": 12345678901234567000',
      '    }',
    ]);
    expect(bodyLines(captureRecord({ id: 1 }))[0]).toBe('    {');
  });

  it('listen --body prints the digits the decoded bytes hold, and the note only for a number whose digits they lack', () => {
    const sent = '{"id":12345678901234567890,"b":12345678901234567891}';
    const record = captureRecord(JSON.parse(sent));
    expect(bodyLines(record, Buffer.from(sent))).toEqual(['    {', '      "id": 12345678901234567890,', '      "b": 12345678901234567891', '    }']);
    // Bytes that do not hold b's digits (the record's body edited by hand): b is the nearest double, said so.
    expect(bodyLines(record, Buffer.from('{"id":12345678901234567890,"b":1}'))).toEqual([
      "    (12345678901234567000 is past 2^53, printed as JSON reads it, the nearest double: the capture file's bodyBase64 has the digits sent)",
      '    {',
      '      "id": 12345678901234567890,',
      '      "b": 12345678901234567000',
      '    }',
    ]);
  });
});
