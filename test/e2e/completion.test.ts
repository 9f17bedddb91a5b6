// `whk completion bash|fish` in the real shells: the script the binary prints is loaded into bash
// (its completion function called as bash's `complete -F` would) and fish (`complete -C`), and what
// each offers is checked: commands, a command's options, option values of a fixed set, kinds,
// schemes, a group's subcommand, and files where a file goes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const hasFish = spawnSync('fish', ['--version']).status === 0;

// Each line: what has been typed (its last word is being completed), and what must be offered.
const CASES: [typed: string[], offered: string[]][] = [
  [['whk', ''], ['check', 'completion', 'demo', 'help', 'inspect', 'kind', 'kinds', 'listen', 'map', 'replay', 'sample', 'schema', 'send', 'sign', 'travis-key', 'validate', 'verify', 'wizard']],
  [['whk', 'se'], ['send']],
  [['whk', 'send', '--gz'], ['--gzip']],
  [['whk', 'send', '--gzip', ''], ['always', 'auto', 'never']],
  [['whk', 'send', 'met'], ['metaplane-incident', 'metric-alert']],
  [['whk', 'send', 'a'], ['alertmanager', 'alertsite', 'all']],
  [['whk', '--json', 'send', 'metric-alert', '--co'], ['--concurrency', '--count']],
  [['whk', 'send', '--url', 'http://127.0.0.1:9000/hook', 'git'], ['github', 'gitlab']],
  [['whk', 'sign', 'st'], ['standard-webhooks', 'stripe']],
  [['whk', 'sign', 'stripe', ''], ['body.json', 'captures.ndjson']],
  [['whk', 'kind', ''], ['from-capture']],
  [['whk', 'kind', 'from-capture', '--na'], ['--name']],
  [['whk', 'kind', 'from-capture', 'c'], ['captures.ndjson']],
  [['whk', 'listen', '--save', ''], ['body.json', 'captures.ndjson']],
  [['whk', 'listen', '--verify', 'git'], ['github', 'gitlab']],
  [['whk', 'validate', '--kind', 'jira'], ['jira', 'jira-incident']],
  [['whk', 'validate', '--format', ''], ['json', 'junit', 'text']],
  [['whk', 'kinds', 'github', 'git'], ['github', 'gitlab']],
  [['whk', 'help', 'ki'], ['kind', 'kinds']],
  [['whk', 'completion', ''], ['bash', 'fish']],
];

describe('whk completion', () => {
  // The shells run in `dir`, where the files to complete are; the scripts are kept apart.
  let dir = '';
  let scripts = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'whk-completion-'));
    scripts = mkdtempSync(join(tmpdir(), 'whk-completion-scripts-'));
    writeFileSync(join(dir, 'body.json'), '{}');
    writeFileSync(join(dir, 'captures.ndjson'), '');
  });
  afterAll(() => {
    for (const path of [dir, scripts]) rmSync(path, { recursive: true, force: true });
  });

  const script = async (shell: string): Promise<string> => {
    const result = await runCli(['completion', shell]);
    expect(result.code).toBe(0);
    const file = join(scripts, `whk.${shell}`);
    writeFileSync(file, result.stdout);
    return file;
  };

  it('bash: offers commands, options, fixed values, kinds, schemes, subcommands and files', async () => {
    const file = await script('bash');
    // All cases in one bash: each sets the words, calls the function and prints what it offers.
    const calls = CASES.map(([typed]) => `COMP_WORDS=(${typed.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${typed.length - 1}; COMPREPLY=(); _whk; echo "\${COMPREPLY[*]}"`);
    const run = spawnSync('bash', ['-c', `source '${file}'\n${calls.join('\n')}`], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    CASES.forEach(([typed, offered], i) => expect({ typed: typed.join(' '), offered: (lines[i] ?? '').split(' ').filter(Boolean).sort() }).toEqual({ typed: typed.join(' '), offered }));
  });

  it.runIf(hasFish || process.env['CI'] !== undefined)('fish: offers the same', async () => {
    const file = await script('fish');
    const calls = CASES.map(([typed]) => `echo (complete -C '${typed.join(' ')}' | string split -f1 \\t)`);
    const run = spawnSync('fish', ['-c', `source '${file}'\n${calls.join('\n')}`], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    CASES.forEach(([typed, offered], i) => expect({ typed: typed.join(' '), offered: (lines[i] ?? '').split(' ').filter(Boolean).sort() }).toEqual({ typed: typed.join(' '), offered }));
  });

  it('names the shells it knows when given another (exit 2)', async () => {
    const result = await runCli(['completion', 'zsh']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("error: unknown shell 'zsh'\n  shells: bash, fish\n");
  });
});
