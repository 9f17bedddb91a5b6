// The mapping core: paths without eval, JSON-string traversal, defaults, required and type problems.
import { describe, expect, it } from 'vitest';
import { extract, extractField } from '../../src/mapping/extract.js';
import { parseMapping } from '../../src/mapping/load.js';
import { InputError } from '../../src/errors.js';

const payload = {
  status: 'firing',
  count: 3,
  flags: { paged: true },
  alerts: [{ labels: { alertname: 'HighErrorRate' } }],
  Message: JSON.stringify({ AlarmName: 'db-cpu', Trigger: { Threshold: 80 } }),
  empty: null,
};

describe('extract', () => {
  it('reads values by path, including array indexes', () => {
    const result = extract(payload, { fields: [{ name: 'title', path: 'alerts[0].labels.alertname', type: 'string', required: true }, { name: 'count', path: 'count', type: 'number' }] });
    expect(result).toMatchObject({ ok: true, problems: 0, fields: [{ name: 'title', value: 'HighErrorRate', source: 'path' }, { name: 'count', value: 3, source: 'path' }] });
  });

  it('walks into a JSON string (the SNS Message) as if it were an object', () => {
    expect(extractField(payload, { name: 't', path: 'Message.Trigger.Threshold', type: 'number' })).toMatchObject({ value: 80, source: 'path' });
    expect(extractField(payload, { name: 't', path: 'status.nope' })).toMatchObject({ value: undefined, source: 'missing' });
  });

  it('uses the default when nothing (or null) is at the path', () => {
    expect(extractField(payload, { name: 'severity', path: 'commonLabels.severity', default: 'unknown' })).toMatchObject({ value: 'unknown', source: 'default' });
    expect(extractField(payload, { name: 'e', path: 'empty', default: 'n/a', required: true })).toMatchObject({ value: 'n/a', source: 'default' });
    expect(extractField(payload, { name: 'e', path: 'empty' }).problem).toBeUndefined();
  });

  it('flags a missing required field and a value of the wrong type', () => {
    const result = extract(payload, {
      fields: [
        { name: 'service', path: 'commonLabels.job', required: true },
        { name: 'status', path: 'status', type: 'number' },
        { name: 'paged', path: 'flags.paged', type: 'boolean' },
        { name: 'alerts', path: 'alerts', type: 'array' },
        { name: 'flags', path: 'flags', type: 'object' },
        { name: 'bad-default', path: 'nope', type: 'number', default: 'x' },
      ],
    });
    expect(result.ok).toBe(false);
    expect(result.problems).toBe(3);
    expect(result.fields.map((f) => f.problem)).toEqual([
      'required field is missing (nothing at commonLabels.job)',
      'expected number, got string',
      undefined,
      undefined,
      undefined,
      'expected number, got string (the default)',
    ]);
  });

  it('never follows inherited properties', () => {
    expect(extractField({}, { name: 'x', path: 'toString' })).toMatchObject({ source: 'missing' });
    expect(extractField({ a: [] }, { name: 'x', path: 'a.push' })).toMatchObject({ source: 'missing' });
  });
});

describe('parseMapping', () => {
  it('accepts the documented shape', () => {
    const spec = parseMapping('{"fields":[{"name":"title","path":"alerts[0].labels.alertname","type":"string","required":true},{"name":"severity","path":"commonLabels.severity","default":"unknown"}]}', 'm.json');
    expect(spec.fields).toHaveLength(2);
  });

  it.each([
    ['not JSON', '{fields:', /^mapping file 'm.json': line 1: not valid JSON: /],
    // The schema's own words, not the generic "must have at least 1 item" (validate/issues.ts kept only those).
    ['no fields', '{"fields":[]}', /\$\.fields is empty: a mapping needs at least one field$/],
    ['a field without a name', '{"fields":[{"name":"","path":"a"}]}', /\$\.fields\[0\]\.name is empty: a field needs a name$/],
    ['a mapped field without a name', '{"kind":"alertmanager","mapped":[{"name":""}]}', /\$\.mapped\[0\]\.name is empty: a mapped field needs a name$/],
    ['an unknown type', '{"fields":[{"name":"a","path":"a","type":"date"}]}', /\$\.fields\[0\]\.type/],
    ['an unknown key', '{"fields":[{"name":"a","path":"a","eval":"1+1"}]}', /eval/],
    ['a __proto__ path', '{"fields":[{"name":"a","path":"x.__proto__.polluted"}]}', /__proto__/],
    ['a constructor path', '{"fields":[{"name":"a","path":"constructor.prototype"}]}', /not allowed/],
    ['an empty segment', '{"fields":[{"name":"a","path":"a..b"}]}', /invalid path/],
    ['duplicate names', '{"fields":[{"name":"a","path":"a"},{"name":"a","path":"b"}]}', /duplicate field name 'a'/],
  ])('refuses %s as an input error', (_, text, message) => {
    let error: unknown;
    try {
      parseMapping(text, 'm.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain("'m.json'");
  });
});

describe('a template field with orElse', () => {
  const template = { fields: [{ name: 'title', path: 'issue.summary', orElse: ['webhookEvent', 'id'], type: 'string' as const, required: true }] };
  it('reads its paths in turn and shows the one that filled it; missing, it names them all', () => {
    expect(extract({ issue: { summary: 'S' }, webhookEvent: 'e' }, template).fields[0]).toMatchObject({ value: 'S', path: 'issue.summary', source: 'path' });
    expect(extract({ webhookEvent: 'worklog_created' }, template).fields[0]).toMatchObject({ value: 'worklog_created', path: 'webhookEvent', source: 'path' });
    expect(extract({}, template).fields[0]).toMatchObject({ source: 'missing', problem: 'required field is missing (nothing at issue.summary, webhookEvent, id)' });
  });
});

describe('a [*] path that finds nothing', () => {
  it('is nothing at the path: a required field is missing, a default is used; one that finds something is its list', () => {
    const alerts = { alerts: [{ labels: { a: 1 } }, { labels: {} }], none: [] };
    const result = extract(alerts, { fields: [
      { name: 'req', path: 'alerts[*].labels.nope', required: true },
      { name: 'dflt', path: 'alerts[*].labels.nope', default: 'dflt' },
      { name: 'empty', path: 'none[*]', default: 'no elements' },
      { name: 'some', path: 'alerts[*].labels.a' },
      { name: 'list', path: 'none' },
    ] });
    expect(result.fields.map((f) => [f.name, f.value, f.source, f.problem])).toEqual([
      ['req', undefined, 'missing', 'required field is missing (nothing at alerts[*].labels.nope)'],
      ['dflt', 'dflt', 'default', undefined],
      ['empty', 'no elements', 'default', undefined],
      ['some', [1], 'path', undefined],
      ['list', [], 'path', undefined],
    ]);
    expect(result.ok).toBe(false);
  });
});
