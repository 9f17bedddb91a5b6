// Issue 9 end to end through the real binary: every source kind goes sample → validate → send →
// listen (detected, valid, signed where the sender signs, fields extracted by --map), a custom
// JSON Schema kind is sent and detected, and --curl sends the same bytes as send.
// The listens, the validate of every sample, a send of a source kind and of the custom kind, --curl,
// and a refused example run through the binary; the other samples and sends run through main(), the
// binary's own path, in this process (runMain), a send at a time (a send ends the dispatcher the
// sends of one process share).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaptures } from '../helpers/capture.js';
import { runCli, startCli, type CliResult } from '../helpers/cli.js';
import { runMain } from '../helpers/main.js';
import { startServer } from '../helpers/server.js';

const SOURCE_KINDS = ['alertmanager', 'grafana-alert', 'pagerduty-incident', 'datadog-monitor', 'sentry-issue-alert', 'cloudwatch-alarm'];
// The kinds whose sender signs with a shared secret (Grafana from 12.0, when its contact point has one).
const SIGNED = new Set(['pagerduty-incident', 'sentry-issue-alert', 'grafana-alert']);
const SCHEMA = join(import.meta.dirname, '../../examples/order.schema.json');
const EXAMPLE = join(import.meta.dirname, '../../examples/order.json');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'whk-sources-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('source kinds round-trip: sample → validate → send → listen (real binary)', () => {
  it('every source kind and a custom kind arrive detected, valid, signed and mapped', async () => {
    const captures = join(dir, 'captures.ndjson');
    const mapping = join(dir, 'mapping.json');
    await writeFile(mapping, JSON.stringify({ fields: [{ name: 'status', path: 'status', type: 'string' }, { name: 'kindTag', path: 'event', default: 'n/a' }] }));
    const listener = startCli(['listen', '--port', '0', '--count', String(SOURCE_KINDS.length + 1), '--timeout', '90s', '--save', captures, '--secret', 's3cret', '--schema', SCHEMA, '--map', mapping], { timeoutMs: 100_000 });
    const url = (await listener.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;

    // One validate run (the binary) checks every sample.
    const files = await Promise.all(
      SOURCE_KINDS.map(async (kind) => {
        const sample = await runMain(['sample', kind, '--seed', '21']);
        expect(sample.code).toBe(0);
        const file = join(dir, `${kind}.json`);
        await writeFile(file, sample.stdout);
        return file;
      }),
    );
    const validated = await runCli(['validate', ...files]);
    expect(validated.code, validated.stdout).toBe(0);
    for (const kind of SOURCE_KINDS) expect(validated.stderr).toContain(`${kind} ×1 (detected)`);
    const sendArgs = (kind: string, i: number): string[] => ['send', kind, '--url', `${url}/${kind}`, '--data', files[i] as string, ...(SIGNED.has(kind) ? ['--secret', 's3cret'] : [])];
    // The binary sends the first kind and the custom one; main() the others, in turn.
    const viaBinary = Promise.all([runCli(sendArgs(SOURCE_KINDS[0] as string, 0)), runCli(['send', '--schema', SCHEMA, '--data', EXAMPLE, '--url', `${url}/orders`])]);
    const inProcess: CliResult[] = [];
    for (const [i, kind] of SOURCE_KINDS.entries()) if (i > 0) inProcess.push(await runMain(sendArgs(kind, i)));
    for (const sent of [...(await viaBinary), ...inProcess]) expect(sent.code, sent.stderr).toBe(0);

    const ended = await listener.exited;
    expect(ended.code, ended.stderr).toBe(0);
    const records = await readCaptures(captures);
    expect(records.map((r) => r.kind).sort()).toEqual([...SOURCE_KINDS, 'shop-order-event'].sort());
    for (const record of records) expect(record.path).toBe(record.kind === 'shop-order-event' ? '/orders' : `/${record.kind}`);
    for (const record of records) {
      expect(record, record.kind ?? '').toMatchObject({ valid: true, issues: [], kindSource: 'detected' });
      expect(record.body).toEqual(JSON.parse(Buffer.from(record.bodyBase64, 'base64').toString('utf8')));
    }
    const byKind = Object.fromEntries(records.map((r) => [r.kind, r]));
    for (const kind of SIGNED) expect(byKind[kind]?.['signature']).toMatchObject({ verdict: 'valid' });
    expect(byKind['pagerduty-incident']?.headers['x-pagerduty-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(byKind['sentry-issue-alert']?.headers['sentry-hook-resource']).toBe('event_alert');
    // uuid4().hex, as Sentry's code makes it: no hyphens.
    expect(byKind['sentry-issue-alert']?.headers['request-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(byKind['cloudwatch-alarm']?.headers['content-type']).toBe('text/plain; charset=UTF-8');
    expect(byKind['cloudwatch-alarm']?.headers['x-amz-sns-message-type']).toBe('Notification');
    // One subscription, named alike in the header and the body's UnsubscribeURL, as SNS sends it.
    const unsubscribe = new URL(String((byKind['cloudwatch-alarm']?.body as { UnsubscribeURL?: string } | undefined)?.UnsubscribeURL));
    expect(byKind['cloudwatch-alarm']?.headers['x-amz-sns-subscription-arn']).toBe(unsubscribe.searchParams.get('SubscriptionArn'));
    // --map: kept in the capture record and shown on each line.
    expect(byKind['alertmanager']?.['mapped']).toEqual({ ok: true, values: { status: 'firing', kindTag: 'n/a' }, problems: [] });
    expect(byKind['shop-order-event']?.['mapped']).toMatchObject({ values: { kindTag: 'order.created' } });
    expect(ended.stdout).toMatch(/alertmanager {2}valid .*\{status=firing, kindTag=n\/a\}/);
    expect(ended.stdout).toMatch(/shop-order-event {2}valid .*kindTag=order\.created/);
  }, 120_000);

  it('a wrong secret is reported as an invalid signature on PagerDuty\'s v1= header', async () => {
    const listener = startCli(['listen', '--port', '0', '--count', '1', '--timeout', '10s', '--secret', 'right', '--json']);
    const url = (await listener.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;
    expect((await runMain(['send', 'pagerduty-incident', '--url', url, '--secret', 'wrong', '--seed', '2'])).code).toBe(0);
    const ended = await listener.exited;
    expect(ended.code).toBe(1);
    const line = JSON.parse(ended.stdout.split('\n').find((l) => l.includes('"type":"request"')) ?? '{}') as { signature?: { verdict: string } };
    expect(line.signature?.verdict).toBe('invalid');
  });
});

describe('send with the source kinds\' delivery profiles (real binary)', () => {
  it('PagerDuty retries a 500 but not a 400 (server errors only, as documented)', async () => {
    const server = await startServer([500, 200]);
    try {
      const retried = await runMain(['send', 'pagerduty-incident', '--url', server.url, '--retry-delay', '10ms', '--seed', '1']);
      expect(retried.code).toBe(0);
      expect(server.requests).toHaveLength(2);
      expect(server.requests[1]?.headers['x-webhook-id']).toBe(server.requests[0]?.headers['x-webhook-id']);
      // As a captured delivery shows: X-Webhook-Id is a UUID of its own, not the event's id; with it
      // Accept: application/json and the subscription's id.
      const first = server.requests[0];
      const body = JSON.parse(first?.body.toString() ?? '{}') as { event: { id: string } };
      expect(first?.headers['x-webhook-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(first?.headers['x-webhook-id']).not.toBe(body.event.id);
      expect(first?.headers['x-webhook-subscription']).toMatch(/^P[0-9A-Z]{6}$/);
      expect(first?.headers.accept).toBe('application/json');
    } finally {
      await server.close();
    }
    const refusing = await startServer([400, 200]);
    try {
      const dropped = await runMain(['send', 'pagerduty-incident', '--url', refusing.url, '--retry-delay', '10ms', '--seed', '1']);
      expect(dropped.code).toBe(1);
      expect(refusing.requests).toHaveLength(1);
    } finally {
      await refusing.close();
    }
  });

  it('--curl for a source kind, run by curl, delivers the same body bytes and sender headers as send', async () => {
    const server = await startServer([200]);
    try {
      // Sent by main(); the curl command is the binary's.
      const sent = await runMain(['send', 'cloudwatch-alarm', '--url', `${server.url}/a`, '--seed', '5']);
      expect(sent.code).toBe(0);
      const planned = await runCli(['send', 'cloudwatch-alarm', '--url', `${server.url}/a`, '--seed', '5', '--curl']);
      expect(planned.code).toBe(0);
      expect(server.requests).toHaveLength(1);
      await promisify(execFile)('sh', ['-c', planned.stdout.trim()]);
      expect(server.requests).toHaveLength(2);
      const [viaSend, viaCurl] = server.requests;
      expect(viaCurl?.body.equals(viaSend?.body ?? Buffer.alloc(0))).toBe(true);
      expect(viaCurl?.headers['content-type']).toBe('text/plain; charset=UTF-8');
      expect(viaCurl?.headers['x-amz-sns-message-id']).toBe(viaSend?.headers['x-amz-sns-message-id']);
    } finally {
      await server.close();
    }
  });

  it('--schema without --data sends the schema\'s example, and refuses a kind argument that differs', async () => {
    const schema = join(dir, 'hook.schema.json');
    await writeFile(schema, JSON.stringify({ title: 'My hook', type: 'object', required: ['event'], properties: { event: { const: 'ping' } }, examples: [{ event: 'ping', n: 1 }] }));
    const server = await startServer([200]);
    try {
      const sent = await runMain(['send', '--schema', schema, '--url', server.url]);
      expect(sent.code, sent.stderr).toBe(0);
      expect(JSON.parse(server.requests[0]?.body.toString('utf8') ?? '')).toEqual({ event: 'ping', n: 1 });
    } finally {
      await server.close();
    }
    const clash = await runMain(['send', 'alertmanager', '--schema', schema, '--url', 'http://127.0.0.1:9/']);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain("--schema defines the kind 'my-hook'");
    const none = await runMain(['send', '--url', 'http://127.0.0.1:9/']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('name the kind to send');
  });

  it('--schema whose example its schema refuses: exit 1 with the issues, nothing sent; --no-validate or a --set that mends it sends', async () => {
    const schema = join(dir, 'order.schema.json');
    await writeFile(schema, JSON.stringify({ title: 'Order', type: 'object', required: ['id'], properties: { id: { type: 'string' } }, examples: [{ id: 5 }] }));
    const server = await startServer([200, 200]);
    try {
      const refused = await runCli(['send', '--schema', schema, '--url', server.url]);
      expect([refused.code, refused.stdout, refused.stderr]).toEqual([1, `${schema}#/examples/0:1  order  $.id  expected string, got number\n`, "error: the schema's first example is not a valid order payload; nothing was sent (--no-validate sends it anyway)\n"]);
      expect(server.requests).toHaveLength(0);
      const forced = await runMain(['send', '--schema', schema, '--url', server.url, '--no-validate']);
      expect(forced.code, forced.stderr).toBe(0);
      const mended = await runMain(['send', '--schema', schema, '--url', server.url, '--set', 'id="A-1"']);
      expect(mended.code, mended.stderr).toBe(0);
      expect(server.requests.map((request) => JSON.parse(request.body.toString('utf8')) as unknown)).toEqual([{ id: 5 }, { id: 'A-1' }]);
    } finally {
      await server.close();
    }
  });
});
