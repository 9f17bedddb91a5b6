// Start-up (README, Performance): `whk --help` builds the program from the option tables alone; the
// parsers, the HTTP client, the prompts, the terminal styling, signing and the kinds load only when a
// command runs. Read from the real binary through a module loader hook that lists every module loaded.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startServer } from '../helpers/server.js';

// node:v8 too: only a command that sends sets a V8 flag with it (main.ts); help runs no command.
const HEAVY = [/\/node_modules\/(zod|undici|ajv|ajv-formats|@inquirer\/[^/]+|ora|chalk)\//, /\/dist\/(signing|kinds|delivery|receiver|validate|inspector)\//, /^node:v8$/];

// The one list of direction controls, a constant the terminal's text filter shares with the page
// (which loads only files of its own folder): the rest of the inspector stays out.
const SHARED = /\/dist\/inspector\/page\/controls\.js$/;

const isHeavy = (url: string): boolean => !SHARED.test(url) && HEAVY.some((pattern) => pattern.test(url));

/** Each kind id and the module its loader imports, read from the one list of kinds (src/kinds/ids.ts). */
const KIND_MODULES = [...readFileSync(new URL('../../src/kinds/ids.ts', import.meta.url), 'utf8').matchAll(/'?([\w-]+)'?: async \(\) => \(await import\('\.\/([\w-]+)\.js'\)\)/g)].map(
  ([, id, module]) => ({ id: id as string, url: `/dist/kinds/${module as string}.js` }),
);
/** The kinds' own modules among the URLs loaded (shared frames such as define.js are not a kind's). */
const kindModulesIn = (loaded: string[]): string[] => KIND_MODULES.filter(({ url }) => loaded.some((u) => u.endsWith(url))).map(({ id }) => id);

describe('what start-up loads (real binary)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'whk-loads-'));
    await writeFile(
      join(dir, 'hooks.mjs'),
      "import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) {\n  appendFileSync(process.env.WHK_LOAD_LOG, url + '\\n');\n  return next(url, context);\n}\n",
    );
    // The hook sees ESM loads only; CommonJS files reached by require() (undici's, by path) are read
    // from the require cache at exit, so a require of a heavy module shows too.
    await writeFile(
      join(dir, 'register.mjs'),
      [
        "import { appendFileSync } from 'node:fs';",
        "import { createRequire, register } from 'node:module';",
        "import { pathToFileURL } from 'node:url';",
        "register('./hooks.mjs', import.meta.url);",
        'const cache = createRequire(import.meta.url).cache;',
        "process.on('exit', () => appendFileSync(process.env.WHK_LOAD_LOG, Object.keys(cache).map((file) => `${pathToFileURL(file).href}\\n`).join('')));",
        '',
      ].join('\n'),
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** The URLs of the modules `whk <args>` loads. */
  async function loadedBy(args: string[], log: string): Promise<string[]> {
    const path = join(dir, log);
    const result = await runCli(args, { env: { NODE_OPTIONS: `--import ${pathToFileURL(join(dir, 'register.mjs')).href}`, WHK_LOAD_LOG: path } });
    expect(result.code).toBe(0);
    return (await readFile(path, 'utf8')).split('\n').filter(Boolean);
  }

  /** The option tables (src/options) among the URLs loaded, by file name. */
  const tablesIn = (loaded: string[]): string[] => loaded.flatMap((url) => /\/dist\/options\/([\w-]+)\.js$/.exec(url)?.[1] ?? []).sort();

  it('whk --help loads commander and the command table, none of the heavy modules', async () => {
    const loaded = await loadedBy(['--help'], 'help.log');
    expect(loaded.some((url) => url.includes('/node_modules/commander/'))).toBe(true);
    expect(loaded.filter(isHeavy)).toEqual([]);
    // The list of commands needs no command's option table: only the global options and the scheme ids.
    expect(tablesIn(loaded)).toEqual(['global', 'scheme-names', 'spec']);
    // Nor the errno wording main.ts says a failed stdout with: loaded only once it fails.
    expect(loaded.some((url) => url.endsWith('/dist/util/file-errors.js'))).toBe(false);
    // Nor the hint for a URL given as an argument, which only a command that runs can be given.
    const hintModule = (urls: string[]): boolean => urls.some((url) => url.endsWith('/dist/util/flag-argument.js'));
    expect(hintModule(loaded)).toBe(false);
    expect(hintModule(await loadedBy(['send', '--help'], 'send-help-hint.log'))).toBe(false);
    expect(hintModule(await loadedBy(['sample', 'metric-alert', '--seed', '1'], 'sample-hint.log'))).toBe(true);
  });

  // More commands must not slow every start: a command's help, or the command itself, loads its own table.
  it("a command's help and the command load that command's option table alone", async () => {
    expect(tablesIn(await loadedBy(['send', '--help'], 'send-help.log'))).toEqual(['global', 'loaders', 'scheme-names', 'scheme-settings', 'send', 'shared', 'spec']);
    expect(tablesIn(await loadedBy(['help', 'kind', 'from-capture'], 'kind-help.log'))).toEqual(['global', 'kind', 'loaders', 'scheme-names', 'shared', 'spec']);
    expect(tablesIn(await loadedBy(['sample', 'metric-alert', '--seed', '1'], 'sample-tables.log'))).toContain('sample');
    expect(tablesIn(await loadedBy(['sample', 'metric-alert', '--seed', '1'], 'sample-tables-2.log'))).not.toContain('listen');
  });

  it('the same probe sees them when a command runs (so the check above can fail)', async () => {
    const loaded = await loadedBy(['sample', 'metric-alert', '--seed', '1'], 'sample.log');
    expect(loaded.some((url) => url.includes('/dist/kinds/'))).toBe(true);
    expect(loaded.some((url) => url.includes('/node_modules/chalk/'))).toBe(true);
    // A command that sends nothing leaves V8's flags alone (send loads node:v8: the test below).
    expect(loaded).not.toContain('node:v8');
  });


  // The receiver imports util/asterisk-form.ts (an OPTIONS * forwarded by node:http): it loads
  // node:https, and TLS with it, only for an https URL, not at every `whk listen`'s start.
  it("the receiver's modules load no TLS until an https OPTIONS * is forwarded", () => {
    const tlsLoaded = (script: string): string[] => {
      const printed = execFileSync(process.execPath, ['--input-type=module', '-e', `${script}; console.log(JSON.stringify(process.moduleLoadList.filter((m) => /^NativeModule (https|tls)$/.test(m))))`], { encoding: 'utf8' });
      return JSON.parse(printed) as string[];
    };
    const dist = (path: string): string => new URL(`../../dist/${path}`, import.meta.url).href;
    expect(tlsLoaded(`await import('${dist('receiver/server.js')}')`)).toEqual([]);
    // The probe sees the lazy load, so the check above can fail.
    const forwarded = `const { requestAsteriskForm } = await import('${dist('util/asterisk-form.js')}'); requestAsteriskForm({ url: 'https://127.0.0.1:1', method: 'OPTIONS', headers: {}, body: Buffer.alloc(0) }).on('error', () => {})`;
    expect(tlsLoaded(forwarded).sort()).toEqual(['NativeModule https', 'NativeModule tls']);
  });

  // Thirty kinds must cost no more than ten (issue 20): a command about one kind loads that kind alone,
  // and a kind's zod schemas are built when something validates (util/zod.ts), so a sample loads no
  // zod (a quarter of a one-delivery send's start, README Performance). Thirty processes: four at a
  // time, with time for a machine busy with the rest of the suite.
  it('whk sample <kind> loads only the module of that kind, not the registry of all kinds, and no zod: every kind', async () => {
    expect(KIND_MODULES.length).toBeGreaterThan(10);
    for (let at = 0; at < KIND_MODULES.length; at += 4) {
      await Promise.all(
        KIND_MODULES.slice(at, at + 4).map(async ({ id }) => {
          const loaded = await loadedBy(['sample', id, '--seed', '1'], `sample-${id}.log`);
          expect({ id, zod: loaded.filter((url) => url.includes('/node_modules/zod/')).length }).toEqual({ id, zod: 0 });
          expect(kindModulesIn(loaded)).toEqual([id]);
          expect(loaded.some((url) => url.endsWith('/dist/kinds/index.js'))).toBe(false);
        }),
      );
    }
  }, 120_000);

  // The sender's start (issue 20): `send <kind>` loads its kind, not the registry of every kind's schemas,
  // nor what a run in a pipe does not use (ora's spinner, ajv, undici's fetch and mocks).
  it('whk send <kind> loads only the module of that kind, given data or generating it', async () => {
    const endpoint = await startServer();
    try {
      const runs = [
        { id: 'metric-alert', args: [] },
        { id: 'github', args: [] },
        { id: 'metric-alert', args: ['--data', 'fixtures/metric-alert/alert-policy.json'] },
        // A kind that follows redirects: the redirect interceptor, still not undici's index.
        { id: 'hertzbeat-alarm', args: [] },
      ];
      for (const [i, { id, args }] of runs.entries()) {
        // A seed for generated payloads only: with --data it draws nothing, and send refuses it.
        const seed = args.includes('--data') ? [] : ['--seed', '1'];
        const loaded = await loadedBy(['send', id, '--url', endpoint.url, ...seed, ...args], `send-${i}.log`);
        expect(kindModulesIn(loaded)).toEqual([id]);
        expect(loaded.filter((url) => /\/dist\/(kinds\/index|validate\/payload)\.js$/.test(url) || /\/node_modules\/(ora|ajv|undici\/index)/.test(url))).toEqual([]);
        // The probe sees undici's CommonJS files (so the check above can fail for undici/index).
        expect(loaded.some((url) => url.endsWith('/node_modules/undici/lib/dispatcher/agent.js'))).toBe(true);
        // The V8 flag for undici's parser (main.ts), so the checks of node:v8 above can fail.
        expect(loaded).toContain('node:v8');
        // Generated payloads are not validated: no zod. --data is (the probe sees zod load for it).
        expect(loaded.some((url) => url.includes('/node_modules/zod/'))).toBe(args.includes('--data'));
      }
      expect(endpoint.requests).toHaveLength(runs.length);
    } finally {
      await endpoint.close();
    }
  });

  // The first number a process formats by locale loads ICU's data (about 20 ms): a message built that way
  // at module load (sample.ts's batch hint) put it on every `whk send` and `whk sample`. Caught through a
  // probe that records every call of toLocaleString and Intl.NumberFormat.
  it('whk sample and whk send format no number by locale on the way (no ICU load)', async () => {
    const probe = join(dir, 'locale-probe.cjs');
    const log = join(dir, 'locale.log');
    await writeFile(
      probe,
      [
        "const { appendFileSync } = require('node:fs');",
        'const note = (what) => appendFileSync(process.env.WHK_LOCALE_LOG, what + "\\n");',
        'const toLocale = Number.prototype.toLocaleString;',
        "Number.prototype.toLocaleString = function (...args) { note('toLocaleString'); return toLocale.apply(this, args); };",
        'const NumberFormat = Intl.NumberFormat;',
        "Intl.NumberFormat = function (...args) { note('NumberFormat'); return new NumberFormat(...args); };",
        "if (process.env.WHK_PROBE_SELF) (1000).toLocaleString('en-US');",
        '',
      ].join('\n'),
    );
    const endpoint = await startServer();
    try {
      const runs = [['sample', 'metric-alert', '--seed', '1'], ['send', 'metric-alert', '--url', endpoint.url, '--seed', '1', '--count', '2']];
      for (const args of runs) {
        await writeFile(log, '');
        const result = await runCli(args, { env: { NODE_OPTIONS: `--require ${probe}`, WHK_LOCALE_LOG: log } });
        expect(result.code).toBe(0);
        expect(await readFile(log, 'utf8')).toBe('');
      }
      // The probe sees a call (so the check above can fail).
      await writeFile(log, '');
      expect((await runCli(['sample', 'metric-alert', '--seed', '1'], { env: { NODE_OPTIONS: `--require ${probe}`, WHK_LOCALE_LOG: log, WHK_PROBE_SELF: '1' } })).code).toBe(0);
      expect(await readFile(log, 'utf8')).toBe('toLocaleString\n');
    } finally {
      await endpoint.close();
    }
  });

  it('the same probe sees every kind load where detection needs them (so the check above can fail)', async () => {
    const loaded = await loadedBy(['validate', 'fixtures/metric-alert/alert-policy.json'], 'validate.log');
    expect(kindModulesIn(loaded)).toEqual(KIND_MODULES.map(({ id }) => id));
    // One copy of zod, taken by require (util/zod.ts): an ESM import of it anywhere would load a second.
    const zod = loaded.filter((url) => url.includes('/node_modules/zod/'));
    expect(zod.length).toBeGreaterThan(0);
    expect(zod.filter((url) => !/\.(cjs|json)$/.test(url))).toEqual([]);
  });
});
