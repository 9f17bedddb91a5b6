// How the CLI reports a mistake in its flags and names (SPEC section 1: exit 2, one line and a
// hint): the mistake itself first, with the name it most likely meant, and two flags that cannot
// both hold refused rather than one silently winning. Runs main() in-process.
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli.js';
import { runMain } from '../helpers/main.js';
import { readmeExample } from '../helpers/readme.js';

const URL = 'http://127.0.0.1:9/hook';

/** Runs whk and expects a usage error: exit 2, nothing on stdout; gives the error line and the hint. */
async function usageError(args: readonly string[], input?: string): Promise<{ line: string; hint: string }> {
  const result = await runMain(args, input === undefined ? {} : { input });
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  const [line = '', hint = ''] = result.stderr.trimEnd().split('\n');
  return { line, hint };
}

describe('a URL or a port given as an argument, as curl or a server takes it', () => {
  it.each([
    [['listen', '3000'], "error: too many arguments for 'listen'. Expected 0 arguments but got 1.", '  the port goes after --port: whk listen --port 3000 (see whk listen --help)'],
    [['inspect', 'captures.ndjson', '8080'], "error: too many arguments for 'inspect'. Expected 1 argument but got 2.", '  the port goes after --port: whk inspect captures.ndjson --port 8080 (see whk inspect --help)'],
    [['send', 'metric-alert', URL], "error: too many arguments for 'send'. Expected 1 argument but got 2.", `  the URL goes after --url: whk send metric-alert --url ${URL} (see whk send --help)`],
    [['replay', 'captures.ndjson', URL], "error: too many arguments for 'replay'. Expected 1 argument but got 2.", `  the URL goes after --url: whk replay captures.ndjson --url ${URL} (see whk replay --help)`],
    // Taken for the kind, so --url is missing: the kind is named in its place.
    [['send', URL], "error: required option '--url <url>' not specified", `  the URL goes after --url: whk send <kind> --url ${URL}`],
    // Without its scheme, as curl takes a host and port: the URL shown has it.
    [['send', 'metric-alert', 'localhost:9000/hook'], "error: too many arguments for 'send'. Expected 1 argument but got 2.", '  the URL goes after --url: whk send metric-alert --url http://localhost:9000/hook (see whk send --help)'],
    [['send', '127.0.0.1:3000'], "error: required option '--url <url>' not specified", '  the URL goes after --url: whk send <kind> --url http://127.0.0.1:3000'],
    [['replay', 'captures.ndjson', '[::1]:8080?x=1'], "error: too many arguments for 'replay'. Expected 1 argument but got 2.", "  the URL goes after --url: whk replay captures.ndjson --url 'http://[::1]:8080?x=1' (see whk replay --help)"],
    [['send', 'github', 'hooks.example.com:8443'], "error: too many arguments for 'send'. Expected 1 argument but got 2.", '  the URL goes after --url: whk send github --url http://hooks.example.com:8443 (see whk send --help)'],
    // The options typed are kept where they were, quoted for the shell where they must be.
    [['send', 'github', '127.0.0.1:3000', '--event', 'push'], "error: too many arguments for 'send'. Expected 1 argument but got 2.", '  the URL goes after --url: whk send github --url http://127.0.0.1:3000 --event push (see whk send --help)'],
    [['send', '--seed', '1', URL, '--header', 'X-Team: a b'], "error: required option '--url <url>' not specified", `  the URL goes after --url: whk send --seed 1 <kind> --url ${URL} --header 'X-Team: a b'`],
    [['listen', '--save', 'captures.ndjson', '3000', '--quiet'], "error: too many arguments for 'listen'. Expected 0 arguments but got 1.", '  the port goes after --port: whk listen --save captures.ndjson --port 3000 --quiet (see whk listen --help)'],
    // Go's way of naming a port.
    [['listen', ':3000'], "error: too many arguments for 'listen'. Expected 0 arguments but got 1.", '  the port goes after --port: whk listen --port 3000 (see whk listen --help)'],
  ])('%j', async (args, line, hint) => {
    expect(await usageError(args)).toEqual({ line, hint });
  });

  it('a kind left out names where the kinds are listed', async () => {
    for (const command of ['sample', 'schema']) {
      expect(await usageError([command])).toEqual({ line: "error: missing required argument 'kind'", hint: `  usage: whk ${command} [options] <kind> (whk kinds lists the kinds)` });
    }
  });

  it('a command without --url keeps its usage line, and an argument that is no URL too', async () => {
    expect((await usageError(['sample', 'metric-alert', URL])).hint).toBe('  usage: whk sample [options] <kind> (see whk sample --help)');
    expect((await usageError(['send', 'metric-alert', 'extra'])).hint).toBe('  usage: whk send [options] [kind] (see whk send --help)');
    expect((await usageError(['listen', '70000'])).hint).toBe('  usage: whk listen [options] (see whk listen --help)');
    expect((await usageError(['listen', ':70000'])).hint).toBe('  usage: whk listen [options] (see whk listen --help)');
    // The flag given already: the operand is something else.
    expect((await usageError(['listen', '--port', '3000', '4000'])).hint).toBe('  usage: whk listen [options] (see whk listen --help)');
    expect((await usageError(['send', 'metric-alert', `--url=${URL}`, URL])).hint).toBe('  usage: whk send [options] [kind] (see whk send --help)');
    // A host without a port may be a kind misspelt: no URL is guessed.
    expect((await usageError(['send', 'metric-alert', 'hooks.example.com'])).hint).toBe('  usage: whk send [options] [kind] (see whk send --help)');
    expect((await usageError(['send', 'metric-alert', 'alert:1'])).hint).toBe('  usage: whk send [options] [kind] (see whk send --help)');
    expect((await usageError(['send', 'metric-alert'])).hint).toBe('  --url: where to deliver (http or https)');
  });
});

describe("the README's mistakes", () => {
  it('each command shown prints what the README shows, exit 2', async () => {
    const shown = readmeExample('mistakes');
    const starts = shown.flatMap((line, i) => (line.startsWith('$ whk ') ? [i] : []));
    expect(starts.length).toBeGreaterThanOrEqual(3);
    for (const [n, start] of starts.entries()) {
      const args = (shown[start] as string).slice('$ whk '.length).split(' ');
      const result = await runMain(args);
      expect([result.code, result.stdout]).toEqual([2, '']);
      expect(result.stderr.trimEnd().split('\n')).toEqual(shown.slice(start + 1, starts[n + 1]));
    }
  });
});

describe('validate - -', () => {
  it('refuses stdin named twice: it can be read once (the second was an empty input, failed as a payload)', async () => {
    expect(await usageError(['validate', '-', '-'], '{}')).toEqual({ line: 'error: - is given more than once: stdin can be read only once', hint: '  give - once' });
  });
});

describe('a group without its command', () => {
  it("`whk kind` shows the group's help on stderr, exit 2 (a usage error, where --help is exit 0 on stdout)", async () => {
    const bare = await runMain(['kind']);
    expect([bare.code, bare.stdout]).toEqual([2, '']);
    expect(bare.stderr).toMatch(/^Usage: whk kind \[options\] \[command\]\n[\s\S]*from-capture/);
    const asked = await runMain(['kind', '--help']);
    expect([asked.code, asked.stderr]).toEqual([0, '']);
    expect(asked.stdout).toBe(bare.stderr);
  });

  it('`whk kind help [name]` is `whk help kind [name]`: the help on stdout, an unknown name one line and the near one', async () => {
    for (const path of [[], ['from-capture']]) {
      const [asked, help] = await Promise.all([runMain(['kind', 'help', ...path]), runMain(['help', 'kind', ...path])]);
      expect([asked.code, asked.stderr]).toEqual([0, '']);
      expect(asked.stdout).toMatch(/^Usage: whk kind /);
      expect(asked.stdout).toBe(help.stdout);
    }
    expect(await usageError(['kind', 'help', 'nope'])).toEqual({ line: "error: unknown command 'kind nope'", hint: '  commands of kind: from-capture (see whk kind --help)' });
    expect(await usageError(['kind', 'help', 'from-captur'])).toEqual({ line: "error: unknown command 'kind from-captur'", hint: "  did you mean 'from-capture'? commands of kind: from-capture (see whk kind --help)" });
  });
});

describe('--json to a command that has no JSON output', () => {
  it.each([
    [['completion', 'bash', '--json'], 'whk completion has no JSON output (it prints a shell script): leave out --json'],
    [['--json', 'completion', 'zsh'], 'whk completion has no JSON output (it prints a shell script): leave out --json'],
    [['help', '--json'], 'whk help has no JSON output (it prints the help text): leave out --json'],
    [['help', 'send', '--json'], 'whk help has no JSON output (it prints the help text): leave out --json'],
    [['kind', 'help', '--json'], 'whk help has no JSON output (it prints the help text): leave out --json'],
  ])('%j is refused, not ignored', async (args, line) => {
    expect(await usageError(args)).toEqual({ line: `error: ${line}`, hint: '' });
  });

  it('--quiet and --no-color, which ask for nothing such a command does, are left alone', async () => {
    for (const args of [['completion', 'bash', '--quiet', '--no-color'], ['help', 'send', '--quiet', '--no-color']]) {
      const result = await runMain(args);
      expect([result.code, result.stderr]).toEqual([0, '']);
      expect(result.stdout).not.toBe('');
    }
  });
});

describe('a misspelled flag is reported as itself, not as the required flag it hides', () => {
  it.each([
    [['send', 'metric-alert', '--urll', URL], '--urll', '--url'],
    [['replay', 'captures.ndjson', '--urll', URL], '--urll', '--url'],
    [['kind', 'from-capture', 'captures.ndjson', '--nmae', 'x'], '--nmae', '--name'],
    // A flag begun names the one it begins, not the nearest by edits (--count is two away).
    [['send', 'metric-alert', '--url', URL, '--conc', '5'], '--conc', '--concurrency'],
    // The name curl or another tool gives the flag names it by meaning, where spelling would not
    // (--to is nearer --data, --body near nothing; -d is curl's body).
    [['send', 'metric-alert', '--to', URL], '--to', '--url'],
    [['send', 'metric-alert', `--endpoint=${URL}`], '--endpoint=' + URL, '--url'],
    [['send', 'metric-alert', '--url', URL, '--body', 'alert.json'], '--body', '--data'],
    [['send', 'metric-alert', '--url', URL, '-d', '@alert.json'], '-d', '--data'],
    [['send', 'metric-alert', '--url', URL, '-n', '5'], '-n', '--count'],
    [['send', 'metric-alert', '--url', URL, '--connections', '5'], '--connections', '--concurrency'],
    [['send', 'metric-alert', '--url', URL, '-H', 'X-Team: a'], '-H', '--header'],
    // One name, the flag the command has: a file is what send sends and what listen saves.
    [['send', 'metric-alert', '--url', URL, '--file', 'alert.json'], '--file', '--data'],
    [['listen', '--file', 'captures.ndjson'], '--file', '--save'],
    [['listen', '--output', 'captures.ndjson'], '--output', '--save'],
    [['listen', '--forward', URL], '--forward', '--forward-to'],
    // Where listen sends on what it receives (stripe listen --forward-to): the URL a receiver is told.
    [['listen', '--to', URL], '--to', '--forward-to'],
  ])('%j', async (args, typo, meant) => {
    const result = await runMain(args);
    expect(result.code).toBe(2);
    const command = args[0] === 'kind' ? 'kind from-capture' : args[0];
    expect(result.stderr).toBe(`error: unknown option '${typo}'\n  did you mean ${meant}? (see whk ${command} --help)\n`);
  });

  it('an unknown option with no near one points to the command\'s help', async () => {
    const result = await runMain(['send', 'metric-alert', '--url', URL, '--zzzzzz']);
    expect(result).toMatchObject({ code: 2, stderr: "error: unknown option '--zzzzzz'\n  (see whk send --help)\n" });
    // Two letters that share none with a flag name none: the dashes both have are no likeness.
    expect(await runMain(['listen', '--xy', '1'])).toMatchObject({ code: 2, stderr: "error: unknown option '--xy'\n  (see whk listen --help)\n" });
  });

  it('a wrong count of arguments shows the usage line; any other error of commander points to the help', async () => {
    expect(await usageError(['inspect'])).toEqual({ line: "error: missing required argument 'capture'", hint: '  usage: whk inspect [options] <capture> (see whk inspect --help)' });
    expect(await usageError(['kind', 'from-capture'])).toEqual({ line: "error: missing required argument 'capture'", hint: '  usage: whk kind from-capture [options] <capture> (see whk kind from-capture --help)' });
    expect(await usageError(['sample', 'a', 'b'])).toEqual({ line: "error: too many arguments for 'sample'. Expected 1 argument but got 2.", hint: '  usage: whk sample [options] <kind> (see whk sample --help)' });
    expect(await usageError(['send', 'metric-alert', '--url'])).toEqual({ line: "error: option '--url <url>' argument missing", hint: '  (see whk send --help)' });
  });

  it("a value that is none of a flag's choices is said as whk says a wrong value, with the choice it most likely meant", async () => {
    expect(await runMain(['validate', '--format', 'yaml', 'x.json'])).toMatchObject({ code: 2, stdout: '', stderr: "error: invalid --format: expected one of 'text', 'json', 'junit', got 'yaml'\n" });
    expect(await usageError(['validate', '--format', 'jsn', 'x.json'])).toEqual({ line: "error: invalid --format: expected one of 'text', 'json', 'junit', got 'jsn'", hint: "  did you mean 'json'?" });
    expect(await usageError(['send', 'metric-alert', '--url', URL, '--duplicates', '0.5', '--duplicate-id', 'maybe'])).toEqual({ line: "error: invalid --duplicate-id: expected one of 'same', 'new', got 'maybe'", hint: '' });
    expect(await usageError(['send', 'metric-alert', '--url', URL, '--gzip', 'alway'])).toEqual({ line: "error: invalid --gzip: expected one of 'auto', 'always', 'never', got 'alway'", hint: "  did you mean 'always'?" });
    expect(await usageError(['sign', 'hmac', '-', '--secret', 's', '--algorithm', 'sha265'])).toEqual({ line: "error: invalid --algorithm: expected one of 'sha1', 'sha256', 'sha512', got 'sha265'", hint: "  did you mean 'sha256'?" });
    // The value's mistake comes before how the flag combines with another.
    expect(await usageError(['validate', '--format', 'xml', '--json', 'x.json'])).toEqual({ line: "error: invalid --format: expected one of 'text', 'json', 'junit', got 'xml'", hint: '' });
  });

  it('a required flag that is missing is still named', async () => {
    expect(await usageError(['send', 'metric-alert'])).toEqual({ line: "error: required option '--url <url>' not specified", hint: '  --url: where to deliver (http or https)' });
    expect((await usageError(['kind', 'from-capture', 'captures.ndjson'])).line).toBe("error: required option '--name <name>' not specified");
  });
});

describe('an unknown subcommand lists the group\'s commands, as whk help does', () => {
  it('whk kind nope', async () => {
    const [direct, help] = await Promise.all([runMain(['kind', 'nope']), runMain(['help', 'kind', 'nope'])]);
    expect(direct.code).toBe(2);
    expect(direct.stderr).toBe("error: unknown command 'kind nope'\n  commands of kind: from-capture (see whk kind --help)\n");
    expect(direct.stderr).toBe(help.stderr);
  });

  it('whk kind from-captur suggests from-capture', async () => {
    expect(await usageError(['kind', 'from-captur'])).toEqual({ line: "error: unknown command 'kind from-captur'", hint: "  did you mean 'from-capture'? commands of kind: from-capture (see whk kind --help)" });
  });
});

describe('an unknown signature scheme suggests the one meant', () => {
  it.each([
    [['sign', 'githb', '--secret', 's', '-']],
    [['verify', 'githb', '--secret', 's', '-']],
    [['send', 'metric-alert', '--url', URL, '--sign', 'githb', '--secret', 's']],
    [['listen', '--port', '0', '--verify', 'githb', '--secret', 's']],
  ])('%j', async (args) => {
    const { line, hint } = await usageError(args, '{}');
    expect(line).toBe("error: unknown signature scheme 'githb'");
    expect(hint).toMatch(/^ {2}did you mean 'github'\? known schemes: standard-webhooks, /);
  });
});

describe('every URL a user gives is checked by the same rules', () => {
  it('listen --forward-to suggests the scheme as send and replay do', async () => {
    for (const [args, flag] of [[['listen', '--port', '0', '--forward-to', '127.0.0.1:1'], '--forward-to'], [['send', 'metric-alert', '--url', '127.0.0.1:1'], '--url'], [['replay', 'x.ndjson', '--url', '127.0.0.1:1'], '--url']] as const) {
      expect(await usageError(args)).toEqual({ line: `error: invalid ${flag} '127.0.0.1:1': the scheme is missing`, hint: '  did you mean http://127.0.0.1:1?' });
    }
  });

  it('sign and verify check --url (Twilio signs it) and sign names the flag when it is missing', async () => {
    expect(await usageError(['sign', 'twilio', '--secret', 's', '--url', 'notaurl', '-'], '{}')).toEqual({ line: "error: invalid --url 'notaurl': the scheme is missing", hint: '  did you mean http://notaurl?' });
    expect((await usageError(['verify', 'twilio', '--secret', 's', '--url', 'ftp://x', '-'], '{}')).line).toBe("error: invalid --url 'ftp://x': only http and https are supported");
    expect(await usageError(['sign', 'twilio', '--secret', 's', '-'], '{}')).toEqual({ line: 'error: Twilio signs the request URL, and no --url was given', hint: '  give the URL Twilio posts to, e.g. --url https://example.com/sms' });
  });

  it('sign keeps the URL exactly as given: the scheme signs its text (the binary: results are flushed after main returns)', async () => {
    const result = await runCli(['sign', 'twilio', '--secret', 's', '--url', 'https://example.com', '-'], { input: '{}' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^send it to https:\/\/example\.com\?bodySHA256=/);
  });

  it('a port out of range is named as such', async () => {
    for (const args of [['send', 'metric-alert', '--url', 'http://127.0.0.1:99999'], ['listen', '--port', '0', '--forward-to', 'http://127.0.0.1:99999']]) {
      expect((await usageError(args)).line).toMatch(/^error: invalid --(url|forward-to) 'http:\/\/127\.0\.0\.1:99999': port 99999 is out of range$/);
    }
  });
});

describe('--secret-env: every command that takes --secret reads it from an environment variable too, with the same errors', () => {
  const SEND = ['send', 'metaplane-incident', '--url', URL, '--seed', '1', '--dry-run'];
  const COMMANDS: [string, string[]][] = [
    ['send', SEND],
    ['replay', ['replay', 'captures.ndjson', '--url', URL]],
    ['listen', ['listen', '--port', '0', '--count', '1']],
    ['sign', ['sign', 'github', '-']],
    ['verify', ['verify', 'github', '-']],
  ];

  it.each(COMMANDS)('%s: unset, empty, and given with --secret are usage errors of one line', async (_, args) => {
    const unset = await runCli([...args, '--secret-env', 'WHK_NOT_SET_ANYWHERE'], { input: '{}' });
    expect([unset.code, unset.stderr]).toEqual([2, 'error: the environment variable WHK_NOT_SET_ANYWHERE is not set\n  --secret-env names a variable holding the secret\n']);
    const empty = await runCli([...args, '--secret-env', 'WHK_SET_EMPTY'], { input: '{}', env: { WHK_SET_EMPTY: '' } });
    expect([empty.code, empty.stderr]).toEqual([2, 'error: the environment variable WHK_SET_EMPTY is empty\n  --secret-env names a variable holding the secret\n']);
    const both = await runCli([...args, '--secret', 's', '--secret-env', 'WHK_SECRET'], { input: '{}', env: { WHK_SECRET: 's' } });
    expect([both.code, both.stderr]).toEqual([2, 'error: --secret-env cannot be used with --secret\n  --secret-env reads the secret --secret gives: give one of the two\n']);
  });

  it('send signs with the secret the variable holds, as with --secret', async () => {
    const given = await runCli([...SEND, '--secret', 'sk-123']);
    const fromEnv = await runCli([...SEND, '--secret-env', 'WHK_SECRET'], { env: { WHK_SECRET: 'sk-123' } });
    expect([fromEnv.code, fromEnv.stderr]).toEqual([given.code, given.stderr]);
    expect(fromEnv.stdout).toContain('x-metaplane-sig: ');
    expect(fromEnv.stdout).toBe(given.stdout);
  });

  it('send, replay and listen warn of a secret ending with a newline (a file read into a variable keeps one), as sign and verify do', async () => {
    const env = { WHK_SECRET_NEWLINE: 'sk-123\n' };
    const warning = "warning: the secret in WHK_SECRET_NEWLINE ends with a newline: it is part of the key (the senders' libraries take the secret byte for byte), so a signature made with the secret without it does not match";
    const sent = await runCli([...SEND, '--secret-env', 'WHK_SECRET_NEWLINE'], { env });
    expect([sent.code, sent.stderr.split('\n')[0]]).toEqual([0, warning]);
    // The warning comes before the file is read: a missing capture file does not hide it.
    const replayed = await runCli(['replay', 'captures.ndjson', '--url', URL, '--sign', 'github', '--secret-env', 'WHK_SECRET_NEWLINE'], { env });
    expect([replayed.code, replayed.stderr.split('\n')[0]]).toEqual([2, warning]);
    const spaced = await runCli([...SEND, '--secret', 'sk-123 ']);
    expect(spaced.stderr).toContain('warning: --secret ends with a space: it is part of the key');
    // One variable given for two schemes is said once.
    const listening = startCli(['listen', '--port', '0', '--verify', 'github', '--secret-env', 'WHK_SECRET_NEWLINE', '--verify', 'stripe', '--secret-env', 'WHK_SECRET_NEWLINE'], { env });
    try {
      await listening.waitFor(/listening on/);
      expect(listening.output().stderr.split('\n').filter((line) => line.startsWith('warning:'))).toEqual([warning]);
    } finally {
      listening.child.kill('SIGKILL');
      await listening.exited;
    }
  });
});

describe('flags that cannot both hold are refused, naming both', () => {
  it.each([
    [['check', 'contract.json', '--json', '--format', 'junit', '--output', 'report.xml'], '--format junit cannot be used with --json'],
    [['validate', 'x.json', '--json', '--format', 'junit'], '--format junit cannot be used with --json'],
    // Typed, the default value is given too: --json would have won silently.
    [['validate', 'x.json', '--json', '--format', 'text'], '--format text cannot be used with --json'],
    [['send', 'metric-alert', '--url', URL, '--curl', '--json'], '--curl cannot be used with --json'],
    [['send', 'metric-alert', '--url', URL, '--curl', '--dry-run'], '--curl cannot be used with --dry-run'],
    [['send', 'metric-alert', '--url', URL, '--no-retry', '--retries', '3'], '--retries cannot be used with --no-retry'],
    [['send', 'metric-alert', '--url', URL, '--no-retry', '--retry-delay', '1s'], '--retry-delay cannot be used with --no-retry'],
    // The variant picks the generated payload: with --data it was silently ignored.
    [['send', 'metric-alert', '--url', URL, '--data', 'x.json', '--variant', 'significance'], '--variant cannot be used with --data'],
    // A sender filter rewrote the user's own alert (its environment name, its alert type) unsaid.
    [['send', 'metric-alert', '--url', URL, '--data', 'x.json', '--environment', 'prod'], '--environment cannot be used with --data'],
    [['send', 'metric-alert', '--url', URL, '--data', 'x.json', '--alert-type', 'ALL'], '--alert-type cannot be used with --data'],
    [['sign', 'github', '--secret', 's', '--secret-env', 'S', '-'], '--secret-env cannot be used with --secret'],
  ])('%j', async (args, message) => {
    expect((await usageError(args, '{}')).line).toBe(`error: ${message}`);
  });

  it('a setting of another scheme is refused, naming the schemes that take it', async () => {
    expect(await usageError(['sign', 'github', '--secret', 's', '--algorithm', 'sha1', '-'], '{}')).toEqual({ line: 'error: --algorithm cannot be used with the github scheme', hint: '  it is a setting of twilio and hmac' });
    // An id that no scheme header carries was dropped without a word.
    expect(await usageError(['sign', 'slack', '--secret', 's', '--id', 'x', '-'], '{}')).toEqual({ line: 'error: --id cannot be used with the slack scheme: it signs no message id', hint: '  the schemes that sign one: standard-webhooks, svix, gitlab, hmac' });
    expect(await usageError(['verify', 'stripe', '--secret', 's', '--signature-header', 'X-Sig', '-'], '{}')).toEqual({ line: 'error: --signature-header cannot be used with the stripe scheme', hint: '  it is a setting of grafana and hmac' });
  });

  it("twilio's SharedKey settings: sign and send take them for twilio alone; verify reads them from the request", async () => {
    const url = ['--url', 'https://example.com/sms'];
    expect(await usageError(['sign', 'twilio', '--secret', 's', ...url, '--algorithm', 'sha256', '-'], '{}')).toEqual({
      line: 'error: --algorithm is the hash of a Twilio SharedKey; the auth token signs with HMAC-SHA1 only',
      hint: '  give --shared-key with the id of the SharedKey whose secret --secret is',
    });
    expect(await usageError(['sign', 'github', '--secret', 's', '--shared-key', 'webhooks_sharedkey_01', '-'], '{}')).toEqual({ line: 'error: --shared-key cannot be used with the github scheme', hint: '  it is a setting of twilio' });
    expect(await usageError(['verify', 'twilio', '--secret', 's', ...url, '--algorithm', 'sha256', '-'], '{}')).toEqual({
      line: 'error: --algorithm cannot be used to verify with the twilio scheme',
      hint: "  twilio reads it from the request's own headers; it is a setting of signing",
    });
    expect((await usageError(['send', 'metric-alert', '--url', URL, '--shared-key', 'webhooks_sharedkey_01'])).line).toBe('error: --shared-key is a setting of signing, and nothing is signed');
    expect((await usageError(['send', 'metric-alert', '--url', URL, '--sign', 'github', '--secret', 's', '--shared-key', 'webhooks_sharedkey_01'])).line).toBe('error: --shared-key cannot be used with the github scheme');
  });

  it('the same flags with the schemes that take them still work', async () => {
    const [hmac, grafana] = await Promise.all([
      runCli(['sign', 'hmac', '--secret', 's', '--algorithm', 'sha1', '-'], { input: '{}' }),
      runCli(['sign', 'grafana', '--secret', 's', '--signature-header', 'X-Sig', '-'], { input: '{}' }),
    ]);
    expect(hmac).toMatchObject({ code: 0, stderr: '' });
    expect(hmac.stdout).toMatch(/^X-Signature: [0-9a-f]{40}\n$/);
    expect(grafana).toMatchObject({ code: 0, stderr: '' });
    expect(grafana.stdout).toMatch(/^X-Sig: [0-9a-f]{64}\n$/);
  });
});

describe('a flag that takes one value, given twice, is refused: commander kept the last one silently', () => {
  it.each([
    [['verify', 'github', '--secret', 'first-secret', '--secret', 'second-secret', '-'], '--secret was given 2 times: whk verify checks one secret'],
    [['sign', 'github', '--secret', 'first-secret', '--secret', 'second-secret', '--secret', 'third-secret', '-'], '--secret was given 3 times: whk sign signs with one secret'],
    [['send', 'metric-alert', '--url', URL, '--sign', 'github', '--secret', 'first-secret', '--secret', 'second-secret', '--dry-run'], '--secret was given 2 times: whk send signs with one secret'],
    [['replay', 'none.ndjson', '--url', URL, '--secret', 'first-secret', '--secret', 'second-secret'], '--secret was given 2 times: whk replay signs with one secret'],
    // The first schema's kind disappeared: its requests were unknown.
    [['listen', '--port', '0', '--schema', 'a.json', '--schema', 'b.json'], '--schema was given 2 times: whk listen takes one JSON Schema, one kind of your own'],
    [['validate', '--schema', 'a.json', '--schema', 'b.json', '-'], '--schema was given 2 times: whk validate takes one JSON Schema, one kind of your own'],
    [['send', '--url', URL, '--schema', 'a.json', '--schema', 'b.json', '--dry-run'], '--schema was given 2 times: whk send takes one JSON Schema, one kind of your own'],
    [['map', '-', '--schema', 'a.json', '--schema', 'b.json'], '--schema was given 2 times: whk map takes one JSON Schema, one kind of your own'],
  ])('%j', async (args, message) => {
    const result = await runMain(args, { input: '{}' });
    // One line, and neither secret in it.
    expect([result.code, result.stdout, result.stderr]).toEqual([2, '', `error: ${message}\n`]);
  });

  it('once, each still works', async () => {
    const signed = await runMain(['sign', 'github', '--secret', 'only-secret', '-'], { input: '{}' });
    expect(signed).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('sign --id and --timestamp where the scheme, so set up, signs none: refused, as they were dropped without a word', () => {
  it.each([
    [['gitlab', '--secret', 'glpat-token', '--id', 'x'], 'error: --id cannot be used with the gitlab scheme: it signs no message id', '  it signs one with a signing token (whsec_…); a plain token travels as it is and signs nothing'],
    [['gitlab', '--secret', 'glpat-token', '--timestamp', '5'], 'error: --timestamp cannot be used with the gitlab scheme: it signs no timestamp', '  it signs one with a signing token (whsec_…); a plain token travels as it is and signs nothing'],
    [['github', '--secret', 's', '--timestamp', '5'], 'error: --timestamp cannot be used with the github scheme: it signs no timestamp', '  the schemes that sign one: standard-webhooks, svix, stripe, slack, grafana, grafana-incident, gitlab, hmac'],
    [['stripe', '--secret', 's', '--id', 'x'], 'error: --id cannot be used with the stripe scheme: it signs no message id', '  the schemes that sign one: standard-webhooks, svix, gitlab, hmac'],
    [['grafana', '--secret', 's', '--timestamp', '5'], 'error: --timestamp cannot be used with the grafana scheme: it signs no timestamp', '  it signs one with --timestamp-header, the header the contact point names'],
    [['hmac', '--secret', 's', '--id', 'x', '--id-header', 'X-Id'], 'error: --id cannot be used with the hmac scheme: it signs no message id', '  it signs one with {id} in --content and --id-header naming its header'],
  ])('%j', async (args, line, hint) => {
    expect(await usageError(['sign', ...args, '-'], '{}')).toEqual({ line, hint });
  });

  it('where it signs them, they are signed', async () => {
    const signed = await Promise.all([
      runMain(['sign', 'gitlab', '--secret', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '--id', 'msg_1', '--timestamp', '5', '-'], { input: '{}' }),
      runMain(['sign', 'grafana', '--secret', 's', '--timestamp-header', 'X-Ts', '--timestamp', '5', '-'], { input: '{}' }),
      runMain(['sign', 'hmac', '--secret', 's', '--content', '{id}.{timestamp}.{body}', '--id-header', 'X-Id', '--timestamp-header', 'X-Ts', '--id', 'msg_1', '--timestamp', '5', '-'], { input: '{}' }),
    ]);
    expect(signed.map((result) => [result.code, result.stderr, result.stdout.match(/^(?:webhook-id|webhook-timestamp|X-Ts|X-Id): .*$/gm)])).toEqual([
      [0, '', ['webhook-id: msg_1', 'webhook-timestamp: 5']],
      [0, '', ['X-Ts: 5']],
      [0, '', ['X-Id: msg_1', 'X-Ts: 5']],
    ]);
  });
});

describe('sign --timestamp is bounded where verify reads it', () => {
  // From 10^12 (milliseconds given by mistake) sign refuses the time; below it, the largest it signs.
  it('past 15 digits is a usage error naming the range; from 10^12 refused as milliseconds; at the bound, verify reads the header it makes', async () => {
    expect((await usageError(['sign', 'stripe', '--secret', 's', '--timestamp', '1000000000000000', '-'], '{}')).line).toBe(
      "error: invalid --timestamp: expected an integer from 0 to 999999999999999, got '1000000000000000'",
    );
    expect((await usageError(['sign', 'stripe', '--secret', 's', '--timestamp', '999999999999999', '-'], '{}')).line).toMatch(/looks like milliseconds/);
    const signed = await runCli(['sign', 'stripe', '--secret', 's', '--timestamp', '999999999999', '-'], { input: '{}' });
    expect(signed.code, signed.stderr).toBe(0);
    const header = signed.stdout.trim().replace(/^stripe-signature: /i, '');
    const verified = await runCli(['verify', 'stripe', '--secret', 's', '--header', `stripe-signature: ${header}`, '--now', '999999999999', '-'], { input: '{}' });
    expect([verified.code, verified.stdout, verified.stderr]).toEqual([0, expect.stringMatching(/^valid/), '']);
  });

  it("verify refuses a --now from 10^12 as milliseconds, as sign does, where every message would read expired", async () => {
    const refused = await usageError(['verify', 'stripe', '--secret', 's', '--header', 'stripe-signature: t=1700000000,v1=00', '--now', '1700000000000', '-'], '{}');
    expect([refused.line, refused.hint]).toEqual(['error: --now 1700000000000 is past the year 33000: it looks like milliseconds; schemes sign Unix seconds', '  in seconds: 1700000000']);
  });
});

describe('main() in process, as the binary runs it', () => {
  it('reads the results a command writes at the end of its turn (sign), as the binary prints them', async () => {
    const args = ['sign', 'github', '--secret', 's3cret', '-'];
    const [inProcess, binary] = await Promise.all([runMain(args, { input: '{"a":1}' }), runCli(args, { input: '{"a":1}' })]);
    expect(inProcess.stdout).toMatch(/^X-Hub-Signature-256: sha256=[0-9a-f]{64}\n/);
    expect(inProcess).toEqual(binary);
  });
});

describe('an --auth-bearer or --auth-basic token no header can carry is refused, as --header refuses such a value', () => {
  it.each([
    [['--auth-bearer', 'a\r\nb'], '--auth-bearer', 'U+000D, a line break'],
    [['--auth-basic', 'dTpw\n'], '--auth-basic', 'U+000A, a line break'],
  ])('%j', async (flags, flag, character) => {
    // Sent, it failed at every attempt as an invalid Authorization header (exit 1): the port is never reached.
    expect(await usageError(['send', 'hertzbeat-alarm', '--url', URL, '--no-retry', ...flags])).toEqual({
      line: `error: invalid ${flag}: the token goes in the Authorization header, and its value holds a control character (${character}), which no header may carry`,
      hint: '  give the token as one line of text',
    });
  });
});
