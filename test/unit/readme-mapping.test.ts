// The README's mapping workflow runs as written: its mapping files are valid, and every whk command
// of the workflow section works through the real binary (the listener on port 0 instead of 9000),
// ending with the sample cURL's request mapped by listen --map.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findKind } from '../../src/kinds/index.js';
import { INTEGRATION_TYPES } from '../../src/kinds/integration-types.js';
import { parseMappingFile, resolveMappingFile } from '../../src/mapping/load.js';
import { runShellLine, startCli } from '../helpers/cli.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const sources = readme.slice(readme.indexOf('<!-- section:sources -->'), readme.indexOf('<!-- /section:sources -->'));
const workflow = readme.slice(readme.indexOf('<!-- section:workflow -->'), readme.indexOf('<!-- /section:workflow -->'));
const blocks = (text: string, lang: string): string[] => [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1] as string);
/** The whk command lines of a sh block, comments dropped. */
const commands = (block: string): string[] => block.split('\n').filter((line) => line.startsWith('whk ')).map((line) => line.replace(/\s+#.*$/, '').slice(4));

describe('README: mappings', () => {
  it('shows mapping files that load', () => {
    const files = blocks(sources, 'json');
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const text of files) expect(() => resolveMappingFile(parseMappingFile(text, 'readme'), findKind, 'readme')).not.toThrow();
  });

  it('lists each integration type with its required mapped fields', () => {
    expect(Object.keys(INTEGRATION_TYPES).length).toBeGreaterThan(0);
    for (const type of Object.values(INTEGRATION_TYPES)) {
      const row = sources.split('\n').find((line) => line.startsWith(`| \`${type.id}\` |`));
      expect(row, type.id).toBeDefined();
      expect(row?.split('|')[2]?.trim()).toBe(type.required.map((f) => f.name).join(', '));
      expect(row?.includes("whk's choice")).toBe(type.whkChoice);
    }
  });

  it('runs the workflow as written: template, fields, mapping, the sample cURL, listen --map', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whk-readme-map-'));
    writeFileSync(join(dir, 'mapping.json'), blocks(workflow, 'json')[0] ?? '');
    const lines = commands(blocks(workflow, 'sh')[0] ?? '');
    expect(lines[0]).toBe('kinds');
    const listenAt = lines.findIndex((line) => line.startsWith('listen '));
    expect(listenAt).toBeGreaterThan(0);
    // The output checks below are tied to these two lines: the workflow must still show them.
    expect(lines.slice(0, listenAt).filter((line) => line.startsWith('map --template') || line.startsWith('map am.json'))).toHaveLength(2);

    for (const line of lines.slice(0, listenAt)) {
      const result = await runShellLine(line, { cwd: dir });
      expect(result.code, `whk ${line}\n${result.stderr}`).toBe(0);
      if (line.startsWith('map --template')) expect(result.stdout).toContain('mapped fields the alert type requires: title, status');
      if (line.startsWith('map am.json')) {
        expect(result.stdout).toMatch(/^app\s+checkout\s/m);
        expect(result.stdout).toMatch(/^service\s+checkout\s+field app$/m);
      }
    }

    const listener = startCli((lines[listenAt] as string).replace('--port 9000', '--port 0').split(' '), { cwd: dir, timeoutMs: 60_000 });
    const url = (await listener.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;
    for (const line of lines.slice(listenAt + 1)) {
      const result = await runShellLine(line.replaceAll('http://127.0.0.1:9000', url), { cwd: dir });
      expect(result.code, `whk ${line}\n${result.stderr}`).toBe(0);
    }
    const ended = await listener.exited;
    expect(ended.code, ended.stderr).toBe(0);
    expect(ended.stdout).toMatch(/POST \/alerts {2}alertmanager {2}valid .*app=checkout, instances=\[.*\} {2}→ \{title=.*, status=firing, service=checkout, hosts=\[.*, team=/);
    expect(ended.stderr).toContain('mapping: 1 mapped, 0 with problems');
  }, 90_000);

  it('is right that leaving status out of select makes whk map exit 1 naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whk-readme-map-'));
    const mapping = JSON.parse(blocks(workflow, 'json')[0] ?? '{}') as { select: string[] };
    writeFileSync(join(dir, 'mapping.json'), JSON.stringify({ ...mapping, select: mapping.select.filter((name) => name !== 'status') }));
    const sample = commands(blocks(workflow, 'sh')[0] ?? '').find((line) => line.startsWith('sample ')) as string;
    expect((await runShellLine(sample, { cwd: dir })).code).toBe(0);
    const result = await runShellLine('map am.json --map mapping.json', { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^status .*✗ required by the alert integration type, but not filled/m);
  });
});
