// whk is an ES module only (its kind registry awaits at its top level, so not even Node's
// require(esm) loads it). A CommonJS project that requires it gets one line saying how to load it
// (package.json "exports" → "require": cjs/require.cjs), `await import('whk')` works from CommonJS,
// and TypeScript in a CommonJS project refuses a value import that would compile to that require.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const fixtures = fileURLToPath(new URL('../fixtures/consumer-cjs/', import.meta.url));

/** A project with whk in its node_modules (a link to this checkout, as npm link makes) and one CommonJS file. */
async function projectRunning(script: string): Promise<{ stdout: string; stderr: string; code: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'whk-cjs-'));
  await mkdir(join(dir, 'node_modules'));
  await symlink(root, join(dir, 'node_modules', 'whk'), 'dir');
  await writeFile(join(dir, 'main.cjs'), script);
  return run(process.execPath, ['main.cjs'], { cwd: dir }).then(
    ({ stdout, stderr }) => ({ stdout, stderr, code: 0 }),
    (error: { stdout: string; stderr: string; code: number }) => error,
  );
}

describe('whk from CommonJS', () => {
  it("require('whk') throws one line saying whk is an ES module and how to load it", async () => {
    const result = await projectRunning(`try { require('whk'); } catch (error) { console.log(JSON.stringify({ code: error.code, message: error.message })); }`);
    const thrown = JSON.parse(result.stdout) as { code: string; message: string };
    expect(thrown.code).toBe('ERR_REQUIRE_ESM');
    expect(thrown.message).not.toContain('\n');
    expect(thrown.message).toContain('whk is an ES module');
    expect(thrown.message).toContain("await import('whk')");
  });

  it("await import('whk') from CommonJS loads the API", async () => {
    const result = await projectRunning(`import('whk').then((whk) => console.log(typeof whk.send, typeof whk.sample('metaplane-incident', { seed: 1 })));`);
    expect(result).toMatchObject({ code: 0, stdout: 'function object\n' });
  });

  it('TypeScript in a CommonJS project takes the types and import(), and refuses a value import (a require that would throw)', async () => {
    const compile = (project: string) => run(process.execPath, [tsc, '-p', join(fixtures, project)], { timeout: 170_000 }).then(() => '', (error: { stdout: string }) => error.stdout);
    const [types, value] = await Promise.all([compile('tsconfig.json'), compile('tsconfig.require.json')]);
    expect(types).toBe('');
    expect(value).toMatch(/require\.cts\(\d+,\d+\): error TS1362: 'send' cannot be used as a value/);
  }, 180_000);
});
