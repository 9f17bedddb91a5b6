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
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string>; license: string; engines: { node: string } };

let packed: Promise<string[]> | undefined;
/** The paths `npm pack` puts in the tarball (asked once). */
function packedFiles(): Promise<string[]> {
  packed ??= run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root }).then(({ stdout }) => ((JSON.parse(stdout) as { files: { path: string }[] }[])[0]?.files ?? []).map((f) => f.path));
  return packed;
}

describe('the package', () => {
  it('holds the built CLI and API (what npm install of a tarball gets), not the build script', async () => {
    const files = await packedFiles();
    for (const path of ['bin/whk.js', 'dist/index.js', 'dist/index.d.ts', 'dist/main.js', 'dist/cli.js', 'dist/inspector/page/index.html', 'cjs/require.cjs', 'cjs/require.d.cts']) expect(files).toContain(path);
    expect(files.some((path) => path.startsWith('src/'))).toBe(false);
  });

  it('holds every file the README links (its pictures of the page, the performance log) and the MIT LICENSE', async () => {
    const files = await packedFiles();
    const linked = [...readme.matchAll(/\]\(([^)\s#]+)\)/g)].map((match) => match[1] as string).filter((link) => !/^[a-z]+:/.test(link));
    expect(linked).toEqual(expect.arrayContaining(['docs/inspector-list.png', 'docs/inspector-detail.png', 'docs/performance-log.md']));
    expect(linked.filter((link) => !files.includes(link))).toEqual([]);
    expect(files).toContain('LICENSE');
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(new URL('../../LICENSE', import.meta.url), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) 2026 the whk authors\n/);
  });

  it("the README's opening says the Node minimum of package.json's engines and how to add whk to a project", () => {
    const opening = readme.slice(0, readme.indexOf('\n## '));
    expect(pkg.engines.node).toBe('>=20.18');
    expect(opening).toContain('Node.js 20.18 or later');
    expect(opening).toContain('`npm install --save-dev /path/to/whk`');
    expect(opening).toContain('`npm install --save-dev ./whk-<version>.tgz`');
  });

  it("prepare builds through scripts/prepare.mjs, which installs the build tools when the checkout lacks them", () => {
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
