// What `whk send` puts on the wire, against a local server, for the points where whk follows (or
// labels) the real senders' own behaviour.
// The binary (runCli, startCli) runs a witness of each way: a send's plain line, a send --json, a
// --dry-run --json with --secret and --set, a refusal in one line, a stream (--pause-drop), sample,
// validate, kinds, and listen. The other command lines, what varies within one of those ways (the
// kind, its release, its variant, the receiver's answers), run through main(), the binary's own
// path, in this process (runMain).
import { afterEach, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { closeSharedDispatcher } from '../../src/delivery/attempt.js';
import { send } from '../../src/index.js';
import { sentryBody } from '../../src/kinds/sentry-body.js';
import { listenHarness, runCli } from '../helpers/cli.js';
import { runMain } from '../helpers/main.js';
import { serversClosedAfterEach } from '../helpers/server.js';

// After-each hooks run last registered first: the shared dispatcher closes after the servers.
afterEach(async () => {
  await closeSharedDispatcher();
});
const server = serversClosedAfterEach();
const { file, listen } = listenHarness();
const bodyOf = (endpoint: { requests: { body: Buffer }[] }, i = 0): Record<string, any> => JSON.parse(endpoint.requests[i]?.body.toString() ?? '{}');

describe('metric-alert --alert-type', () => {
  it.each([
    ['KEY_METRIC_SIGNIFICANCE', { alertType: 'SIGNIFICANCE', metricCategory: { id: 'KEY' }, alertPolicy: null }],
    ['guardrail-metric-significance', { alertType: 'SIGNIFICANCE', metricCategory: { id: 'GUARDRAIL' }, alertPolicy: null }],
    ['ALERT_POLICY', { alertType: 'ALERT_POLICY', direction: 'UNDESIRED' }],
  ])('%s sends an alert that passes that filter', async (type, expected) => {
    const endpoint = await server([200]);
    const result = await runMain(['send', 'metric-alert', '--url', endpoint.url, '--alert-type', type, '--seed', '5']);
    expect(result.code).toBe(0);
    expect(bodyOf(endpoint).data).toMatchObject(expected);
  });
});

describe('impressions gzip rule through the binary', () => {
  it.each([
    ['https://hooks.slack-gov.com/services/T0/B0/x', false],
    ['https://webhooks.fivetran.com/webhooks/abc', false],
    ['https://eu.hooks.slack.com/services/T0/B0/x', true],
  ])('%s: gzipped %s', async (url, gzipped) => {
    const result = await runMain(['send', 'impressions', '--url', url, '--dry-run', '--json', '--seed', '1']);
    expect(result.code).toBe(0);
    const request = JSON.parse(result.stdout) as { headers: Record<string, string> };
    expect(request.headers['Content-Encoding']).toBe(gzipped ? 'gzip' : undefined);
  });
});

describe('impressions --pause-drop (the seed\'s gap)', () => {
  it('a paused stream sends nothing it held: the summary counts the gap, nothing is queued, exit 1', async () => {
    const endpoint = await server([500]);
    const args = ['send', 'impressions', '--url', endpoint.url, '--rate', '200/s', '--duration', '1s', '--flush-interval', '100ms', '--retry-delay', '10ms', '--pause-min-attempts', '2', '--pause-cooldown', '10m', '--drain-timeout', '100ms', '--json'];
    const result = await runCli([...args, '--pause-drop']);
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, number>;
    expect(summary).toMatchObject({ type: 'summary', queued: 0, dropped: 0, delivered: 0 });
    expect(summary['gap']).toBeGreaterThan(0);
    expect(summary['generated']).toBe((summary['failed'] ?? 0) + (summary['gap'] ?? 0));
    // Only the attempts before the pause reached the endpoint.
    expect(endpoint.requests.length).toBe(summary['requests']);
    expect(endpoint.requests.length).toBeLessThanOrEqual(4);
  });

  // Only the label is checked here. That without --pause-drop held batches are queued and delivered
  // after the pause is tested in test/integration/stream.test.ts ("pauses while the endpoint fails,
  // probes, resumes, and delivers every event exactly once").
  it('whk kinds --json lists the queue of batches held while paused among whk\'s choices, quoting the seed\'s "gap"', async () => {
    const kinds = await runMain(['kinds', '--json']);
    const impressions = (JSON.parse(kinds.stdout) as { id: string; delivery: { provenance: { ours: string[] } } }[]).find((k) => k.id === 'impressions');
    expect(impressions?.delivery.provenance.ours.join('\n')).toMatch(/while paused, batches wait in a queue.*"a gap in impression delivery"/);
  });
});

describe('metaplane-incident duplicates', () => {
  it('--duplicates 1 --duplicate-id new: each incident again under a new idempotencyId with the same content', async () => {
    const endpoint = await server([200]);
    const result = await runMain(['send', 'metaplane-incident', '--url', endpoint.url, '--count', '2', '--duplicates', '1', '--duplicate-id', 'new', '--seed', '3', '--json']);
    expect(result.code).toBe(0);
    expect(endpoint.requests).toHaveLength(4);
    for (const pair of [[0, 1], [2, 3]] as const) {
      const [first, again] = pair.map((i) => bodyOf(endpoint, i));
      expect(again?.['idempotencyId']).not.toBe(first?.['idempotencyId']);
      expect({ ...again, idempotencyId: null }).toEqual({ ...first, idempotencyId: null });
    }
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { duplicate: boolean; idempotencyId: string });
    expect(lines.map((l) => l.duplicate)).toEqual([false, true, false, true]);
  });

  // The seed's example (seed 002): "id": "26345", "acknowledged": false with "acknowledgedAt" set (to
  // createdAt), "incidentUrl": "", "entityType": "table". Seed 10 is one default sample that has all of
  // these at once; test/unit/kinds.test.ts checks that they occur across seeds.
  it('the default sample reads like Metaplane\'s example: numeric-string ids, "" incidentUrl, acknowledgedAt while not acknowledged, entityType "table", linkedAt after createdAt', async () => {
    const result = await runCli(['sample', 'metaplane-incident', '--seed', '10']);
    expect(result.code).toBe(0);
    const incident = JSON.parse(result.stdout) as Record<string, any>;
    expect(Object.keys(incident).slice(0, 8)).toEqual(['id', 'createdAt', 'updatedAt', 'idempotencyId', 'status', 'acknowledged', 'acknowledgedAt', 'incidentUrl']);
    expect(incident).toMatchObject({ status: 'opened', acknowledged: false, acknowledgedAt: incident['createdAt'], incidentUrl: '' });
    expect(incident['id']).toMatch(/^\d+$/);
    for (const m of incident['affectedMonitors']) {
      expect(m.id).toMatch(/^\d+$/);
      expect(m.monitor.entityType).toBe('table');
      expect(Date.parse(m.linkedAt)).toBeGreaterThan(Date.parse(incident['createdAt']));
    }
    for (const m of incident['affectedMonitors_v2']) {
      expect(m.id).toMatch(/^\d+$/);
      for (const monitor of m.monitor) for (const entity of monitor.entities) expect(entity.entityType).toBe('table');
    }
  });

  it('whk validate --kind metaplane-incident keeps accepting the other spellings: "TABLE", ids like "inc_abc-uuid", a URL, acknowledgedAt null', async () => {
    const sample = JSON.parse((await runMain(['sample', 'metaplane-incident', '--seed', '10'])).stdout) as Record<string, any>;
    const respelled = structuredClone(sample);
    Object.assign(respelled, { id: 'inc_abc-uuid', incidentUrl: 'https://app.metaplane.dev/incidents/inc_abc-uuid', acknowledgedAt: null });
    for (const m of respelled['affectedMonitors']) Object.assign(m, { id: '3fa85f64-5717-4562-b3fc-2c963f66afa6' }, { monitor: { ...m.monitor, entityType: 'TABLE' } });
    for (const m of respelled['affectedMonitors_v2']) for (const monitor of m.monitor) for (const entity of monitor.entities) entity.entityType = 'TABLE';
    const accepted = await runCli(['validate', '--kind', 'metaplane-incident', '--json', '-'], { input: JSON.stringify(respelled) });
    expect(accepted.code).toBe(0);
    expect(JSON.parse(accepted.stdout.trim().split('\n').at(-1) ?? '{}')).toMatchObject({ type: 'summary', payloads: 1, valid: 1, invalid: 0, warnings: 0 });
    // The same path still checks the field: entityType as a number is rejected there.
    const broken = structuredClone(respelled);
    broken['affectedMonitors'][0].monitor.entityType = 3;
    const rejected = await runMain(['validate', '--kind', 'metaplane-incident', '--json', '-'], { input: JSON.stringify(broken) });
    expect(rejected.code).toBe(1);
    expect(JSON.parse(rejected.stdout.split('\n')[0] ?? '{}').issues).toEqual([{ path: '$.affectedMonitors[0].monitor.entityType', message: 'expected string, got number' }]);
  });

  it('whk listen: one idempotencyId in other bytes with equal content is a note; other content is a violation', async () => {
    const save = file('captures.ndjson');
    const { cli, url } = await listen(['--count', '3', '--save', save]);
    const opened = (await runMain(['sample', 'metaplane-incident', '--seed', '4'])).stdout;
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(opened) as Record<string, unknown>).reverse()));
    const changed = JSON.stringify({ ...(JSON.parse(opened) as Record<string, unknown>), acknowledged: true });
    for (const body of [opened, reordered, changed]) await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    const result = await cli.exited;
    expect(result.code).toBe(1);
    const records = (await readFile(save, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { valid: boolean; notes: string[]; issues: { message: string }[]; duplicateOf: number | null });
    expect(records.map((r) => [r.valid, r.duplicateOf])).toEqual([[true, null], [true, 1], [false, null]]);
    expect(records[1]?.notes.join('\n')).toMatch(/same idempotencyId and content as request #1, in other bytes/);
    // The line says it too, next to the repeat (it was only in the record).
    const lines = result.stdout.split('\n').filter((line) => line.includes('POST '));
    expect(lines[1]).toMatch(/ {2}duplicate of #1 \(same idempotencyId\) {2}note: same idempotencyId and content as request #1, in other bytes \(key order or whitespace\)$/);
    expect(lines[0]).not.toMatch(/note:/);
    expect(records[2]?.issues.map((i) => i.message).join('\n')).toMatch(/same idempotencyId as request #1 but different bytes and content/);
  });
});

describe('hertzbeat-alarm --sender-version on the wire', () => {
  const redirecting = () => server((request) => (request.url === '/hook' ? { status: 302, headers: { location: '/moved' } } : 200));

  it('1.5.0 does not follow a 302: one request, and the 302 (below 400) is its success', async () => {
    const endpoint = await redirecting();
    const result = await runMain(['send', 'hertzbeat-alarm', '--url', `${endpoint.url}/hook`, '--sender-version', '1.5.0', '--seed', '1', '--json']);
    expect(result.code).toBe(0);
    expect(endpoint.requests.map((r) => [r.method, r.url])).toEqual([['POST', '/hook']]);
    expect(JSON.parse(result.stdout).attempts).toEqual([{ status: 302, ms: expect.any(Number), error: null }]);
    expect(endpoint.requests[0]?.headers['user-agent']).toBe('Java/11.0.16');
    expect(bodyOf(endpoint)).toHaveProperty('triggerTime');
  });

  it('1.6.0 follows it (OkHttp): the target is asked, with a GET, and its answer is the outcome', async () => {
    const endpoint = await redirecting();
    const result = await runCli(['send', 'hertzbeat-alarm', '--url', `${endpoint.url}/hook`, '--sender-version', '1.6.0', '--seed', '1', '--json']);
    expect(result.code).toBe(0);
    expect(endpoint.requests.map((r) => [r.method, r.url])).toEqual([['POST', '/hook'], ['GET', '/moved']]);
    expect(JSON.parse(result.stdout).attempts).toEqual([{ status: 200, ms: expect.any(Number), error: null, redirects: [{ status: 302, to: `${endpoint.url}/moved` }] }]);
    expect(endpoint.requests[0]?.headers).toMatchObject({ 'user-agent': 'okhttp/4.12.0', connection: 'close' });
  });

  it('the default (the newest release, 1.8.0: OkHttp) follows redirects and sends Connection: close; 1.9.0 (unreleased) sends none', async () => {
    const endpoint = await redirecting();
    const result = await runMain(['send', 'hertzbeat-alarm', '--url', `${endpoint.url}/hook`, '--seed', '1']);
    expect(result.code).toBe(0);
    expect(endpoint.requests.map((r) => r.url)).toEqual(['/hook', '/moved']);
    expect(endpoint.requests[0]?.headers['connection']).toBe('close');
    expect(endpoint.requests[0]?.headers['user-agent']).toBe('okhttp/4.12.0');
    expect(bodyOf(endpoint)).toHaveProperty('alerts');
    const later = await redirecting();
    expect((await runMain(['send', 'hertzbeat-alarm', '--url', `${later.url}/hook`, '--seed', '1', '--sender-version', '1.9.0'])).code).toBe(0);
    expect(later.requests.map((r) => r.url)).toEqual(['/hook', '/moved']);
    expect(later.requests[0]?.headers['connection']).not.toBe('close');
  });

  it('a variant of the generation a release sends goes as that release writes it; another generation is refused in one line, exit 2', async () => {
    const endpoint = await server([200]);
    const entity = await runMain(['send', 'hertzbeat-alarm', '--url', endpoint.url, '--sender-version', '1.0.0', '--variant', 'entity', '--seed', '1']);
    expect(entity.code).toBe(0);
    expect(bodyOf(endpoint)).toHaveProperty('firstTriggerTime');
    const refused = await runCli(['send', 'hertzbeat-alarm', '--url', endpoint.url, '--sender-version', '1.8.0', '--variant', 'entity', '--dry-run']);
    expect(refused.code).toBe(2);
    expect(refused.stderr.split('\n')[0]).toBe('error: --variant entity: hertzbeat-alarm 1.8.0 sends grouped alarms (1.7.0 and later), not entity alarms (up to 1.4.1)');
  });

  it('1.7.0 (OkHttp) against a receiver answering 408 then 200: delivered in two requests, each an attempt', async () => {
    const endpoint = await server([408, 200]);
    const result = await runCli(['send', 'hertzbeat-alarm', '--url', `${endpoint.url}/hook`, '--sender-version', '1.7.0', '--seed', '1']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^✔ hertzbeat-alarm {2}408 \(\d+ms\) → 200 \(\d+ms, OkHttp sent it again after the 408\) {2}delivered /);
    expect(endpoint.requests.map((r) => [r.method, r.url])).toEqual([['POST', '/hook'], ['POST', '/hook']]);
  });

  it('1.9.0 (the JDK HttpClient) takes the 408 as the answer: one request', async () => {
    const endpoint = await server([408, 200]);
    const result = await runMain(['send', 'hertzbeat-alarm', '--url', `${endpoint.url}/hook`, '--sender-version', '1.9.0', '--seed', '1', '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).attempts).toEqual([{ status: 408, ms: expect.any(Number), error: null }]);
    expect(endpoint.requests).toHaveLength(1);
  });

  // The 6000 s itself is asserted on the planned policy (test/unit/fidelity-hertzbeat.test.ts); here
  // only a short injected timeout, never a real long wait.
  it('1.8.0 against a receiver that hangs: an injected short timeout ends the attempt', async () => {
    const silent = await server(() => ({ status: 200, delayMs: 5_000 }));
    const result = await runMain(['send', 'hertzbeat-alarm', '--url', silent.url, '--sender-version', '1.8.0', '--timeout', '200ms', '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).attempts).toEqual([{ status: null, ms: expect.any(Number), error: 'timed out after 200ms' }]);
    expect(silent.requests[0]?.headers['connection']).toBe('close');
  });

  it('raw-template sends the template\'s bytes: a trailing comma, and an alertName with a quote unescaped', async () => {
    const endpoint = await server([200]);
    const result = await runMain(['send', 'hertzbeat-alarm', '--url', endpoint.url, '--variant', 'raw-template', '--seed', '2', '--set', 'commonLabels.alertName="Disk \\"/data\\" full"']);
    expect(result.code).toBe(0);
    const body = endpoint.requests[0]?.body.toString() ?? '';
    expect(body).toContain('"alertName": "Disk "/data" full"');
    expect(body).toMatch(/",\n {4}\}/);
  });
});

describe('whk kinds marks whk\'s choices in its plain output', () => {
  it('"(whk\'s choice)" after exactly the numbers and headers that are whk\'s', async () => {
    const result = await runCli(['kinds']);
    expect(result.code).toBe(0);
    const delivery = (id: string) => result.stdout.split('\n\n').find((block) => block.startsWith(`${id} `))?.split('\n').find((l) => l.startsWith('  delivery')) ?? '';
    expect(delivery('metric-alert')).toContain("timeout 10s (whk's choice)");
    expect(delivery('metric-alert')).toContain('retry once after 300ms;');
    expect(delivery('metaplane-incident')).toContain("success: any 2xx (whk's choice)");
    expect(delivery('pagerduty-incident')).toContain('timeout 5s;');
    expect(delivery('impressions')).toContain("batches queued while paused (whk's choice)");
    expect(delivery('grafana-alert')).toMatch(/User-Agent Grafana$/);
    expect(result.stdout).toMatch(/versions {3}default 1\.8\.0/);
  });
});

describe('source kinds on the wire', () => {
  it('alertmanager: a 429 is final (one request), a 503 is retried; User-Agent Alertmanager/<version>', async () => {
    const limited = await server([429]);
    const once = await runMain(['send', 'alertmanager', '--url', limited.url, '--retry-delay', '10ms']);
    expect(once.code).toBe(1);
    expect(limited.requests).toHaveLength(1);
    expect(limited.requests[0]?.headers['user-agent']).toMatch(/^Alertmanager\/\d+\.\d+\.\d+$/);
    const flaky = await server([503, 200]);
    const retried = await runMain(['send', 'alertmanager', '--url', flaky.url, '--retry-delay', '10ms']);
    expect(retried.code).toBe(0);
    expect(flaky.requests).toHaveLength(2);
  });

  // New Relic's webhook destination authenticates with Basic or a Bearer token (its own page, and the
  // newrelic_notification_destination resource's auth_basic / auth_token).
  it.each([
    ['--auth-basic', 'Basic dTpw'],
    ['--auth-bearer', 'Bearer dTpw'],
  ])('new-relic takes %s', async (flag, header) => {
    const result = await runMain(['send', 'new-relic', '--url', 'http://127.0.0.1:9/x', '--dry-run', '--json', flag, 'dTpw']);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { headers: Record<string, string> }).headers['Authorization']).toBe(header);
  });

  // GitLab posts through Gitlab::HTTP (HTTParty): redirects followed, 4 at most; a 3xx it does not
  // follow counts as a success (web_hook_service.rb response_category).
  it('gitlab follows a 302 as a GET; its 5th redirect fails the delivery; a 3xx without a Location is delivered', async () => {
    const moved = await server((request) => (request.url === '/a' ? { status: 302, headers: { location: '/b' } } : 200));
    const followed = await runMain(['send', 'gitlab', '--url', `${moved.url}/a`, '--seed', '1']);
    expect(followed.code).toBe(0);
    expect(moved.requests.map((r) => [r.method, r.url])).toEqual([['POST', '/a'], ['GET', '/b']]);
    // The line says where the delivery went; --json lists each redirect.
    expect(followed.stdout).toMatch(new RegExp(`^✔ gitlab  200 \\(\\d+ms, after 302 → ${moved.url.replace(/\./g, '\\.')}/b\\)  delivered  `, 'm'));
    const json = await runMain(['send', 'gitlab', '--url', `${moved.url}/a`, '--seed', '1', '--json']);
    expect((JSON.parse(json.stdout) as { attempts: unknown[] }).attempts).toEqual([{ status: 200, ms: expect.any(Number), error: null, redirects: [{ status: 302, to: `${moved.url}/b` }] }]);
    const looping = await server((request, i) => ({ status: 307, headers: { location: `/loop${i + 1}` } }));
    const result = await runMain(['send', 'gitlab', '--url', `${looping.url}/hook`, '--seed', '1']);
    expect(result.code).toBe(1);
    expect(looping.requests).toHaveLength(5);
    expect(result.stderr + result.stdout).toMatch(/HTTParty \(Gitlab::HTTP\) gives up \(\d+ms, after 4 redirects, the last 307 → http:\/\/127\.0\.0\.1:\d+\/loop4\)/);
    const bare = await server(() => ({ status: 302 }));
    expect((await runMain(['send', 'gitlab', '--url', bare.url, '--seed', '1'])).code).toBe(0);
  });

  // Datadog docs "Webhooks": a retry only after an internal error or a 5XX answer.
  it('datadog-monitor: a 429 is final (one request), a 502 is retried', async () => {
    const limited = await server([429, 200]);
    expect((await runMain(['send', 'datadog-monitor', '--url', limited.url, '--retry-delay', '10ms'])).code).toBe(1);
    expect(limited.requests).toHaveLength(1);
    const flaky = await server([502, 200]);
    expect((await runMain(['send', 'datadog-monitor', '--url', flaky.url, '--retry-delay', '10ms'])).code).toBe(0);
    expect(flaky.requests).toHaveLength(2);
  });

  // grafana/alerting: receivers/webhook/v1/webhook.go returns "do not retry" on a failed send;
  // http/tls.go's client turns keep-alives off (Connection: close) and leaves Go's redirects on.
  it('grafana-alert: a 503 is final (one request), sent with Connection: close', async () => {
    const failing = await server([503, 200]);
    const result = await runMain(['send', 'grafana-alert', '--url', failing.url]);
    expect(result.code).toBe(1);
    expect(failing.requests).toHaveLength(1);
    expect(failing.requests[0]?.headers.connection).toBe('close');
  });

  // grafana/alerting http/hmac.go: hex HMAC-SHA256 of the body in X-Grafana-Alerting-Signature (defaultHeaderName).
  it('grafana-alert --secret signs X-Grafana-Alerting-Signature over the body', async () => {
    const endpoint = await server([200]);
    expect((await runMain(['send', 'grafana-alert', '--url', endpoint.url, '--secret', 's3cret', '--seed', '1'])).code).toBe(0);
    const request = endpoint.requests[0];
    const expected = createHmac('sha256', 's3cret').update(request?.body ?? Buffer.alloc(0)).digest('hex');
    expect(request?.headers['x-grafana-alerting-signature']).toBe(expected);
  });

  // getsentry/sentry app_platform_event.py: the body is json.dumps (utils/json.py: compact, ASCII only)
  // of action, installation, data, actor; Sentry-Hook-Signature is the hex HMAC-SHA256 of that string.
  it('sentry-issue-alert --dry-run shows the body as Sentry writes it, signed over those bytes', async () => {
    const result = await runCli(['send', 'sentry-issue-alert', '--url', 'http://127.0.0.1:9/x', '--dry-run', '--json', '--seed', '3', '--secret', 's3cret', '--set', 'data.triggered_rule="Zürich"']);
    expect(result.code).toBe(0);
    const request = JSON.parse(result.stdout) as { headers: Record<string, string>; body: string };
    const sample = JSON.parse((await runMain(['sample', 'sentry-issue-alert', '--seed', '3', '--set', 'data.triggered_rule="Zürich"'])).stdout) as unknown;
    expect(request.body).toBe(sentryBody(sample));
    expect(request.body).toMatch(/^\{"action":"triggered","installation":\{"uuid":"[^"]+"\},"data":\{"event":\{"event_id":/);
    expect(request.body).toContain('"triggered_rule":"Z\\u00fcrich"');
    expect(request.headers['Sentry-Hook-Signature']).toBe(createHmac('sha256', 's3cret').update(request.body).digest('hex'));
  });

  it.each(['alertmanager', 'grafana-alert'])('%s follows redirects as Go does: a 307 re-posts the body, a 302 asks with a GET', async (kind) => {
    const endpoint = await server((request) => (request.url === '/a' ? { status: 307, headers: { location: '/b' } } : request.url === '/b' ? { status: 302, headers: { location: '/c' } } : 200));
    const result = await runMain(['send', kind, '--url', `${endpoint.url}/a`, '--seed', '1']);
    expect(result.code).toBe(0);
    expect(endpoint.requests.map((r) => [r.method, r.url, r.body.length > 0])).toEqual([['POST', '/a', true], ['POST', '/b', true], ['GET', '/c', false]]);
  });

  it.each([
    ['grafana-alert', 'Grafana'],
    ['pagerduty-incident', 'PagerDuty-Webhook/V3.0'],
    // getsentry/sentry src/sentry/net/http.py: sentry/<VERSION> (https://sentry.io); the version is whk's.
    ['sentry-issue-alert', 'sentry/25.10.0 (https://sentry.io)'],
    ['cloudwatch-alarm', 'Amazon Simple Notification Service Agent'],
    ['metric-alert', 'whk'],
  ])('%s sends User-Agent %s', async (kind, agent) => {
    const endpoint = await server([200]);
    expect((await runMain(['send', kind, '--url', endpoint.url, '--seed', '1'])).code).toBe(0);
    expect(endpoint.requests[0]?.headers['user-agent']).toBe(agent);
  });

  it('grafana-alert --variant resolved: the title the default template gives, [RESOLVED] with no count', async () => {
    const endpoint = await server([200]);
    await runMain(['send', 'grafana-alert', '--variant', 'resolved', '--url', endpoint.url, '--seed', '2']);
    expect(bodyOf(endpoint)['title']).toMatch(/^\[RESOLVED\] \S/);
    expect(bodyOf(endpoint)['message']).toMatch(/^\*\*Resolved\*\*\n\nValue: /);
  });
});

describe('the API takes the same choices', () => {
  it('send() with senderVersion and duplicateId', async () => {
    const endpoint = await server((request) => (request.url === '/hook' ? { status: 302, headers: { location: '/moved' } } : 200));
    const old = await send('hertzbeat-alarm', { url: `${endpoint.url}/hook`, senderVersion: '1.5.0', seed: 1 });
    expect(old.delivered).toBe(true);
    expect(endpoint.requests.map((r) => r.url)).toEqual(['/hook']);
    const copies = await server([200]);
    await send('metaplane-incident', { url: copies.url, seed: 1, duplicates: 1, duplicateId: 'new' });
    const [first, again] = [bodyOf(copies, 0), bodyOf(copies, 1)];
    expect(again['idempotencyId']).not.toBe(first['idempotencyId']);
    expect({ ...again, idempotencyId: 0 }).toEqual({ ...first, idempotencyId: 0 });
  });
});
