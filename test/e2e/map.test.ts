// `whk map`: every source kind's sample extracts its default fields; missing required fields and
// wrong types exit 1; a bad mapping file exits 2. And `whk validate --schema`.
// The binary (runCli) runs a witness of each way: the table, --json, --schema, exit 1, a bad mapping
// file, a value nested past the stack's depth, a capture past the heap (from a file and from a
// pipe), validate --schema. The other command lines, what varies within one of those ways, run
// through main(), the binary's own path, in this process (runMain).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getKind } from '../../src/kinds/index.js';
import { textColumns } from '../../src/util/display-width.js';
import { captureRecord } from '../helpers/capture.js';
import { runCli } from '../helpers/cli.js';
import { runMain } from '../helpers/main.js';

const SOURCE_KINDS = ['alertmanager', 'grafana-alert', 'pagerduty-incident', 'datadog-monitor', 'sentry-issue-alert', 'cloudwatch-alarm'];
const dir = mkdtempSync(join(tmpdir(), 'whk-map-'));
const file = (name: string, value: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
};

interface MapJson {
  kind: string | null;
  ok: boolean;
  fields: { name: string; value: unknown; source: string; problem?: string }[];
}

describe('whk map', () => {
  it.each(SOURCE_KINDS)('extracts every default field from a %s sample, the kind detected', async (id) => {
    const sample = await runMain(['sample', id, '--seed', '9']);
    expect(sample.code).toBe(0);
    const result = await runMain(['map', '-', '--json'], { input: sample.stdout });
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as MapJson;
    expect(out.kind).toBe(id);
    const mapping = getKind(id).mapping?.fields ?? [];
    expect(out.fields.map((f) => f.name)).toEqual(mapping.map((f) => f.name));
    for (const field of out.fields) {
      const spec = mapping.find((f) => f.name === field.name);
      // A field without a default must come from the payload itself.
      expect(spec?.default === undefined ? ['path'] : ['path', 'default'], `${id} ${field.name}`).toContain(field.source);
      expect(field.value, `${id} ${field.name}`).not.toBeNull();
      expect(field.problem).toBeUndefined();
    }
    expect(result.stderr).toMatch(new RegExp(`7 fields \\(${id} default mapping, kind detected\\): 7 extracted`));
  });

  // README (Mappings): every source kind carries a template of the same seven fields, and `whk kinds
  // --json` shows it with the mapped fields its integration type requires.
  it('whk kinds --json shows each source kind\'s template and the mapped fields its type requires', async () => {
    const result = await runMain(['kinds', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const kinds = JSON.parse(result.stdout) as { id: string; integrationType: string | null; mapping: { fields: { name: string }[] } | null; requiredMappedFields: { required: { name: string }[] } | null }[];
    for (const id of SOURCE_KINDS) {
      const kind = kinds.find((k) => k.id === id);
      expect(kind?.mapping?.fields.map((f) => f.name), id).toEqual(['title', 'severity', 'status', 'service', 'description', 'link', 'timestamp']);
      expect(kind?.integrationType, id).toBe('alert');
      expect(kind?.requiredMappedFields?.required.map((f) => f.name), id).toEqual(['title', 'status']);
    }
  });

  it('maps the body of a capture record as it maps the payload itself', async () => {
    const payload = getKind('pagerduty-incident').sample({ seed: 4 });
    const direct = await runMain(['map', file('pd.json', payload), '--json']);
    const captured = await runMain(['map', file('pd-capture.json', captureRecord(payload)), '--json']);
    expect(captured.code, captured.stderr).toBe(0);
    expect((JSON.parse(captured.stdout) as MapJson).fields).toEqual((JSON.parse(direct.stdout) as MapJson).fields);
    expect((JSON.parse(captured.stdout) as MapJson).kind).toBe('pagerduty-incident');
  });

  // Mapped as null, such a body had every field "missing" (exit 1), where the body is what to tell of.
  it('exits 2 on a captured body with no JSON to map, saying what the body is', async () => {
    const records = [captureRecord(null, { text: 'hello' }), captureRecord(null, { truncated: true })];
    const captures = file('no-json.ndjson', records.map((record) => JSON.stringify(record)).join('\n'));
    const text = await runMain(['map', captures, '--index', '1', '--kind', 'github']);
    expect([text.code, text.stdout]).toEqual([2, '']);
    expect(text.stderr).toMatch(/^error: record 1 of '.*no-json\.ndjson': its body is text, not JSON, so there is nothing to map\n/);
    const cut = await runMain(['map', '-', '--index', '2', '--kind', 'github'], { input: await readFile(captures, 'utf8') });
    expect(cut.stderr).toMatch(/^error: record 2 of '<stdin>': its body is cut short: only its first 8 bytes were recorded \(it went over the receiver's body limit\), so there is nothing to map\n/);
    const alone = await runMain(['map', file('one-record.json', JSON.stringify(records[0], null, 2)), '--kind', 'github']);
    expect(alone.stderr).toMatch(/^error: '.*one-record\.json': its body is text, not JSON, so there is nothing to map\n/);
  });

  it('shows and outputs an integer past 2^53 with the digits sent, from a payload file and from a capture record\'s bytes', async () => {
    const text = '{"id":820982911946154508,"order":{"ids":[12345678901234567891,1]}}';
    const mapping = file('big-map.json', { fields: [{ name: 'id', path: 'id', type: 'number' }, { name: 'ids', path: 'order.ids' }] });
    const payload = file('big.json', text);
    const json = await runMain(['map', payload, '--map', mapping, '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(json.stdout).toContain('"values":{"id":820982911946154508,"ids":[12345678901234567891,1]}');
    const table = await runMain(['map', payload, '--map', mapping]);
    expect(table.stdout).toMatch(/^id +820982911946154508 +id$/m);
    expect(table.stdout).toMatch(/^ids +\[12345678901234567891,1\] +order\.ids$/m);
    const record = { ...captureRecord(JSON.parse(text)), bodyBase64: Buffer.from(text).toString('base64') };
    const captured = await runMain(['map', file('big.ndjson', `${JSON.stringify(record)}\n`), '--map', mapping, '--json']);
    expect(captured.stdout).toBe(json.stdout);
  });

  it('--schema makes your own kind one a mapping may name (per kind or with "kind"), detected first, as listen --schema does', async () => {
    const schema = file('order.schema.json', { title: 'shop-order', type: 'object', required: ['order'], properties: { order: { type: 'object' } } });
    const payload = file('order.json', { order: { id: 'o1', total: 12 }, type: 'order.paid' });
    const perKind = file('order-map.json', { kinds: { 'shop-order': { fields: [{ name: 'total', path: 'order.total', type: 'number' }], integrationType: 'alert', mapped: [{ name: 'title', path: 'type' }, { name: 'status', default: 'open' }] } } });
    const result = await runCli(['map', payload, '--map', perKind, '--schema', schema, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ kind: 'shop-order', values: { total: 12 }, mapped: [{ name: 'title', value: 'order.paid' }, { name: 'status', value: 'open' }] });
    expect(result.stderr).toBe(`1 field (mapping ${perKind}, for shop-order): 1 extracted, no problems; 2 of 2 mapped (alert type)\n`);
    const single = file('order-map-single.json', { kind: 'shop-order', fields: [{ name: 'total', path: 'order.total' }] });
    expect((await runMain(['map', payload, '--map', single, '--schema', schema])).code).toBe(0);
  });

  it('maps one record of a capture file of several, picked with --index; asks for it when not given', async () => {
    const alert = getKind('alertmanager').sample({ seed: 5 });
    const incident = getKind('pagerduty-incident').sample({ seed: 6 });
    const captures = file('captures.ndjson', `${JSON.stringify(captureRecord(alert, { kind: 'alertmanager' }))}\n${JSON.stringify(captureRecord(incident, { kind: 'pagerduty-incident' }))}\n`);
    const unpicked = await runMain(['map', captures]);
    expect(unpicked.code).toBe(2);
    expect(unpicked.stderr).toBe(`error: '${captures}' holds 2 records: pick one with --index N\n  1: POST /hook alertmanager; 2: POST /hook pagerduty-incident\n`);
    const second = await runMain(['map', captures, '--index', '2', '--json']);
    expect(second.code, second.stderr).toBe(0);
    const direct = await runMain(['map', file('incident.json', incident), '--json']);
    expect(second.stdout).toBe(direct.stdout);
    // From stdin too, where the lines are read from the bytes already in hand.
    const piped = await runMain(['map', '-', '--index', '2', '--json'], { input: await readFile(captures, 'utf8') });
    expect(piped.stdout).toBe(direct.stdout);
    const notCapture = await runMain(['map', file('alert.json', alert), '--index', '1']);
    expect(notCapture.code).toBe(2);
    expect(notCapture.stderr).toMatch(/^error: --index picks a record of a capture file, and '.*alert\.json' is not one\n/);
  });

  // The hint listed the first five of a file's records and stopped there without a word (3,000 records: five shown).
  it('lists the first records of a file of many to pick from, ending with how many more it holds', async () => {
    const alert = getKind('alertmanager').sample({ seed: 5 });
    const records = Array.from({ length: 8 }, (_, i) => `${JSON.stringify(captureRecord(alert, { kind: 'alertmanager', path: `/hook/${i + 1}` }))}\n`);
    const captures = file('eight.ndjson', records.join(''));
    const unpicked = await runMain(['map', captures]);
    const listed = [1, 2, 3, 4, 5].map((n) => `${n}: POST /hook/${n} alertmanager`).join('; ');
    expect([unpicked.code, unpicked.stderr]).toEqual([2, `error: '${captures}' holds 8 records: pick one with --index N\n  ${listed}; … and 3 more\n`]);
    const pastEnd = await runMain(['map', captures, '--index', '9']);
    expect([pastEnd.code, pastEnd.stderr]).toEqual([2, `error: '${captures}' has no record 9: it holds 8 records\n  --index counts the records of the capture file from 1\n`]);
  });

  // With --index, an empty file was "--index picks a record of a capture file, and 'x' is not one":
  // nothing said it was empty, as it is said without --index.
  it.each([
    ['0 bytes', ''],
    ['white space only', ' \n\t\n'],
  ])('calls a payload file of %s empty, with --index or without', async (_name, text) => {
    const empty = file(`empty-${text.length}.json`, text);
    for (const index of [[], ['--index', '2']]) {
      const result = await runMain(['map', empty, '--kind', 'alertmanager', ...index]);
      expect([result.code, result.stderr]).toEqual([2, `error: '${empty}' is empty: not JSON\n`]);
    }
  });

  it('maps a record of a capture file past the 64 MB a payload may be (a long session\'s), read a record at a time', async () => {
    const alert = getKind('alertmanager').sample({ seed: 5 });
    const line = `${JSON.stringify(captureRecord(alert, { kind: 'alertmanager' }))}\n`;
    const path = join(dir, 'long-session.ndjson');
    const handle = await open(path, 'w');
    // 68 MB of records, 64 MB being the most whk reads of a payload file whole.
    for (let written = 0; written < 68 * 1024 * 1024; written += line.length * 1000) await handle.write(line.repeat(1000));
    await handle.close();
    const records = Math.ceil((68 * 1024 * 1024) / (line.length * 1000)) * 1000;
    const last = await runCli(['map', path, '--index', String(records), '--json'], { env: { NODE_OPTIONS: '--max-old-space-size=64' }, timeoutMs: 120_000 }).finally(() => rm(path));
    expect(last.code, last.stderr).toBe(0);
    expect((JSON.parse(last.stdout) as MapJson).kind).toBe('alertmanager');
  }, 180_000);

  // Piped, it was read whole first, and refused past 64 MiB ("larger than 64 MiB").
  it('maps a record of a capture piped to stdin past 64 MB, read a record at a time too', async () => {
    const line = `${JSON.stringify(captureRecord(getKind('alertmanager').sample({ seed: 5 }), { kind: 'alertmanager' }))}\n`;
    const records = Math.ceil((68 * 1024 * 1024) / line.length);
    const last = await runCli(['map', '-', '--index', String(records), '--json'], { input: Buffer.from(line.repeat(records)), env: { NODE_OPTIONS: '--max-old-space-size=64' }, timeoutMs: 120_000 });
    expect(last.code, last.stderr).toBe(0);
    expect((JSON.parse(last.stdout) as MapJson).kind).toBe('alertmanager');
  }, 180_000);

  it('reads a payload and a mapping file that start with a byte order mark', async () => {
    const payload = file('bom-am.json', `\ufeff${JSON.stringify(getKind('alertmanager').sample({ seed: 3 }), null, 2)}`);
    const mapping = file('bom-map.json', `\ufeff${JSON.stringify({ fields: [{ name: 'title', path: 'alerts[0].labels.alertname', required: true }] })}`);
    const result = await runMain(['map', payload, '--map', mapping]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/1 field \(mapping .*bom-map\.json\): 1 extracted, no problems/);
  });

  it('prints a table on stdout and the summary on stderr', async () => {
    const payload = file('am.json', getKind('alertmanager').sample({ seed: 3 }));
    const result = await runCli(['map', payload, '--kind', 'alertmanager']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(/^field\s+value\s+from$/);
    expect(result.stdout).toMatch(/^title\s+\S+\s+alerts\[0\]\.labels\.alertname$/m);
    expect(result.stderr).toMatch(/7 fields \(alertmanager default mapping\): 7 extracted, no problems/);
  });

  it('lines the table up in the columns a CJK value takes on the terminal (two a character), not its length', async () => {
    const mapping = file('cjk-map.json', { fields: [{ name: 'title', path: 'title' }, { name: 'owner', path: 'owner' }] });
    const payload = file('cjk.json', { title: '障害: 決済サービスの応答遅延', owner: 'ops' });
    const result = await runMain(['map', payload, '--map', mapping]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    // Where each row's `from` starts, in columns: the same for all.
    const fromAt = lines.map((line) => textColumns(line.slice(0, line.search(/\S+$/))));
    expect(new Set(fromAt).size, result.stdout).toBe(1);
  });

  it('cuts a long value at 72 terminal columns, a CJK one at half as many characters', async () => {
    const mapping = file('long-map.json', { fields: [{ name: 'title', path: 'title' }, { name: 'owner', path: 'owner' }] });
    const payload = file('long.json', { title: '障'.repeat(100), owner: 'o'.repeat(100) });
    const result = await runMain(['map', payload, '--map', mapping]);
    expect(result.code, result.stderr).toBe(0);
    const value = (name: string): string => (new RegExp(`^${name}\\s+(\\S+)\\s+${name}$`, 'm').exec(result.stdout)?.[1] ?? '');
    expect(value('title')).toBe(`${'障'.repeat(35)}…`);
    expect(value('owner')).toBe(`${'o'.repeat(71)}…`);
  });

  it('exits 1 on a missing required field and on a type mismatch, naming both', async () => {
    const payload = file('pd.json', getKind('pagerduty-incident').sample({ seed: 3 }));
    const mapping = file('m.json', {
      fields: [
        { name: 'title', path: 'event.data.title', type: 'string', required: true },
        { name: 'runbook', path: 'event.data.body.runbook', type: 'string', required: true },
        { name: 'number', path: 'event.data.number', type: 'string' },
        { name: 'team', path: 'event.data.teams[0].summary', default: 'unowned' },
      ],
    });
    const text = await runCli(['map', payload, '--map', mapping]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^runbook\s+—\s+missing \(nothing at event\.data\.body\.runbook\)\s+✗ required field is missing/m);
    expect(text.stdout).toMatch(/^number\s+\d+\s+event\.data\.number\s+✗ expected string, got number$/m);
    expect(text.stderr).toMatch(/4 fields \(mapping .*m\.json\): 3 extracted, 2 problems/);

    const json = await runMain(['map', payload, '--map', mapping, '--json']);
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as MapJson;
    expect(out.ok).toBe(false);
    expect(out.fields.filter((f) => f.problem).map((f) => f.name)).toEqual(['runbook', 'number']);
  });

  // A sender's field nested past JSON.stringify's depth crashed the text output ("this is a bug").
  it('prints a value nested 100,000 deep on its line, cut like any long value', async () => {
    const payload = join(dir, 'deep.json');
    writeFileSync(payload, `{"a":${'{"a":'.repeat(100_000)}{}${'}'.repeat(100_000)}}`);
    const result = await runCli(['map', payload, '--map', file('deep-map.json', { fields: [{ name: 'x', path: 'a' }] })]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^x\s+\{"a":\{"a":.*…\s+a$/m);
  });

  // The path's own hint was replaced by the generic shape of a mapping file: 'a..b' said only "invalid path".
  it("a path's error keeps its hint, on the line after the error; a problem without one gets the file's shape", async () => {
    const payload = file('h.json', { alerts: [{ labels: { alertname: 'x' } }] });
    const empty = await runMain(['map', payload, '--map', file('empty-segment.json', { fields: [{ name: 'a', path: 'a..b' }] })]);
    expect(empty.code).toBe(2);
    expect(empty.stderr.split('\n').slice(0, 2)).toEqual([expect.stringMatching(/^error: invalid mapping file '.*empty-segment\.json': \$\.fields\[0\]\.path invalid path 'a\.\.b'$/), '  a path may not have an empty segment']);
    const whole = await runMain(['map', payload, '--map', file('whole.json', { kind: 'alertmanager', mapped: [{ name: 'a', path: '$' }] })]);
    expect(whole.code).toBe(2);
    expect(whole.stderr.split('\n')[1]).toBe('  name a field, e.g. $.alerts[0].labels.alertname');
    const noFields = await runMain(['map', payload, '--map', file('no-fields.json', { fields: [{ name: 'a', path: 'a', type: 'date' }] })]);
    expect(noFields.stderr.split('\n')[1]).toMatch(/^ {2}a mapping is \{"fields": /);
  });

  it('exits 2 on a bad mapping file, a refused path, or a payload that is not JSON', async () => {
    const payload = file('s.json', getKind('sentry-issue-alert').sample({ seed: 3 }));
    const badType = await runCli(['map', payload, '--map', file('bad.json', { fields: [{ name: 'a', path: 'a', type: 'date' }] })]);
    expect(badType.code).toBe(2);
    expect(badType.stderr).toMatch(/invalid mapping file .*\$\.fields\[0\]\.type/);
    expect(badType.stdout).toBe('');

    const proto = await runMain(['map', payload, '--map', file('proto.json', { fields: [{ name: 'a', path: '__proto__.polluted' }] })]);
    expect(proto.code).toBe(2);
    expect(proto.stderr).toContain("segment '__proto__' is not allowed");

    const missing = await runMain(['map', payload, '--map', join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read mapping file .* no such file/);

    const notJson = await runMain(['map', file('x.txt', 'hello'), '--kind', 'alertmanager']);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/not valid JSON/);
  });

  it('asks for --map or --kind when the payload is not a known kind', async () => {
    const result = await runMain(['map', file('own.json', { hello: 'world' })]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot tell which default mapping to use/);
    const single = file('single-map.json', { fields: [{ name: 'hello', path: 'hello' }] });
    const both = await runMain(['map', file('own2.json', { hello: 'world' }), '--kind', 'alertmanager', '--map', single]);
    expect([both.code, both.stderr]).toEqual([2, `error: --kind picks a mapping of a file that holds one per kind, and '${single}' holds one mapping\n  drop --kind to apply it, or --map to apply the kind's default mapping\n`]);
  });

  it('--kind picks the entry of a per-kind mapping file for a payload that is not detected (say, one missing a field)', async () => {
    const perKind = file('per-kind-map.json', { kinds: { alertmanager: { select: ['title', 'status'] }, 'pagerduty-incident': {} } });
    const alert = getKind('alertmanager').sample({ seed: 1 }) as Record<string, unknown>;
    delete alert['groupKey'];
    const payload = file('am-no-group-key.json', alert);
    const undetected = await runMain(['map', payload, '--map', perKind]);
    expect([undetected.code, undetected.stderr]).toEqual([2, `error: cannot tell which mapping of '${perKind}' to use: the payload is not a known kind\n  it maps alertmanager, pagerduty-incident: pick one with --kind K\n`]);
    const picked = await runMain(['map', payload, '--map', perKind, '--kind', 'alertmanager', '--json']);
    expect(picked.code, picked.stderr).toBe(0);
    expect(JSON.parse(picked.stdout)).toMatchObject({ kind: 'alertmanager', values: { title: expect.any(String), status: 'firing' } });
    expect(picked.stderr).toMatch(/ \(mapping .*per-kind-map\.json, for alertmanager\): 2 extracted, no problems/);
  });
});

describe('whk validate --schema', () => {
  const schema = join(import.meta.dirname, '../../examples/order.schema.json');
  const example = join(import.meta.dirname, '../../examples/order.json');

  it('accepts a payload that matches the user\'s JSON Schema', async () => {
    const result = await runCli(['validate', '--schema', schema, example]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('1 valid, 0 invalid · shop-order-event ×1');
  });

  it('reports each problem with its path and exits 1', async () => {
    const bad = file('bad-order.json', { event: 'order.created', orderId: 'ORD-1', total: '42', createdAt: '2026-03-04T10:15:30Z' });
    const result = await runMain(['validate', '--schema', schema, bad]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('shop-order-event  $.orderId  must match pattern');
    expect(result.stdout).toContain('shop-order-event  $.total  expected number, got string');
  });

  it('exits 2 when the schema file is missing or is not a usable schema', async () => {
    expect((await runMain(['validate', '--schema', join(dir, 'none.json'), example])).code).toBe(2);
    const broken = await runMain(['validate', '--schema', file('broken.schema.json', { type: 'object', properties: { a: { $ref: '#/missing' } } }), example]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/cannot use the JSON Schema/);
  });
});
