// whk send in a terminal (tmux): a long wait between attempts shows a countdown on the live line;
// without a terminal, Ctrl-C during the wait prints what was sent so far and exits 130.
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, runCli, startCli } from '../helpers/cli.js';
import { serversClosedAfterEach, type TestServer } from '../helpers/server.js';
import { until } from '../helpers/wait.js';
import { hasTmux, startTmux, type TmuxSession } from '../helpers/tmux.js';

const server = serversClosedAfterEach();
const cwd = new URL('../..', import.meta.url).pathname;
const down = (): Parameters<typeof server>[0] => () => ({ status: 503, body: 'upstream down' });

describe.runIf(hasTmux || process.env['CI'] !== undefined)('send in a real terminal (tmux)', () => {
  let session: TmuxSession | undefined;
  afterEach(() => session?.kill());

  it('a long retry wait counts down: `503 «…» — next attempt in 4m5Xs`', async () => {
    const endpoint: TestServer = await server(down());
    session = startTmux(`env NO_COLOR=1 node ${BIN} send metric-alert --url ${endpoint.url} --retry-delay 5m --seed 1; echo "WHK_EXIT=$?"; sleep 30`, { cwd });
    // A loaded machine may start the binary late: the first screen may show any point of the 5-minute wait.
    const first = await session.waitFor(/next attempt in \dm\d\ds/, 60_000);
    expect(first).toMatch(/503 «upstream down» — next attempt in [345]m\d\ds \(0 done; Ctrl-C stops\)/);
    // It counts: a later screen shows less time left.
    const left = (screen: string): number => {
      const [, minutes, seconds] = /next attempt in (\d)m(\d\d)s/.exec(screen) ?? [];
      return Number(minutes) * 60 + Number(seconds);
    };
    const start = left(first);
    const shown = /next attempt in (\dm\d\ds)/.exec(first)?.[1] ?? '';
    const later = await session.waitFor(new RegExp(`next attempt in (?!${shown})\\dm\\d\\ds`), 30_000);
    expect(left(later)).toBeLessThan(start);
    session.keys('C-c');
    const end = await session.waitFor(/WHK_EXIT=\d+/, 30_000);
    expect(end).toContain('WHK_EXIT=130');
    expect(end).toMatch(/– metric-alert {2}503 «upstream down» \(\d+ms\) {2}cancelled before its retry/);
  }, 150_000);

  it('cuts the spinner line to the terminal (40x10), marked …: a URL of 600 characters wrapped over the screen left a copy of it at each frame; the tally says it whole', async () => {
    // Answered only after the test is done: the spinner spins until Ctrl-C.
    const endpoint: TestServer = await server(() => ({ status: 200, delayMs: 120_000 }));
    const url = `${endpoint.url}/${'a'.repeat(600)}`;
    session = startTmux(`env NO_COLOR=1 node ${BIN} send metric-alert --url ${url} --seed 1; echo "WHK_EXIT=$?"; sleep 30`, { cwd, width: 40, height: 10 });
    const first = await session.waitFor(/sending to/, 30_000);
    // A later frame: the spinner has drawn its line again.
    const frame = (screen: string) => /(\S) sending to/.exec(screen)?.[1];
    await until(() => frame(session?.visible() ?? '') !== frame(first));
    const line = session.visible().split('\n').find((row) => row.includes('sending to')) ?? '';
    expect(line).toMatch(/^\S sending to http:\/\/127\.0\.0\.1:\d+\/a*…$/);
    expect([...line].length).toBeLessThan(40);
    expect(session.screen().match(/sending to/g)).toHaveLength(1);
    session.keys('C-c');
    const end = await session.waitFor(/WHK_EXIT=\d+/, 30_000);
    expect(end).toContain('WHK_EXIT=130');
    expect(end.replace(/\n/g, '')).toContain(`→ ${url}`);
  }, 60_000);
});

describe('Ctrl-C during a retry wait', () => {
  it('prints the deliveries sent so far, the tally, and exits 130', async () => {
    const endpoint = await server(down());
    const running = startCli(['send', 'metaplane-incident', '--url', endpoint.url, '--count', '3', '--retry-delay', '5m', '--seed', '1'], { timeoutMs: 60_000 });
    // Without a terminal a long wait is said once on stderr: the sender has its answer and is waiting.
    await running.waitFor(/503 «upstream down» — next attempt in 5m00s \(0 done; Ctrl-C stops\)/, 'stderr', 30_000);
    running.child.kill('SIGINT');
    const result = await running.exited;
    expect(result.code).toBe(130);
    // Stopped in its wait, it is no failure as its sender would end it: it had four retries to go.
    expect(result.stdout).toMatch(/^– metaplane-incident {2}503 «upstream down» \(\d+ms\) {2}cancelled before its retry/);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`0 delivered, 0 failed, 1 cancelled before its retry → ${endpoint.url}/`);
    expect(result.stderr).toContain('cancelled: the deliveries above are what was sent');
    expect(endpoint.requests).toHaveLength(1);
  });

  it('SIGTERM (how a CI runner stops a job) ends the run as Ctrl-C does: the tally, what stopped it, exit 143', async () => {
    const endpoint = await server(down());
    const running = startCli(['send', 'metaplane-incident', '--url', endpoint.url, '--count', '3', '--retry-delay', '5m', '--seed', '1'], { timeoutMs: 60_000 });
    await running.waitFor(/next attempt in 5m00s/, 'stderr', 30_000);
    running.child.kill('SIGTERM');
    const result = await running.exited;
    expect([result.code, result.signal]).toEqual([143, null]);
    expect(result.stderr).toContain(`0 delivered, 0 failed, 1 cancelled before its retry → ${endpoint.url}/`);
    expect(result.stderr).toContain('warning: cancelled by SIGTERM: the deliveries above are what was sent');
  });

  it('SIGTERM ends a stream (--rate) with its summary, exit 143', async () => {
    const endpoint = await server([200]);
    const running = startCli(['send', 'metric-alert', '--url', endpoint.url, '--rate', '20/s', '--seed', '1']);
    await until(() => endpoint.requests.length >= 2);
    running.child.kill('SIGTERM');
    const result = await running.exited;
    expect([result.code, result.signal]).toEqual([143, null]);
    expect(result.stdout).toMatch(/delivered.*, cancelled\)/);
  });

  it('a delivery still waiting for its answer is cut off in flight: counted apart from the failures, for it may have arrived', async () => {
    const endpoint = await server(() => ({ status: 200, delayMs: 30_000 }));
    const running = startCli(['send', 'metric-alert', '--url', endpoint.url, '--count', '3', '--concurrency', '3', '--seed', '1']);
    await until(() => endpoint.requests.length === 3);
    running.child.kill('SIGINT');
    const result = await running.exited;
    expect(result.code).toBe(130);
    expect(result.stdout.trim().split('\n')).toEqual(Array(3).fill(expect.stringMatching(/^– metric-alert {2}cancelled \(\d+ms\) {2}cut off in flight {2}/)));
    expect(result.stderr).toContain(`0 delivered, 0 failed, 3 cut off in flight (they may have arrived) → ${endpoint.url}/`);
  });

  it('fifty retry waits at once under one Ctrl-C signal raise no listener-leak warning', async () => {
    const endpoint = await server(down());
    // Node warns past ten 'abort' listeners on one signal; each wait used to add its own.
    const result = await runCli(['send', 'metaplane-incident', '--url', endpoint.url, '--count', '50', '--concurrency', '50', '--retries', '1', '--retry-delay', '50ms', '--seed', '1']);
    expect(result.code).toBe(1);
    expect(endpoint.requests).toHaveLength(100);
    expect(result.stderr).not.toMatch(/MaxListenersExceeded|memory leak/);
    expect(result.stderr).toContain(`0 delivered, 50 failed → ${endpoint.url}/`);
  });

  it('--json carries the seed of a generated run', async () => {
    const endpoint = await server([200]);
    const running = startCli(['send', 'metric-alert', '--url', endpoint.url, '--json', '--seed', '77']);
    const result = await running.exited;
    expect(JSON.parse(result.stdout)).toMatchObject({ delivered: true, seed: 77 });
  });
});
