// Mapping in two stages: a mapping with ["dotted.key"], [*] and description; a required mapped
// field left empty exits 1 naming it; whk map --template; and listen --map applying each request's
// kind its own mapping, the summary counting problems.
// The binary (runCli, startCli) runs a witness of each way: map --map --json, map --template, and
// every listen --map. The other command lines (the text view, other mappings, refusals, the
// template's --json and help, the sends into listen) run through main(), the binary's own path, in
// this process (runMain).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeSharedDispatcher } from '../../src/delivery/attempt.js';
import { getKind } from '../../src/kinds/index.js';
import { applyAssignments } from '../../src/util/json-path.js';
import { readCaptures } from '../helpers/capture.js';
import { runCli, startCli } from '../helpers/cli.js';
import { runMain } from '../helpers/main.js';

afterEach(async () => {
  await closeSharedDispatcher();
});

const dir = mkdtempSync(join(tmpdir(), 'whk-map-stages-'));
const file = (name: string, value: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};

// An Alertmanager group whose pods carry the Kubernetes app label (a key with dots and a slash).
const labelled = applyAssignments(getKind('alertmanager').sample({ seed: 4 }), ['alerts[0].labels["app.kubernetes.io/name"]="checkout"']);
const instances = (labelled as { alerts: { labels: { instance: string } }[] }).alerts.map((a) => a.labels.instance);

const MAPPING = {
  kind: 'alertmanager',
  select: ['title', 'severity', 'status'],
  fields: [
    { name: 'app', path: 'alerts[0].labels["app.kubernetes.io/name"]', description: 'the Kubernetes app label' },
    { name: 'instances', path: 'alerts[*].labels.instance', type: 'array', description: 'every alerting instance' },
  ],
  mapped: [
    { name: 'service', description: 'the service, from the app label', type: 'string', from: 'app' },
    { name: 'hosts', description: 'where it fires', type: 'array', from: 'instances' },
    { name: 'team', description: 'owning team', type: 'string', default: 'sre' },
  ],
};

// The same fields, with paths in the form whk prints them.
const PRINTED_PATHS = {
  fields: [
    { name: 'app', path: '$.alerts[0].labels["app.kubernetes.io/name"]', required: true },
    { name: 'instances', path: '$.alerts[*].labels.instance', type: 'array', required: true },
  ],
  mapped: [{ name: 'state', path: '$.status', type: 'string' }],
};

interface MapJson {
  ok: boolean;
  integrationType: string | null;
  fields: { name: string; value: unknown; description?: string }[];
  mapped: { name: string; value: unknown; source: string; required: boolean; description: string | null; problem?: string }[] | null;
}

describe('whk map: two stages', () => {
  it('extracts by ["dotted.key"] and [*], keeps descriptions, and fills the mapped fields', async () => {
    const result = await runCli(['map', file('am.json', labelled), '--map', file('m.json', MAPPING), '--json']);
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as MapJson;
    expect(out.integrationType).toBe('alert');
    expect(out.fields.map((f) => f.name)).toEqual(['title', 'severity', 'status', 'app', 'instances']);
    expect(out.fields.find((f) => f.name === 'app')).toMatchObject({ value: 'checkout', description: 'the Kubernetes app label' });
    expect(out.fields.find((f) => f.name === 'instances')?.value).toEqual(instances);
    expect(instances.length).toBeGreaterThan(0);
    expect(out.mapped?.map((f) => [f.name, f.value, f.source, f.required])).toEqual([
      ['title', (labelled as { alerts: { labels: { alertname: string } }[] }).alerts[0]?.labels.alertname, 'extracted', true],
      ['status', 'firing', 'extracted', true],
      ['service', 'checkout', 'extracted', false],
      ['hosts', instances, 'extracted', false],
      ['team', 'sre', 'default', false],
    ]);
    expect(out.mapped?.find((f) => f.name === 'hosts')?.description).toBe('where it fires');

    const text = await runMain(['map', file('am.json', labelled), '--map', file('m.json', MAPPING)]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^app\s+checkout\s+alerts\[0\]\.labels\["app\.kubernetes\.io\/name"\]$/m);
    expect(text.stdout).toMatch(/^service\s+checkout\s+field app$/m);
    expect(text.stderr).toMatch(/5 fields \(mapping .*m\.json\): 5 extracted, no problems; 5 of 5 mapped \(alert type\)/);
  });

  // whk prints paths as '$.alerts[0].labels.alertname' (issues, --set, the page): one copied into a
  // mapping matched a key named '$', so the field was missing and whk said nothing of why.
  it("reads a path as whk prints it ('$.alerts[0]...', '$.status') as the same path without '$'", async () => {
    const result = await runMain(['map', file('am.json', labelled), '--map', file('printed.json', PRINTED_PATHS), '--json']);
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as MapJson;
    expect(out.fields.map((f) => [f.name, f.value])).toEqual([['app', 'checkout'], ['instances', instances]]);
    expect(out.mapped?.map((f) => [f.name, f.value, f.source])).toEqual([['state', 'firing', 'path']]);
    // '$' alone is the whole body, not a field: refused on load at its place, as --set refuses it.
    const whole = await runMain(['map', file('am.json', labelled), '--map', file('whole.json', { fields: [{ name: 'all', path: '$' }] })]);
    expect(whole.code).toBe(2);
    expect(whole.stderr).toContain(`$.fields[0].path invalid path '$': it is the whole body, not a field in it (a key named $ is ["$"])`);
  });

  it("exits 1 naming a mapped field the integration type requires when nothing fills it", async () => {
    const noStatus = { ...MAPPING, select: ['title', 'severity'] };
    const result = await runMain(['map', file('am.json', labelled), '--map', file('no-status.json', noStatus)]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^status\s+—\s+missing \(nothing maps it\) · required\s+✗ required by the alert integration type, but not filled \(no extracted field 'status'/m);
    expect(result.stderr).toMatch(/1 problem; 4 of 5 mapped/);

    // An incident mapping needs severity and service too (Harness's incident fields).
    const incident = await runMain(['map', file('am.json', labelled), '--map', file('incident.json', { integrationType: 'incident', fields: [{ name: 'title', path: 'alerts[0].labels.alertname' }, { name: 'status', path: 'status' }] }), '--json']);
    expect(incident.code).toBe(1);
    expect((JSON.parse(incident.stdout) as MapJson).mapped?.filter((f) => f.problem).map((f) => f.name)).toEqual(['severity', 'service']);
  });

  it('exits 2 when the mapping cannot work whatever the payload', async () => {
    const result = await runMain(['map', file('am.json', labelled), '--map', file('bad-select.json', { kind: 'alertmanager', select: ['runbook'] })]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("'runbook' is not a field of the alertmanager template");
    expect(result.stderr).toContain('its fields: title, severity, status, service, description, link, timestamp');
  });

  // An empty select picked nothing and exited 1 with the type's required fields missing, the select unnamed.
  it('exits 2 at its place for an empty select, in one mapping or one per kind', async () => {
    const said = "picks no field: name the template's fields to extract, or leave select out to extract them all";
    const single = await runMain(['map', file('am.json', labelled), '--map', file('empty-select.json', { kind: 'alertmanager', select: [] })]);
    expect(single.code).toBe(2);
    expect(single.stdout).toBe('');
    expect(single.stderr).toContain(`empty-select.json': $.select ${said}\n`);
    const perKind = await runMain(['map', file('am.json', labelled), '--map', file('empty-select-kinds.json', { kinds: { alertmanager: { select: [] } } })]);
    expect(perKind.code).toBe(2);
    expect(perKind.stderr).toContain(`$.kinds.alertmanager.select ${said}\n`);
  });

  it('--template prints the template fields with sample values and the sample (the JSON view)', async () => {
    const text = await runCli(['map', '--template', 'pagerduty-incident', '--seed', '3']);
    expect(text.code, text.stderr).toBe(0);
    const sample = getKind('pagerduty-incident').sample({ seed: 3 }) as { event: { data: { title: string } } };
    expect(text.stdout).toContain('pagerduty-incident — the PagerDuty template, alert integration type');
    expect(text.stdout).toMatch(new RegExp(`^title\\s+${sample.event.data.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').slice(0, 40)}.*event\\.data\\.title \\(string\\)$`, 'm'));
    expect(text.stdout).toContain("mapped fields the alert type requires: title, status (whk's choice)");
    expect(text.stdout).toContain(JSON.stringify(sample, null, 2));

    const json = await runMain(['map', '--template', 'harness-deployment', '--json']);
    expect(json.code).toBe(0);
    const view = JSON.parse(json.stdout) as { template: string; integrationType: string; fields: { name: string; value: unknown }[]; required: { fields: { name: string }[]; whkChoice: boolean }; sample: unknown };
    expect(view).toMatchObject({ template: 'Harness Deployment', integrationType: 'deployment', required: { whkChoice: true } });
    expect(view.required.fields.map((f) => f.name)).toEqual(['title', 'status', 'service']);
    expect(view.fields.find((f) => f.name === 'title')?.value).toBe((view.sample as { eventData: { pipelineName: string } }).eventData.pipelineName);
    // Its help says the default seed, as demo's does: the same values every run.
    expect(view.sample).toEqual(getKind('harness-deployment').sample({ seed: 1 }));
    expect((await runMain(['map', '--help'])).stdout.replace(/\s+/g, ' ')).toContain('--seed <n> with --template: seed of the sample (fixed: the same values every run) (default: "1")');

    const usage = await runMain(['map', 'x.json', '--template', 'alertmanager']);
    expect(usage.code).toBe(2);
    expect((await runMain(['map', '--template', 'metric-alert'])).stderr).toMatch(/no template fields/);
  });
});

describe('whk listen --map: the mapping of each request\'s kind (real binary)', () => {
  it('applies each kind its own mapping, none to a kind the file leaves out, and counts the problems (which fail the --count run, as whk map exits 1)', async () => {
    const mapping = file('per-kind.json', {
      kinds: {
        alertmanager: { fields: [{ name: 'app', path: 'alerts[0].labels["app.kubernetes.io/name"]' }], mapped: [{ name: 'service', from: 'app' }] },
        // PagerDuty's own fields: under one mapping for every kind these paths would be reported missing in Alertmanager's body.
        'pagerduty-incident': { select: ['title', 'status'], mapped: [{ name: 'runbook', path: 'event.data.body.runbook', type: 'string' }] },
        'datadog-monitor': { select: ['title'] },
      },
    });
    const captures = join(dir, 'per-kind.ndjson');
    const listener = startCli(['listen', '--port', '0', '--count', '4', '--timeout', '60s', '--save', captures, '--map', mapping], { timeoutMs: 70_000 });
    const url = (await listener.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;
    // One after another: a send run in process ends by closing the process's shared dispatcher,
    // which another one still sending would be using.
    for (const args of [
      ['alertmanager', '--url', `${url}/am`, '--data', file('am.json', labelled)],
      ['pagerduty-incident', '--url', `${url}/pd`, '--seed', '3'],
      ['datadog-monitor', '--url', `${url}/dd`, '--seed', '3'],
      ['sentry-issue-alert', '--url', `${url}/sentry`, '--seed', '3'],
    ]) {
      const sent = await runMain(['send', ...args]);
      expect(sent.code, sent.stderr).toBe(0);
    }
    const ended = await listener.exited;
    // Datadog's mapping problem (below) fails the CI run, as `whk map` exits 1 on it.
    expect(ended.code, ended.stderr).toBe(1);

    const byKind = Object.fromEntries((await readCaptures(captures)).map((r) => [r.kind, r]));
    expect(byKind['alertmanager']?.['mapped']).toMatchObject({ ok: true, values: { app: 'checkout' }, mapped: { service: 'checkout', status: 'firing' }, problems: [] });
    expect(byKind['pagerduty-incident']?.['mapped']).toMatchObject({ ok: true, problems: [] });
    expect(Object.keys((byKind['pagerduty-incident']?.['mapped'] as { values: object }).values)).toEqual(['title', 'status']);
    // Datadog's default body carries no status: its type's required field is reported, for it alone.
    expect(byKind['datadog-monitor']?.['mapped']).toMatchObject({ ok: false, problems: [{ field: 'status', stage: 'mapped' }] });
    // The Sentry request was captured as its kind, so no mapping on it means the file left it out.
    expect(byKind['sentry-issue-alert']).toBeDefined();
    expect(byKind['sentry-issue-alert']?.['mapped']).toBeUndefined();

    expect(ended.stdout).toMatch(/alertmanager {2}valid .*, app=checkout\} {2}→ \{title=.*, service=checkout\}/);
    expect(ended.stdout).toMatch(/datadog-monitor {2}valid .*✗ mapped status: required by the alert integration type/);
    expect(ended.stderr).toContain('mapping: 3 mapped, 1 with problems (1 problem)');
  }, 90_000);

  /** A `listen --count 1 --map` run that one alertmanager payload ends; its exit 0 checked. */
  async function mappedOnce(name: string, mapping: unknown): Promise<{ stdout: string; stderr: string }> {
    const listener = startCli(['listen', '--port', '0', '--count', '1', '--map', file(name, mapping)]);
    const url = (await listener.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;
    const sent = await runMain(['send', 'alertmanager', '--url', `${url}/am`, '--data', file('am.json', labelled)]);
    expect(sent.code, sent.stderr).toBe(0);
    const ended = await listener.exited;
    expect(ended.code, ended.stderr).toBe(0);
    return ended;
  }

  it("reads a mapping file's path written as whk prints it ('$.alerts[0]...')", async () => {
    const ended = await mappedOnce('printed.json', PRINTED_PATHS);
    expect(ended.stdout).toMatch(/alertmanager {2}valid .*\{app=checkout, instances=.*\} {2}→ \{state=firing\}/);
    expect(ended.stderr).toContain('mapping: 1 mapped, 0 with problems (0 problems)');
  });

  it('a --count run whose mapping had no problem exits 0', async () => {
    const ended = await mappedOnce('clean.json', MAPPING);
    expect(ended.stderr).toContain('mapping: 1 mapped, 0 with problems (0 problems)');
  });
});
