// What `whk send` puts on the wire, through the real binary against a local server, for the points
// where whk follows (or labels) the real senders' own behaviour.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { serversClosedAfterEach } from '../helpers/server.js';

const server = serversClosedAfterEach();
const bodyOf = (endpoint: { requests: { body: Buffer }[] }, i = 0): Record<string, any> => JSON.parse(endpoint.requests[i]?.body.toString() ?? '{}');

describe('metric-alert --alert-type', () => {
  it.each([
    ['KEY_METRIC_SIGNIFICANCE', { alertType: 'SIGNIFICANCE', metricCategory: { id: 'KEY' }, alertPolicy: null }],
    ['guardrail-metric-significance', { alertType: 'SIGNIFICANCE', metricCategory: { id: 'GUARDRAIL' }, alertPolicy: null }],
    ['ALERT_POLICY', { alertType: 'ALERT_POLICY', direction: 'UNDESIRED' }],
  ])('%s sends an alert that passes that filter', async (type, expected) => {
    const endpoint = await server([200]);
    const result = await runCli(['send', 'metric-alert', '--url', endpoint.url, '--alert-type', type, '--seed', '5']);
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
    const result = await runCli(['send', 'impressions', '--url', url, '--dry-run', '--json', '--seed', '1']);
    expect(result.code).toBe(0);
    const request = JSON.parse(result.stdout) as { headers: Record<string, string> };
    expect(request.headers['Content-Encoding']).toBe(gzipped ? 'gzip' : undefined);
  });
});
