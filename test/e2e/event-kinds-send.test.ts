// Every event of the kinds whose requests name their event: sample, send to a local server, and what
// arrives (body and the sender's headers) is valid and detected as itself.
// The binary (runCli, startCli) runs a witness of each way: sample and send with --event (an event
// named by its header value), the refusal of an unknown event, kinds, validate of every event's
// sample, and listen. What varies within one of those ways (each event of each kind, the sends into
// listen, kinds --json) runs through main(), the binary's own path, in this process (runMain).
import { afterEach, describe, expect, it } from 'vitest';
import { closeSharedDispatcher } from '../../src/delivery/attempt.js';
import { detectRequest, getKind, listKinds } from '../../src/kinds/index.js';
import type { Kind } from '../../src/kinds/types.js';
import { validatePayload } from '../../src/validate/payload.js';
import { listenHarness, runCli, type CliResult } from '../helpers/cli.js';
import { runMain } from '../helpers/main.js';
import { serversClosedAfterEach } from '../helpers/server.js';

// After-each hooks run last registered first: the shared dispatcher closes after the servers.
afterEach(async () => {
  await closeSharedDispatcher();
});
const server = serversClosedAfterEach();
const { listen } = listenHarness();

const cases = (kind: Kind) => (kind.events ?? []).map((event) => ({ kind, event: event.id, header: event.header ?? event.id }));

const eventKinds = ['gitlab', 'bitbucket'].map((id) => getKind(id));

// One validate run of the binary reads every event's sample of both kinds; each kind's test reads its part.
let validated: Promise<CliResult> | undefined;
const validateEverySample = (): Promise<CliResult> => {
  const ndjson = eventKinds.flatMap((kind) => cases(kind).map(({ event }) => JSON.stringify(kind.sample({ seed: 6, event })))).join('\n');
  return (validated ??= runCli(['validate', '--format', 'json', '-'], { input: `${ndjson}\n` }));
};

describe.each(eventKinds)('$id', (kind) => {
  it.each(cases(kind))('$event: sample, send, arrive with its headers, valid and detected', async ({ event, header }) => {
    const sampled = await runMain(['sample', kind.id, '--event', event, '--seed', '5']);
    expect(sampled.code, sampled.stderr).toBe(0);
    const endpoint = await server([200]);
    const sent = await runMain(['send', kind.id, '--event', event, '--seed', '5', '--url', `${endpoint.url}/hook`]);
    expect(sent.code, sent.stderr).toBe(0);
    expect(endpoint.requests).toHaveLength(1);
    const arrived = endpoint.requests[0];
    const body = JSON.parse(arrived?.body.toString() ?? '') as unknown;
    expect(body).toEqual(JSON.parse(sampled.stdout));
    const headers = arrived?.headers ?? {};
    expect(headers[(kind.eventHeader as string).toLowerCase()]).toBe(header);
    for (const [name, value] of Object.entries(kind.requestHeaders?.(body, event) ?? {})) expect(headers[name.toLowerCase()], name).toBe(value);
    expect(validatePayload(body)).toMatchObject({ valid: true, kind: kind.id, notes: [] });
    const found = detectRequest({ headers, body });
    expect(found.status === 'detected' && [found.kind.id, found.event]).toEqual([kind.id, event]);
  });

  it('whk validate reads every event\'s sample as this kind (real binary)', async () => {
    const result = await validateEverySample();
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    const all = eventKinds.reduce((sum, each) => sum + cases(each).length, 0);
    const count = cases(kind).length;
    expect(summary).toMatchObject({ type: 'summary', payloads: all, valid: all, invalid: 0, kinds: { [kind.id]: { count, detected: count } } });
  });
});

describe('an event named by its header value', () => {
  it('(real binary) whk send gitlab --event "Merge Request Hook" sends the merge_request event, as sample does', async () => {
    const sampled = await runCli(['sample', 'gitlab', '--event', 'Merge Request Hook', '--seed', '8']);
    expect(sampled.code, sampled.stderr).toBe(0);
    expect(JSON.parse(sampled.stdout)).toMatchObject({ object_kind: 'merge_request' });
    const endpoint = await server([200]);
    const sent = await runCli(['send', 'gitlab', '--event', 'Merge Request Hook', '--seed', '8', '--url', `${endpoint.url}/hook`]);
    expect(sent.code, sent.stderr).toBe(0);
    expect(endpoint.requests[0]?.headers['x-gitlab-event']).toBe('Merge Request Hook');
    expect(JSON.parse(endpoint.requests[0]?.body.toString() ?? '')).toEqual(JSON.parse(sampled.stdout));
  });

  it('refuses a header value in another case, suggesting the one GitLab sends (real binary)', async () => {
    const result = await runCli(['sample', 'gitlab', '--event', 'push hook']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown event 'push hook' for gitlab/);
    expect(result.stderr).toMatch(/did you mean 'Push Hook'\?/);
  });

  it('whk kinds (real binary) shows the header value beside an event id that differs from it, and --json keeps both fields', async () => {
    const text = await runCli(['kinds']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^ {2}events {5}push \("Push Hook"\) \(default\), tag_push \("Tag Push Hook"\), .*build \("Job Hook"\).* in X-Gitlab-Event$/m);
    // An id the header carries as it is stays bare.
    expect(text.stdout).toMatch(/^ {2}events {5}push \(default\), pull_request \[/m);
    const json = JSON.parse((await runMain(['kinds', '--json'])).stdout) as { id: string; events: { id: string; header: string }[] }[];
    expect(json.find((k) => k.id === 'gitlab')?.events[0]).toMatchObject({ id: 'push', header: 'Push Hook' });
  });
});

// `whk send grafana-incident --event X --seed 7` then `--event Y --seed 7` sent one payload id in two
// bodies, and whk listen answered 'invalid $.idempotencyId same idempotencyId … but different bytes'.
const eventKindsWithIds = listKinds().filter((kind) => kind.idempotencyId !== undefined && (kind.events?.length ?? 0) > 1);

describe('two events of one kind sent with one seed', () => {
  it('are two events to whk listen (real binary), neither flagged, for each kind that names its events and gives ids', async () => {
    expect(eventKindsWithIds.map((kind) => kind.id)).toEqual(expect.arrayContaining(['grafana-incident']));
    // One listener takes every kind's two sends: a pair that shared an id would be flagged all the same.
    const total = eventKindsWithIds.length * 2;
    const { cli, url } = await listen(['--count', String(total)]);
    for (const kind of eventKindsWithIds) {
      for (const event of (kind.events ?? []).slice(0, 2).map((each) => each.id)) {
        const sent = await runMain(['send', kind.id, '--event', event, '--seed', '7', '--url', `${url}/hook`]);
        expect(sent.code, sent.stderr).toBe(0);
      }
    }
    const result = await cli.exited;
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(/same idempotencyId|duplicate/);
    expect(result.stderr).toContain(`${total} requests: ${total} valid, 0 invalid`);
    expect(result.stderr).toContain('duplicates: 0 (0 same idempotencyId, 0 identical body)');
  });
});
