// The consistency test of fixtures/: every file under every kind directory (present and future)
// gets the verdict its place and its sidecar promise, through the real file validator.
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectKind, findKind, listKinds } from '../../src/kinds/index.js';
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
  /** For kinds with events: the event detection must read from the payload. */
  event?: string;
  /** Where a real published example comes from. */
  source?: string;
  /** The `whk sample` command that made a fixture no sender published: it must still give these bytes. */
  generated?: string;
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

/**
 * `<variant>`, or for kinds with events `<event>` and `<event>.<variant>` for the events with variants,
 * each with the event it must be detected as.
 */
function fixtureNames(kind: Kind): { name: string; event?: string }[] {
  if (!kind.events) return kind.variants.map((variant) => ({ name: variant.id }));
  return kind.events.flatMap((event) => {
    // Event ids may hold characters file names should not (Jira's 'jira:issue_created', Bitbucket's 'repo:push').
    const name = event.id.replace(/[^A-Za-z0-9_.-]/g, '-');
    return (event.variants ? event.variants.map((variant) => `${name}.${variant.id}`) : [name]).map((file) => ({ name: file, event: event.id }));
  });
}

function sidecar(dir: string, file: string): Expectation | undefined {
  const path = join(dir, file.replace(/\.json$/, '.expect.json'));
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Expectation) : undefined;
}

/** What `whk sample <kind> --event E --variant V --seed N --count N` gives now, as the JSON it prints. */
function sampleOf(command: string): unknown {
  const [whk, verb, kindId, ...flags] = command.split(' ');
  expect([whk, verb], command).toEqual(['whk', 'sample']);
  const option = (name: string): string | undefined => {
    const at = flags.indexOf(`--${name}`);
    return at === -1 ? undefined : flags[at + 1];
  };
  const count = option('count');
  const kind = findKind(kindId ?? '');
  expect(kind, command).toBeDefined();
  const sample = kind?.sample({ seed: Number(option('seed')), event: option('event'), variant: option('variant'), count: count === undefined ? undefined : Number(count) });
  return JSON.parse(JSON.stringify(sample)) as unknown;
}

async function validateFile(path: string): Promise<PayloadResult[]> {
  const results: PayloadResult[] = [];
  for await (const result of validateSource(path, createReadStream(path))) results.push(result);
  return results;
}

describe('fixtures/', () => {
  it('has a directory for every kind, with a fixture named after each variant (of each event, for kinds with events, detected as that event)', () => {
    for (const kind of listKinds()) {
      expect(kindDirs).toContain(kind.id);
      for (const { name, event } of fixtureNames(kind)) {
        const path = join(ROOT, kind.id, `${name}.json`);
        expect(existsSync(path), `${kind.id}/${name}.json`).toBe(true);
        // The name is a promise about the payload: an event's fixture is that event by its body alone.
        if (event !== undefined && kind.eventOf) expect(detectKind(JSON.parse(readFileSync(path, 'utf8'))), `${kind.id}/${name}.json`).toMatchObject({ status: 'detected', kind: { id: kind.id }, event });
      }
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
      if (expectation.event !== undefined) {
        expect(detectKind(JSON.parse(readFileSync(join(validDir, file), 'utf8')))).toMatchObject({ status: 'detected', kind: { id: kind }, event: expectation.event });
      }
    });

    // A generated fixture is whk's own sample, so its verdict above proves only that the generator's
    // output for that event or variant is valid and detected (with its event); it is no evidence of
    // what the sender sends (the `source` fixtures are). Pinned here so it cannot drift from the sample.
    const generated = payloadFiles(validDir).filter((file) => sidecar(validDir, file)?.generated !== undefined);
    it.skipIf(generated.length === 0).each(generated)('%s is what its sidecar\'s `whk sample` command gives now, and claims no published source', (file) => {
      const expectation = sidecar(validDir, file) as Expectation;
      expect(expectation.source, 'a generated fixture names no source').toBeUndefined();
      expect(JSON.parse(readFileSync(join(validDir, file), 'utf8'))).toEqual(sampleOf(expectation.generated as string));
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
