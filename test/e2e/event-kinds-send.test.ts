// Every event of the kinds whose requests name their event, through the real binary: sample, send to
// a local server, and what arrives (body and the sender's headers) is valid and detected as itself.
import { describe, expect, it } from 'vitest';
import { detectRequest, getKind, listKinds } from '../../src/kinds/index.js';
import type { Kind } from '../../src/kinds/types.js';
import { validatePayload } from '../../src/validate/payload.js';
import { listenHarness, runCli } from '../helpers/cli.js';
import { serversClosedAfterEach } from '../helpers/server.js';

const server = serversClosedAfterEach();
const { listen } = listenHarness();

const cases = (kind: Kind) => (kind.events ?? []).map((event) => ({ kind, event: event.id, header: event.header ?? event.id }));

describe.each(['gitlab', 'bitbucket'].map((id) => getKind(id)))('$id (real binary)', (kind) => {
  it.each(cases(kind))('$event: sample, send, arrive with its headers, valid and detected', async ({ event, header }) => {
    const sampled = await runCli(['sample', kind.id, '--event', event, '--seed', '5']);
    expect(sampled.code, sampled.stderr).toBe(0);
    const endpoint = await server([200]);
    const sent = await runCli(['send', kind.id, '--event', event, '--seed', '5', '--url', `${endpoint.url}/hook`]);
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

  it('whk validate reads every event\'s sample as this kind', async () => {
    const ndjson = cases(kind).map(({ event }) => JSON.stringify(kind.sample({ seed: 6, event }))).join('\n');
    const result = await runCli(['validate', '--format', 'json', '-'], { input: `${ndjson}\n` });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    const count = cases(kind).length;
    expect(summary).toMatchObject({ type: 'summary', payloads: count, valid: count, invalid: 0, kinds: { [kind.id]: { count, detected: count } } });
  });
});

describe('an event named by its header value (real binary)', () => {
  it('whk send gitlab --event "Merge Request Hook" sends the merge_request event, as sample does', async () => {
    const sampled = await runCli(['sample', 'gitlab', '--event', 'Merge Request Hook', '--seed', '8']);
    expect(sampled.code, sampled.stderr).toBe(0);
    expect(JSON.parse(sampled.stdout)).toMatchObject({ object_kind: 'merge_request' });
    const endpoint = await server([200]);
    const sent = await runCli(['send', 'gitlab', '--event', 'Merge Request Hook', '--seed', '8', '--url', `${endpoint.url}/hook`]);
    expect(sent.code, sent.stderr).toBe(0);
    expect(endpoint.requests[0]?.headers['x-gitlab-event']).toBe('Merge Request Hook');
    expect(JSON.parse(endpoint.requests[0]?.body.toString() ?? '')).toEqual(JSON.parse(sampled.stdout));
  });

  it('refuses a header value in another case, suggesting the one GitLab sends', async () => {
    const result = await runCli(['sample', 'gitlab', '--event', 'push hook']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown event 'push hook' for gitlab/);
    expect(result.stderr).toMatch(/did you mean 'Push Hook'\?/);
  });

  it('whk kinds shows the header value beside an event id that differs from it, and --json keeps both fields', async () => {
    const text = await runCli(['kinds']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^ {2}events {5}push \("Push Hook"\) \(default\), tag_push \("Tag Push Hook"\), .*build \("Job Hook"\).* in X-Gitlab-Event$/m);
    // An id the header carries as it is stays bare.
    expect(text.stdout).toMatch(/^ {2}events {5}push \(default\), pull_request \[/m);
    const json = JSON.parse((await runCli(['kinds', '--json'])).stdout) as { id: string; events: { id: string; header: string }[] }[];
    expect(json.find((k) => k.id === 'gitlab')?.events[0]).toMatchObject({ id: 'push', header: 'Push Hook' });
  });
});

// `whk send grafana-incident --event X --seed 7` then `--event Y --seed 7` sent one payload id in two
// bodies, and whk listen answered 'invalid $.idempotencyId same idempotencyId … but different bytes'.
const eventKindsWithIds = listKinds().filter((kind) => kind.idempotencyId !== undefined && (kind.events?.length ?? 0) > 1);

describe.each(eventKindsWithIds)('$id: two events sent with one seed (real binary)', (kind) => {
  it('are two events to whk listen, neither flagged', async () => {
    const events = (kind.events ?? []).slice(0, 2).map((event) => event.id);
    const { cli, url } = await listen(['--count', '2']);
    for (const event of events) {
      const sent = await runCli(['send', kind.id, '--event', event, '--seed', '7', '--url', `${url}/hook`]);
      expect(sent.code, sent.stderr).toBe(0);
    }
    const result = await cli.exited;
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(/same idempotencyId|duplicate/);
    expect(result.stderr).toContain('2 requests: 2 valid, 0 invalid');
    expect(result.stderr).toContain('duplicates: 0 (0 same idempotencyId, 0 identical body)');
  });
});
