// The inspector's search as a reader meets it: a piece of the detail's pretty-printed JSON finds
// its record, and the path filter reads the whole target, as sent and decoded.
import { describe, expect, it } from 'vitest';
import type { CaptureRecord } from '../../src/capture/record.js';
import { createCatalogue, ROW_TEXT_LIMIT } from '../../src/inspector/catalogue.js';
import { prettyLines } from '../../src/inspector/pretty.js';
import { searchForms, targetHolds } from '../../src/inspector/search-text.js';
import { captureRecord } from '../helpers/capture.js';

/** The body's lines as the page's detail draws them (page/detail.ts), so as a reader copies them. */
const detailText = (body: unknown): string =>
  prettyLines(body).lines.map((line) => `${'  '.repeat(line.depth)}${line.key === undefined ? '' : `${JSON.stringify(line.key)}: `}${line.text}${line.comma ? ',' : ''}`).join('\n');

describe('free-text search across JSON layout', () => {
  const alert = { status: 'firing', labels: { alertname: 'High CPU', severity: 'page' }, values: [1, 2.5, null, true], note: 'fir ing, a: b' };

  it('finds a body by a piece copied from the detail, and by the compact text as before', async () => {
    const catalogue = createCatalogue(10);
    catalogue.add(captureRecord(alert));
    catalogue.add(captureRecord({ status: 'resolved', labels: { alertname: 'High CPU' } }));
    const pretty = detailText(alert);
    // The pieces are the detail's own lines, not written by hand.
    const labels = pretty.slice(pretty.indexOf('"labels"'), pretty.indexOf('"page"') + '"page"'.length);
    expect(labels).toBe('"labels": {\n    "alertname": "High CPU",\n    "severity": "page"');
    const values = pretty.slice(pretty.indexOf('2.5'), pretty.indexOf('true') + 4);
    expect(values).toBe('2.5,\n    null,\n    true');
    for (const text of ['"status": "firing"', '"status":"firing"', labels, values, 'ring",\n  "labels": {', '"values": [', '  "status" :  "firing"  ']) {
      expect(await catalogue.search({ text: text.trim() }), text).toEqual([1]);
    }
    expect(await catalogue.search({ text: '"alertname": "high cpu"' })).toEqual([1, 2]);
  });

  it('never drops whitespace inside a string', async () => {
    const catalogue = createCatalogue(10);
    catalogue.add(captureRecord({ status: 'firing', note: 'a,b', pair: 'x:y' }));
    catalogue.add(captureRecord({ status: 'fir ing', note: 'a, b', pair: 'x: y' }));
    expect(await catalogue.search({ text: '"fir ing"' })).toEqual([2]);
    expect(await catalogue.search({ text: 'fir ing' })).toEqual([2]);
    expect(await catalogue.search({ text: '"firing"' })).toEqual([1]);
    expect(await catalogue.search({ text: '"a, b"' })).toEqual([2]);
    expect(await catalogue.search({ text: 'a, b' })).toEqual([2]);
    expect(await catalogue.search({ text: '"x: y"' })).toEqual([2]);
    expect(await catalogue.search({ text: '"note": "a, b"' })).toEqual([2]);
  });

  it('reads a piece as beginning in or out of a string only where that reading is JSON', () => {
    expect(searchForms('"status": "firing"')).toEqual(['"status": "firing"', '"status":"firing"']);
    expect(searchForms('firing",\n  "labels": {')).toEqual(['firing",\n  "labels": {', 'firing","labels":{']);
    expect(searchForms('"fir ing"')).toEqual(['"fir ing"']);
    expect(searchForms('hello world')).toEqual(['hello world']);
    // An escaped quote does not end the string.
    expect(searchForms('"say \\"a, b\\"": 1')).toEqual(['"say \\"a, b\\"": 1', '"say \\"a, b\\"":1']);
    // Numbers and literals whole between strings, cut only at the piece's ends.
    expect(searchForms('ue, 12, -3.5e+2, null, fal')).toEqual(['ue, 12, -3.5e+2, null, fal', 'ue,12,-3.5e+2,null,fal']);
    expect(searchForms('1, nul, 2')).toEqual(['1, nul, 2']);
  });
});

describe('the path filter', () => {
  it('holds a target as sent and as it reads', () => {
    expect(targetHolds('/hooks/caf%C3%A9', '/hooks/café')).toBe(true);
    expect(targetHolds('/hooks/caf%C3%A9', '/hooks/caf%C3%A9')).toBe(true);
    expect(targetHolds('/a%20b', '/a b')).toBe(true);
    expect(targetHolds('/a%20b', '/a%20b')).toBe(true);
    expect(targetHolds('/a%20b', '/ab')).toBe(false);
    expect(targetHolds('/a+b', '/a b')).toBe(false);
    expect(targetHolds('/p?q=a+b%21', 'q=a b!')).toBe(true);
    // Not an escape, or bytes that are not UTF-8: read as the URL standard does, never thrown.
    expect(targetHolds('/100%/caf%E9', '/100%/caf\uFFFD')).toBe(true);
    expect(targetHolds('/100%/caf%E9', '/100%/caf%E9')).toBe(true);
  });

  it("sees a target past the row's cut, held whole or read back from the capture file, and the query masked", async () => {
    const long = `/hooks/${'x'.repeat(ROW_TEXT_LIMIT)}/caf%C3%A9/tail`;
    const records: CaptureRecord[] = [
      captureRecord({ n: 1 }, { path: long }),
      captureRecord({ n: 2 }, { path: '/short', query: { q: `${'y'.repeat(ROW_TEXT_LIMIT)}end` }, rawQuery: `q=${'y'.repeat(ROW_TEXT_LIMIT)}end&token=s3cret` }),
      captureRecord({ n: 3 }, { path: '/a%20b' }),
    ];
    const lines = records.map((record) => JSON.stringify(record));
    const whole = createCatalogue(10);
    const kept = createCatalogue(10, { read: ({ offset }) => lines[offset] as string, bytes: async () => Buffer.alloc(0), close() {} });
    records.forEach((record, i) => {
      whole.add(record);
      kept.add(record, { placement: { offset: i, bytes: (lines[i] as string).length } });
    });
    for (const catalogue of [whole, kept]) {
      expect(catalogue.get(1)?.row.path).toHaveLength(ROW_TEXT_LIMIT);
      expect(await catalogue.search({ path: '/café/tail' })).toEqual([1]);
      expect(await catalogue.search({ path: '/caf%C3%A9/tail' })).toEqual([1]);
      expect(await catalogue.search({ path: 'yend&token=' })).toEqual([2]);
      expect(await catalogue.search({ path: 's3cret' })).toEqual([]);
      expect(await catalogue.search({ path: '/a b' })).toEqual([3]);
      expect(await catalogue.search({ path: '/hooks/', text: '"n": 1' })).toEqual([1]);
      expect(await catalogue.search({})).toEqual([1, 2, 3]);
    }
  });
});
