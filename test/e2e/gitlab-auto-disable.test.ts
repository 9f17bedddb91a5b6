// GitLab disables a webhook after 4 consecutive failures: through the real binary, a run of whk send
// gitlab against an endpoint answering 500 sends 4 deliveries and reports the rest as not sent;
// --no-auto-disable sends them all.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { serversClosedAfterEach } from '../helpers/server.js';

const server = serversClosedAfterEach();
const NOT_SENT = /^– gitlab {2}not sent: GitLab disables a webhook after 4 consecutive failures \(temporarily, for 1m after failure 4; for good after 40\)$/;

describe('whk send gitlab: GitLab\'s auto-disabled webhooks (real binary)', () => {
  it('sends 4 deliveries to an endpoint answering 500, then reports the other 2 as not sent, exit 1', async () => {
    const endpoint = await server([500]);
    const result = await runCli(['send', 'gitlab', '--url', `${endpoint.url}/hook`, '--count', '6', '--concurrency', '1', '--seed', '3']);
    expect(result.code, result.stderr).toBe(1);
    expect(endpoint.requests).toHaveLength(4);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(6);
    for (const line of lines.slice(0, 4)) expect(line).toMatch(/^✖ gitlab {2}500 .* failed /);
    for (const line of lines.slice(4)) expect(line).toMatch(NOT_SENT);
    expect(result.stderr).toMatch(/^0 delivered, 4 failed, 2 not sent → http:\/\/127\.0\.0\.1:\d+\/hook$/m);
    expect(result.stderr).toMatch(/--no-auto-disable sends the deliveries the sender would not have sent/);
  });

  it('--no-auto-disable sends all 6', async () => {
    const endpoint = await server([500]);
    const result = await runCli(['send', 'gitlab', '--url', `${endpoint.url}/hook`, '--count', '6', '--concurrency', '1', '--seed', '3', '--no-auto-disable']);
    expect(result.code, result.stderr).toBe(1);
    expect(endpoint.requests).toHaveLength(6);
    expect(result.stdout).not.toMatch(/not sent/);
    expect(result.stderr).toMatch(/^0 delivered, 6 failed → /m);
  });

  it('a delivery answered 2xx ends the streak: 3 failures, a success, then 4 more failures before the rest is not sent', async () => {
    const endpoint = await server([500, 500, 500, 200, 500]);
    const result = await runCli(['send', 'gitlab', '--url', `${endpoint.url}/hook`, '--count', '10', '--seed', '4', '--json']);
    expect(result.code, result.stderr).toBe(1);
    expect(endpoint.requests).toHaveLength(8);
    const results = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { delivered: boolean; attempts: unknown[]; notSent: string | null });
    expect(results.map((r) => (r.delivered ? 'delivered' : r.notSent === null ? 'failed' : 'not sent'))).toEqual([
      ...['failed', 'failed', 'failed', 'delivered'],
      ...['failed', 'failed', 'failed', 'failed'],
      ...['not sent', 'not sent'],
    ]);
    expect(results[9]).toMatchObject({ attempts: [], notSent: expect.stringMatching(/^GitLab disables a webhook after 4 consecutive failures/) });
  });

  it('other kinds send every delivery to a failing endpoint', async () => {
    const endpoint = await server([500]);
    const result = await runCli(['send', 'github', '--url', `${endpoint.url}/hook`, '--count', '6', '--seed', '3']);
    expect(result.code, result.stderr).toBe(1);
    expect(endpoint.requests).toHaveLength(6);
  });

  it('a --rate stream is held back the same way, and --no-auto-disable sends it all', async () => {
    const endpoint = await server([500]);
    const stream = (...extra: string[]) => runCli(['send', 'gitlab', '--url', `${endpoint.url}/hook`, '--rate', '50', '--total', '6', ...extra]);
    const held = await stream();
    expect(held.code, held.stderr).toBe(1);
    expect(endpoint.requests).toHaveLength(4);
    expect(held.stderr).toMatch(/disabled {2}GitLab disables a webhook after 4 consecutive failures \(temporarily, for 1m after failure 4; for good after 40\): what comes meanwhile is not sent/);
    expect(held.stdout).toMatch(/delivered 0, failed 4, .*not sent 2 \(the webhook was disabled\)/);
    const all = await stream('--no-auto-disable');
    expect(all.code, all.stderr).toBe(1);
    expect(endpoint.requests).toHaveLength(10);
    expect(all.stdout).not.toMatch(/not sent/);
  });
});
