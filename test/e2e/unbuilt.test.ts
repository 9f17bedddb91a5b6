// bin/whk.js in a package with no dist/ (a checkout never built, `npm install --ignore-scripts`,
// `npm pack --ignore-scripts`): one line saying so and exit 1; any other failure to load the CLI
// surfaces as it always did. And `npm run build` starts from an empty dist/, so a file whose source
// was removed is not packed.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';

const run = promisify(execFile);

/** A copy of the package's bin/whk.js in a directory of its own, with `main` as its dist/main.js (none when undefined). */
async function packageWith(main: string | undefined): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'whk-unbuilt-'));
  await mkdir(join(dir, 'bin'));
  await copyFile(BIN, join(dir, 'bin', 'whk.js'));
  await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  if (main !== undefined) {
    await mkdir(join(dir, 'dist'));
    await writeFile(join(dir, 'dist', 'main.js'), main);
  }
  return dir;
}

function runBin(dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, [join(dir, 'bin', 'whk.js'), '--version']).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe('bin/whk.js without a build', () => {
  it('says in one line that dist/main.js is missing and how to build, exit 1', async () => {
    const dir = await packageWith(undefined);
    const result = await runBin(dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`whk: not built: ${join(dir, 'dist', 'main.js')} is missing; run \`npm run build\` in ${dir}\n`);
  });

  it('lets any other failure to load surface as before (a package dist/main.js imports is missing)', async () => {
    const result = await runBin(await packageWith("import 'whk-no-such-package';\nexport function run() {}\n"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Cannot find package 'whk-no-such-package'");
    expect(result.stderr).not.toContain('not built');
  });

  it('runs a built dist/main.js', async () => {
    const result = await runBin(await packageWith("export function run() { console.log('ran', process.argv[2]); }\n"));
    expect(result).toMatchObject({ code: 0, stdout: 'ran --version\n' });
  });
});

describe('npm run build', () => {
  it('first removes dist/ (its first step, run here in a directory holding a stale dist/)', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    const first = pkg.scripts['build']?.split(' && ')[0] ?? '';
    expect(first).toMatch(/^node -e /);
    const dir = await packageWith('// from a source since removed\n');
    await run('sh', ['-c', first], { cwd: dir });
    expect(existsSync(join(dir, 'dist'))).toBe(false);
    expect(existsSync(join(dir, 'bin', 'whk.js'))).toBe(true);
  });
});
