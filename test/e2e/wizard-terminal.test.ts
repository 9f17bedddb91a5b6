import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { hasTmux, startTmux, type TmuxSession } from '../helpers/tmux.js';
import { until } from '../helpers/wait.js';

const cwd = new URL('../..', import.meta.url).pathname;
// Whether port 80 is one only root may listen on here (Linux: below net.ipv4.ip_unprivileged_port_start).
const privilegedPorts = (() => {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8')) > 80 && (process.getuid?.() !== 0 || spawnSync('setpriv', ['--version']).status === 0);
  } catch {
    return false;
  }
})();
// The exit code is printed by the shell after whk ends, so the test can read it off the screen.
const shellCommand = (args: string) => `env NO_COLOR=1 node ${BIN} ${args}; echo "WHK_EXIT=$?"; sleep 30`;

describe('wizard without a terminal', () => {
  it('`whk` alone prints the help and exits 0', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: whk');
  });

  it('`whk wizard` exits 2 naming the flag form', async () => {
    const result = await runCli(['wizard']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the wizard needs a terminal');
    expect(result.stderr).toContain('whk send');
    expect(result.stdout).toBe('');
  });
});

// In CI (where .ci/run installs tmux) a missing tmux fails the test instead of skipping it.
describe.runIf(hasTmux || process.env["CI"] !== undefined)('wizard in a real terminal (tmux)', () => {
  let session: TmuxSession | undefined;
  let server: TestServer | undefined;
  let held: Server | undefined;
  let home: string | undefined;
  afterEach(async () => {
    session?.kill();
    if (home) rmSync(home, { recursive: true, force: true });
    home = undefined;
    await server?.close();
    await new Promise((resolve) => (held ? held.close(resolve) : resolve(undefined)));
    held = undefined;
  });

  /** From the first prompt to Target URL: send, the kind and the variant picked by the keys given. */
  async function startSending(s: TmuxSession, picks: { kind: string[]; variant: string[] }): Promise<void> {
    await s.waitFor(/What do you want to do\?/);
    s.keys('Enter'); // Send a webhook
    await s.waitFor(/Which webhook do you want to send\?/);
    s.keys(...picks.kind, 'Enter');
    await s.waitFor(/Which variant\?/);
    s.keys(...picks.variant, 'Enter');
    await s.waitFor(/Target URL/);
  }

  /** The send flow (metric-alert, alert-policy) with a 600-character URL and every default, up to its last yes/no question. */
  async function toSendQuestionWithLongUrl(s: TmuxSession): Promise<void> {
    await startSending(s, { kind: [], variant: [] });
    s.paste(`http://127.0.0.1:9/${'a'.repeat(600)}`);
    s.keys('Enter');
    await s.waitFor(/How many payloads/);
    s.keys('Enter');
    await s.waitFor(/Seed/);
    s.keys('Enter');
    await s.waitFor(/Override a field/);
    s.keys('Enter');
    await s.waitFor(/Save this payload/);
    s.keys('Enter'); // no
  }

  /** From Target URL to the overrides: the URL and seed typed, the default count. */
  async function answerUpToOverrides(s: TmuxSession, url: string, seed: string): Promise<void> {
    answer(s, url);
    await s.waitFor(/How many payloads/);
    s.keys('Enter');
    await s.waitFor(/Seed/);
    answer(s, seed);
    await s.waitFor(/Override a field/);
  }

  /** From the end of the overrides to the end: no payload saved, sent; the screen once whk has exited. */
  async function finishSending(s: TmuxSession): Promise<string> {
    s.keys('Enter'); // no more overrides
    await s.waitFor(/Save this payload/);
    s.keys('Enter'); // no
    await s.waitFor(/Send metric-alert to/);
    s.keys('Enter'); // yes
    return s.waitFor(/WHK_EXIT=\d+/);
  }

  /** Types an answer over the prompt's default and submits it. */
  function answer(s: TmuxSession, text: string): void {
    s.keys('C-u');
    s.type(text);
    s.keys('Enter');
  }

  it('a person sends a webhook to a local receiver by answering the prompts', async () => {
    server = await startServer([200]);
    session = startTmux(shellCommand(''), { cwd });
    await startSending(session, { kind: [], variant: ['Down'] }); // metric-alert (the first kind), significance
    await answerUpToOverrides(session, `${server.url}/hook`, '11');
    const screen = await finishSending(session);
    expect(screen).toContain('WHK_EXIT=0');
    expect(screen).toContain(`equivalent command: whk send metric-alert --url ${server.url}/hook --variant significance --seed 11`);
    expect(server.requests).toHaveLength(1);
    expect(JSON.parse(server.requests[0]?.body.toString() ?? '{}')).toMatchObject({ type: 'METRIC_ALERT', data: { alertType: 'SIGNIFICANCE' } });
  });

  it('checks the URL as it is typed and masks the signing secret as it is typed', async () => {
    session = startTmux(shellCommand(''), { cwd });
    await startSending(session, { kind: ['Down', 'Down'], variant: [] }); // metaplane-incident, opened
    answer(session, 'localhost:9');
    expect(await session.waitFor(/did you mean http:\/\/localhost:9\?/)).toContain('the scheme is missing');
    answer(session, 'http://127.0.0.1:9/hook');
    await session.waitFor(/How many payloads/);
    session.keys('Enter');
    await session.waitFor(/Seed/);
    session.keys('Enter');
    await session.waitFor(/Duplicate rate/);
    session.keys('Enter');
    await session.waitFor(/Send the lifecycle/);
    session.keys('Enter');
    await session.waitFor(/Signing secret/);
    session.type('hunter2');
    const typed = await session.waitFor(/Signing secret.*\*{7}/);
    expect(typed).not.toContain('hunter2');
    session.keys('C-c');
    expect(await session.waitFor(/WHK_EXIT=\d+/)).toContain('WHK_EXIT=130');
  });

  it('refuses a busy port when it is typed, and takes a free one after', async () => {
    // A port held on 127.0.0.1, where the receiver would listen.
    held = createServer();
    await new Promise<void>((resolve) => held?.listen(0, '127.0.0.1', resolve));
    const port = (held.address() as { port: number }).port;
    session = startTmux(shellCommand(''), { cwd });
    await session.waitFor(/What do you want to do\?/);
    session.keys('Down', 'Enter'); // Start a receiver
    await session.waitFor(/Port \(0 picks a free one\)/);
    session.keys('C-u');
    session.type(String(port));
    session.keys('Enter');
    await session.waitFor(new RegExp(`port ${port} is in use; pick another, or 0 for a free one`));
    expect(session.screen()).not.toMatch(/Save captures to/);
    session.keys('C-u');
    session.type('0');
    session.keys('Enter');
    const next = await session.waitFor(/Save captures to/);
    expect(next).toMatch(/Port \(0 picks a free one\) 0\n/);
    expect(next).not.toMatch(/is in use/);
    session.keys('C-c');
    expect(await session.waitFor(/WHK_EXIT=\d+/)).toContain('WHK_EXIT=130');
  });

  // Ports below 1024 refuse only a user without the privilege: as root the wizard runs as nobody (setpriv).
  it.runIf(privilegedPorts)("refuses a port below 1024 it may not have in whk listen's words, hint included", async () => {
    const asUser = process.getuid?.() === 0 ? 'setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME=/tmp ' : '';
    session = startTmux(`${asUser}${shellCommand('')}`, { cwd, width: 200 });
    await session.waitFor(/What do you want to do\?/);
    session.keys('Down', 'Enter'); // Start a receiver
    await session.waitFor(/Port \(0 picks a free one\)/);
    answer(session, '80');
    const screen = await session.waitFor(/> no permission/);
    expect(screen).toContain('> no permission to listen on port 80 on 127.0.0.1; ports below 1024 need root (or CAP_NET_BIND_SERVICE): pick --port 1024 or above, or --port 0 for any free port');
    expect(screen).not.toContain('EACCES');
    session.keys('C-c');
    expect(await session.waitFor(/WHK_EXIT=\d+/)).toContain('WHK_EXIT=130');
  });

  it('refuses a capture file that is no capture file when it is typed, not after every question', async () => {
    home = mkdtempSync(join(tmpdir(), 'whk-home-'));
    const payload = join(home, 'alert.json');
    copyFileSync(join(cwd, 'fixtures/metric-alert/alert-policy.json'), payload);
    // Wide enough that the message naming the file stays on one line however long TMPDIR is.
    session = startTmux(shellCommand(''), { cwd, width: 160 + payload.length });
    await session.waitFor(/What do you want to do\?/);
    session.keys('Down', 'Enter'); // Start a receiver
    await session.waitFor(/Port \(0 picks a free one\)/);
    answer(session, '0');
    await session.waitFor(/Save captures to/);
    session.keys('Enter'); // yes
    await session.waitFor(/Capture file/);
    answer(session, payload);
    await session.waitFor(/is not a capture file \(line 1: not JSON\): records appended to it would spoil it/);
    expect(session.screen()).not.toMatch(/Statuses to answer/);
    session.keys('C-c');
    expect(await session.waitFor(/WHK_EXIT=\d+/)).toContain('WHK_EXIT=130');
  });

  it('explains a bad path=value when it is typed, then sends the good override', async () => {
    server = await startServer([200]);
    session = startTmux(shellCommand(''), { cwd });
    await startSending(session, { kind: [], variant: [] }); // metric-alert, alert-policy
    await answerUpToOverrides(session, `${server.url}/hook`, '3');
    answer(session, 'novalue');
    await session.waitFor(/invalid 'novalue'; write path=value, e\.g\. data\.environment\.name=Staging /);
    answer(session, 'data.environment.name=QA');
    // Accepted: the prompt asks for another override.
    await session.waitFor(/Override a field[^\n]*data\.environment\.name=QA\n[\s\S]*Override a field/);
    const screen = await finishSending(session);
    expect(screen).toContain('WHK_EXIT=0');
    expect(screen).toContain(`equivalent command: whk send metric-alert --url ${server.url}/hook --seed 3 --set data.environment.name=QA`);
    expect(server.requests).toHaveLength(1);
    expect(JSON.parse(server.requests[0]?.body.toString() ?? '{}')).toMatchObject({ data: { environment: { name: 'QA' } } });
  });

  it('reads a path typed with ~ as the home directory, as a shell would', async () => {
    home = mkdtempSync(join(tmpdir(), 'whk-home-'));
    copyFileSync(join(cwd, 'fixtures/metric-alert/alert-policy.json'), join(home, 'alert.json'));
    // Wide enough that the equivalent command, with the file's path, stays on one line however long TMPDIR is.
    session = startTmux(`env HOME=${home} NO_COLOR=1 node ${BIN} wizard; echo "WHK_EXIT=$?"; sleep 30`, { cwd, width: 160 + home.length });
    await session.waitFor(/What do you want to do\?/);
    session.keys('Down', 'Down', 'Enter'); // Validate a file
    await session.waitFor(/File to validate/);
    answer(session, '~/alert.json');
    await session.waitFor(/Which kind\?/);
    session.keys('Enter'); // detect it
    const screen = await session.waitFor(/WHK_EXIT=\d+/);
    expect(screen).not.toContain('no such file');
    expect(screen).toContain(`equivalent command: whk validate ${join(home, 'alert.json')}`);
    expect(screen).toContain('WHK_EXIT=0');
  });

  it('Ctrl-Z then fg asks the same question again, at a list and at a text prompt, and the wizard goes on', async () => {
    // An interactive shell, for job control (the shell of the other tests runs none).
    session = startTmux("env PS1='$ ' bash --norc --noprofile", { cwd });
    session.type(`env NO_COLOR=1 node ${BIN}`);
    session.keys('Enter');
    await session.waitFor(/What do you want to do\?/);
    session.keys('Down');
    await session.waitFor(/❯ Start a receiver/);
    session.keys('C-z');
    await session.waitFor(/Stopped/);
    // The cursor the list hid is shown to the shell while the wizard is suspended.
    expect(session.cursorShown()).toBe(true);
    session.type('fg');
    session.keys('Enter');
    // Asked anew below the shell's lines, not "cancelled at the prompt".
    await session.waitFor(/\$ fg\n.*\n\? What do you want to do\?\n❯ Send a webhook/);
    session.keys('Down', 'Enter');
    await session.waitFor(/✔ What do you want to do\? Start a receiver\n\? Port/);
    session.keys('C-z');
    await session.waitFor(/Stopped[\s\S]*Stopped/);
    session.type('fg');
    session.keys('Enter');
    await session.waitFor(/\$ fg\n.*\n\? Port \(0 picks a free one\)/);
    answer(session, '0');
    await session.waitFor(/Save captures to/);
    session.keys('C-c');
    await session.waitFor(/cancelled at the prompt\n\$/);
    session.type('echo "WHK_EXIT=$?"');
    session.keys('Enter');
    const screen = await session.waitFor(/WHK_EXIT=\d+/);
    expect(screen).toContain('WHK_EXIT=130');
    expect(screen.match(/cancelled at the prompt/g)).toHaveLength(1);
  });

  it('a TERM signal at a list ends the wizard as before (143) and leaves the cursor shown', async () => {
    session = startTmux(`sh -c 'echo WHK_PID=$$; exec env NO_COLOR=1 node ${BIN}'; echo "WHK_EXIT=$?"; sleep 30`, { cwd });
    const pid = Number(/WHK_PID=(\d+)/.exec(await session.waitFor(/What do you want to do\?/))?.[1]);
    // The list hides the cursor while it is shown.
    await until(() => session?.cursorShown() === false);
    process.kill(pid, 'SIGTERM');
    expect(await session.waitFor(/WHK_EXIT=\d+/)).toContain('WHK_EXIT=143');
    expect(session.cursorShown()).toBe(true);
  });

  it('shows the first prompt and Ctrl-C exits 130 without a stack trace', async () => {
    session = startTmux(shellCommand(''), { cwd });
    await session.waitFor(/What do you want to do\?/);
    session.keys('Down', 'Down');
    await session.waitFor(/❯ Validate a file/);
    session.keys('C-c');
    const screen = await session.waitFor(/WHK_EXIT=\d+/);
    expect(screen).toContain('WHK_EXIT=130');
    expect(screen).not.toMatch(/\n\s+at /);
    // The list, which took Ctrl-C for a jump to its first choice, is not left reading as that choice picked.
    expect(screen).not.toMatch(/❯ Send a webhook/);
  });

  it('fits a small terminal (40x10): the question and the cursor stay on the screen as the list moves; Esc cancels', async () => {
    session = startTmux(shellCommand(''), { cwd, width: 40, height: 10 });
    await session.waitFor(/What do you want to do\?/);
    session.keys('Enter'); // Send a webhook
    await session.waitFor(/Which webhook do you want to send\?/);
    // Down to opsgenie, whose description (its sources) runs to eight lines at 40 columns.
    for (let i = 0; i < 19; i++) session.keys('Down');
    const screen = await until(() => /❯ opsgenie/.test(session?.visible() ?? '') && session?.visible());
    expect(screen).toContain('? Which webhook do you want to send?');
    expect(screen).toContain('↑↓ navigate');
    // The description keeps to one line, cut where the terminal ends.
    expect(screen).toMatch(/\nOpsgenie docs[^\n]*…\n/);
    // So does each choice (opsgenie's title runs past 40 columns): the page is whole choices, no pieces.
    const page = screen.slice(screen.indexOf('send?\n') + 'send?\n'.length, screen.indexOf('\n\n')).split('\n');
    expect(page).toHaveLength(5);
    for (const line of page) expect(line).toMatch(/^(❯ | {2})[a-z-]+ {2}/);
    expect(screen).toMatch(/❯ opsgenie {2}Opsgenie outgoing[^\n]*…\n/);
    // Esc cancels as Ctrl-C does: the select no longer takes it for a search and jumps to its first choice.
    session.keys('Escape');
    const end = await session.waitFor(/WHK_EXIT=\d+/);
    expect(end).toContain('WHK_EXIT=130');
    expect(end).not.toMatch(/❯ metric-alert/);
  });

  it('Ctrl-D (end of input) cancels as Ctrl-C does, at a list and at a text prompt, from `whk` and `whk wizard`', async () => {
    // `whk wizard` exited 0 without a word: the prompt library rejects only as the process exits.
    for (const [command, keys] of [['', []], ['', ['Enter', 'Enter', 'Enter']], ['wizard', []], ['wizard', ['Enter', 'Enter', 'Enter']]] as const) {
      session?.kill();
      session = startTmux(shellCommand(command), { cwd });
      await session.waitFor(/What do you want to do\?/);
      // Each key waits for the prompt it answers: the list, the kind, the variant, then the URL's text prompt.
      for (const [i, key] of keys.entries()) {
        session.keys(key);
        await session.waitFor([/Which webhook/, /Which variant/, /Target URL/][i] as RegExp);
      }
      session.keys('C-d');
      const end = await session.waitFor(/WHK_EXIT=\d+/);
      // Said as send's Ctrl-C says it, not as an error.
      expect(end).toMatch(/^cancelled at the prompt$/m);
      expect(end).not.toContain('error:');
      expect(end).toContain('WHK_EXIT=130');
    }
  });

  it('Ctrl-D on a line with text keeps its meaning on the line (it deletes the character under the cursor), not a cancel', async () => {
    session = startTmux(shellCommand('wizard'), { cwd });
    await session.waitFor(/What do you want to do\?/);
    for (const prompt of [/Which webhook/, /Which variant/, /Target URL/]) {
      session.keys('Enter');
      await session.waitFor(prompt);
    }
    session.type('http://abc');
    session.keys('Left', 'C-d');
    await until(() => /Target URL http:\/\/ab\s*$/m.test(session?.visible() ?? ''));
    session.keys('End', 'C-d', 'C-u', 'C-d');
    const end = await session.waitFor(/WHK_EXIT=\d+/);
    expect(end).toContain('WHK_EXIT=130');
    expect(end).not.toMatch(/equivalent command/);
  });

  it('fits a narrow terminal (20x12): the wrapped question and key help count, so the question stays on the screen', async () => {
    session = startTmux(shellCommand(''), { cwd, width: 20, height: 12 });
    await session.waitFor(/What do you want/);
    session.keys('Enter'); // Send a webhook
    await session.waitFor(/Which webhook do/);
    session.keys('Down', 'Down', 'Down', 'Down');
    const screen = await until(() => /❯ alertmanager/.test(session?.visible() ?? '') && session?.visible());
    expect(screen).toContain('? Which webhook do');
    // A prompt taller than the screen leaves a copy of its first line in the scrollback at every key.
    expect(session.screen().match(/\? Which webhook do/g)).toHaveLength(1);
    session.keys('C-c');
    expect(await session.waitFor(/WHK_EXIT=\d+/)).toContain('WHK_EXIT=130');
  });

  it('fits a list to a terminal too short for its description and help (20x5): the choices alone, no copy of the question at each key', async () => {
    session = startTmux(shellCommand(''), { cwd, width: 20, height: 5 });
    await session.waitFor(/What do you want/);
    session.keys('Down', 'Down');
    const screen = await until(() => /❯ Validate a file/.test(session?.visible() ?? '') && session?.visible());
    expect(screen).toContain('? What do you want');
    expect(screen).not.toContain('navigate');
    expect(session.screen().match(/\? What do you want/g)).toHaveLength(1);
    session.keys('C-c');
    expect(await session.waitFor(/WHK_EXIT=\d+/)).toContain('WHK_EXIT=130');
  });

  it('fits a list to a terminal made narrower while it is shown (80x24 to 20x12): no copy of the question at each key', async () => {
    session = startTmux(shellCommand(''), { cwd, width: 80, height: 24 });
    await session.waitFor(/What do you want to do\?/);
    session.keys('Enter'); // Send a webhook
    await session.waitFor(/Which webhook do you want to send\?/);
    session.resize(20, 12);
    const copies = () => session?.screen().match(/\? Which webhook do/g)?.length ?? 0;
    session.keys('Down', 'Down');
    const fitted = await until(() => /❯ metaplane-/.test(session?.visible() ?? '') && session?.visible());
    expect(fitted).toContain('? Which webhook do');
    // The page, its names cut to the 20 columns: one line a choice, each within the screen's width.
    for (const line of fitted.split('\n')) expect([...line].length).toBeLessThanOrEqual(20);
    const before = copies();
    session.keys('Down', 'Down', 'Down');
    await until(() => /❯ grafana-alert/.test(session?.visible() ?? ''));
    expect(session.visible()).toContain('? Which webhook do');
    expect(copies()).toBe(before);
    session.keys('C-c');
    expect(await session.waitFor(/WHK_EXIT=\d+/)).toContain('WHK_EXIT=130');
  });

  it('refits a list at the resize itself (80x24 to 20x12), before any key', async () => {
    session = startTmux(shellCommand(''), { cwd, width: 80, height: 24 });
    await session.waitFor(/What do you want to do\?/);
    session.keys('Enter'); // Send a webhook
    await session.waitFor(/Which webhook do you want to send\?/);
    session.keys('Down', 'Down');
    await until(() => /❯ metaplane-incident {2}Metaplane/.test(session?.visible() ?? ''));
    session.resize(20, 12);
    // No key pressed: the page is drawn again with its names cut to the 20 columns, the same choice pointed at.
    const fitted = await until(() => /❯ metaplane-incide…\n/.test(session?.visible() ?? '') && session?.visible());
    expect(fitted).toContain('? Which webhook do');
    for (const line of fitted.split('\n')) expect([...line].length).toBeLessThanOrEqual(20);
    session.keys('Enter');
    expect((await session.waitFor(/Which variant\?/)).replace(/\s+/g, ' ')).toContain('✔ Which webhook do you want to send? metaplane-incident');
    session.keys('C-c');
    expect(await session.waitFor(/WHK_EXIT=\d+/)).toContain('WHK_EXIT=130');
  });

  it('refits a long answer at the resize itself (40x10 to 30x8), before any key', async () => {
    session = startTmux(shellCommand('wizard'), { cwd, width: 40, height: 10 });
    await startSending(session, { kind: [], variant: [] }); // metric-alert, alert-policy
    session.paste(`http://127.0.0.1:9/${'a'.repeat(600)}`);
    await until(() => /…a+\n/.test(session?.visible() ?? ''));
    session.resize(30, 8);
    // Drawn again in rows of 30, kept to the 8 rows: the question on the screen, once.
    const fitted = await until(() => /\n…a{29}\n/.test(session?.visible() ?? '') && session?.visible());
    expect(fitted).toContain('? Target URL');
    for (const line of fitted.split('\n')) expect([...line].length).toBeLessThanOrEqual(30);
    session.keys('C-c');
    expect(await session.waitFor(/WHK_EXIT=\d+/)).toContain('WHK_EXIT=130');
  });

  it('cuts an answer of wide characters (CJK) by the columns they take (40x10): the question on the screen, once', async () => {
    session = startTmux(shellCommand('wizard'), { cwd, width: 40, height: 10 });
    await startSending(session, { kind: [], variant: [] }); // metric-alert, alert-policy
    session.paste(`http://127.0.0.1:9/${'界'.repeat(300)}`);
    session.type('b');
    // Cut by characters, each row of 40 took 80 columns: the answer filled the screen, the question went off its top.
    const cut = await until(() => /…界+\n(界+\n)*界+b\s*$/.test(session?.visible() ?? '') && session?.visible());
    expect(cut).toContain('? Target URL');
    expect(session.screen().match(/\? Target URL/g)).toHaveLength(1);
    session.keys('C-c');
    expect(await session.waitFor(/WHK_EXIT=\d+/)).toContain('WHK_EXIT=130');
  });

  it('takes 10 kB pasted at a text prompt as typed, drawn once a read, not once a character (which took minutes)', async () => {
    session = startTmux(shellCommand('wizard'), { cwd, width: 100, height: 30 });
    await startSending(session, { kind: [], variant: [] }); // metric-alert, alert-policy
    const url = `http://127.0.0.1:9/${'a'.repeat(10_000)}`;
    session.paste(url);
    session.keys('Enter');
    await session.waitFor(/How many payloads/);
    session.keys('Enter');
    await session.waitFor(/Seed/);
    answer(session, '3');
    await session.waitFor(/Override a field/);
    session.keys('Enter');
    await session.waitFor(/Save this payload/);
    session.keys('Enter'); // no
    await session.waitFor(/Send metric-alert to/);
    session.keys('n');
    session.keys('Enter');
    const end = await session.waitFor(/WHK_EXIT=\d+/);
    // The URL whole, pasted: the command printed names it as it was pasted.
    expect(end.replace(/\n/g, '')).toContain(`equivalent command: whk send metric-alert --url ${url} --seed 3`);
    expect(end).toContain('WHK_EXIT=0');
  });

  it('cuts an answer taller than a small terminal (40x10) to its rows, marked …: one copy of the question as it is redrawn, the value whole', async () => {
    session = startTmux(shellCommand('wizard'), { cwd, width: 40, height: 10 });
    await startSending(session, { kind: [], variant: [] }); // metric-alert, alert-policy
    const url = `http://127.0.0.1:9/${'a'.repeat(600)}`;
    session.paste(url);
    await until(() => /…a+\n/.test(session?.visible() ?? ''));
    // Each key redraws the prompt: at the end, in the middle (Home) and with a refusal under it.
    session.type('b');
    await until(() => /a+b\s*$/.test(session?.visible() ?? ''));
    session.keys('Home');
    await until(() => /a…\s*$/.test(session?.visible() ?? ''));
    session.keys('End', 'BSpace');
    const cut = await until(() => /…[a\n]+$/.test(session?.visible() ?? '') && session?.visible());
    expect(cut).toContain('? Target URL');
    for (const line of cut.split('\n')) expect([...line].length).toBeLessThanOrEqual(40);
    expect(session.screen().match(/\? Target URL/g)).toHaveLength(1);
    session.keys('Enter');
    const next = await session.waitFor(/How many payloads/);
    // The value taken whole: the answered line shows all of it.
    expect(next.replace(/\n/g, '')).toContain(`✔ Target URL ${url}?`);
    session.keys('C-c');
    expect(await session.waitFor(/WHK_EXIT=\d+/)).toContain('WHK_EXIT=130');
  });

  it('cuts a question taller than a tiny terminal (20x5) to its rows, marked …: no copy of it at each key', async () => {
    session = startTmux(shellCommand(''), { cwd, width: 20, height: 5 });
    await session.waitFor(/What do you want/);
    session.keys('Down', 'Down', 'Enter'); // Validate a file
    await session.waitFor(/File to validate/);
    session.type('abc');
    await until(() => /\nabc\s*$/.test(session?.visible() ?? ''));
    session.type('d');
    const screen = await until(() => /\nabcd\s*$/.test(session?.visible() ?? '') && session?.visible());
    expect(screen).toMatch(/\? File to validate\n[^\n]*…\nabcd/);
    expect(session.screen().match(/\? File to validate/g)).toHaveLength(1);
    session.keys('C-c');
    expect(await session.waitFor(/WHK_EXIT=\d+/)).toContain('WHK_EXIT=130');
  });

  it('cuts the middle of a yes/no question taller than a small terminal (40x10), marked …: no copy of it at each key', async () => {
    session = startTmux(shellCommand('wizard'), { cwd, width: 40, height: 10 });
    await toSendQuestionWithLongUrl(session);
    await session.waitFor(/Send metric-alert to/);
    session.type('y');
    await until(() => /\(Y\/n\)\s+y\s*$/.test(session?.visible() ?? ''));
    session.type('n');
    const screen = await until(() => /\(Y\/n\)\s+yn\s*$/.test(session?.visible() ?? '') && session?.visible());
    expect(screen).toMatch(/\? Send metric-alert to\nhttp:\/\/127\.0\.0\.1:9\/a+\n[a\n]*…[a\n]+ now\? \(Y\/n\)\s+yn/);
    expect(session.screen().match(/\? Send metric-alert to/g)).toHaveLength(1);
    session.keys('C-c');
    expect(await session.waitFor(/WHK_EXIT=\d+/)).toContain('WHK_EXIT=130');
  });

  it('refits a yes/no question at the resize itself (40x10 to 30x8), before any key', async () => {
    session = startTmux(shellCommand('wizard'), { cwd, width: 40, height: 10 });
    await toSendQuestionWithLongUrl(session);
    await session.waitFor(/now\? \(Y\/n\)/);
    session.resize(30, 8);
    // No key pressed: the question is cut again for 30x8, its end on one row (the 40-column drawing,
    // wrapped by the terminal, split it as '… n' and 'ow? (Y/n)' and pushed the question off the top).
    const fitted = await until(() => /\? Send metric-alert to\nhttp:\/\/127\.0\.0\.1:9\/a+\n[a\n]*…[a\n]+ now\? \(Y\/n\)/.test(session?.visible() ?? '') && session?.visible());
    expect(fitted.match(/\? Send metric-alert to/g)).toHaveLength(1);
    session.keys('n', 'Enter');
    expect(await session.waitFor(/WHK_EXIT=\d+/)).toContain('WHK_EXIT=0');
  });

  it('leaves no row of the old drawing under a yes/no question redrawn at a resize (40x10 to 30x8, and back)', async () => {
    session = startTmux(shellCommand('wizard'), { cwd, width: 40, height: 10 });
    await toSendQuestionWithLongUrl(session);
    await session.waitFor(/now\? \(Y\/n\)/);
    session.resize(30, 8);
    // tmux re-wraps the 40-column rows: the old last row's end ('ow? (Y/n)') went below the rows the
    // library erased, and stayed under the question redrawn.
    const narrow = await until(() => /…[a\n]+ now\? \(Y\/n\)/.test(session?.visible() ?? '') && session?.visible());
    expect(narrow.trimEnd()).toMatch(/ now\? \(Y\/n\)$/);
    session.resize(40, 10);
    const wide = await until(() => /\n[a…]{40}\n/.test(session?.visible() ?? '') && / now\? \(Y\/n\)\s*$/.test(session?.visible() ?? '') && session?.visible());
    expect(wide.trimEnd()).toMatch(/ now\? \(Y\/n\)$/);
    session.keys('n', 'Enter');
    expect(await session.waitFor(/WHK_EXIT=\d+/)).toContain('WHK_EXIT=0');
  });

  it('cuts a refusal to the rows a small terminal (20x12) leaves under the question: no copy of the question at each key', async () => {
    session = startTmux(shellCommand(''), { cwd, width: 20, height: 12 });
    await session.waitFor(/What do you want/);
    session.keys('Down', 'Down', 'Enter'); // Validate a file
    await session.waitFor(/File to validate/);
    // Long enough for the refusal, which names it, to be taller than the rows left (the question and the
    // answer take 8, the path starting on the question's last line as the prompt library wraps it).
    session.type('/no/such/dir/at/all/nor/any/where/else/x.json');
    session.keys('Enter');
    const refused = await session.waitFor(/> cannot read/);
    expect(session.visible()).toContain('? File to validate');
    expect(refused).toMatch(/…/);
    session.keys('BSpace', 'BSpace', 'BSpace');
    await until(() => /else\/x\.j\s*$/m.test(session?.visible() ?? ''));
    expect(session.screen().match(/\? File to validate/g)).toHaveLength(1);
    session.keys('C-c');
    expect(await session.waitFor(/WHK_EXIT=\d+/)).toContain('WHK_EXIT=130');
  });

  it('keys typed before the first question is shown are dropped, and their echo on the terminal erased', async () => {
    home = mkdtempSync(join(tmpdir(), 'whk-home-'));
    const go = join(home, 'go');
    // whk starts only once the keys are in the terminal, typed ahead as while it starts.
    session = startTmux(`echo shell-line; while [ ! -e ${go} ]; do sleep 0.05; done; ${shellCommand('wizard')}`, { cwd });
    await session.waitFor(/shell-line/);
    session.type('abc');
    session.keys('Down', 'Down', 'Enter'); // without the drop: Validate a file, picked unseen
    await session.waitFor(/abc\^\[\[B\^\[\[B/); // the terminal's echo
    writeFileSync(go, '');
    const first = await session.waitFor(/What do you want to do\?/);
    expect(first).not.toContain('abc');
    expect(first).toMatch(/shell-line\n\? What do you want to do\?/);
    session.keys('Enter');
    const next = await session.waitFor(/Which webhook do you want to send\?|File to validate/);
    expect(next).toContain('✔ What do you want to do? Send a webhook');
    session.keys('C-c');
    expect(await session.waitFor(/WHK_EXIT=\d+/)).toContain('WHK_EXIT=130');
  });

  it('the echo of wide characters (CJK) typed ahead is erased whole, counted in the columns it took (40x10)', async () => {
    home = mkdtempSync(join(tmpdir(), 'whk-home-'));
    const go = join(home, 'go');
    session = startTmux(`echo shell-line; while [ ! -e ${go} ]; do sleep 0.05; done; ${shellCommand('wizard')}`, { cwd, width: 40, height: 10 });
    await session.waitFor(/shell-line/);
    // 30 characters, 60 columns: the echo takes two rows (counted as 30 columns, its first was left on the screen).
    session.type('界'.repeat(30));
    await session.waitFor(/界{20}\n界{10}/);
    writeFileSync(go, '');
    const first = await session.waitFor(/What do you want to do\?/);
    expect(first).not.toContain('界');
    expect(first).toMatch(/shell-line\n\? What do you want to do\?/);
    session.keys('C-c');
    expect(await session.waitFor(/WHK_EXIT=\d+/)).toContain('WHK_EXIT=130');
  });

  /**
   * A wizard that stops between two questions, as while it works there: its preview's write waits (in the
   * binary, preloaded) for the test to say go; `held` is there once it waits.
   */
  function startHeldAtPreview(dir: string, shell?: string): { session: TmuxSession; held: string; go: () => void } {
    const gate = join(dir, 'gate');
    const preload = join(dir, 'hold-preview.cjs');
    writeFileSync(preload, `const fs = require('node:fs'); const write = process.stderr.write; let once = false;
process.stderr.write = function (chunk, ...rest) {
  if (!once && String(chunk).startsWith('Payload preview:')) {
    once = true;
    fs.writeFileSync(${JSON.stringify(`${gate}.held`)}, '');
    const wait = new Int32Array(new SharedArrayBuffer(4));
    while (!fs.existsSync(${JSON.stringify(`${gate}.go`)})) Atomics.wait(wait, 0, 0, 20);
  }
  return write.call(this, chunk, ...rest);
};\n`);
    const started = startTmux(shell ?? `env NODE_OPTIONS='--require ${preload}' ${shellCommand('wizard')}`, { cwd });
    if (shell !== undefined) {
      started.type(`env NO_COLOR=1 NODE_OPTIONS='--require ${preload}' node ${BIN} wizard`);
      started.keys('Enter');
    }
    return { session: started, held: `${gate}.held`, go: () => writeFileSync(`${gate}.go`, '') };
  }

  it('keys typed between two questions, while whk works, are neither echoed nor read as the next answer', async () => {
    home = mkdtempSync(join(tmpdir(), 'whk-home-'));
    const held = startHeldAtPreview(home);
    session = held.session;
    await startSending(session, { kind: [], variant: [] }); // metric-alert, alert-policy
    await answerUpToOverrides(session, 'http://127.0.0.1:9/hook', '3');
    session.keys('Enter'); // no override: the preview is next
    await until(() => existsSync(held.held));
    session.type('abc');
    session.keys('Enter', 'Enter'); // without the hold: No to saving, then Yes to sending, unseen
    held.go();
    const next = await session.waitFor(/Save this payload/);
    expect(next).not.toContain('abc');
    expect(next).toMatch(/\? Save this payload[^\n]*\(y\/N\)/);
    session.keys('C-c');
    const end = await session.waitFor(/WHK_EXIT=\d+/);
    expect(end).toContain('WHK_EXIT=130');
    expect(end).not.toMatch(/✔ Save this payload|Send metric-alert/);
  });

  it('Ctrl-C typed between two questions cancels as at a prompt (130, said in one line), once the work there is done', async () => {
    home = mkdtempSync(join(tmpdir(), 'whk-home-'));
    const held = startHeldAtPreview(home);
    session = held.session;
    await startSending(session, { kind: [], variant: [] });
    await answerUpToOverrides(session, 'http://127.0.0.1:9/hook', '3');
    session.keys('Enter');
    await until(() => existsSync(held.held));
    session.keys('C-c');
    held.go();
    const end = await session.waitFor(/WHK_EXIT=\d+/);
    expect(end).toMatch(/\ncancelled at the prompt\nWHK_EXIT=130/);
    expect(end).not.toMatch(/Save this payload/);
  });

  it('Ctrl-Z typed between two questions suspends as the terminal would, and after fg the next question is asked', async () => {
    home = mkdtempSync(join(tmpdir(), 'whk-home-'));
    // An interactive shell, for job control.
    const held = startHeldAtPreview(home, "env PS1='$ ' bash --norc --noprofile");
    session = held.session;
    await startSending(session, { kind: [], variant: [] });
    await answerUpToOverrides(session, 'http://127.0.0.1:9/hook', '3');
    session.keys('Enter');
    await until(() => existsSync(held.held));
    session.keys('C-z');
    held.go();
    await session.waitFor(/Stopped/);
    // The shell has the terminal as it keeps it: what is typed there is echoed.
    session.type('fg');
    session.keys('Enter');
    await session.waitFor(/\$ fg\n.*\n[\s\S]*\? Save this payload/);
    session.keys('C-c');
    await session.waitFor(/cancelled at the prompt\n\$/);
  });

  it('--no-color: the prompts have no colour, whatever the environment, and the command it runs says --no-color', async () => {
    session = startTmux(`env -u NO_COLOR FORCE_COLOR=1 node ${BIN} wizard --no-color; echo "WHK_EXIT=$?"; sleep 30`, { cwd });
    await session.waitFor(/What do you want to do\?/);
    expect(session.visible({ escapes: true })).not.toMatch(/\x1b\[[0-9;]*m/);
    session.keys('Down', 'Down', 'Down', 'Enter'); // Print a sample payload
    await session.waitFor(/Which kind\?/);
    session.keys('Enter'); // metric-alert
    await session.waitFor(/Which variant\?/);
    expect(session.visible({ escapes: true })).not.toMatch(/\x1b\[[0-9;]*m/);
    session.keys('Enter'); // alert-policy
    await session.waitFor(/Seed/);
    answer(session, '5');
    const screen = await session.waitFor(/WHK_EXIT=\d+/);
    expect(screen).toContain('equivalent command: whk sample metric-alert --seed 5 --no-color');
    expect(screen).toContain('WHK_EXIT=0');
  });
});
