// `whk check` through the real binary: both contract forms against a conforming local service
// (pass, exit 0) and against broken ones (exit 1, JUnit <failure>), and a bad contract (exit 2).
// The binary (runCli, startCli) runs a witness of each of check's ways: a passing contract, a failing
// one with its JUnit file, JUnit on stdout (--output -), --json, a secret from the environment,
// Ctrl-C, a command run where check runs, a contract piped on stdin, and a sender check refused as
// it starts. The other contracts, what varies within one of those ways, run through main(), the
// binary's own path, in this process (runMain); a command they must not run writes to an absolute
// path, where it would land wherever it ran.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, realpath, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN, runCli, startCli } from '../helpers/cli.js';
import { runMain } from '../helpers/main.js';
import { serversClosedAfterEach, startServer } from '../helpers/server.js';
import { until } from '../helpers/wait.js';

const EMIT = fileURLToPath(new URL('../fixtures/check/emit-impressions.mjs', import.meta.url));
const emit = (args = ''): string => `node '${EMIT}' {url}/impressions ${args}`.trim();

const server = serversClosedAfterEach();

/** A contract in a fresh directory; given as a function, it is made from the directory's path. */
async function contractFile(contract: unknown): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'whk-check-'));
  const file = join(dir, 'contract.json');
  await writeFile(file, JSON.stringify(typeof contract === 'function' ? (contract as (dir: string) => unknown)(dir) : contract, null, 2));
  return { dir, file };
}

/** A receiver that accepts an idempotency id once and answers 409 to a repeat (not at-least-once safe). */
function rejectingDuplicates(): Parameters<typeof startServer>[0] {
  const seen = new Set<string>();
  return (request) => {
    const id = (JSON.parse(request.body.toString('utf8')) as { idempotencyId?: string }).idempotencyId ?? '';
    const repeat = seen.has(id);
    seen.add(id);
    return repeat ? 409 : 200;
  };
}

/** Resolves once a process has ended (or is a zombie awaiting its reaper). The processes these
 * tests start would run for minutes, so only being stopped ends them before the test times out. */
async function ended(pid: number): Promise<void> {
  await until(async () => {
    const state = await readFile(`/proc/${pid}/stat`, 'utf8').then((stat) => stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3), () => 'gone');
    return state === 'gone' || state === 'Z';
  }, 50);
}

/** The pid a shell command wrote to a file, once it has. */
const pidIn = (file: string): Promise<number> => until(async () => Number(await readFile(file, 'utf8').catch(() => '')) || undefined);

describe('whk check (real binary)', () => {
  it('both contract forms pass against a conforming service and sender: one line per check, exit 0', async () => {
    const service = await server([200]);
    const { file } = await contractFile({
      name: 'conforming',
      checks: [
        { send: { kind: 'metaplane-incident', url: `${service.url}/hooks/metaplane`, variants: 'all', duplicates: true, expect: { delivered: true } } },
        { send: { kind: 'impressions', url: `${service.url}/hooks/impressions` } },
        { name: 'emitter posts gzipped impressions', listen: { expect: { kind: 'impressions', count: 3, within: '10s', gzip: true } }, run: emit() },
      ],
    });
    const result = await runCli(['check', file]);
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^✔ 1 receiver metaplane-incident → http:\/\/127\.0\.0\.1:\d+\/hooks\/metaplane: 6 of 6 deliveries \(3 variants, 3 duplicates\) accepted \(\d+ms\)$/);
    expect(lines[1]).toMatch(/^✔ 2 receiver impressions → .*: 3 of 3 deliveries \(3 variants\) accepted/);
    expect(lines[2]).toMatch(/^✔ 3 emitter posts gzipped impressions: 3 requests arrived \(impressions ×3; 3 valid, 3 gzipped\), command exited 0/);
    expect(lines[3]).toMatch(/^3 checks: 3 passed, 0 failed/);
    expect(lines).toHaveLength(4);

    // What the service saw: each metaplane delivery followed by its byte-identical duplicate.
    const metaplane = service.requests.filter((r) => r.url === '/hooks/metaplane');
    expect(metaplane).toHaveLength(6);
    for (let i = 0; i < 6; i += 2) expect(metaplane[i + 1]?.body.equals(metaplane[i]?.body ?? Buffer.alloc(0))).toBe(true);
    expect(new Set(metaplane.map((r) => r.body.toString('base64'))).size).toBe(3);
    const impressions = service.requests.filter((r) => r.url === '/hooks/impressions');
    expect(impressions.map((r) => r.headers['content-encoding'])).toEqual(['gzip', 'gzip', 'gzip']);
  });

  it('fails against broken ones: exit 1, a JUnit <failure> per failed check, the reasons named', async () => {
    const broken = await server([500]);
    const strict = await server(rejectingDuplicates());
    const { dir, file } = await contractFile([
      { name: 'answers 500', send: { kind: 'metric-alert', url: broken.url, retryDelay: '10ms' } },
      { name: 'rejects duplicates', send: { kind: 'metaplane-incident', url: strict.url, retryDelay: '10ms', retries: 1 } },
      { name: 'posts invalid payloads', listen: { expect: { kind: 'impressions', count: 2, within: '10s' } }, run: emit('--count 2 --invalid') },
      { name: 'posts too few', listen: { expect: { kind: 'impressions', count: 3, within: '10s', gzip: true } }, run: emit('--count 2 --plain') },
      { name: 'fine', listen: { expect: { kind: 'impressions', count: 1, within: '10s' } }, run: emit('--count 1') },
    ]);
    const report = join(dir, 'report.xml');
    const result = await runCli(['check', file, '--format', 'junit', '-o', report]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^✖ 1 answers 500: 0 of 3 deliveries \(3 variants\) accepted/m);
    expect(result.stdout).toContain('    alert-policy: 500 → 500 (2 attempts); expected it accepted (status 200 only)');
    expect(result.stdout).toMatch(/^✖ 2 rejects duplicates: 3 of 6 deliveries \(3 variants, 3 duplicates\) accepted/m);
    expect(result.stdout).toContain('    opened (duplicate): 409 → 409 (2 attempts); expected it accepted (any 2xx)');
    expect(result.stdout).toContain('    request #1 (POST /impressions): invalid: $[0].time: expected number, got string');
    expect(result.stdout).toContain('    2 of 3 requests arrived before the command ended');
    expect(result.stdout).toContain('    request #1 (POST /impressions): body is not gzipped (identity), expected gzip');
    // A failed sender's output is shown under its check.
    expect(result.stdout).toContain('      batch 2: 200');
    expect(result.stdout).toMatch(/^✔ 5 fine: 1 request arrived/m);
    expect(result.stdout).toMatch(/^5 checks: 1 passed, 4 failed/m);
    expect(result.stderr).toContain(`JUnit report written to ${report}`);

    const xml = await readFile(report, 'utf8');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="whk check" tests="5" failures="4" time="[\d.]+">\n  <testsuite name="whk check" tests="5" failures="4" time="[\d.]+">/);
    expect(xml.match(/<failure /g)).toHaveLength(4);
    expect(xml).toMatch(/<testcase name="answers 500" classname="whk.check.receiver" time="[\d.]+">\n\s+<failure message="alert-policy: 500 → 500 \(2 attempts\); expected it accepted \(status 200 only\)">/);
    expect(xml).toMatch(/<testcase name="posts too few" classname="whk.check.sender"[^>]*>\n\s+<failure message="2 of 3 requests arrived before the command ended">/);
    expect(xml).toMatch(/<testcase name="fine" classname="whk.check.sender"[^>]*>\n\s+<system-out>batch 1: 200\n<\/system-out>/);
  });

  // All were <failure>: a receiver nothing listens on and a command the shell cannot find tested nothing.
  it('JUnit: a check that could not run is an <error>, an unmet expectation a <failure>', async () => {
    const broken = await server([500]);
    const gone = await startServer();
    await gone.close();
    const { dir, file } = await contractFile([
      { name: 'down', send: { kind: 'metric-alert', url: gone.url, variants: ['significance'], retries: 0 } },
      { name: 'not found', listen: {}, run: './no-such-emitter {url}' },
      { name: 'answers 500', send: { kind: 'metric-alert', url: broken.url, variants: ['significance'], retries: 0 } },
    ]);
    const result = await runMain(['check', file, '--format', 'junit']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/<testsuites name="whk check" tests="3" failures="1" errors="2" time="[\d.]+">/);
    expect(result.stdout).toMatch(/<testcase name="down" [^>]*>\n\s+<error message="the receiver could not be reached: connection refused by 127\.0\.0\.1:\d+">/);
    expect(result.stdout).toMatch(/<testcase name="not found" [^>]*>\n\s+<error message="command exited with code 127: the shell could not find it">/);
    expect(result.stdout).toMatch(/<testcase name="answers 500" [^>]*>\n\s+<failure message="significance: 500; expected it accepted/);
    const json = (await runMain(['check', file, '--json'])).stdout.trim().split('\n').map((line) => JSON.parse(line) as { error?: string });
    expect(json.map((check) => check.error)).toEqual([expect.stringMatching(/^the receiver could not be reached/), 'command exited with code 127: the shell could not find it', undefined, undefined]);
    // The lines tell them apart as JUnit does (they read as three failures alike).
    const text = (await runMain(['check', file])).stdout.split('\n');
    expect(text.filter((line) => line.startsWith('    could not run: '))).toEqual([expect.stringMatching(/^ {4}could not run: the receiver could not be reached: connection refused/), '    could not run: command exited with code 127: the shell could not find it']);
    expect(text.filter((line) => line === '    command exited with code 127')).toEqual([]);
    expect(text.find((line) => line.startsWith('3 checks:'))).toMatch(/^3 checks: 0 passed, 3 failed, 2 of them could not run \(/);
  });

  it("a refused delivery's line shows the receiver's answer (the first 200 bytes of its body)", async () => {
    const refusing = await server(() => ({ status: 422, body: '{"error":"unknown field\tsource"}' }));
    const { file } = await contractFile([{ send: { kind: 'metric-alert', url: refusing.url, variants: ['alert-policy'], retryDelay: '10ms' } }]);
    const result = await runMain(['check', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('    alert-policy: 422 → 422 «{"error":"unknown field source"}» (2 attempts); expected it accepted (status 200 only)');
    const json = await runMain(['check', file, '--json']);
    const check = JSON.parse(json.stdout.split('\n')[0] ?? '') as { deliveries: { answer: string | null }[] };
    expect(check.deliveries[0]?.answer).toBe('{"error":"unknown field\tsource"}');
  });

  it('--format junit without --output writes the XML alone on stdout (check lines go to stderr)', async () => {
    const broken = await server([500]);
    const { file } = await contractFile([{ send: { kind: 'hertzbeat-alarm', url: broken.url, variants: ['grouped'] } }]);
    const result = await runMain(['check', file, '--format', 'junit']);
    expect(result.code).toBe(1);
    expect(result.stdout.startsWith('<?xml')).toBe(true);
    expect(result.stdout.trimEnd().endsWith('</testsuites>')).toBe(true);
    expect(result.stdout).toContain('<failure message="grouped: 500; expected it accepted (any status below 400)">');
    expect(result.stderr).toMatch(/✖ 1 receiver hertzbeat-alarm/);
  });

  // '-' is stdout, as the contract's '-' is stdin: it wrote a file named '-'.
  it("--output - writes the JUnit report to stdout, no file named '-'", async () => {
    const service = await server([200]);
    const { dir, file } = await contractFile([{ send: { kind: 'metric-alert', url: service.url, variants: ['significance'] } }]);
    const result = await runCli(['check', file, '--format', 'junit', '--output', '-'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^<\?xml[^]*<\/testsuites>\n$/);
    expect(result.stderr).toMatch(/✔ 1 receiver metric-alert/);
    expect(existsSync(join(dir, '-'))).toBe(false);
  });

  // A name's line break split its line in two, '[2J' was left of a clear-screen, ']0;title' of a title's OSC, and a 16 kB line was shown whole.
  it("a check's name is one line without escape sequences, and its command's output shows no sequence's remains nor a line past 300 characters", async () => {
    const { dir, file } = await contractFile({
      name: 'suite\nname',
      checks: [{ name: 'line1\nline2 \u001b[2J\u001b[31mfake ✔', listen: { expect: { within: '5s' } }, run: `printf '\\033]0;title\\007visible\\n'; node -e "console.log('y'.repeat(16000))"; exit 1` }],
    });
    const result = await runMain(['check', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^running 1\/1: line1 line2 fake ✔$/m);
    expect(result.stdout).toMatch(/^✖ 1 line1 line2 fake ✔: 0 requests arrived, command exited 1/);
    expect(result.stdout).not.toMatch(/\[2J|\]0;title|\[31m/);
    expect(result.stdout).toContain('      visible\n');
    const longest = Math.max(...result.stdout.split('\n').map((line) => line.length));
    expect(longest).toBeLessThan(320);
    const junit = await runMain(['check', file, '--format', 'junit', '--output', join(dir, 'r.xml')]);
    expect(junit.code).toBe(1);
    const xml = await readFile(join(dir, 'r.xml'), 'utf8');
    expect(xml).toContain('<testsuites name="suite name" ');
    expect(xml).toContain('<testcase name="line1 line2 fake ✔" ');
    expect(xml).toContain('<system-out>visible\n');
  });

  it('JUnit stays well-formed XML whatever the receiver answers: characters XML 1.0 forbids are left out', async () => {
    // U+FFFE and U+FFFF are valid UTF-8 (EF BF BE, EF BF BF) but no XML 1.0 character, not even as a reference.
    const hostile = await server(() => ({ status: 500, body: '{"e":"\u0000\u001b[31m ]]> </failure> \uFFFE\uFFFF & end"}' }));
    const { file } = await contractFile({ name: 'suite \uFFFF', checks: [{ name: 'lone \uD800 surrogate', send: { kind: 'metric-alert', url: hostile.url, variants: ['significance'], retries: 0 } }] });
    const result = await runMain(['check', file, '--format', 'junit']);
    expect(result.code).toBe(1);
    // XML 1.0's Char production: tab, newline, carriage return, and U+0020 on, less surrogates, U+FFFE and U+FFFF.
    expect(result.stdout).not.toMatch(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u);
    expect(result.stdout).toMatch(/<testsuites name="suite " tests="1" failures="1" time="[\d.]+">/);
    expect(result.stdout).toContain(']]&gt; &lt;/failure&gt;  &amp; end');
  });

  it("a signature that does not match names the contract's field ('listen.secret'), and Travis's Signature header once", async () => {
    const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const { dir, file } = await contractFile([]);
    const senderKey = join(dir, 'travis.pem');
    await writeFile(senderKey, pair().privateKey);
    await writeFile(file, JSON.stringify([{ listen: { secret: pair().publicKey, expect: { kind: 'travis-ci', count: 1 } }, run: `node '${BIN}' send travis-ci --url {url} --travis-key '${senderKey}'` }]));
    const result = await runMain(['check', file]);
    expect(result.code).toBe(1);
    const said = "the Signature header does not match the body and 'listen.secret'";
    expect(result.stdout).toContain(`    request #1 (POST /): invalid: $: ${said}\n`);
    const json = JSON.parse((await runMain(['check', file, '--json'])).stdout.split('\n')[0] ?? '') as { requests: { issues: { message: string }[] }[] };
    expect(json.requests[0]?.issues.map((issue) => issue.message)).toEqual([said]);
  });

  // The signing itself is --secret's (its own tests, against GitHub's verifier): here, that the secret comes from the variable.
  it('signs with the secret secretEnv names, as with the same secret given in the contract', async () => {
    const service = await server([200]);
    const check = { kind: 'github', url: service.url, variants: ['default'] };
    const { file } = await contractFile([{ send: { ...check, secret: 'it-is-s3cret' } }, { send: { ...check, secretEnv: 'WHK_HOOK_SECRET' } }]);
    const result = await runCli(['check', file], { env: { WHK_HOOK_SECRET: 'it-is-s3cret' } });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const signatures = service.requests.map((request) => request.headers['x-hub-signature-256']);
    expect(signatures).toHaveLength(2);
    expect(signatures[0]).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(signatures[1]).toBe(signatures[0]);
    expect(result.stdout + result.stderr).not.toContain('it-is-s3cret');
  });

  it('--json: one object per check and a summary', async () => {
    const service = await server([200]);
    const { file } = await contractFile([{ send: { kind: 'metric-alert', url: service.url, variants: ['significance'] } }]);
    const result = await runCli(['check', file, '--json']);
    expect(result.code).toBe(0);
    const [check, summary] = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    // Each attempt as send's and replay's --json give it, under the same name; `statuses`, whk 0.1.0's, kept beside.
    expect(check).toMatchObject({ type: 'check', index: 1, form: 'receiver', ok: true, problems: [], deliveries: [{ variant: 'significance', delivered: true, attempts: [{ status: 200, ms: expect.any(Number), error: null }], statuses: [200], duplicate: false }] });
    expect(summary).toMatchObject({ type: 'summary', passed: 1, failed: 0, ok: true });
  });

  it('stops a sender that keeps running once the count is met, with everything it started', async () => {
    const { dir, file } = await contractFile([]);
    const pidFile = join(dir, 'pid');
    // The shell starts the emitter in the background and waits: the emitter is the shell's child.
    // The window is far longer than the test may run: passing proves check stopped at the count.
    await writeFile(file, JSON.stringify([{ listen: { expect: { count: 2, within: '10m' } }, run: `${emit('--linger')} & echo $! > '${pidFile}'; wait` }]));
    const result = await runMain(['check', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^✔ 1 sender webhooks: .*: [23] requests arrived .*, command stopped/m);
    const pid = Number(await readFile(pidFile, 'utf8'));
    expect(pid).toBeGreaterThan(0);
    await ended(pid);
  });

  it('Ctrl-C stops the sender command in progress and exits 130; the checks not run are counted and reported as skipped', async () => {
    const { dir, file } = await contractFile([]);
    const pidFile = join(dir, 'pid');
    const xml = join(dir, 'report.xml');
    // `sleep 600` outlives the test: only being stopped ends it.
    await writeFile(file, JSON.stringify([{ name: 'slow', listen: { expect: { count: 1, within: '10m' } }, run: `sleep 600 & echo $! > '${pidFile}'; wait` }, { name: 'after', listen: { expect: { count: 1 } }, run: 'true' }]));
    const running = startCli(['check', file, '--format', 'junit', '--output', xml]);
    await running.waitFor(/running 1\/2: slow/);
    // Interrupt once the command has started its child (it has written the pid).
    const pid = await pidIn(pidFile);
    running.child.kill('SIGINT');
    const result = await running.exited;
    expect(result.code).toBe(130);
    expect(result.stdout).toMatch(/^✖ 1 slow: 0 requests arrived, command stopped \(.*\)\n {4}cancelled\n2 checks: 0 passed, 1 failed, 1 not run, cancelled/);
    const report = await readFile(xml, 'utf8');
    // Cut off, the check could not run to its end: a JUnit <error>, not an unmet expectation.
    expect(report).toMatch(/<testsuites name="whk check" tests="2" failures="0" errors="1" skipped="1" time="[\d.]+">/);
    expect(report).toContain('<error message="cancelled">');
    expect(report).toContain('<testcase name="after" classname="whk.check.sender">\n      <skipped message="cancelled before it ran"/>\n    </testcase>');
    await ended(pid);
  });

  it("ends its run though the command left a process out of its reach holding the output's pipe (setsid env -i: no group, no mark)", async () => {
    const { dir, file } = await contractFile([]);
    const pidFile = join(dir, 'pid');
    await writeFile(join(dir, 'sleeper.sh'), 'echo $$ > "$1"; exec sleep 600\n');
    // `sleep 600` outlives the test: whk must end without waiting for it.
    await writeFile(file, JSON.stringify([{ listen: { expect: { within: '20s' } }, run: `setsid env -i sh sleeper.sh '${pidFile}' & while [ ! -s '${pidFile}' ]; do sleep 0.05; done; exit 0` }]));
    const pid = pidIn(pidFile);
    try {
      const result = await runCli(['check', file], { cwd: dir, timeoutMs: 15_000 });
      expect([result.code, result.signal]).toEqual([1, null]);
      expect(result.stdout).toMatch(/^✖ 1 .*: 0 requests arrived, command exited 0/);
    } finally {
      process.kill(await pid, 'SIGKILL');
    }
  });

  it("runs a sender's command where whk check runs, not in the contract file's directory (README)", async () => {
    const { dir } = await contractFile([]);
    const nested = join(dir, 'ci');
    await mkdir(nested);
    await writeFile(join(nested, 'contract.json'), JSON.stringify([{ listen: { expect: { count: 1, within: '20s' } }, run: `pwd > ran-here && ${emit('--count 1')}` }]));
    const result = await runCli(['check', join('ci', 'contract.json')], { cwd: dir });
    expect(result.code).toBe(0);
    expect((await readFile(join(dir, 'ran-here'), 'utf8')).trim()).toBe(await realpath(dir));
    expect(existsSync(join(nested, 'ran-here'))).toBe(false);
  });

  it("a check's long name, or the long command it is named by, is cut at 300 characters on its lines, as a sender's text is; JSON keeps it whole", async () => {
    const name = `n${'a'.repeat(999)}`;
    const run = `true # ${'r'.repeat(1000)}`;
    const { file } = await contractFile([{ name, listen: { expect: { within: '5s' } }, run: 'true' }, { listen: { expect: { within: '5s' } }, run }]);
    const result = await runMain(['check', file]);
    expect(result.code).toBe(1);
    const shown = (text: string, start: string): string[] => text.split('\n').filter((line) => line.startsWith(start));
    expect(shown(result.stderr, 'running ')).toEqual([`running 1/2: ${name.slice(0, 299)}…`, `running 2/2: ${`sender webhooks: ${run}`.slice(0, 299)}…`]);
    expect(shown(result.stdout, '✖ ').map((line) => line.replace(/ \(\d+ms\)$/, ''))).toEqual([
      `✖ 1 ${name.slice(0, 299)}…: 0 requests arrived, command exited 0`,
      `✖ 2 ${`sender webhooks: ${run}`.slice(0, 299)}…: 0 requests arrived, command exited 0`,
    ]);
    const json = await runMain(['check', file, '--json']);
    expect(json.stdout.split('\n').filter((line) => line.startsWith('{"type":"check"')).map((line) => (JSON.parse(line) as { name: string }).name)).toEqual([name, `sender webhooks: ${run}`]);
  });

  it('an --output that cannot be written is exit 2 before any check runs, not after the report is made', async () => {
    const { dir, file } = await contractFile((dir: string) => [{ listen: { expect: { count: 1, within: '20s' } }, run: `touch '${join(dir, 'ran')}'` }]);
    const result = await runMain(['check', file, '--format', 'junit', '--output', join(dir, 'no-such-dir', 'report.xml')]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe(`error: cannot write --output '${join(dir, 'no-such-dir', 'report.xml')}': its directory ${join(dir, 'no-such-dir')} does not exist\n  give --output a file in a directory that exists\n`);
    expect(existsSync(join(dir, 'ran'))).toBe(false);
    // A directory that exists: the hint names a file in it (it said "a directory that exists").
    const directory = await runMain(['check', file, '--format', 'junit', '--output', dir]);
    expect(directory).toMatchObject({ code: 2, stdout: '' });
    expect(directory.stderr).toBe(`error: cannot write --output '${dir}': it is a directory\n  give --output a file's path, e.g. --output ${join(dir, 'report.xml')}\n`);
  });

  it('an --output that is the contract file itself is exit 2 before any check runs: the report would write over the contract', async () => {
    const { dir, file } = await contractFile((dir: string) => [{ listen: { expect: { count: 1, within: '20s' } }, run: `touch '${join(dir, 'ran')}'` }]);
    const before = await readFile(file, 'utf8');
    // Named another way (a relative path, another spelling), it is the same file.
    await symlink(file, join(dir, 'linked.json'));
    for (const output of [file, `${dir}/./contract.json`, join(dir, 'linked.json')]) {
      const result = await runMain(['check', file, '--format', 'junit', '--output', output]);
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toBe(`error: --output '${output}' is the contract file: the report would write over it\n  give the report a file of its own, e.g. --output ${join(dir, 'report.xml')}\n`);
    }
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(existsSync(join(dir, 'ran'))).toBe(false);
  });

  it("reads the contract from stdin for '-', as validate does", async () => {
    const contract = JSON.stringify([{ name: 'piped', listen: { expect: { kind: 'impressions', count: 1, within: '20s' } }, run: emit('--count 1') }]);
    const result = await runCli(['check', '-'], { input: contract });
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^✔ 1 piped: 1 request arrived/);
    const bad = await runMain(['check', '-'], { input: '[{"listen": {"expect": {"cunt": 1}}, "run": "x"}]' });
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toMatch(/^error: invalid contract '<stdin>': \$\[0\]\.listen\.expect: unknown field 'cunt' \(did you mean 'count'\?\)\n/);
  });

  it('a bad contract is exit 2 with one line naming the JSON path; nothing runs', async () => {
    const { dir, file } = await contractFile((dir: string) => ({ checks: [{ listen: { expect: { kind: 'impressions', within: 'soon' } }, run: `touch '${join(dir, 'should-not-exist')}'` }] }));
    const result = await runMain(['check', file]);
    expect(existsSync(join(dir, 'should-not-exist'))).toBe(false);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`error: invalid contract '${file}': $.checks[0].listen.expect.within: expected a duration like '300ms', '30s' or '2m', got 'soon'\n  see the contract format in whk check's help (whk help check)\n`);

    const missing = await runMain(['check', join(tmpdir(), 'no-such-contract.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: cannot read contract '.*no-such-contract.json': no such file\n$/);
  });

  it("a contract's fields are named as the contract names them, not as flags of whk (it has no --secret-env)", async () => {
    const { file } = await contractFile({ checks: [{ send: { kind: 'metaplane-incident', url: 'http://127.0.0.1:1/', secret: 's3cret', secretEnv: 'HOME' } }] });
    const result = await runMain(['check', file]);
    expect([result.code, result.stdout]).toEqual([2, '']);
    expect(result.stderr.split('\n')[0]).toBe(`error: invalid contract '${file}': $.checks[0].send.secretEnv: 'secretEnv' names a variable holding the secret 'secret' gives: give one of the two`);
  });

  it('a send step header that cannot go on the wire is exit 2 naming it, before any delivery (not retried and blamed on the receiver)', async () => {
    const endpoint = await server([200]);
    const { file } = await contractFile({ checks: [{ send: { kind: 'metric-alert', url: endpoint.url, headers: { 'X-Env': 'a\nb' } } }] });
    const result = await runMain(['check', file]);
    expect([result.code, result.stdout]).toEqual([2, '']);
    expect(result.stderr.split('\n')[0]).toBe(`error: invalid contract '${file}': $.checks[0].send.headers["X-Env"]: the value of X-Env holds a line break or NUL`);
    expect(endpoint.requests).toHaveLength(0);
  });

  it('a later sender check whose port is in use is exit 2 before any check runs: no delivery made, no command run', async () => {
    const busy = await server();
    const receiver = await server();
    const { dir, file } = await contractFile((dir: string) => [
      { send: { kind: 'metric-alert', url: receiver.url } },
      { name: 'emitter', listen: { port: busy.port }, run: `touch '${join(dir, 'ran')}'` },
    ]);
    const result = await runMain(['check', file, '--format', 'junit', '--output', join(dir, 'report.xml')]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(new RegExp(`^error: check 2 \\(emitter\\): port ${busy.port} on 127\\.0\\.0\\.1 is in use\\n`, 'm'));
    expect(receiver.requests).toHaveLength(0);
    expect(existsSync(join(dir, 'ran'))).toBe(false);
  });

  it("a sender check whose receiver cannot listen where 'listen' says is exit 2 with listen's line, not a failed check; its command is not run", async () => {
    const busy = await server();
    const cases: [unknown, RegExp][] = [
      [{ host: 'no-such-host.invalid' }, /^error: check 1 \(sender webhooks: touch ran\): cannot listen on host 'no-such-host\.invalid': it is not an IP address, and no address was found for the name\n  give 'listen\.host' an address of this machine: /m],
      [{ port: busy.port }, new RegExp(`^error: check 1 \\(sender webhooks: touch ran\\): port ${busy.port} on 127\\.0\\.0\\.1 is in use\\n  pick another 'listen\\.port', or 'listen\\.port' 0 for any free port\\n$`, 'm')],
    ];
    for (const [listen, line] of cases) {
      const { dir, file } = await contractFile([{ listen, run: 'touch ran' }]);
      const result = await runCli(['check', file], { cwd: dir });
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toMatch(line);
      expect(result.stderr).not.toMatch(/getaddrinfo|this is a bug/);
      expect(existsSync(join(dir, 'ran'))).toBe(false);
    }
  });
});
