// Mapping in two stages: a template's selected fields and custom {name, path} fields are extracted;
// mapped fields are filled from them, from a path or from a default; the integration type's required
// mapped fields must be filled. A file may hold one mapping per kind.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { findKind, getKind, listKinds } from '../../src/kinds/index.js';
import { INTEGRATION_TYPES, INTEGRATION_TYPE_IDS } from '../../src/kinds/integration-types.js';
import { extract, mappedFields } from '../../src/mapping/extract.js';
import { parseMappingFile, resolveMappingFile } from '../../src/mapping/load.js';
import { resolveMapping } from '../../src/mapping/resolve.js';
import type { MappingSpec } from '../../src/mapping/spec.js';

const load = (value: unknown) => resolveMappingFile(parseMappingFile(JSON.stringify(value), 'm.json'), findKind, 'm.json');
const resolve = (spec: MappingSpec) => resolveMapping(spec, findKind, 'm.json');

const pod = {
  status: 'firing',
  alerts: [
    { labels: { alertname: 'PodDown', instance: 'a:1', 'app.kubernetes.io/name': 'checkout' } },
    { labels: { alertname: 'PodDown', instance: 'b:2', 'app.kubernetes.io/name': 'checkout' } },
  ],
};

describe('integration types', () => {
  it('are the four of the page, each with required mapped fields and where the list comes from', () => {
    expect(INTEGRATION_TYPE_IDS).toEqual(['alert', 'incident', 'build', 'deployment']);
    for (const type of Object.values(INTEGRATION_TYPES)) {
      expect(type.required.map((f) => f.name)).toEqual(expect.arrayContaining(['title', 'status']));
      expect(type.source).toMatch(type.whkChoice ? /^whk's choice/ : /developer\.harness\.io/);
    }
    expect(INTEGRATION_TYPES.incident.required.map((f) => f.name)).toEqual(['title', 'severity', 'status', 'service']);
  });

  // Jira's worklog callbacks carry no issue (a doubt of the jira kind): nothing to title them with.
  // New Relic's harness-template variant is another body than the workflow default the template
  // reads (a doubt of the new-relic kind): it needs a mapping of its own.
  const uncovered = (id: string, event: string | undefined, variant: string): boolean =>
    (id === 'jira' && event?.startsWith('worklog_') === true) || (id === 'new-relic' && variant === 'harness-template');

  const templated = listKinds().filter((k) => k.mapping && k.integrationType);
  it('has kinds with a template and an integration type to check (so the table below is not empty)', () => {
    expect(templated.map((k) => k.id)).toEqual(expect.arrayContaining(['alertmanager', 'grafana-alert', 'pagerduty-incident', 'datadog-monitor', 'sentry-issue-alert', 'cloudwatch-alarm']));
  });

  it.each(templated.map((k) => [k.id, k] as const))("%s: its template fills its integration type's required mapped fields from every sample", (id, kind) => {
    const mapping = resolve({ kind: id });
    expect(mapping.mapped?.filter((f) => f.required).map((f) => f.name)).toEqual(INTEGRATION_TYPES[kind.integrationType ?? 'alert'].required.map((f) => f.name));
    for (const event of kind.events?.map((e) => e.id) ?? [undefined]) {
      const variants = kind.events?.find((e) => e.id === event)?.variants ?? kind.variants;
      for (const variant of variants) {
        if (uncovered(id, event, variant.id)) continue;
        const result = extract(kind.sample({ seed: 5, variant: variant.id, event }), mapping);
        expect(result.mapped?.filter((f) => f.problem).map((f) => `${f.name}: ${f.problem}`), `${event ?? ''} ${variant.id}`).toEqual([]);
      }
    }
  });
});

describe('two stages', () => {
  it('extracts custom fields by quoted key and [*], with a description, and maps from them, a path and a default', () => {
    const mapping = resolve({
      integrationType: 'alert',
      fields: [
        { name: 'title', path: 'alerts[0].labels.alertname' },
        { name: 'status', path: 'status' },
        { name: 'app', path: 'alerts[0].labels["app.kubernetes.io/name"]', description: 'the Kubernetes app label' },
        { name: 'instances', path: 'alerts[*].labels.instance', type: 'array' },
      ],
      mapped: [
        { name: 'hosts', description: 'where it fires', type: 'array', from: 'instances' },
        { name: 'service', path: 'alerts[0].labels["app.kubernetes.io/name"]' },
        { name: 'team', type: 'string', default: 'sre' },
      ],
    });
    const result = extract(pod, mapping);
    expect(result.ok).toBe(true);
    expect(result.fields.find((f) => f.name === 'app')).toMatchObject({ value: 'checkout', description: 'the Kubernetes app label' });
    expect(result.mapped?.map((f) => [f.name, f.value, f.source])).toEqual([
      ['title', 'PodDown', 'extracted'],
      ['status', 'firing', 'extracted'],
      ['hosts', ['a:1', 'b:2'], 'extracted'],
      ['service', 'checkout', 'path'],
      ['team', 'sre', 'default'],
    ]);
    expect(result.mapped?.find((f) => f.name === 'hosts')?.description).toBe('where it fires');
    expect(mappedFields(result)).toEqual({
      ok: true,
      values: { title: 'PodDown', status: 'firing', app: 'checkout', instances: ['a:1', 'b:2'] },
      mapped: { title: 'PodDown', status: 'firing', hosts: ['a:1', 'b:2'], service: 'checkout', team: 'sre' },
      problems: [],
    });
  });

  it('names a required mapped field left empty, whether nothing maps it or its source is empty', () => {
    const result = extract({ alerts: [] }, resolve({ kind: 'alertmanager', select: ['title'], mapped: [{ name: 'status', path: 'state' }] }));
    expect(result.ok).toBe(false);
    expect(result.problems).toBe(3);
    expect(mappedFields(result).problems).toEqual([
      { field: 'title', problem: 'required field is missing (nothing at alerts[0].labels.alertname)', stage: 'extracted' },
      { field: 'title', problem: "required by the alert integration type, but not filled (the extracted field 'title' is empty)", stage: 'mapped' },
      { field: 'status', problem: 'required by the alert integration type, but not filled (nothing at state)', stage: 'mapped' },
    ]);
    const unmapped = extract(pod, resolve({ kind: 'alertmanager', select: ['title'] }));
    expect(unmapped.mapped?.find((f) => f.name === 'status')?.problem).toBe("required by the alert integration type, but not filled (no extracted field 'status', no from, path or default)");
  });

  it("takes the kind's integration type and its template's fields; a custom field of a template field's name replaces its path", () => {
    const mapping = resolve({ kind: 'alertmanager', fields: [{ name: 'service', path: 'alerts[0].labels["app.kubernetes.io/name"]' }] });
    expect(mapping.integrationType).toBe('alert');
    expect(mapping.extracted.map((f) => f.name)).toEqual(getKind('alertmanager').mapping?.fields.map((f) => f.name));
    expect(extract(pod, mapping).fields.find((f) => f.name === 'service')?.value).toBe('checkout');
  });

  it('keeps the one-stage {"fields"} form as it was: no mapped stage', () => {
    const result = extract(pod, resolve({ fields: [{ name: 'status', path: 'status' }] }));
    expect(result.mapped).toBeNull();
    expect(mappedFields(result)).toEqual({ ok: true, values: { status: 'firing' }, problems: [] });
  });

  it.each([
    ['an unknown kind', { kind: 'nope' }, /unknown kind 'nope'/],
    ["a field the template lacks", { kind: 'alertmanager', select: ['runbook'] }, /'runbook' is not a field of the alertmanager template/],
    ['from naming no extracted field', { fields: [{ name: 'a', path: 'a' }], mapped: [{ name: 'b', from: 'c' }] }, /'c', which is not an extracted field/],
    ['a mapped field nothing fills', { fields: [{ name: 'a', path: 'a' }], mapped: [{ name: 'b' }] }, /mapped field 'b' has nothing to fill it/],
  ])('refuses %s as an input error naming the file', (_, spec, message) => {
    expect(() => load(spec)).toThrow(InputError);
    expect(() => load(spec)).toThrow(message);
    expect(() => load(spec)).toThrow(/'m\.json'/);
  });

  it.each([
    ['select without a kind', { select: ['title'], fields: [{ name: 'a', path: 'a' }] }, /: \$\.select picks fields of a kind's template, and the mapping names no kind: add "kind", e.g. "kind": "alertmanager"$/],
    // Alone it was "a mapping needs fields, a kind (its template) or mapped fields", select unnamed.
    ['select alone, without a kind', { select: ['title'] }, /: \$\.select picks fields of a kind's template, and the mapping names no kind/],
    ['select with an integration type but no kind', { integrationType: 'alert', select: ['title'] }, /: \$\.select picks fields of a kind's template, and the mapping names no kind/],
    ['from and path together', { fields: [{ name: 'a', path: 'a' }], mapped: [{ name: 'b', from: 'a', path: 'a' }] }, /from or path, not both/],
    ['an empty mapping', {}, /needs fields, a kind/],
    ['a bad mapped path', { mapped: [{ name: 'b', path: 'a[*' }] }, /invalid path/],
    ['duplicate mapped names', { mapped: [{ name: 'b', default: 1 }, { name: 'b', default: 2 }] }, /duplicate field name 'b'/],
  ])('refuses %s in the file schema', (_, spec, message) => {
    expect(() => load(spec)).toThrow(message);
  });
});

describe('a mapping that selects from no template', () => {
  const refusal = (spec: unknown): InputError => {
    try {
      load(spec);
    } catch (error) {
      if (error instanceof InputError) return error;
      throw error;
    }
    throw new Error('not refused');
  };

  // It said "'title' is not a field of the metric-alert template", its fields "none".
  it.each([
    ['with "kind"', { kind: 'metric-alert', select: ['title'] }, "invalid mapping file 'm.json'"],
    ['under "kinds"', { kinds: { 'metric-alert': { select: ['title'] } } }, "invalid mapping file 'm.json' (kinds.metric-alert)"],
  ])('refuses select of a kind with no template (%s), saying it has none', (_, spec, where) => {
    const error = refusal(spec);
    expect(error.message).toBe(`${where}: select picks fields of a kind's template, and metric-alert has none`);
    expect(error.hint).toBe('give your own fields [{"name", "path"}] instead (whk kinds shows which kinds have a template)');
  });

  // Its hint said "the  kind has no template fields", a kind it does not name.
  it('refuses {"mapped": []}, naming no kind in its hint', () => {
    const error = refusal({ mapped: [] });
    expect(error.message).toBe("invalid mapping file 'm.json': the mapping extracts nothing");
    expect(error.hint).toBe('it names no kind and maps no field: give fields [{"name", "path"}]');
  });
});

describe('one mapping per kind', () => {
  it('applies each kind its own mapping and none to other kinds', () => {
    const set = load({ kinds: { alertmanager: { select: ['title', 'status'] }, 'pagerduty-incident': { fields: [{ name: 'number', path: 'event.data.number', type: 'number' }] } } });
    expect(set.kinds).toEqual(['alertmanager', 'pagerduty-incident']);
    expect(set.single).toBeNull();
    expect(set.forKind('alertmanager')?.extracted.map((f) => f.name)).toEqual(['title', 'status']);
    expect(set.forKind('pagerduty-incident')?.integrationType).toBe('alert');
    expect(set.forKind('datadog-monitor')).toBeUndefined();
    expect(set.forKind(null)).toBeUndefined();
  });

  it('applies a mapping without a kind to every request, one with a kind to its kind only', () => {
    const every = load({ fields: [{ name: 's', path: 'status' }] });
    expect(every.kinds).toBeNull();
    expect(every.forKind('datadog-monitor')).toBe(every.single);
    expect(every.forKind(null)).toBe(every.single);
    const one = load({ kind: 'alertmanager' });
    expect(one.forKind('alertmanager')).toBe(one.single);
    expect(one.forKind('grafana-alert')).toBeUndefined();
  });

  it('suggests the kind meant by a misspelled one, and the field meant by a misspelled key, as a contract does', () => {
    expect(() => load({ kind: 'metric-alrt', fields: [{ name: 'a', path: 'type' }] })).toThrow(expect.objectContaining({ hint: expect.stringMatching(/^did you mean 'metric-alert'\? known kinds: /) }));
    expect(() => load({ kinds: { 'metric-alrt': { fields: [{ name: 'a', path: 'type' }] } } })).toThrow(expect.objectContaining({ hint: expect.stringMatching(/^did you mean 'metric-alert'\? /) }));
    expect(() => load({ feilds: [{ name: 'a', path: 'type' }] })).toThrow("invalid mapping file 'm.json': $ unknown field 'feilds' (did you mean 'fields'?)");
    expect(() => load({ kinds: { alertmanager: { selcet: ['title'] } } })).toThrow(/unknown field 'selcet' \(did you mean 'select'\?\)$/);
    expect(() => load({ fields: [{ name: 'a', path: 'type', tpye: 'string' }] })).toThrow("invalid mapping file 'm.json': $.fields[0] unknown field 'tpye' (did you mean 'type'?)");
    expect(() => load({ zzzzzz: 1, fields: [{ name: 'a', path: 'type' }] })).toThrow("invalid mapping file 'm.json': $ unknown field 'zzzzzz'");
    // A required field misspelled: the unknown one is told, with the field it was meant to be, not "name is missing".
    expect(() => load({ fields: [{ nme: 'a', path: 'type' }] })).toThrow("invalid mapping file 'm.json': $.fields[0] unknown field 'nme' (did you mean 'name'?)");
    // An unknown key near no missing field: the missing one first, then the unknown.
    expect(() => load({ fields: [{ path: 'type', label: 'a' }] })).toThrow("invalid mapping file 'm.json': $.fields[0].name required string is missing; $.fields[0] unknown field 'label'");
  });

  it('refuses an unknown kind and a kind key inside an entry', () => {
    expect(() => load({ kinds: { nope: {} } })).toThrow(/\(kinds\.nope\): unknown kind 'nope'/);
    expect(() => load({ kinds: { alertmanager: { kind: 'alertmanager' } } })).toThrow(/kind/);
    expect(() => load({ kinds: {} })).toThrow(/at least one mapping/);
  });
});
