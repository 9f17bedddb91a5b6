// `whk completion bash|fish|zsh` in the real shells: the script the binary prints is loaded into bash
// (its completion function called as bash's `complete -F` would), fish (`complete -C`) and an
// interactive zsh typed into as a terminal would (TAB, through zsh's zpty module), and what each
// offers is checked: commands, a command's options, option values of a fixed set, kinds, schemes, a
// group's subcommand, and files where a file goes.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';

const hasFish = spawnSync('fish', ['--version']).status === 0;
const hasZsh = spawnSync('zsh', ['--version']).status === 0;

// Each line: what has been typed (its last word is being completed), and what must be offered.
const CASES: [typed: string[], offered: string[]][] = [
  [['whk', ''], ['check', 'completion', 'demo', 'help', 'inspect', 'kind', 'kinds', 'listen', 'map', 'replay', 'sample', 'schema', 'send', 'sign', 'travis-key', 'validate', 'verify', 'wizard']],
  [['whk', 'se'], ['send']],
  [['whk', 'send', '--gz'], ['--gzip']],
  [['whk', 'send', '--gzip', ''], ['always', 'auto', 'never']],
  [['whk', 'send', '--gzip='], ['always', 'auto', 'never']],
  [['whk', 'listen', '--verify=git'], ['github', 'gitlab']],
  [['whk', 'send', '--gzip=never', 'met'], ['metaplane-incident', 'metric-alert']],
  [['whk', 'send', 'met'], ['metaplane-incident', 'metric-alert']],
  [['whk', 'send', 'a'], ['alertmanager', 'alertsite', 'all']],
  [['whk', '--json', 'send', 'metric-alert', '--co'], ['--concurrency', '--content', '--count']],
  [['whk', 'send', '--url', 'http://127.0.0.1:9000/hook', 'git'], ['github', 'gitlab']],
  // A value with ':' or '=' (which bash splits a word at) is one word, and the argument after it is completed.
  [['whk', 'send', '--url', 'http://127.0.0.1:9000/hook', 'met'], ['metaplane-incident', 'metric-alert']],
  [['whk', 'send', '--url=http://127.0.0.1:9000/hook', 'met'], ['metaplane-incident', 'metric-alert']],
  [['whk', 'sample', '--set', 'id=3', 'met'], ['metaplane-incident', 'metric-alert']],
  [['whk', 'replay', '--url', 'http://127.0.0.1:9000/hooks', 'c'], ['captures.ndjson']],
  // An option's value that is also a kind's id (a scheme) is no kind given: the kind is still offered.
  [['whk', 'send', '--sign', 'github', '--secret', 's', 'met'], ['metaplane-incident', 'metric-alert']],
  [['whk', 'replay', '--sign', 'gitlab', 'c'], ['captures.ndjson']],
  // After `--` a word that starts with '-' is an argument (a file name), not an option.
  [['whk', 'validate', '--', '--k'], []],
  [['whk', 'send', '--', 'met'], ['metaplane-incident', 'metric-alert']],
  [['whk', 'sign', 'st'], ['standard-webhooks', 'stripe']],
  [['whk', 'sign', 'stripe', ''], ['body.json', 'captures.ndjson']],
  [['whk', 'kind', ''], ['from-capture']],
  [['whk', 'kind', 'from-capture', '--na'], ['--name']],
  // --out, the old spelling of --output, works and is not offered.
  [['whk', 'kind', 'from-capture', '--ou'], ['--output']],
  [['whk', 'kind', 'from-capture', 'c'], ['captures.ndjson']],
  [['whk', 'listen', '--save', ''], ['body.json', 'captures.ndjson']],
  [['whk', 'listen', '--verify', 'git'], ['github', 'gitlab']],
  [['whk', 'validate', '--kind', 'jira'], ['jira', 'jira-incident']],
  [['whk', 'validate', '--format', ''], ['json', 'junit', 'text']],
  // --template takes a kind with a template only (hertzbeat-alarm has none); --kind any, as --map may map it.
  [['whk', 'map', '--template', 'h'], ['harness-build', 'harness-deployment', 'harness-slo']],
  [['whk', 'map', '--kind', 'h'], ['harness-build', 'harness-deployment', 'harness-slo', 'hertzbeat-alarm']],
  [['whk', 'kinds', 'github', 'git'], ['github', 'gitlab']],
  [['whk', 'help', 'ki'], ['kind', 'kinds']],
  [['whk', 'help', 'kind', ''], ['from-capture']],
  [['whk', 'help', 'send', ''], []],
  [['whk', 'completion', ''], ['bash', 'fish', 'zsh']],
  // A kind's own variants, events and releases, once the kind is given; before it, every kind's.
  [['whk', 'send', 'github', '--event', 'pu'], ['pull_request', 'push']],
  [['whk', 'sample', 'hertzbeat-alarm', '--variant', 'grouped-'], ['grouped-1.7.0', 'grouped-1.7.3', 'grouped-resolved']],
  [['whk', 'send', 'hertzbeat-alarm', '--sender-version', '1.7'], ['1.7.0', '1.7.3']],
  [['whk', 'send', 'metric-alert', '--event', ''], []],
  [['whk', 'send', '--event', 'comment_c'], ['comment_created']],
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

  // Each case in one bash: each sets what bash sets (the line, the cursor, its words) and calls the
  // function with the words bash passes (the command, the word it completes, the one before), then
  // prints what it offers. As bash splits the line (COMP_WORDBREAKS): a run of ':' and '=' is a word
  // of its own, `--gzip=` ends on it, a URL is five words; the word bash completes is what follows,
  // without an opening quote ('my is my).
  const bashOffers = (file: string, cwd: string, cases: string[][]): string[][] => {
    const split = (typed: string[]): string[] => typed.flatMap((w) => (/^['"]/.test(w) ? [w] : w.split(/([=:]+)/).filter((part) => part !== '')));
    const quoted = (word: string): string => `'${word.replace(/'/g, "'\\''")}'`;
    const calls = cases.map((typed) => {
      const line = typed.join(' ');
      const words = [...split(typed), ...(typed.at(-1) === '' ? [''] : [])];
      const completed = /[=:]$/.test(line) ? '' : (words.at(-1) ?? '').replace(/^['"]/, '');
      const comp = `COMP_LINE=${quoted(line)}; COMP_POINT=${line.length}; COMP_WORDS=(${words.map(quoted).join(' ')}); COMP_CWORD=${words.length - 1}`;
      return `${comp}; COMPREPLY=(); _whk whk ${quoted(completed)} ${quoted(words.at(-2) ?? '')}; (IFS='|'; echo "\${COMPREPLY[*]}")`;
    });
    const run = spawnSync('bash', ['-c', `source '${file}'\n${calls.join('\n')}`], { cwd, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    return cases.map((_, i) => (lines[i] ?? '').split('|').filter(Boolean).sort());
  };

  it('bash: offers commands, options, fixed values, kinds, schemes, subcommands and files', async () => {
    const offers = bashOffers(await script('bash'), dir, CASES.map(([typed]) => typed));
    CASES.forEach(([typed, offered], i) => expect({ typed: typed.join(' '), offered: offers[i] }).toEqual({ typed: typed.join(' '), offered }));
  });

  it('bash: a file name with a space is one reply, as typed plain, after a quote or with a backslash (and one starting with - after --); a reply after a colon replaces what follows it', async () => {
    const spaced = mkdtempSync(join(tmpdir(), 'whk-completion-spaced-'));
    try {
      writeFileSync(join(spaced, 'my file.ndjson'), '');
      writeFileSync(join(spaced, 'my.json'), '');
      writeFileSync(join(spaced, '-weird.json'), '');
      const cases = [['whk', 'validate', 'my'], ['whk', 'validate', "'my "], ['whk', 'validate', '"my f'], ['whk', 'validate', 'my\\ f'], ['whk', 'listen', '--save=my'], ['whk', 'validate', '--', '-w'], ['whk', 'send', 'jira', '--event', 'jira:issue_c']];
      const offers = bashOffers(await script('bash'), spaced, cases);
      expect(offers).toEqual([['my file.ndjson', 'my.json'], ['my file.ndjson'], ['my file.ndjson'], ['my file.ndjson'], ['my file.ndjson', 'my.json'], ['-weird.json'], ['issue_created']]);
    } finally {
      rmSync(spaced, { recursive: true, force: true });
    }
  });

  it.runIf(hasFish || process.env['CI'] !== undefined)('fish: offers the same', async () => {
    const file = await script('fish');
    // fish offers `--gzip=always` whole: what follows the '=' is what the other shells offer.
    const calls = CASES.map(([typed]) => `echo (complete -C '${typed.join(' ')}' | string split -f1 \\t | string replace -r '^--[a-z-]+=' '')`);
    const run = spawnSync('fish', ['-c', `source '${file}'\n${calls.join('\n')}`], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    CASES.forEach(([typed, offered], i) => expect({ typed: typed.join(' '), offered: (lines[i] ?? '').split(' ').filter(Boolean).sort() }).toEqual({ typed: typed.join(' '), offered }));
  });

  it.runIf(hasZsh || process.env['CI'] !== undefined)('zsh: offers the same, to TAB in an interactive zsh, sourced or as _whk on $fpath', async () => {
    // One zsh drives another through a pseudo-terminal (zsh's zpty, as zsh's own completion tests do):
    // compinit, the script loaded as the help says, then each case typed with a TAB. The list is
    // marked (list-colors) one match a line; ^T then prints the line as TAB left it and clears it. (The
    // markers are split where typed, so the terminal's echo of the typing is not taken for them.)
    // The two ways the script's first lines (and the README) say to load it: sourced after compinit,
    // or saved as _whk in a directory of $fpath, which compinit then finds (-D: no dump file of before).
    const zfunc = join(scripts, 'zfunc');
    mkdirSync(zfunc, { recursive: true });
    writeFileSync(join(zfunc, '_whk'), readFileSync(await script('zsh')));
    const loads = [`source <(${[process.execPath, BIN].map((w) => `'${w}'`).join(' ')} completion zsh)`, `fpath=('${zfunc}' $fpath); compinit -D -u`];
    const driver = String.raw`zmodload zsh/zpty || exit 3
export PS1='<PROMPT>' RPS1='' TERM=dumb
zpty -b z 'zsh -f -i'
zpty -w z 'setopt nobeep nolistambiguous; LISTMAX=100000; autoload -U compinit; compinit -u; zmodload zsh/complist'
zpty -w z "zstyle ':completion:*:default' list-colors 'no=<NO>' 'fi=<FI>' 'di=<DI>' 'lc=<LC>' 'rc=<RC>' \$'ec=<EC>\n'"
zpty -w z 'report() { zle -I; print -r -- "<BUFFER>$BUFFER</BUF""FER>"; BUFFER=""; }; zle -N report; bindkey "^T" report'
zpty -w z "$1"'; print "<LOA""DED:$?>"'
zpty -r z out '*<LOADED:[0-9]*>*' || exit 4
[[ $out == *'<LOADED:0>'* ]] || { print -ru2 -- "loading failed: $out"; exit 4; }
shift
for typed in "$@"; do
  zpty -n -w z "$typed"$'\t\C-t'
  zpty -r z out '*</BUFFER>*' || exit 5
  print -r -- "$out<CASE>"
done
zpty -d z`;
    const typed = CASES.map(([words]) => words.join(' '));
    for (const load of loads) {
      const run = spawnSync('zsh', ['-f', '-c', driver, 'zsh', load, ...typed], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
      expect({ load, status: run.status, stderr: run.stderr }).toEqual({ load, status: 0, stderr: '' });
      const outputs = run.stdout.split('<CASE>');
      // The commands are listed with what they do.
      expect(outputs[0]).toMatch(/<RC>send +-- deliver sample payloads/);
      CASES.forEach(([words, offered], i) => {
        const output = outputs[i] ?? '';
        // What the list shows (a match's description after ' -- '); no list: the one match TAB put in.
        const listed = [...output.matchAll(/<LC><[A-Z]{2}><RC>(.*?)<EC>/g)].flatMap(([, entry = '']) => (entry.split(' -- ')[0] ?? '').split(' ').filter(Boolean));
        const line = /<BUFFER>(.*)<\/BUFFER>/.exec(output)?.[1] ?? '';
        // A long option that takes a value is put in as `--gzip=` (its value may follow the '=').
        const inserted = line === words.join(' ') ? [] : [(line.split(' ')[words.length - 1] ?? '').replace(/^(--[a-z-]+)=$/, '$1')];
        expect({ load, typed: words.join(' '), offered: (listed.length > 0 ? listed : inserted).sort() }).toEqual({ load, typed: words.join(' '), offered });
      });
    }
  });

  it('the README says the scripts complete `whk` on PATH, which is what they register for', async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const paragraph = /^Tab completion[\s\S]*?\n\n/m.exec(readme)?.[0] ?? '';
    expect(paragraph).toMatch(/completes the command `whk` itself, not `npx whk`, so it needs `whk` on your PATH/);
    for (const shell of ['bash', 'fish', 'zsh']) expect((await runCli(['completion', shell])).stdout).toMatch(shell === 'fish' ? /^complete -c whk /m : shell === 'bash' ? /^complete -F _whk whk$/m : /^ {2}compdef _whk whk$/m);
  });

  it('names the shells it knows when given another (exit 2)', async () => {
    const result = await runCli(['completion', 'powershell']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("error: unknown shell 'powershell'\n  shells: bash, fish, zsh\n");
    // A misspelt one gets a did-you-mean, as a misspelt command does.
    expect((await runCli(['completion', 'bsah'])).stderr).toBe("error: unknown shell 'bsah'\n  did you mean 'bash'? shells: bash, fish, zsh\n");
  });
});
