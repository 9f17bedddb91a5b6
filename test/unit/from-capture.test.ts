import { describe, expect, it } from 'vitest';
import { kindFromCapture } from '../../src/kinds/from-capture.js';
import { InputError } from '../../src/errors.js';
import { captureRecord } from '../helpers/capture.js';
import { thrownMessage } from '../helpers/thrown.js';

const options = { name: 'mine', source: 'c.ndjson, record 1', isSecret: () => false };

const refusal = (record: ReturnType<typeof captureRecord>): string => thrownMessage(() => kindFromCapture(record, options), InputError);

describe('kind from-capture: a body no kind is made of', () => {
  it('says what the body was: JSON null, left out of its record, cut short, a form, text, empty, or no JSON', () => {
    const shape = { eventHeader: null, contentType: 'application/json', body: 'json' as const, keys: [], moreKeys: 0 };
    expect(refusal({ ...captureRecord(null), bodyBase64: Buffer.from('null').toString('base64'), shape })).toBe('c.ndjson, record 1: its body is JSON null; a kind is made from a JSON body (or a form field holding JSON) other than null');
    expect(refusal({ ...captureRecord(null), leftOut: ['body', 'text'] })).toMatch(/: its body is left out of its record \(its line would have been longer than whk reads back\); /);
    expect(refusal(captureRecord(null))).toMatch(/: its body is not JSON; /);
    expect(refusal({ ...captureRecord(null), text: 'hello' })).toMatch(/: its body is text, not JSON; /);
    expect(refusal({ ...captureRecord(null), form: { fields: [['a', '1'], ['b', '2'], ['a', '3']], json: null } })).toMatch(/: its body is a form whose fields hold no JSON \(a, b\); /);
    expect(refusal({ ...captureRecord(null), shape: { ...shape, body: 'empty' as const } })).toMatch(/: its body is empty; /);
    // 'not json' is 8 bytes, and 'not js' 6: base64 with one '=', two and none.
    expect(refusal({ ...captureRecord(null), truncated: true })).toMatch(/: its body is cut short: only its first 8 bytes were recorded \(it went over the receiver's body limit\); /);
    expect(refusal({ ...captureRecord(null), truncated: true, bodyBase64: Buffer.from('not js').toString('base64') })).toMatch(/: only its first 6 bytes were recorded /);
    expect(refusal({ ...captureRecord(null), truncated: true, bodyBase64: Buffer.from('not j').toString('base64') })).toMatch(/: only its first 5 bytes were recorded /);
    expect(refusal({ ...captureRecord(null), truncated: true, bodyBase64: Buffer.from('not').toString('base64') })).toMatch(/: only its first 3 bytes were recorded /);
  });
});
