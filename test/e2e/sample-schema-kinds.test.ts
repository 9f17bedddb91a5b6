// sample, schema and kinds through the real binary: exit codes, stdout and stderr checked apart.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { KIND_IDS } from '../../src/kinds/ids.js';
import { listKinds } from '../../src/kinds/index.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { runMain } from '../helpers/main.js';

// ids.ts is the cheap list; the registry must agree with it, in order.
const KIND_LIST = KIND_IDS.join(', ');
const NOWHERE = 'http://127.0.0.1:9/hook';

// Each variant's sample is printed once, by main() in this process (test/helpers/main.ts: the
// binary's path without a node process's start), and shared by the tests that read it: a process per
// variant and purpose made this file the suite's second slowest. The binary itself prints some of
// them below ('the binary prints what main() prints…'), and `send all` every kind's, as witnesses.
const printed = new Map<string, Promise<CliResult>>();
const sampleOf = (kind: string, variant: string): Promise<CliResult> => {
  const key = `${kind} ${variant}`;
  if (!printed.has(key)) printed.set(key, runMain(['sample', kind, '--variant', variant, '--seed', '7']));
  return printed.get(key) as Promise<CliResult>;
};
const variantsOf = (kind: string): string[] => listKinds().find((k) => k.id === kind)?.variants.map((v) => v.id) ?? [];
// The default variant's sample, printed with no --variant (once, for every test that reads it).
const unnamed = new Map<string, Promise<CliResult>>();
const defaultOf = (kind: string): Promise<CliResult> => {
  if (!unnamed.has(kind)) unnamed.set(kind, runMain(['sample', kind, '--seed', '7']));
  return unnamed.get(kind) as Promise<CliResult>;
};

/** Each kind's samples written to files, one per variant as printed, in one directory. */
async function sampleFiles(dir: string, kind: string): Promise<string[]> {
  const variants = variantsOf(kind);
  const samples = await Promise.all(variants.map((variant) => sampleOf(kind, variant)));
  // As each was printed: a raw template's bytes are not always strict JSON.
  return Promise.all(samples.map(async (sample, i) => {
    const file = join(dir, `${kind}.${variants[i]}.json`);
    await writeFile(file, sample.stdout);
    return file;
  }));
}

describe.concurrent('whk sample of every kind and variant (main() in process)', () => {
  it.each(listKinds().map((k) => k.id))('%s, every variant --seed 7: the same bytes again, and valid with --kind', async (kind) => {
    const variants = variantsOf(kind);
    const samples = await Promise.all(variants.map((variant) => sampleOf(kind, variant)));
    for (const [i, sample] of samples.entries()) {
      expect(sample.code, variants[i]).toBe(0);
      expect(sample.stderr, variants[i]).toBe('');
      expect(sample.stdout.length, variants[i]).toBeGreaterThan(50);
    }
    // Reproducible: a second run prints the default variant's bytes again (a second process does:
    // the binary's own runs below, and send all's bodies against sample --compact for every kind).
    expect((await defaultOf(kind)).stdout).toBe((await sampleOf(kind, variants[0] as string)).stdout);
    const given = await runMain(['validate', '--kind', kind, ...(await sampleFiles(await mkdtemp(join(tmpdir(), `whk-samples-${kind}-`)), kind))]);
    const n = variants.length;
    expect(given.code, given.stderr).toBe(0);
    expect(given.stdout).toBe('');
    expect(given.stderr).toContain(`${n} payload${n === 1 ? '' : 's'} in ${n} file${n === 1 ? '' : 's'}: ${n} valid, 0 invalid · ${kind} ×${n}`);
  });

  it.each(listKinds().map((k) => k.id))('schema %s: a draft 2020-12 schema that accepts the samples', async (kind) => {
    const schema = await runMain(['schema', kind]);
    expect(schema.code).toBe(0);
    expect(schema.stderr).toBe('');
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(schema.stdout) as object);
    const samples = await Promise.all(variantsOf(kind).map((variant) => sampleOf(kind, variant)));
    for (const sample of samples) expect(validate(JSON.parse(sample.stdout)), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe.concurrent('whk sample (real binary)', () => {
  // The binary against main() in process, for the tests above that read main()'s: a kind's every
  // variant (named, and the default unnamed), its validate --kind, and different seeds differing.
  it('the binary prints what main() prints: every variant of a kind, the default the same as naming it, different seeds differ; validate --kind passes them', async () => {
    const kind = 'hertzbeat-alarm';
    const variants = variantsOf(kind);
    const [plain, other, ...named] = await Promise.all([
      runCli(['sample', kind, '--seed', '7']),
      runCli(['sample', kind, '--seed', '8']),
      // Three of its twelve (the default first): every variant's bytes in a process each cost more than all the rest.
      ...variants.slice(0, 3).map((variant) => runCli(['sample', kind, '--variant', variant, '--seed', '7'])),
    ]);
    for (const [i, result] of named.entries()) {
      expect([result.code, result.stderr], variants[i]).toEqual([0, '']);
      expect(result.stdout, variants[i]).toBe((await sampleOf(kind, variants[i] as string)).stdout);
    }
    expect(plain.stdout).toBe(named[0]?.stdout);
    expect(plain.stdout).toBe((await defaultOf(kind)).stdout);
    expect(other.stdout).not.toBe(plain.stdout);
    const given = await runCli(['validate', '--kind', kind, ...(await sampleFiles(await mkdtemp(join(tmpdir(), `whk-samples-binary-${kind}-`)), kind))]);
    expect([given.code, given.stdout], given.stderr).toEqual([0, '']);
    expect(given.stderr).toBe(`${variants.length} payloads in ${variants.length} files: ${variants.length} valid, 0 invalid · ${kind} ×${variants.length}\n`);
  });

  // One validate of every kind's samples with no --kind names each file's detected kind (its JUnit
  // testcase): a process per kind made this file the suite's slowest.
  it('every kind\'s samples, in one validate with no --kind: each detected as its kind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-samples-detected-'));
    const kinds = listKinds().map((k) => k.id);
    const files = await Promise.all(kinds.map((kind) => sampleFiles(dir, kind)));
    const detected = await runCli(['validate', '--format', 'junit', ...files.flat()]);
    expect(detected.code, detected.stderr).toBe(0);
    const total = files.flat().length;
    expect(detected.stderr).toContain(`${total} payloads in ${total} files: ${total} valid, 0 invalid · `);
    for (const [i, kind] of kinds.entries()) {
      const n = variantsOf(kind).length;
      for (const file of files[i] as string[]) expect(detected.stdout).toContain(`<testcase name="${file}:1 ${kind}" classname="whk.validate.${kind}"/>`);
      expect(detected.stderr).toMatch(new RegExp(`[·,] ${kind} ×${n} \\(detected\\)[,\\n]`));
    }
  });

  // The README says which kinds' wire bytes are not what `whk sample` prints: their senders write JSON
  // in a form of their own (Go's encoding/json, Sentry's json.dumps), the same content. Each kind's
  // default sample (main()'s, in process) against what `send --dry-run` would put on the wire: the
  // binary's `send all` puts every kind's, a line each in the kinds' order, each the body `send <kind>`
  // puts (all 29 compared once by hand; here three, with the binary's sample of them, as witnesses).
  it('every kind: sample --compact prints the bytes send --dry-run puts on the wire, but for the kinds whose sender writes its own JSON form (the same content)', async () => {
    const OWN_FORM = ['alertmanager', 'grafana-alert', 'sentry-issue-alert', 'cloudwatch-alarm'];
    const kinds = listKinds();
    const dryRun = ['--seed', '1', '--dry-run', '--json', '--gzip', 'never', '--url', NOWHERE];
    const all = await runCli(['send', 'all', ...dryRun]);
    expect([all.code, all.stderr]).toEqual([0, '']);
    const wires = all.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { kind: string; variant: string; duplicate: boolean; body: string; bodyEncoding: string });
    // Each line names its delivery as a sent one's --json line does (it named none: only the order told).
    expect(wires.map((wire) => wire.kind)).toEqual(kinds.map((kind) => kind.id));
    expect(wires.map((wire) => [wire.variant, wire.duplicate])).toEqual(kinds.map((kind) => [kind.variants[0]?.id, false]));
    const samples = await Promise.all(kinds.map((kind) => runMain(['sample', kind.id, '--seed', '1', '--compact'])));
    const differing: string[] = [];
    for (const [i, sample] of samples.entries()) {
      const kind = kinds[i] as (typeof kinds)[number];
      expect(sample.code, sample.stderr).toBe(0);
      const request = wires[i] as (typeof wires)[number];
      expect(request.bodyEncoding, kind.id).toBe('utf8');
      // A form's field holds the JSON (Travis CI's payload=).
      const wire = kind.delivery.formField === undefined ? request.body : (new URLSearchParams(request.body).get(kind.delivery.formField) ?? '');
      const printed = sample.stdout.replace(/\n$/, '');
      if (printed !== wire) differing.push(kind.id);
      expect(JSON.parse(wire), kind.id).toEqual(JSON.parse(printed));
    }
    expect(differing).toEqual(OWN_FORM);
    // The binary's send <kind> puts send all's body, and its sample --compact is main()'s: a kind whose
    // bytes are the wire's, a form's, one of its own form.
    for (const id of ['metric-alert', 'travis-ci', 'sentry-issue-alert']) {
      const i = kinds.findIndex((k) => k.id === id);
      const [sample, sent] = await Promise.all([runCli(['sample', id, '--seed', '1', '--compact']), runCli(['send', id, ...dryRun])]);
      expect([sample.code, sample.stdout], id).toEqual([0, samples[i]?.stdout]);
      expect(sent.code, sent.stderr).toBe(0);
      expect((JSON.parse(sent.stdout) as { body: string }).body, id).toBe(wires[i]?.body);
    }
    // And the README's row for whk sample names each of them.
    const row = (await readFile(new URL('../../README.md', import.meta.url), 'utf8')).split('\n').find((line) => line.startsWith('| `whk sample <kind>')) ?? '';
    for (const id of OWN_FORM) expect(row, id).toContain(`${id} (`);
  });

  // As send tells its seed (on stderr, piped or not): the payload printed could not be made again.
  it('without --seed, the seed is told on stderr, stdout the payload alone, and --seed with it prints the same bytes; --quiet leaves it out', async () => {
    const fresh = await runCli(['sample', 'metric-alert']);
    const seed = /^seed (\d+) \(pass --seed \1 to print the same payload again\)\n$/.exec(fresh.stderr)?.[1] ?? 'none';
    expect((await runCli(['sample', 'metric-alert', '--seed', seed])).stdout).toBe(fresh.stdout);
    expect((await runCli(['sample', 'metric-alert', '--quiet'])).stderr).toBe('');
  });

  it('--count sets the impressions per batch; --compact prints one line', async () => {
    const result = await runCli(['sample', 'impressions', '--seed', '1', '--count', '12', '--compact']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(result.stdout)).toHaveLength(12);
  });

  // The hint was send's (more batches with --rate and --total), flags sample does not have.
  it('--count past the batch bound is refused with a hint sample can follow', async () => {
    const result = await runCli(['sample', 'impressions', '--count', '200000']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('error: --count: at most 100,000 records in one impressions batch, got 200,000\n  a sample is one batch built in memory; give a --count of at most 100,000\n');
  });

  it('--set overrides fields, with JSON values', async () => {
    const result = await runCli(['sample', 'metric-alert', '--seed', '1', '--set', 'data.environment.name=Staging', '--set', 'data.pValue=0.5']);
    expect(result.code).toBe(0);
    const payload = JSON.parse(result.stdout) as { data: { environment: { name: string }; pValue: number } };
    expect(payload.data.environment.name).toBe('Staging');
    expect(payload.data.pValue).toBe(0.5);
  });

  it.each([['__proto__.x=1'], ['constructor.prototype.x=1'], ['data.prototype=1']])('--set %s is refused with exit 2', async (assignment) => {
    const result = await runCli(['sample', 'metric-alert', '--seed', '1', '--set', assignment]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: refused path .* is not allowed\n$/);
  });

  it.each([
    // Once a sparse array of a hundred million holes, printed as nulls until the process ran out of memory.
    [['impressions', '--count', '3', '--set', '[99999999]=1'], "cannot set '$[99999999]': '$' has 3 elements\n  use an index from 0 to 3 (3 adds one at the end)"],
    // A name on an array was silently dropped by JSON; length truncated the array. (A name at the root of
    // a batch of impressions is a field of every record: the test below.)
    [['alertmanager', '--set', 'alerts.status=x'], "cannot set '$.alerts.status': '$.alerts' is an array, and 'status' is not an index\n  name an element by its index, e.g. alerts[0].status"],
    [['alertmanager', '--set', 'alerts.length=0'], "cannot set '$.alerts.length': '$.alerts' is an array, and 'length' is not an index\n  name an element by its index, e.g. alerts[0].length"],
    // In a batch, a record's path goes on from the record's index.
    [['impressions', '--set', 'key.x=1'], "cannot set '$[0].key.x': '$[0].key' is a string, not an object or array\n  to replace it, set [0].key itself"],
    // The string was replaced by an object.
    [['metric-alert', '--set', 'type.x=1', '--no-validate'], "cannot set '$.type.x': '$.type' is a string, not an object or array\n  to replace it, set type itself"],
  ])('--set that does not fit the payload (%j) is exit 2 saying why', async (args, message) => {
    const result = await runCli(['sample', ...args, '--seed', '3', '--compact'], { timeoutMs: 10_000 });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`error: ${message}\n`);
  });

  // QA, sendmatrix 10: a batch's name path was refused ('$' is an array), and in a stream it set every record.
  it('--set on a batch kind: a field named from a record is set in every record, an index path in that record only', async () => {
    const result = await runCli(['sample', 'impressions', '--seed', '3', '--count', '3', '--compact', '--set', 'treatment=off', '--set', '$[1].label=picked']);
    expect(result.code, result.stderr).toBe(0);
    const batch = JSON.parse(result.stdout) as { treatment: string; label: string }[];
    expect(batch.map((record) => record.treatment)).toEqual(['off', 'off', 'off']);
    expect(batch.map((record) => record.label === 'picked')).toEqual([false, true, false]);
  });

  it('--set of an integer past 2^53 prints its digits, pretty or compact, as send sends them (JSON.stringify wrote the nearest double)', async () => {
    for (const layout of [[], ['--compact']]) {
      const result = await runCli(['sample', 'metric-alert', '--seed', '3', '--set', 'extra=12345678901234567890', ...layout]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/"extra": ?12345678901234567890\n?}?\n$/);
    }
    const batch = await runCli(['sample', 'impressions', '--seed', '3', '--compact', '--no-validate', '--set', 'time=12345678901234567890']);
    expect(batch.code, batch.stderr).toBe(0);
    const times = batch.stdout.match(/"time":\d+/g) ?? [];
    expect(times.length).toBeGreaterThan(0);
    expect(new Set(times)).toEqual(new Set(['"time":12345678901234567890']));
  });

  it('--set may append exactly at the end of an array', async () => {
    const result = await runCli(['sample', 'impressions', '--seed', '3', '--count', '2', '--compact', '--no-validate', '--set', '[2]={"key":"extra"}']);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as unknown[])[2]).toEqual({ key: 'extra' });
  });

  it('--set without path=value is refused with exit 2 and a hint', async () => {
    const result = await runCli(['sample', 'metric-alert', '--set', 'novalue']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("error: invalid --set 'novalue'\n  use path=value, e.g. --set data.environment.name=Staging\n");
  });

  it('an unknown kind or variant exits 2 naming the choices, no stack trace', async () => {
    const kind = await runCli(['sample', 'nope']);
    expect(kind.code).toBe(2);
    expect(kind.stdout).toBe('');
    expect(kind.stderr).toBe(`error: unknown kind 'nope'\n  known kinds: ${KIND_LIST}\n`);
    const variant = await runCli(['sample', 'metaplane-incident', '--variant', 'nope']);
    expect(variant.code).toBe(2);
    expect(variant.stderr).toBe("error: unknown variant 'nope' for metaplane-incident\n  variants of metaplane-incident: opened, resolved, legacy\n");
  });

  it('a bad --seed is a usage error', async () => {
    const result = await runCli(['sample', 'metric-alert', '--seed', 'abc']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: invalid --seed/);
  });
});

describe.concurrent('whk schema (real binary)', () => {
  // The binary's schema is main()'s, whose every kind's schema is checked above.
  it('--json: the schema as one JSON value on one line, as every --json output is; without it, indented', async () => {
    const [compact, pretty] = await Promise.all([runCli(['schema', 'alertmanager', '--json']), runCli(['schema', 'alertmanager'])]);
    expect([pretty.code, pretty.stderr, pretty.stdout]).toEqual([0, '', (await runMain(['schema', 'alertmanager'])).stdout]);
    expect(compact.code).toBe(0);
    expect(compact.stdout.split('\n')).toHaveLength(2);
    expect(compact.stdout.endsWith('\n')).toBe(true);
    expect(JSON.parse(compact.stdout)).toEqual(JSON.parse(pretty.stdout));
    expect(pretty.stdout.split('\n').length).toBeGreaterThan(10);
  });

  it('an unknown kind exits 2 naming the kinds', async () => {
    const result = await runCli(['schema', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`known kinds: ${KIND_LIST}`);
  });
});

describe('whk kinds (real binary)', () => {
  it('lists every kind with variants, delivery and doubts', async () => {
    const result = await runCli(['kinds']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    for (const kind of listKinds()) expect(result.stdout).toContain(`${kind.id}  ${kind.title}`);
    expect(result.stdout).toContain('variants   grouped (default), grouped-resolved, flat, entity');
    expect(result.stdout).toContain('success: status 200 only; retry once after 300ms');
    expect(result.stdout).toContain('4 retries, backoff 1s, 2s, 4s, 8s');
    expect(result.stdout).toContain('signed (x-metaplane-sig)');
    // What a sender signs with, not every header verify reads: Grafana sends no fallback header, and
    // a timestamp header only where a contact point names one.
    expect(result.stdout).toContain('signed (x-grafana-alerting-signature; a timestamp header only where the contact point names one)');
    expect(result.stdout).toContain('signed (x-gitlab-token; with a whsec_ signing token webhook-id, webhook-timestamp, webhook-signature instead)');
    expect(result.stdout).toContain('auth: basic/bearer');
    expect(result.stdout).toMatch(/doubt {6}The newest doc types affectedMonitors_v2/);
  });

  it('names kinds to show only those, in the order named; an unknown one exits 2 naming the kinds', async () => {
    const two = await runCli(['kinds', 'gitlab', 'github']);
    expect(two.code).toBe(0);
    const titles = two.stdout.split('\n').filter((line) => /^[a-z]/.test(line));
    expect(titles).toEqual(['gitlab  GitLab project webhook', 'github  GitHub webhook']);
    expect(two.stdout).toContain('redirects not followed (whk\'s choice)');
    const json = await runCli(['kinds', 'sentry-issue-alert', '--json']);
    expect((JSON.parse(json.stdout) as { id: string }[]).map((k) => k.id)).toEqual(['sentry-issue-alert']);
    // A kind named twice is shown once, as text and as JSON.
    const twice = await runCli(['kinds', 'github', 'github']);
    expect(twice.stdout.split('\n').filter((line) => /^[a-z]/.test(line))).toEqual(['github  GitHub webhook']);
    const twiceJson = await runCli(['kinds', 'github', 'gitlab', 'github', '--json']);
    expect((JSON.parse(twiceJson.stdout) as { id: string }[]).map((k) => k.id)).toEqual(['github', 'gitlab']);
    const unknown = await runCli(['kinds', 'github', 'nope']);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toBe(`error: unknown kind 'nope'\n  known kinds: ${KIND_LIST}\n`);
  });

  it('--json gives the profiles as data', async () => {
    const result = await runCli(['kinds', '--json']);
    expect(result.code).toBe(0);
    const kinds = JSON.parse(result.stdout) as { id: string; defaultVariant: string; delivery: { success: string; batching: unknown; retry: { maxAttempts: number } } }[];
    expect(kinds.map((k) => k.id)).toEqual(KIND_LIST.split(', '));
    const byId = Object.fromEntries(kinds.map((k) => [k.id, k]));
    expect(byId['impressions']?.delivery).toMatchObject({ success: 'exactly-200', batching: { flushIntervalMs: 10000, maxBatchSize: 5000 } });
    expect(byId['hertzbeat-alarm']?.delivery).toMatchObject({ success: 'below-400', retry: { maxAttempts: 1 } });
    expect(byId['metaplane-incident']?.delivery).toMatchObject({ success: '2xx', retry: { maxAttempts: 5 } });
  });
});
