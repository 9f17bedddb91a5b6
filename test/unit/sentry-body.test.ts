// The bytes whk sends for sentry-issue-alert: the payload in getsentry/sentry's order, written by its
// json.dumps (src/kinds/sentry-body.ts), and the Sentry-Hook-Signature over those bytes.
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareSend } from '../../src/delivery/plan.js';
import { generateSample } from '../../src/kinds/sample.js';
import { sentry } from '../../src/kinds/sentry.js';
import { sentryBody } from '../../src/kinds/sentry-body.js';

const planned = (seed: number, variant: string, set?: string[]) => {
  const [delivery] = prepareSend({ kind: sentry, url: 'http://127.0.0.1:9/hook', seed, variant, secret: 'client-secret', set });
  if (!delivery) throw new Error('nothing planned');
  return delivery.request;
};
const sampleOf = (seed: number, variant: string, set?: string[]) => generateSample(sentry, { seed, variant, set });
const keysOf = (json: string, path: string): string[] => {
  // The keys of the object at `path` in the order the bytes hold them (JSON.parse keeps string keys' order).
  const value = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], JSON.parse(json));
  return Object.keys(value as object);
};

describe('sentry-issue-alert wire bytes', () => {
  it.each([
    [1, 'javascript-error'],
    [7, 'python-error'],
  ])('seed %i %s: the body is sentryBody of the sample, signed over those bytes', (seed, variant) => {
    const request = planned(seed, variant);
    const body = request.body.toString('utf8');
    expect(body).toBe(sentryBody(sampleOf(seed, variant)));
    expect(JSON.parse(body)).toEqual(sampleOf(seed, variant));
    expect(request.headers['Sentry-Hook-Signature']).toBe(createHmac('sha256', 'client-secret').update(request.body).digest('hex'));
  });

  it('keys in the order AppPlatformEvent.body, get_actor and send_alert_webhook_v2 build them', () => {
    const body = planned(1, 'javascript-error').body.toString('utf8');
    expect(Object.keys(JSON.parse(body))).toEqual(['action', 'installation', 'data', 'actor']);
    expect(keysOf(body, 'actor')).toEqual(['type', 'id', 'name']);
    expect(keysOf(body, 'data')).toEqual(['event', 'triggered_rule', 'issue_alert']);
  });

  it('the event as GroupEvent.as_dict writes it: its eight first, the stored keys sorted, then the webhook\'s urls and issue id', () => {
    const body = planned(1, 'javascript-error').body.toString('utf8');
    const keys = keysOf(body, 'data.event');
    expect(keys.slice(0, 8)).toEqual(['event_id', 'project', 'release', 'dist', 'platform', 'message', 'datetime', 'tags']);
    expect(keys.slice(-4)).toEqual(['url', 'web_url', 'issue_url', 'issue_id']);
    const stored = keys.slice(8, -4);
    expect(stored).toEqual([...stored].sort());
    expect(stored.slice(0, 3)).toEqual(['_metrics', '_ref', '_ref_version']);
    // Objects inside the stored event come back from nodestore with their keys sorted.
    const exception = (JSON.parse(body) as { data: { event: { exception: { values: object[] } } } }).data.event.exception.values[0] as object;
    expect(Object.keys(exception)).toEqual(['mechanism', 'stacktrace', 'type', 'value']);
  });

  it('whole floats stay floats (timestamp 1775808255.0); an int stays an int', () => {
    const body = planned(1, 'javascript-error', ['data.event.timestamp=1775808255', 'data.event.received=1775808256', 'data.event.project=42']).body.toString('utf8');
    expect(body).toContain('"timestamp":1775808255.0,');
    expect(body).toContain('"received":1775808256.0,');
    expect(body).toContain('"project":42,');
  });

  it('writes characters past \'~\' as \\uXXXX, and <, > and & as they are', () => {
    const body = planned(1, 'javascript-error', ['data.triggered_rule="Fehler in Zürich <prod> & 🚨"']).body.toString('utf8');
    expect(body).toContain('"triggered_rule":"Fehler in Z\\u00fcrich <prod> & \\ud83d\\udea8"');
    expect(body).toMatch(/^[\x20-\x7e]*$/);
  });

  it('issue_alert in notify_sentry_app\'s order, keys added with --set after Sentry\'s own', () => {
    const body = sentryBody({ action: 'triggered', zz: 1, data: { issue_alert: { settings: [], extra: true, sentry_app_id: 3, title: 't', id: 9 }, triggered_rule: 'r' }, installation: { uuid: 'u' }, actor: { name: 'Sentry', id: 'sentry', type: 'application' } });
    expect(body).toBe('{"action":"triggered","installation":{"uuid":"u"},"data":{"triggered_rule":"r","issue_alert":{"id":9,"title":"t","sentry_app_id":3,"settings":[],"extra":true}},"actor":{"type":"application","id":"sentry","name":"Sentry"},"zz":1}');
  });

  it('whk sample still prints the payload in its own order: only the wire bytes change', () => {
    expect(Object.keys(sampleOf(1, 'javascript-error') as object)).toEqual(['action', 'actor', 'data', 'installation']);
  });
});

describe('sentry-issue-alert: the docs\' example re-serialized', () => {
  // The docs publish this example pretty-printed with sorted keys, not the bytes a delivery carries:
  // no published delivery's bytes are known. The digest is of what python3 printed for it following
  // Sentry's steps by hand (as_dict's order, nodestore's sort_keys round trip, AppPlatformEvent.body,
  // json.dumps with separators (',', ':')): 4,172 bytes.
  const docs = JSON.parse(readFileSync(new URL('../../fixtures/sentry-issue-alert/docs-issue-alert.json', import.meta.url), 'utf8')) as unknown;

  it('gives the bytes Sentry\'s steps give, with the same content', () => {
    const body = sentryBody(docs);
    expect(body.length).toBe(4172);
    expect(createHash('sha256').update(body).digest('hex')).toBe('3e02bd7aafc6dd6c817d29589aa55b078bbf0d2be075a0558652dabf4dec0ad6');
    expect(JSON.parse(body)).toEqual(docs);
    expect(body).toContain('"received":1566248777.677,');
  });
});
