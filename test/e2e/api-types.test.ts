// The type declarations ship: a TypeScript consumer that imports 'whk' by name compiles against
// dist/index.d.ts (package.json "exports" → "types"), and its @ts-expect-error lines prove the
// types are real (were they `any`, those lines would be unused directives, a compile error).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const project = fileURLToPath(new URL('../fixtures/consumer/tsconfig.json', import.meta.url));

describe('published types', () => {
  it('a consumer importing whk by name type-checks against dist/index.d.ts', async () => {
    const result = await promisify(execFile)(process.execPath, [tsc, '-p', project, '--listFiles'], { timeout: 30_000 }).catch((error: { stdout?: string; code?: number }) => error);
    const listed = (result.stdout ?? '').split('\n');
    // The fixture compiled without errors (tsc prints errors on stdout).
    expect(listed.filter((line) => /error TS/.test(line))).toEqual([]);
    expect('code' in result ? result.code : 0).toBe(0);
    // And 'whk' resolved to the shipped declarations, not to the sources.
    expect(listed.some((file) => file.endsWith('/dist/index.d.ts'))).toBe(true);
    expect(listed.some((file) => file.includes('/src/'))).toBe(false);
  }, 30_000);
});

describe('what a TypeScript consumer needs', () => {
  it("the README's API section says @types/node, which the declarations use (NodeJS.ProcessEnv)", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const api = readme.slice(readme.indexOf('### The programmatic API'));
    const typed = api.slice(api.indexOf('Typed (declarations ship in `dist/index.d.ts`)'), api.indexOf('Bad options throw'));
    expect(typed).toContain('A TypeScript project needs\n`@types/node` installed too');
    expect(readFileSync(new URL('../../dist/api/check.d.ts', import.meta.url), 'utf8')).toContain('NodeJS.ProcessEnv');
  });
});
