// The consistency test of fixtures/: every file under every kind directory (present and future)
// gets the verdict its place and its sidecar promise, through the real file validator.
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findKind, listKinds } from '../../src/kinds/index.js';
import type { Kind } from '../../src/kinds/types.js';
import { validateSource, type PayloadResult } from '../../src/validate/files.js';

const ROOT = fileURLToPath(new URL('../../fixtures/', import.meta.url));

interface Expectation {
  /** The JSON path that must be among the issues (invalid fixtures). */
  path?: string;
  /** A substring of the message of an issue at that path. */
  message?: string;
  /** A substring that must be among the warnings. */
  warning?: string;
  /** The line the issue must be reported at. */
  line?: number;
  /** The kind the validator must report; default the directory's kind, null for "not told". */
  kind?: string | null;
  why?: string;
}

const kindDirs = readdirSync(ROOT, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

function payloadFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') && !name.endsWith('.expect.json'))
    .sort();
}

/** `<variant>`, or for kinds with events `<event>` and `<event>.<variant>` for the events with variants. */
function fixtureNames(kind: Kind): string[] {
  if (!kind.events) return kind.variants.map((variant) => variant.id);
  // Bitbucket's event ids hold a ':' (repo:push), which not every file system takes in a name.
  const file = (id: string): string => id.replaceAll(':', '_');
  return kind.events.flatMap((event) => (event.variants ? event.variants.map((variant) => `${file(event.id)}.${variant.id}`) : [file(event.id)]));
}

function sidecar(dir: string, file: string): Expectation | undefined {
  const path = join(dir, file.replace(/\.json$/, '.expect.json'));
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Expectation) : undefined;
}

async function validateFile(path: string): Promise<PayloadResult[]> {
  const results: PayloadResult[] = [];
  for await (const result of validateSource(path, createReadStream(path))) results.push(result);
  return results;
}

describe('fixtures/', () => {
  it('has a directory for every kind, with a fixture named after each variant (of each event, for kinds with events)', () => {
    for (const kind of listKinds()) {
      expect(kindDirs).toContain(kind.id);
      for (const name of fixtureNames(kind)) expect(existsSync(join(ROOT, kind.id, `${name}.json`)), `${kind.id}/${name}.json`).toBe(true);
    }
  });

  it('holds only directories of known kinds, each with valid and invalid fixtures', () => {
    for (const dir of kindDirs) {
      expect(findKind(dir), `fixtures/${dir} is not a kind`).toBeDefined();
      expect(payloadFiles(join(ROOT, dir)).length).toBeGreaterThan(0);
      expect(payloadFiles(join(ROOT, dir, 'invalid')).length).toBeGreaterThan(0);
    }
  });

  describe.each(kindDirs)('%s', (kind) => {
    const validDir = join(ROOT, kind);
    const invalidDir = join(ROOT, kind, 'invalid');

    it.each(payloadFiles(validDir))('%s is valid and detected as its kind', async (file) => {
      const expectation = sidecar(validDir, file) ?? {};
      const results = await validateFile(join(validDir, file));
      expect(results.length).toBeGreaterThan(0);
      for (const result of results) {
        expect(result.issues).toEqual([]);
        expect(result).toMatchObject({ valid: true, kind, kindSource: 'detected' });
        if (expectation.warning) expect(result.warnings.join('\n')).toContain(expectation.warning);
        else expect(result.warnings).toEqual([]);
      }
    });

    it.each(payloadFiles(invalidDir))('%s is invalid with the path its sidecar names', async (file) => {
      const expectation = sidecar(invalidDir, file);
      expect(expectation?.path, `invalid/${file} needs a sidecar naming the path`).toBeTypeOf('string');
      const results = await validateFile(join(invalidDir, file));
      const invalid = results.filter((result) => !result.valid);
      expect(invalid.length).toBeGreaterThan(0);
      const hits = invalid.flatMap((result) => result.issues.filter((issue) => issue.path === expectation?.path).map((issue) => ({ result, issue })));
      expect(hits.length, `issues: ${JSON.stringify(invalid.flatMap((r) => r.issues))}`).toBeGreaterThan(0);
      const expectedKind = expectation?.kind === undefined ? kind : expectation.kind;
      for (const { result, issue } of hits) {
        expect(result.kind).toBe(expectedKind);
        if (expectation?.message) expect(issue.message).toContain(expectation.message);
        if (expectation?.line !== undefined) expect(result.line).toBe(expectation.line);
        if (expectation?.warning) expect(result.warnings.join('\n')).toContain(expectation.warning);
      }
    });
  });
});
