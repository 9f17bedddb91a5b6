// `prepare`: build dist/ wherever npm asks for it. In a checkout with its devDependencies (npm
// install, npm pack) that is `npm run build`. `npm install -g .` and `npm install /path/to/whk`
// run prepare in a checkout without them (no tsc), so this installs them into the checkout first
// (from the lockfile, scripts off, preferring npm's cache) and then builds.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.env['npm_execpath'] ? [process.execPath, process.env['npm_execpath']] : ['npm'];

function run(args) {
  const [command, ...rest] = [...npm, ...args];
  const result = spawnSync(command, rest, { cwd: root, stdio: 'inherit', shell: npm.length === 1 && process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync(join(root, 'node_modules', 'typescript', 'bin', 'tsc'))) {
  console.error('whk: installing the build tools into the checkout (its devDependencies) to build dist/');
  run(['install', '--include=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', '--global=false', '--location=project']);
}
run(['run', 'build']);
