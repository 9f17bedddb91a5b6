// whk validate judges a capture file as the listener that wrote it judged each request: the same
// kind (told from the recorded headers and body together) and the same verdict (valid, invalid, or
// unknown: no kind claims it, not a failure), record by record, and the same tally.
import { createReadStream } from 'node:fs';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { isUnknown, type CaptureRecord } from '../../src/capture/record.js';
import { loadCustomKind } from '../../src/kinds/custom.js';
import { getKind, listKinds } from '../../src/kinds/index.js';
import { startReceiver, type Receiver } from '../../src/receiver/server.js';
import { validateSource, type PayloadResult } from '../../src/validate/files.js';
import { emptySummary, tally } from '../../src/validate/report.js';
import { readCaptures } from '../helpers/capture.js';
import { runCli } from '../helpers/cli.js';

const JSON_TYPE = { 'content-type': 'application/json' };
const json = (value: unknown): string => JSON.stringify(value);
const githubPush = json(getKind('github').sample({ seed: 1, event: 'push' }));
const opsgenie = json(getKind('opsgenie').sample({ seed: 1 }));
const metricAlert = getKind('metric-alert').sample({ seed: 1 }) as Record<string, unknown>;

/** What each request is, as a sender (or something else) posts it. */
const TRAFFIC: { name: string; method?: string; headers: Record<string, string>; body?: string }[] = [
  { name: 'a GitHub push with its event header', headers: { ...JSON_TYPE, 'x-github-event': 'push' }, body: githubPush },
  { name: 'a GitHub push told by its keys alone', headers: JSON_TYPE, body: githubPush },
  { name: 'an Opsgenie body under a GitHub push header', headers: { ...JSON_TYPE, 'x-github-event': 'push' }, body: opsgenie },
  { name: '{} under a GitHub push header', headers: { ...JSON_TYPE, 'x-github-event': 'push' }, body: '{}' },
  { name: 'an Opsgenie callback', headers: JSON_TYPE, body: opsgenie },
  { name: 'a Stripe-like event no kind claims', headers: JSON_TYPE, body: json({ id: 'evt_1', object: 'event', api_version: '2024-06-20', created: 1, data: { object: {} }, type: 'charge.succeeded' }) },
  { name: 'a Slack-like form no kind claims', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=x&team_id=T1&text=hi' },
  { name: 'a text body', headers: { 'content-type': 'text/plain' }, body: 'hello' },
  { name: 'an empty probe', method: 'GET', headers: {} },
  { name: 'a GitHub event whk does not list', headers: { ...JSON_TYPE, 'x-github-event': 'star' }, body: json({ action: 'created', starred_at: null }) },
  { name: 'a metric alert of a wrong status', headers: JSON_TYPE, body: json({ ...metricAlert, status: 'pending' }) },
  { name: 'an array of two metric alerts (one payload: invalid)', headers: JSON_TYPE, body: json([metricAlert, metricAlert]) },
  { name: 'a HertzBeat alarm with its trailing comma', headers: JSON_TYPE, body: '{\n  "target": "Test Target",\n  "content": "x",\n  "triggerTime": "2024-11-15 16:27:10",\n}' },
  { name: 'JSON that is not JSON', headers: JSON_TYPE, body: '{"a": 1' },
  { name: 'JSON of no kind with a trailing comma (invalid)', headers: JSON_TYPE, body: '{"a": 1,}' },
  { name: 'a GitHub push with bytes after it, under its header', headers: { ...JSON_TYPE, 'x-github-event': 'push' }, body: `${githubPush}garbage!!` },
  { name: 'a text under a GitHub push header', headers: { 'content-type': 'text/plain', 'x-github-event': 'push' }, body: 'hello' },
];

type Verdict = 'valid' | 'invalid' | 'unknown';
const recorded = (record: CaptureRecord): Verdict => (record.valid ? 'valid' : isUnknown(record) ? 'unknown' : 'invalid');
const judged = (result: PayloadResult): Verdict => (result.valid ? 'valid' : result.unknown !== undefined ? 'unknown' : 'invalid');

let receiver: Receiver | undefined;
let dir: string | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function capture(): Promise<{ file: string; records: CaptureRecord[] }> {
  dir = await mkdtemp(join(tmpdir(), 'whk-validate-captures-'));
  const file = join(dir, 'captures.ndjson');
  receiver = await startReceiver({ save: file });
  for (const sent of TRAFFIC) {
    const response = await request(`${receiver.url}/hook`, { method: (sent.method ?? 'POST') as 'POST', headers: sent.headers, body: sent.body });
    await response.body.dump();
  }
  await receiver.close();
  return { file, records: await readCaptures(file) };
}

async function validated(file: string): Promise<PayloadResult[]> {
  const results: PayloadResult[] = [];
  for await (const result of validateSource(file, createReadStream(file))) results.push(result);
  return results;
}

describe('validate of a capture file agrees with the listener that wrote it', () => {
  it('each record: the same kind and the same verdict, and the same tally', async () => {
    const { file, records } = await capture();
    const results = await validated(file);
    expect(records).toHaveLength(TRAFFIC.length);
    const listened = records.map((record, i) => [TRAFFIC[i]?.name, record.kind, record.kindSource, recorded(record)]);
    expect(results.map((result, i) => [TRAFFIC[i]?.name, result.kind, result.kindSource, judged(result)])).toEqual(listened);
    // Every verdict is there, so agreeing is not agreeing on one.
    expect(new Set(listened.map(([, , , verdict]) => verdict))).toEqual(new Set(['valid', 'invalid', 'unknown']));
    const summary = emptySummary();
    for (const result of results) tally(summary, result);
    const listen = receiver?.summary();
    expect({ valid: summary.valid, invalid: summary.invalid, unknown: summary.unknown }).toEqual({ valid: listen?.valid, invalid: listen?.invalid, unknown: listen?.unknown });
  });

  it('a record of an older whk (no issues, warnings, shape or kindSource) gets the verdict a current record of the same request gets', async () => {
    const { file, records } = await capture();
    // Those with warnings left out: an older whk read no stray comma, and its record says none.
    const kept = records.map((record, i) => ({ record, name: TRAFFIC[i]?.name })).filter(({ record }) => record.warnings.length === 0);
    const older = kept.map(({ record }) => {
      const { issues: _issues, warnings: _warnings, shape: _shape, kindSource: _kindSource, ...rest } = record;
      return JSON.stringify(rest);
    });
    const oldFile = `${file}.old.ndjson`;
    await writeFile(oldFile, `${older.join('\n')}\n`);
    const results = await validated(oldFile);
    expect(results.map((result, i) => [kept[i]?.name, judged(result)])).toEqual(kept.map(({ record, name }) => [name, recorded(record)]));
    const probe = kept.findIndex(({ name }) => name === 'an empty probe');
    expect(results[probe]?.unknown).toBe('no known kind claims it (empty)');
  });

  it('a body of no kind read past a stray comma is invalid to both, not unknown: it is not JSON', async () => {
    const { file, records } = await capture();
    const at = TRAFFIC.findIndex((sent) => sent.name.startsWith('JSON of no kind with a trailing comma'));
    const results = await validated(file);
    expect([recorded(records[at] as CaptureRecord), judged(results[at] as PayloadResult)]).toEqual(['invalid', 'invalid']);
    expect(results[at]?.issues[0]?.message).toMatch(/^not valid JSON: line 1: a trailing comma before '}'/);
  });

  it('an unknown request is named as listen names it, and a given kind still judges it', async () => {
    const { file } = await capture();
    const stripe = TRAFFIC.findIndex((sent) => sent.name.startsWith('a Stripe-like'));
    const results = await validated(file);
    expect(results[stripe]).toMatchObject({ valid: false, kind: null, issues: [], unknown: 'no known kind claims it (json, application/json, keys id, object, api_version, created, data (+1 more))' });
    const asKind: PayloadResult[] = [];
    for await (const result of validateSource(file, createReadStream(file), { kind: 'opsgenie' })) asKind.push(result);
    expect(asKind.filter((result) => result.unknown !== undefined)).toEqual([]);
    expect(asKind[stripe]).toMatchObject({ valid: false, kind: 'opsgenie', kindSource: 'given' });
  });
});

describe('validate of a capture listen --schema wrote', () => {
  const schemaFile = join(import.meta.dirname, '../../examples/order.schema.json');
  const order = JSON.parse(readFileSync(join(import.meta.dirname, '../../examples/order.json'), 'utf8')) as Record<string, unknown>;

  it('agrees with listen: with --schema the schema\'s kind is detected next to the others; without it, its records are judged as recorded, with a note', async () => {
    dir = await mkdtemp(join(tmpdir(), 'whk-validate-schema-'));
    const file = join(dir, 'captures.ndjson');
    receiver = await startReceiver({ save: file, kinds: [await loadCustomKind(schemaFile), ...listKinds()] });
    for (const body of [order, { ...order, total: -1 }, JSON.parse(opsgenie) as unknown, metricAlert]) {
      const response = await request(`${receiver.url}/hook`, { method: 'POST', headers: JSON_TYPE, body: json(body) });
      await response.body.dump();
    }
    await receiver.close();
    const listened = (await readCaptures(file)).map((record) => [record.kind, recorded(record)]);
    expect(listened).toEqual([
      ['shop-order-event', 'valid'],
      ['shop-order-event', 'invalid'],
      ['opsgenie', 'valid'],
      ['metric-alert', 'valid'],
    ]);
    const lines = (result: { stdout: string }) => result.stdout.trimEnd().split('\n');
    const withSchema = await runCli(['validate', '--schema', schemaFile, '--format', 'json', file]);
    expect(withSchema.code).toBe(1);
    expect(lines(withSchema).map((line) => JSON.parse(line) as Record<string, unknown>).map((r) => [r['type'], r['kind'], r['valid']])).toEqual([
      ['payload', 'shop-order-event', false],
      ['summary', undefined, 3],
    ]);
    expect(withSchema.stdout).toContain('"valid":3,"invalid":1,"unknown":0');
    const without = await runCli(['validate', file]);
    expect(without.code).toBe(1);
    expect(lines(without)).toEqual([
      `${file}:1  shop-order-event  note  judged as recorded by listen: 'shop-order-event' is not a kind whk knows (your own, from a JSON Schema?): validate with that schema to check the body again`,
      `${file}:2  shop-order-event  $.total  must be >= 0`,
    ]);
    expect(without.stderr).toContain('4 payloads in 1 file: 3 valid, 1 invalid');
  });
});

describe('validate of a record listen refused for its size', () => {
  it('names it as listen named it (no kind: refused before its kind was told), invalid to both', async () => {
    dir = await mkdtemp(join(tmpdir(), 'whk-validate-413-'));
    const file = join(dir, 'captures.ndjson');
    receiver = await startReceiver({ save: file, limits: { maxBodyBytes: 1024 } });
    const response = await request(`${receiver.url}/hook`, { method: 'POST', headers: { ...JSON_TYPE, 'x-github-event': 'push' }, body: githubPush });
    await response.body.dump();
    expect(response.statusCode).toBe(413);
    await receiver.close();
    const [record] = await readCaptures(file);
    const [result] = await validated(file);
    expect([record?.kind, recorded(record as CaptureRecord)]).toEqual([null, 'invalid']);
    expect(result).toMatchObject({ kind: null, valid: false, issues: [{ path: '$', message: record?.issues[0]?.message }] });
    expect(result?.event).toBeUndefined();
  });
});
