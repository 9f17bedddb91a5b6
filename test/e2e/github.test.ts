// The github kind through the real binary: every event goes sample → validate → send to a local
// server, arriving with GitHub's headers; the maintained schemas are loaded only by what needs them.
// Each event's sample and send run through main(), the binary's own path, in this process (runMain),
// one after another (a send ends the dispatcher it shares); the binary runs the first event's as their
// witness, the validate of every sample, a signed send, and each run whose loaded modules are looked at.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verify as octokitVerify } from '@octokit/webhooks-methods';
import { verify as octokitVerifySha1 } from 'octokit-webhooks-methods-3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getKind } from '../../src/kinds/index.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { runMain } from '../helpers/main.js';
import { serversClosedAfterEach } from '../helpers/server.js';

const EVENTS = (getKind('github').events ?? []).map((event) => event.id);
const startServer = serversClosedAfterEach();
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'whk-github-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs each item in turn: sends through main() share one dispatcher, which each ends as it is done. */
async function inTurn<T>(items: readonly T[], run: (item: T) => Promise<CliResult>): Promise<CliResult[]> {
  const results: CliResult[] = [];
  for (const item of items) results.push(await run(item));
  return results;
}

describe('github (real binary)', () => {
  it('every event: sample, validate, send; the payload and GitHub\'s headers arrive', async () => {
    const server = await startServer([200]);
    const sampleArgs = (event: string): string[] => ['sample', 'github', '--event', event, '--seed', '31'];
    const samples = await inTurn(EVENTS, (event) => runMain(sampleArgs(event)));
    // The binary prints the first event's sample as main() does.
    expect(await runCli(sampleArgs(EVENTS[0] as string))).toEqual(samples[0]);
    const files = await Promise.all(EVENTS.map(async (event, i) => {
      const sample = samples[i] as CliResult;
      expect(sample.code, sample.stderr).toBe(0);
      const file = join(dir, `${event}.json`);
      await writeFile(file, sample.stdout);
      return file;
    }));
    const validated = await runCli(['validate', ...files]);
    expect(validated.code, validated.stdout).toBe(0);
    expect(validated.stderr).toContain(`github ×${EVENTS.length} (detected)`);

    // The first event sent by the binary, the others by main().
    const sends = await inTurn(EVENTS, (event) => (event === EVENTS[0] ? runCli : runMain)(['send', 'github', '--event', event, '--seed', '31', '--url', `${server.url}/${event}`]));
    for (const sent of sends) expect(sent.code, sent.stderr).toBe(0);
    expect(server.requests).toHaveLength(EVENTS.length);
    for (const [i, event] of EVENTS.entries()) {
      const request = server.requests.find((r) => r.url === `/${event}`);
      expect(request, event).toBeDefined();
      expect(JSON.parse(request?.body.toString('utf8') ?? '')).toEqual(JSON.parse(await readFile(files[i] as string, 'utf8')));
      expect(request?.headers).toMatchObject({
        'content-type': 'application/json',
        'x-github-event': event,
        'x-github-delivery': expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        'user-agent': expect.stringMatching(/^GitHub-Hookshot\/[0-9a-f]{7}$/),
        'x-github-hook-id': expect.stringMatching(/^\d+$/),
        'x-github-hook-installation-target-type': 'repository',
      });
      expect(request?.headers['x-github-hook-installation-target-id'], event).toBe(String((JSON.parse(request?.body.toString('utf8') ?? '') as { repository: { id: number } }).repository.id));
    }
  }, 120_000);

  it("sends an event's own variant, as sample does (README: --event pull_request --variant closed), signed as GitHub signs", async () => {
    const server = await startServer([200]);
    const sent = await runCli(['send', 'github', '--url', `${server.url}/gh`, '--event', 'pull_request', '--variant', 'closed', '--seed', '2', '--secret', 'gh-secret']);
    expect(sent.code, sent.stderr).toBe(0);
    expect(server.requests[0]?.headers['x-github-event']).toBe('pull_request');
    const sampled = await runMain(['sample', 'github', '--event', 'pull_request', '--variant', 'closed', '--seed', '2', '--compact']);
    const body = server.requests[0]?.body.toString() ?? '';
    expect(body).toBe(sampled.stdout.trim());
    // Both signatures GitHub sends, each checked by the octokit version that reads it.
    const header = (name: string): string => String(server.requests[0]?.headers[name] ?? '');
    expect(await octokitVerify('gh-secret', body, header('x-hub-signature-256'))).toBe(true);
    expect(header('x-hub-signature')).toMatch(/^sha1=/);
    expect(await octokitVerifySha1('gh-secret', body, header('x-hub-signature'))).toBe(true);
    // A variant of another event is still refused, naming this event's.
    const wrong = await runMain(['send', 'github', '--url', `${server.url}/gh`, '--event', 'issues', '--variant', 'closed', '--dry-run']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("unknown variant 'closed' for github issues");
    // An event with no variants of its own, named: said so, and where the variant belongs.
    const none = await runMain(['sample', 'github', '--event', 'push', '--variant', 'closed']);
    expect([none.code, none.stderr]).toEqual([2, "error: unknown variant 'closed' for github push\n  github push has no variants; 'closed' is a variant of --event pull_request\n"]);
  });

  it('fails a delivery answered 500 after one attempt: GitHub does not redeliver by itself', async () => {
    const server = await startServer([500]);
    const sent = await runMain(['send', 'github', '--event', 'ping', '--url', server.url, '--json']);
    expect(sent.code).toBe(1);
    expect(server.requests).toHaveLength(1);
    expect(JSON.parse(sent.stdout)).toMatchObject({ kind: 'github', delivered: false, attempts: [{ status: 500 }] });
  });

  it('loads @octokit/webhooks-schemas only when a GitHub payload is judged', async () => {
    const probe = join(dir, 'probe.cjs');
    // Preloaded into the binary: says at exit whether the schema file was ever required.
    await writeFile(probe, "process.on('exit', () => { if (Object.keys(require.cache).some((k) => k.includes('webhooks-schemas'))) process.stderr.write('schemas loaded\\n'); });\n");
    const env = { NODE_OPTIONS: `--require ${probe}` };
    const help = await runCli(['--help'], { env });
    const other = await runCli(['sample', 'alertmanager'], { env });
    const githubSample = await runCli(['sample', 'github', '--event', 'release'], { env });
    expect([help.code, other.code, githubSample.code]).toEqual([0, 0, 0]);
    for (const run of [help, other, githubSample]) expect(run.stderr).not.toContain('schemas loaded');
    const validated = await runCli(['validate', '-'], { env, input: githubSample.stdout });
    expect(validated.code, validated.stdout).toBe(0);
    expect(validated.stderr).toContain('schemas loaded');
  });

  it('whk schema github prints the maintained schemas of its events as one draft 2020-12 document', async () => {
    const printed = await runMain(['schema', 'github']);
    expect(printed.code).toBe(0);
    const schema = JSON.parse(printed.stdout) as { $schema: string; oneOf: { $ref: string }[]; definitions: Record<string, unknown> };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.oneOf.map((branch) => branch.$ref)).toContain('#/definitions/pull_request_event');
    expect(Object.keys(schema.definitions)).toContain('pull_request$opened');
    expect(printed.stdout).not.toContain('tsAdditionalProperties');
  });

  it('whk kinds lists the events in X-GitHub-Event, each with the actions it samples', async () => {
    const listed = await runMain(['kinds']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('push (default), pull_request [opened|closed|synchronize], issues [opened]');
    expect(listed.stdout).toMatch(/ping in X-GitHub-Event/);
  });
});
