// Issue 14, for jira, jira-incident, octopus-deploy, harness-build and harness-deployment: every
// event (or variant) is sent to a local server and arrives as sampled, with the sender's headers,
// detected from the request as its kind and event, and valid by `whk validate`; Jira's retries and
// signature on the wire.
// The binary (runCli, startCli) runs a witness of each way: send --event and send --variant (the
// first of each), validate of files (the first kind's), sample (the first pick), and listen. The
// other command lines, what varies within one of those ways (each kind, event and variant, Jira's
// answers), run through main(), the binary's own path, in this process (runMain).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeSharedDispatcher } from '../../src/delivery/attempt.js';
import { detectRequest, getKind } from '../../src/kinds/index.js';
import { readCaptures } from '../helpers/capture.js';
import { runCli, startCli, type CliResult } from '../helpers/cli.js';
import { runMain } from '../helpers/main.js';
import { closedAfterEach, startServer } from '../helpers/server.js';

const IDS = ['jira', 'jira-incident', 'octopus-deploy', 'harness-build', 'harness-deployment'];
const SEED = 7;
// After-each hooks run last registered first: the shared dispatcher closes after the servers.
afterEach(async () => {
  await closeSharedDispatcher();
});
const server = closedAfterEach(startServer);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'whk-catalogue-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Case {
  kind: string;
  event?: string;
  variant?: string;
}

const CASES: Case[] = IDS.flatMap((id): Case[] => {
  const kind = getKind(id);
  return kind.events ? kind.events.map((e) => ({ kind: id, event: e.id })) : kind.variants.map((v) => ({ kind: id, variant: v.id }));
});

const choice = (c: Case): string[] => (c.event ? ['--event', c.event] : ['--variant', c.variant ?? '']);

// The first case that names an event and the first that names a variant: sent by the binary.
const witnesses = new Set([CASES.find((c) => c.event), CASES.find((c) => c.variant)]);

/**
 * Runs the tasks one after another: a send run in process ends by closing the process's shared
 * dispatcher, which another one still sending would be using.
 */
async function inTurn<T>(items: readonly T[], task: (item: T, index: number) => Promise<CliResult>): Promise<CliResult[]> {
  const results: CliResult[] = [];
  for (const [i, item] of items.entries()) results.push(await task(item, i));
  return results;
}

describe.each(IDS)('%s: send every event, then validate what arrived', (id) => {
  it('each event arrives as sampled, with its sender headers, detected as its kind and event, and valid', async () => {
    const cases = CASES.filter((c) => c.kind === id);
    const kind = getKind(id);
    const target = await server([200]);
    const sent = await inTurn(cases, (c, i) => (witnesses.has(c) ? runCli : runMain)(['send', id, ...choice(c), '--seed', String(SEED), '--url', `${target.url}/${i}`]));
    for (const [i, result] of sent.entries()) expect(result.code, `${JSON.stringify(cases[i])}: ${result.stderr}`).toBe(0);
    expect(target.requests).toHaveLength(cases.length);

    const files: string[] = [];
    for (const request of target.requests) {
      const c = cases[Number(request.url.slice(1))] as Case;
      const body = JSON.parse(request.body.toString('utf8')) as unknown;
      expect(body, JSON.stringify(c)).toEqual(kind.sample({ seed: SEED, event: c.event, variant: c.variant }));
      for (const [name, value] of Object.entries(kind.requestHeaders?.(body, c.event) ?? {})) expect(request.headers[name.toLowerCase()], name).toBe(value);
      expect(request.headers['content-type']).toBe(kind.delivery.contentType);
      const found = detectRequest({ headers: request.headers, body });
      expect(found.status === 'detected' && [found.kind.id, found.event]).toEqual([id, c.event]);
      const file = join(dir, `${id}-${(c.event ?? c.variant ?? '').replace(/\W/g, '_')}.json`);
      await writeFile(file, request.body);
      files.push(file);
    }

    const validated = await (id === IDS[0] ? runCli : runMain)(['validate', ...files]);
    expect(validated.code, validated.stdout + validated.stderr).toBe(0);
    expect(validated.stderr).toContain(`${id} ×${cases.length} (detected)`);
  });
});

describe('whk sample and whk send agree', () => {
  it('whk sample prints what whk send sends, for the same seed and event', async () => {
    const picks: Case[] = [
      { kind: 'jira', event: 'worklog_created' },
      { kind: 'jira-incident', event: 'comment_updated' },
      { kind: 'octopus-deploy', variant: 'document-created' },
      { kind: 'harness-build', event: 'TriggerFailed' },
      { kind: 'harness-deployment', event: 'StageSuccess' },
    ];
    const samples = await inTurn(picks, (c, i) => (i === 0 ? runCli : runMain)(['sample', c.kind, ...choice(c), '--seed', '3']));
    for (const [i, result] of samples.entries()) {
      const c = picks[i] as Case;
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual(getKind(c.kind).sample({ seed: 3, event: c.event, variant: c.variant }));
    }
  });
});

describe('jira on the wire', () => {
  it('a 503 is retried with X-Atlassian-Webhook-Retry: 1 and the same identifier; a 400 is not retried', async () => {
    const flaky = await server([503, 200]);
    const retried = await runMain(['send', 'jira', '--event', 'comment_created', '--seed', '4', '--retry-delay', '10ms', '--url', flaky.url]);
    expect(retried.code, retried.stderr).toBe(0);
    expect(flaky.requests.map((r) => r.headers['x-atlassian-webhook-retry'])).toEqual([undefined, '1']);
    expect(flaky.requests[1]?.headers['x-atlassian-webhook-identifier']).toBe(flaky.requests[0]?.headers['x-atlassian-webhook-identifier']);
    expect(flaky.requests[0]?.headers['user-agent']).toBe('Atlassian Webhook HTTP Client');

    const refusing = await server([400, 200]);
    const dropped = await runMain(['send', 'jira', '--seed', '4', '--retry-delay', '10ms', '--url', refusing.url]);
    expect(dropped.code).toBe(1);
    expect(refusing.requests).toHaveLength(1);
  });

  it('--secret signs X-Hub-Signature, which whk listen verifies as the jira scheme', async () => {
    const captures = join(dir, 'jira.ndjson');
    const listener = startCli(['listen', '--port', '0', '--count', '1', '--timeout', '15s', '--secret', 's3cret', '--save', captures]);
    const url = (await listener.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;
    const sent = await runMain(['send', 'jira-incident', '--secret', 's3cret', '--seed', '9', '--url', url]);
    expect(sent.code, sent.stderr).toBe(0);
    const ended = await listener.exited;
    expect(ended.code, ended.stderr).toBe(0);
    const [record] = await readCaptures(captures);
    expect(record).toMatchObject({ kind: 'jira-incident', valid: true, signature: { scheme: 'jira', verdict: 'valid' } });
    expect(record?.headers['x-hub-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
  });
});
