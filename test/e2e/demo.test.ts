import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaptureRecord } from '../../src/capture/record.js';
import { listKinds } from '../../src/kinds/index.js';
import { runCli } from '../helpers/cli.js';

describe('whk demo (real binary)', () => {
  it('delivers one of every kind to its own receiver and reports what arrived', async () => {
    const result = await runCli(['demo']);
    expect(result.code).toBe(0);
    for (const kind of listKinds()) expect(result.stdout).toContain(`POST /${kind.id}  ${kind.id}  valid`);
    expect(result.stdout).toMatch(/POST \/impressions  impressions  valid  .*  gzip  → 200/);
    expect(result.stdout).toContain(`all ${listKinds().length} kinds were delivered, detected as themselves and valid`);
  });

  it('--save keeps one valid capture record per kind', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'whk-demo-')), 'captures.ndjson');
    const result = await runCli(['demo', '--save', file]);
    expect(result.code).toBe(0);
    const records = (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as CaptureRecord);
    expect(records.map((r) => r.kind)).toEqual(listKinds().map((k) => k.id));
    expect(records.every((r) => r.valid)).toBe(true);
  });

  it('--json gives one object with a verdict per kind', async () => {
    const result = await runCli(['demo', '--json', '--seed', '5']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { ok: boolean; kinds: { kind: string; ok: boolean; received: { kind: string; encoding: string } }[] };
    expect(report.ok).toBe(true);
    expect(report.kinds.map((k) => k.kind)).toEqual(listKinds().map((k) => k.id));
    expect(report.kinds.every((k) => k.ok && k.received.kind === k.kind)).toBe(true);
    expect(report.kinds.find((k) => k.kind === 'impressions')?.received.encoding).toBe('gzip');
  });
});
