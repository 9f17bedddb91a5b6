// Start-up (README, Performance): `whk --help` builds the program from the option tables alone; the
// parsers, the HTTP client, the prompts, the terminal styling, signing and the kinds load only when a
// command runs. Read from the real binary through a module loader hook that lists every module loaded.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const HEAVY = [/\/node_modules\/(zod|undici|ajv|ajv-formats|@inquirer\/[^/]+|ora|chalk)\//, /\/dist\/(signing|kinds|delivery|receiver|validate|inspector)\//];

const isHeavy = (url: string): boolean => HEAVY.some((pattern) => pattern.test(url));

describe('what start-up loads (real binary)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'whk-loads-'));
    await writeFile(
      join(dir, 'hooks.mjs'),
      "import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) {\n  appendFileSync(process.env.WHK_LOAD_LOG, url + '\\n');\n  return next(url, context);\n}\n",
    );
    await writeFile(join(dir, 'register.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** The URLs of the modules `whk <args>` loads. */
  async function loadedBy(args: string[], log: string): Promise<string[]> {
    const path = join(dir, log);
    const result = await runCli(args, { env: { NODE_OPTIONS: `--import ${pathToFileURL(join(dir, 'register.mjs')).href}`, WHK_LOAD_LOG: path } });
    expect(result.code).toBe(0);
    return (await readFile(path, 'utf8')).split('\n').filter(Boolean);
  }

  it('whk --help loads commander and the command table, none of the heavy modules', async () => {
    const loaded = await loadedBy(['--help'], 'help.log');
    expect(loaded.some((url) => url.includes('/node_modules/commander/'))).toBe(true);
    expect(loaded.some((url) => url.endsWith('/dist/options/send.js'))).toBe(true);
    expect(loaded.filter(isHeavy)).toEqual([]);
  });

  it('the same probe sees them when a command runs (so the check above can fail)', async () => {
    const loaded = await loadedBy(['sample', 'metric-alert', '--seed', '1'], 'sample.log');
    expect(loaded.some((url) => url.includes('/node_modules/zod/'))).toBe(true);
    expect(loaded.some((url) => url.includes('/dist/kinds/'))).toBe(true);
  });
});
