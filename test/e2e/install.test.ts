// Installing whk (README, Commands): the package carries its build, and a fresh clone installs both
// ways the README promises. The fresh-clone installs need npm's cache and take minutes (prepare
// installs the checkout's devDependencies to build), so they run with WHK_INSTALL_TEST=1 through
// scripts/check-install.sh; what the package holds is checked on every run.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the package', () => {
  it('holds the built CLI and API (what npm install of a tarball gets), not the build script', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root });
    const files = ((JSON.parse(stdout) as { files: { path: string }[] }[])[0]?.files ?? []).map((f) => f.path);
    for (const path of ['bin/whk.js', 'dist/index.js', 'dist/index.d.ts', 'dist/main.js', 'dist/cli.js', 'dist/inspector/page/index.html', 'cjs/require.cjs', 'cjs/require.d.cts']) expect(files).toContain(path);
    expect(files.some((path) => path.startsWith('src/'))).toBe(false);
  });

  it("prepare builds through scripts/prepare.mjs, which installs the build tools when the checkout lacks them", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['prepare']).toBe('node scripts/prepare.mjs');
    const script = readFileSync(new URL('../../scripts/prepare.mjs', import.meta.url), 'utf8');
    expect(script).toMatch(/'install', '--include=dev', '--ignore-scripts'/);
    expect(script).toMatch(/run\(\['run', 'build'\]\)/);
  });
});

describe.runIf(process.env['WHK_INSTALL_TEST'] === '1')('fresh clone installs (WHK_INSTALL_TEST=1)', () => {
  it('npm install -g . and npm install /path/to/whk both give a working whk', async () => {
    const { stdout } = await run('sh', ['scripts/check-install.sh'], { cwd: root });
    expect(stdout).toContain('ok: npm install -g . (fresh clone) gives a working whk');
    expect(stdout).toContain("ok: npm install /path/to/whk (fresh clone) gives import 'whk' and node_modules/.bin/whk");
  }, 600_000);
});
