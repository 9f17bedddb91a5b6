// The inspector's search as a reader meets it: a piece of the detail's pretty-printed JSON finds
// its record.
import { describe, expect, it } from 'vitest';
import { createCatalogue } from '../../src/inspector/catalogue.js';
import { prettyLines } from '../../src/inspector/pretty.js';
import { searchForms } from '../../src/inspector/search-text.js';
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
      expect(await catalogue.search(text.trim()), text).toEqual([1]);
    }
    expect(await catalogue.search('"alertname": "high cpu"')).toEqual([1, 2]);
  });

  it('never drops whitespace inside a string', async () => {
    const catalogue = createCatalogue(10);
    catalogue.add(captureRecord({ status: 'firing', note: 'a,b', pair: 'x:y' }));
    catalogue.add(captureRecord({ status: 'fir ing', note: 'a, b', pair: 'x: y' }));
    expect(await catalogue.search('"fir ing"')).toEqual([2]);
    expect(await catalogue.search('fir ing')).toEqual([2]);
    expect(await catalogue.search('"firing"')).toEqual([1]);
    expect(await catalogue.search('"a, b"')).toEqual([2]);
    expect(await catalogue.search('a, b')).toEqual([2]);
    expect(await catalogue.search('"x: y"')).toEqual([2]);
    expect(await catalogue.search('"note": "a, b"')).toEqual([2]);
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
