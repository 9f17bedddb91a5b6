// The frictions a new user hit (issue 18, "Help, typos, schemas"), through the real binary: help for
// every command, "did you mean" for names, a URL without its scheme, validate with nothing to read,
// and the renamed contract field.
// Each command line runs through main(), the binary's own path, in this process (runMain); the binary
// runs a witness of each way they end: the program's help, a mistyped command, a contract refused,
// validate with an empty stdin pipe, a sample and a send refused for their --set.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/cli.js';
import { runMain } from '../helpers/main.js';
import { startServer } from '../helpers/server.js';

const EMIT = fileURLToPath(new URL('../fixtures/check/emit-impressions.mjs', import.meta.url));

describe('whk help [command]', () => {
  it('whk help is the program help; whk help send is the help of send, exit 0', async () => {
    const top = await runCli(['help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/^Usage: whk \[options\] \[command\]/);
    expect(top.stdout).toMatch(/\n {2}help \[command\.\.\.\] +show the help of whk or of a command/);
    const send = await runMain(['help', 'send']);
    expect(send.code).toBe(0);
    expect(send.stdout).toMatch(/^Usage: whk send \[options\] \[kind\]/);
    expect(send.stdout).toBe((await runMain(['send', '--help'])).stdout);
  });

  it('whk help kind from-capture is the help of the subcommand, as whk kind from-capture --help', async () => {
    const sub = await runMain(['help', 'kind', 'from-capture']);
    expect(sub.code).toBe(0);
    expect(sub.stderr).toBe('');
    expect(sub.stdout).toMatch(/^Usage: whk kind from-capture \[options\] <capture>\n/);
    expect(sub.stdout).toBe((await runMain(['kind', 'from-capture', '--help'])).stdout);
    const group = await runMain(['help', 'kind']);
    expect(group.stdout).toMatch(/^Usage: whk kind \[options\] \[command\]\n(.*\n)* {2}from-capture \[options\] <capture> /);
  });

  it('a mistyped subcommand, or one asked of a command that has none, is a usage error naming the choices', async () => {
    const typo = await runMain(['help', 'kind', 'frm-capture']);
    expect(typo.code).toBe(2);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toBe("error: unknown command 'kind frm-capture'\n  did you mean 'from-capture'? commands of kind: from-capture (see whk kind --help)\n");
    const none = await runMain(['help', 'send', 'extra']);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe("error: unknown command 'send extra'\n  send has no subcommands (see whk send --help)\n");
  });

  it('a command help lists the global flags, and --variant lists each kind’s variants', async () => {
    const sample = await runMain(['sample', '--help']);
    expect(sample.stdout).toMatch(/\nGlobal Options:\n(.*\n)* {2}--json +machine-readable output on stdout\n {2}-q, --quiet .*\n {2}--no-color /);
    expect(sample.stdout).toContain('\nVariants (--variant), by kind:\n');
    expect(sample.stdout).toMatch(/\n {2}metaplane-incident +opened \(default\), resolved, legacy\n/);
    // An event's own variants are pointed to, with a command that works.
    expect(sample.stdout).toMatch(/\n {2}github +default \(default\); 5 events with variants of their own \(whk kinds github\), e\.g\. --event pull_request --variant closed\n/);
    expect((await runMain(['sample', 'github', '--event', 'pull_request', '--variant', 'closed'])).code).toBe(0);
    const listen = await runMain(['help', 'listen']);
    expect(listen.stdout).toMatch(/\nGlobal Options:\n(.*\n)* {2}--json /);
  });

  it('check --help describes the contract, the renamed field included', async () => {
    const check = await runMain(['check', '--help']);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('The contract (JSON): { "name"?, "checks": [ ... ] }');
    expect(check.stdout).toMatch(/\n {4}listen\.expect\.payloads +"valid": every request is a valid payload of its kind; "any": payloads\n +are not checked \(default: "valid"\)\n/);
    expect(check.stdout).toMatch(/\n {4}expect\.delivered /);
  });

  it('whk help with an unknown command is a usage error that suggests the near one', async () => {
    const result = await runMain(['help', 'sned']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n').slice(0, 2)).toEqual(["error: unknown command 'sned'", expect.stringMatching(/^ {2}did you mean 'send'\? commands: kinds, sample, /)]);
  });
});

describe('did you mean', () => {
  const mistyped: Array<[string[], string, string]> = [
    [['sned', '--url', 'http://127.0.0.1:1'], "unknown command 'sned'", "did you mean 'send'? commands: "],
    // whk's own option given as a command: read as 'verify' by its spelling before.
    [['version'], "unknown command 'version'", "did you mean '--version'? commands: "],
    // A short option in the other case: its own, with its long form.
    [['-v'], "unknown option '-v'", "did you mean '-V' / '--version'? options before a command: "],
    [['sample', 'metric-alrt'], "unknown kind 'metric-alrt'", "did you mean 'metric-alert'? known kinds: "],
    [['sample', 'metaplane-incident', '--variant', 'resolvd'], "unknown variant 'resolvd' for metaplane-incident", "did you mean 'resolved'? variants of metaplane-incident: "],
    [['sample', 'github', '--event', 'pusj'], "unknown event 'pusj' for github", "did you mean 'push'? events of github: "],
    [['listen', '--kind', 'githb'], "--kind: unknown kind 'githb'", "did you mean 'github'? known kinds: "],
    [['listen', '--expect', 'githb'], "--expect: unknown kind 'githb'", "did you mean 'github'? known kinds: "],
  ];
  it.each(mistyped)('%j', async (args, message, hint) => {
    const result = await runMain(args);
    expect(result.code).toBe(2);
    const [first, second] = result.stderr.split('\n');
    expect(first).toBe(`error: ${message}`);
    expect(second?.startsWith(`  ${hint}`)).toBe(true);
  });

  it('the binary says what main() says (the witness of the rows above)', async () => {
    const args = mistyped[0]?.[0] ?? [];
    const [binary, inProcess] = await Promise.all([runCli(args), runMain(args)]);
    expect(binary).toEqual(inProcess);
    expect(binary.stderr.startsWith(`error: ${mistyped[0]?.[1]}\n`)).toBe(true);
  });

  it('an option before any command', async () => {
    const result = await runMain(['--jsn', 'kinds']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("error: unknown option '--jsn'\n  did you mean '--json'? options before a command: --version, --json, --quiet, --no-color, --help\n");
    // --help is one of them too (commander keeps it apart from the others).
    expect((await runMain(['--bogus'])).stderr).toBe("error: unknown option '--bogus'\n  options before a command: --version, --json, --quiet, --no-color, --help\n");
  });

  it('a name far from every known one gets the list only', async () => {
    const result = await runMain(['sample', 'zzzzzzzz']);
    expect(result.stderr.split('\n')[1]).toMatch(/^ {2}known kinds: metric-alert, /);
  });

  it('a contract field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-first-use-'));
    const file = join(dir, 'contract.json');
    await writeFile(file, JSON.stringify({ checks: [{ listen: { expect: { cuont: 1 } }, run: 'true' }] }));
    const result = await runCli(['check', file]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(`error: invalid contract '${file}': $.checks[0].listen.expect: unknown field 'cuont' (did you mean 'count'?)`);
  });

  it.each([
    [{ kind: 'metric-alrt', url: 'http://127.0.0.1:1' }, "send.kind: unknown kind 'metric-alrt' (did you mean 'metric-alert'? known: metric-alert, "],
    [{ kind: 'metric-alert', url: 'http://127.0.0.1:1', variants: ['alert-polcy'] }, "send.variants[0]: metric-alert has no variant 'alert-polcy' (did you mean 'alert-policy'? variants: "],
  ])('a contract’s kind and variants: %j', async (send, message) => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-first-use-'));
    const file = join(dir, 'contract.json');
    await writeFile(file, JSON.stringify([{ send }]));
    const result = await runMain(['check', file]);
    expect(result.code).toBe(2);
    const [first, hint] = result.stderr.split('\n');
    expect(first?.startsWith(`error: invalid contract '${file}': $[0].${message}`)).toBe(true);
    // check --help describes the contract: the hint sends the reader there.
    expect(hint).toBe("  see the contract format in whk check's help (whk help check)");
  });
});

describe('a URL without its scheme', () => {
  it('send --url localhost:9000 says the scheme is missing and suggests http://localhost:9000', async () => {
    const result = await runMain(['send', 'metric-alert', '--url', 'localhost:9000']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("error: invalid --url 'localhost:9000': the scheme is missing\n  did you mean http://localhost:9000?\n");
  });
});

describe('whk validate with nothing to read', () => {
  it('no files and an empty stdin that is not a terminal (an empty glob in CI): exit 2, no input', async () => {
    const result = await runCli(['validate'], { input: '' });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('error: no input: no files were named and stdin is empty\n  name the files to validate (did a glob match nothing?), or pipe JSON in\n');
  });

  it('the same with a payload piped in validates it (exit 0)', async () => {
    const payload = (await runMain(['sample', 'metric-alert', '--seed', '1'])).stdout;
    const result = await runMain(['validate'], { input: payload });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/1 payload in 1 file: 1 valid, 0 invalid/);
  });
});

describe("contracts: 'listen.expect.valid' renamed 'payloads'", () => {
  it('the old key still works, with a warning that says what it meant', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-first-use-'));
    const file = join(dir, 'contract.json');
    // An invalid payload arrives; `valid: false` means it is not checked, so the check passes.
    await writeFile(file, JSON.stringify({ checks: [{ name: 'any payload', listen: { expect: { count: 1, valid: false } }, run: `node '${EMIT}' {url}/impressions --count 1 --invalid` }] }));
    const result = await runMain(['check', file]);
    expect(result.stderr).toContain(`${file}: $.checks[0].listen.expect.valid: 'valid' is deprecated: it never meant "expect invalid"; write "payloads": "any" (payloads are not checked)`);
    expect(result.stdout).toMatch(/^✔ 1 any payload: 1 request arrived/);
    expect(result.code).toBe(0);
  });
});

describe('--set keeps a sample schema-correct', () => {
  it('sample: a value the schema refuses is exit 1 naming the issue; --no-validate prints it', async () => {
    const bad = await runCli(['sample', 'metaplane-incident', '--seed', '1', '--set', 'status=bogus']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe('error: --set makes an invalid metaplane-incident payload: $.status: expected one of "opened", "resolved"\n  change the value, or add --no-validate to use it anyway\n');
    const forced = await runMain(['sample', 'metaplane-incident', '--seed', '1', '--set', 'status=bogus', '--no-validate']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout).status).toBe('bogus');
    const fine = await runMain(['sample', 'metaplane-incident', '--seed', '1', '--set', 'status=resolved']);
    expect(fine.code).toBe(0);
    expect(JSON.parse(fine.stdout).status).toBe('resolved');
  });

  it('send: the same check before anything is sent; --no-validate sends it', async () => {
    const sink = await startServer([200]);
    try {
      const bad = await runCli(['send', 'metric-alert', '--url', sink.url, '--set', 'data.environment.name=5']);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toBe('error: --set makes an invalid metric-alert payload: $.data.environment.name: expected string, got number (--set reads its value as JSON, and 5 is a number)\n  for the string, give it in JSON quotes: --set \'data.environment.name="5"\'\n');
      expect(sink.requests).toHaveLength(0);
      const forced = await runMain(['send', 'metric-alert', '--url', sink.url, '--set', 'data.environment.name=5', '--no-validate']);
      expect(forced.code).toBe(0);
      expect(JSON.parse(sink.requests[0]?.body.toString() ?? '').data.environment.name).toBe(5);
    } finally {
      await sink.close();
    }
  });

  // Typed 3 where "3" is listed, the error read as a contradiction: the value was read as JSON, unsaid.
  it('a value read as JSON into a number the schema refuses says so, and how to quote it where the string would pass', async () => {
    const listed = await runMain(['sample', 'lacework', '--seed', '1', '--set', 'event_severity=3']);
    expect(listed).toMatchObject({ code: 1, stdout: '' });
    expect(listed.stderr).toBe('error: --set makes an invalid lacework payload: $.event_severity: expected one of "1", "2", "3", "4", "5" (--set reads its value as JSON, and 3 is a number)\n  for the string, give it in JSON quotes: --set \'event_severity="3"\'\n');
    const quoted = await runMain(['sample', 'lacework', '--seed', '1', '--set', 'event_severity="3"']);
    expect(quoted.code).toBe(0);
    expect(JSON.parse(quoted.stdout).event_severity).toBe('3');
    // "9" would not pass either: no quoting offered, the usual hint.
    const unlisted = await runMain(['sample', 'lacework', '--seed', '1', '--set', 'event_severity=9']);
    expect(unlisted.stderr).toBe('error: --set makes an invalid lacework payload: $.event_severity: expected one of "1", "2", "3", "4", "5" (--set reads its value as JSON, and 9 is a number)\n  change the value, or add --no-validate to use it anyway\n');
  });
});

describe('--set is checked on the payload the sender release sends', () => {
  it('hertzbeat-alarm --sender-version 1.5.0 sends the flat template: a set is judged on that shape, not the newest', async () => {
    const sink = await startServer([200]);
    try {
      // The flat template's priority is a number 0..2; the newest (grouped) template has no priority.
      const bad = await runMain(['send', 'hertzbeat-alarm', '--sender-version', '1.5.0', '--url', sink.url, '--set', 'priority="high"']);
      expect(bad.stderr.split('\n')[0]).toBe('error: --set makes an invalid hertzbeat-alarm payload: $.priority: expected number, got string');
      expect(bad.code).toBe(1);
      expect(sink.requests).toHaveLength(0);
      const fine = await runMain(['send', 'hertzbeat-alarm', '--sender-version', '1.5.0', '--url', sink.url, '--set', 'priority=0']);
      expect(fine.code, fine.stderr).toBe(0);
      expect(JSON.parse(sink.requests[0]?.body.toString() ?? '')).toMatchObject({ priority: 0, target: expect.any(String) });
    } finally {
      await sink.close();
    }
  });
});

describe('--lifecycle starts at opened', () => {
  it('sends opened then resolved; with --variant resolved it is a usage error and nothing is sent', async () => {
    const sink = await startServer([200]);
    try {
      const sent = await runMain(['send', 'metaplane-incident', '--url', sink.url, '--lifecycle', '--seed', '2']);
      expect(sent.code).toBe(0);
      expect(sink.requests.map((r) => (JSON.parse(r.body.toString()) as { status: string }).status)).toEqual(['opened', 'resolved']);
      sink.requests.length = 0;
      const refused = await runMain(['send', 'metaplane-incident', '--url', sink.url, '--lifecycle', '--variant', 'resolved']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toBe('error: --lifecycle starts at opened or legacy; --variant resolved is past its start\n  drop --variant (the lifecycle sends resolved itself), or send resolved without --lifecycle\n');
      expect(sink.requests).toHaveLength(0);
    } finally {
      await sink.close();
    }
  });

  it('a receiver contract with lifecycle sends resolved as itself, not resolved twice', async () => {
    const sink = await startServer([200]);
    try {
      const dir = await mkdtemp(join(tmpdir(), 'whk-first-use-'));
      const file = join(dir, 'contract.json');
      await writeFile(file, JSON.stringify([{ send: { kind: 'metaplane-incident', url: sink.url, variants: ['opened', 'resolved'], lifecycle: true, duplicates: false } }]));
      const result = await runMain(['check', file]);
      expect(result.code).toBe(0);
      expect(sink.requests.map((r) => (JSON.parse(r.body.toString()) as { status: string }).status)).toEqual(['opened', 'resolved', 'resolved']);
      expect(new Set(sink.requests.map((r) => (JSON.parse(r.body.toString()) as { id: string }).id)).size).toBe(2);
    } finally {
      await sink.close();
    }
  });
});
