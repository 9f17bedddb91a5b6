// Source kinds against their senders' code: Grafana's default title and message, PagerDuty's
// references, and the marks `whk kinds` puts on whk's own choices.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareSend } from '../../src/delivery/plan.js';
import { getKind, listKinds } from '../../src/kinds/index.js';
import { senderChoice } from '../../src/kinds/sender-version.js';
import { ALERTS } from '../../src/kinds/alert-catalog.js';
import { grafanaMessage, grafanaTitle } from '../../src/kinds/grafana-template.js';
import { datadogBodyDate } from '../../src/kinds/datadog.js';
import type { GrafanaPayload } from '../../src/kinds/grafana.js';
import { isRecord } from '../../src/util/json.js';
import { validatePayload } from '../../src/validate/payload.js';

const grafana = (seed: number, variant: string) => getKind('grafana-alert').sample({ seed, variant }) as GrafanaPayload;

describe('grafana-alert title and message (default.title, default.message)', () => {
  it('a resolved group is titled [RESOLVED] with no count', () => {
    for (let seed = 1; seed <= 30; seed++) expect(grafana(seed, 'resolved').title).toMatch(/^\[RESOLVED\] /);
  });

  it('firing: [FIRING:n], the group labels, then the other common labels; one alert includes its instance', () => {
    const group = {
      status: 'firing',
      groupLabels: { alertname: 'HighCPU', grafana_folder: 'Prod' },
      commonLabels: { alertname: 'HighCPU', grafana_folder: 'Prod', instance: 'web-1:9100', team: 'ops' },
      alerts: [{ status: 'firing', labels: {}, annotations: {}, values: null, generatorURL: '', silenceURL: '' }],
    };
    expect(grafanaTitle(group)).toBe('[FIRING:1] HighCPU Prod (web-1:9100 ops)');
    expect(grafanaTitle({ ...group, commonLabels: group.groupLabels })).toBe('[FIRING:1] HighCPU Prod ');
    const sample = grafana(9, 'firing');
    if (sample.alerts.length === 1) expect(sample.title).toContain(sample.alerts[0]?.labels['instance']);
    for (let seed = 1; seed <= 30; seed++) {
      const s = grafana(seed, 'firing');
      expect(s.title?.startsWith(`[FIRING:${s.alerts.length}] `)).toBe(true);
      if (s.alerts.length === 1) expect(s.title).toContain(s.alerts[0]?.labels['instance']);
    }
  });

  it('message: one **Firing** / **Resolved** heading, each alert\'s values, sorted labels (alertname first), every annotation and link', () => {
    const alert = {
      status: 'resolved',
      labels: { team: 'ops', alertname: 'HighCPU', instance: 'web-1' },
      annotations: { summary: 's', description: 'd' },
      values: { C: 0, A: 97.5 },
      generatorURL: 'https://g/rule',
      silenceURL: 'https://g/silence',
      dashboardURL: 'https://g/d',
      panelURL: 'https://g/p',
    };
    expect(grafanaMessage([alert])).toBe(
      '**Resolved**\n\nValue: A=97.5, C=0\nLabels:\n - alertname = HighCPU\n - instance = web-1\n - team = ops\nAnnotations:\n - description = d\n - summary = s\nSource: https://g/rule\nSilence: https://g/silence\nDashboard: https://g/d\nPanel: https://g/p\n',
    );
    const twoFiring = grafanaMessage([{ ...alert, status: 'firing', values: null }, { ...alert, status: 'firing' }]);
    expect(twoFiring.match(/\*\*Firing\*\*/g)).toHaveLength(1);
    expect(twoFiring).toContain('Value: [no value]');
    expect(grafana(3, 'resolved').message).toBe(grafanaMessage(grafana(3, 'resolved').alerts as never));
  });
});

// grafana/alerting templates/template_data.go: ExtendedAlert sends valueString (no omitempty),
// generateSilenceURL adds a matcher per label (the rule UID first, then the labels by name, less
// alertname and grafana_folder), generateDashboardURL sets from (an hour before the start) and to, and
// url.Values.Encode writes the keys in order. The value string's form is Grafana's docs' ("Template
// annotations and labels": [ var='B' labels={instance=http_server} value=10 ]).
describe('grafana-alert links and value string (grafana/alerting template_data.go)', () => {
  it('writes them as Grafana does, for firing and resolved alerts', () => {
    for (const variant of ['firing', 'resolved']) {
      const payload = getKind('grafana-alert').sample({ seed: 3, variant }) as GrafanaPayload;
      for (const alert of payload.alerts) {
        const labels = alert.labels as Record<string, string>;
        const ruleUid = /alerting\/grafana\/([^/]+)\/view/.exec(alert.generatorURL)?.[1];
        const silence = new URL(alert.silenceURL);
        expect([...silence.searchParams.keys()]).toEqual(['alertmanager', ...Array(5).fill('matcher'), 'orgId']);
        expect(silence.searchParams.getAll('matcher')).toEqual([`__alert_rule_uid__=${ruleUid}`, ...['instance', 'service', 'severity', 'team'].map((name) => `${name}=${labels[name]}`)]);
        expect(alert.silenceURL).toContain('matcher=__alert_rule_uid__%3D');
        const dashboard = new URL(alert.dashboardURL ?? '');
        expect([...dashboard.searchParams.keys()]).toEqual(['from', 'orgId', 'to']);
        expect(Number(dashboard.searchParams.get('from'))).toBe(Date.parse(alert.startsAt) - 3_600_000);
        if (variant === 'resolved') expect(Number(dashboard.searchParams.get('to'))).toBe(Date.parse(alert.endsAt));
        expect(alert.panelURL).toMatch(new RegExp(`^${alert.dashboardURL?.replace(/[.?]/g, '\\$&')}&viewPanel=\\d+$`));
        const values = alert.values as Record<string, number>;
        expect(alert.valueString).toBe(Object.entries(values).map(([ref, v]) => `[ var='${ref}' labels={instance=${labels['instance']}} value=${v} ]`).join(', '));
      }
    }
  });
});

// grafana/grafana pkg/services/ngalert/schedule: the ticker ticks on whole 10 s marks and the state
// manager is given the tick as the evaluation time, so startsAt and endsAt fall on those marks (a
// captured Grafana 11 delivery: "2024-03-01T02:09:00Z").
describe('grafana-alert startsAt and endsAt', () => {
  it('fall on the scheduler\'s 10 s ticks, printed with no fraction', () => {
    for (let seed = 1; seed <= 20; seed++) {
      for (const variant of ['firing', 'resolved']) {
        for (const alert of grafana(seed, variant).alerts) {
          expect(alert.startsAt).toMatch(/T\d\d:\d\d:\d0Z$/);
          expect(alert.endsAt).toMatch(variant === 'firing' ? /^0001-01-01T00:00:00Z$/ : /T\d\d:\d\d:\d0Z$/);
        }
      }
    }
  });
});

// grafana/alerting receivers/webhook/v1/webhook.go: json.Marshal writes webhookMessage's embedded
// ExtendedData first, then version, groupKey, truncatedAlerts, orgId, title, state, message, as a real
// Grafana 11 delivery has them (Zulip's fixture alert_values_v11.json). Grafana 12.0 adds orgId to each
// alert, 12.4 ruleUID and appVersion (templates/template_data.go: ExtendedAlert, ExtendedData), which
// that delivery predates; the sample is the newest line's and has them in their struct places.
describe('grafana-alert body keys', () => {
  const real = JSON.parse(readFileSync(new URL('../../fixtures/grafana-alert/zulip-alert-values-v11.json', import.meta.url), 'utf8')) as GrafanaPayload;
  const without = (keys: string[], ...names: string[]) => keys.filter((key) => !names.includes(key));
  it('come in the order Grafana marshals them', () => {
    for (const variant of ['firing', 'resolved']) {
      const sample = grafana(4, variant);
      const keys = Object.keys(sample);
      expect(without(keys, 'appVersion')).toEqual(Object.keys(real));
      expect(keys.indexOf('appVersion')).toBe(keys.indexOf('externalURL') + 1);
      const alertKeys = Object.keys(sample.alerts[0] ?? {});
      expect(without(alertKeys, 'ruleUID', 'orgId')).toEqual(without(Object.keys(real.alerts[0] ?? {}), 'imageURL'));
      expect(alertKeys.indexOf('ruleUID')).toBe(alertKeys.indexOf('panelURL') + 1);
      expect(alertKeys.at(-1)).toBe('orgId');
    }
  });

  // extendAlert: RuleUID is the __alert_rule_uid__ label (removePrivateItems drops it from labels),
  // OrgID the __orgId__ annotation parsed as an int64; TmplText sets AppVersion from the template
  // factory's Config, which Grafana fills with setting.BuildVersion.
  it('orgId, ruleUID and appVersion hold what Grafana fills them with', () => {
    for (let seed = 1; seed <= 10; seed++) {
      for (const variant of ['firing', 'resolved']) {
        const sample = grafana(seed, variant);
        expect(sample.appVersion).toMatch(/^\d+\.\d+\.\d+$/);
        for (const alert of sample.alerts) {
          expect(alert.orgId).toBe(sample.orgId);
          expect(typeof alert.orgId).toBe('number');
          expect(alert.ruleUID).toBe(/alerting\/grafana\/([^/]+)\/view/.exec(alert.generatorURL)?.[1]);
          expect(new URL(alert.silenceURL).searchParams.getAll('matcher')[0]).toBe(`__alert_rule_uid__=${alert.ruleUID}`);
          expect(Object.keys(alert.labels as object)).not.toContain('__alert_rule_uid__');
        }
      }
    }
  });
});

// prometheus/prometheus rules/group.go EvalTimestamp: a group is evaluated at slots one interval apart plus
// an offset fixed for the group; rules/alerting.go sets FiredAt (and ResolvedAt) to the evaluation's ts and
// sendAlerts (cmd/prometheus/main.go) sends them as startsAt (and endsAt). zulip's captured delivery: two
// alerts of one rule, both "2020-02-06T00:17:58.432911368Z".
describe('alertmanager startsAt and endsAt', () => {
  it('share the rule group\'s evaluation offset: the same sub-second part', () => {
    const parts = (time: string) => /^(.*T\d\d:\d\d:\d\d)(\.\d+)?Z$/.exec(time);
    for (let seed = 1; seed <= 30; seed++) {
      for (const variant of ['firing', 'resolved']) {
        const { alerts } = getKind('alertmanager').sample({ seed, variant }) as { alerts: { startsAt: string; endsAt: string }[] };
        const times = alerts.flatMap((a) => (variant === 'firing' ? [a.startsAt] : [a.startsAt, a.endsAt]));
        const first = parts(times[0] ?? '');
        expect(first?.[2]).toMatch(/^\.\d{1,9}$/);
        for (const time of times) {
          expect(parts(time)?.[2]).toBe(first?.[2]);
        }
      }
    }
  });

  it('print as Go marshals a time: no trailing zeros in the fraction', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const { alerts } = getKind('alertmanager').sample({ seed, variant: 'resolved' }) as { alerts: { startsAt: string; endsAt: string }[] };
      for (const alert of alerts) expect(`${alert.startsAt} ${alert.endsAt}`).not.toMatch(/\.\d*0Z/);
    }
  });
});

// prometheus/prometheus util/strutil/strconv.go TableLinkForExpression: the expression goes through
// Go's url.QueryEscape, so a space is '+' and parentheses are %28 and %29.
describe('alertmanager generatorURL', () => {
  it('carries the rule expression escaped as Prometheus escapes it', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { alerts } = getKind('alertmanager').sample({ seed }) as { alerts: { generatorURL: string }[] };
      for (const { generatorURL } of alerts) {
        const raw = /[?&]g0\.expr=([^&]*)/.exec(generatorURL)?.[1] ?? '';
        expect(raw).toMatch(/\+/);
        expect(raw).not.toMatch(/[ ()!*']|%20/);
        expect(ALERTS.map((a) => a.expr)).toContain(new URL(generatorURL).searchParams.get('g0.expr'));
      }
    }
  });
});

// getsentry/sentry sentry_apps/tasks/sentry_apps.py, _webhook_event_data: issue_url is absolute_uri(
// f"/api/0/organizations/{organization.slug}/issues/{group_id}/").
describe('sentry-issue-alert issue_url', () => {
  it('is organization-scoped, as Sentry writes it', () => {
    const { data } = getKind('sentry-issue-alert').sample({ seed: 4 }) as { data: { event: { issue_id: string; issue_url: string; web_url: string } } };
    const org = /organizations\/([^/]+)\//.exec(data.event.web_url)?.[1];
    expect(data.event.issue_url).toBe(`https://sentry.io/api/0/organizations/${org}/issues/${data.event.issue_id}/`);
  });
});

// getsentry/sentry src/sentry/eventstore/models.py: BaseEvent.datetime is data["timestamp"] as a
// date, which the payload writes with six fractional digits (Sentry's docs example: .677000Z, .677).
describe('sentry-issue-alert datetime', () => {
  it('is the instant timestamp gives, with microseconds', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { data } = getKind('sentry-issue-alert').sample({ seed }) as { data: { event: { datetime: string; timestamp: number } } };
      expect(data.event.datetime).toMatch(/\.\d{6}Z$/);
      expect(Date.parse(data.event.datetime)).toBe(Math.round(data.event.timestamp * 1000));
      expect(data.event.datetime.slice(-4)).toBe('000Z');
    }
  });
});

// getsentry/sentry src/sentry/grouping/ingest/hashing.py (_calculate_event_grouping) stores the
// fingerprint, ["{{ default }}"] when the SDK sent none, in every event as_dict then sends.
describe('sentry-issue-alert fingerprint', () => {
  it('is the default fingerprint in every sample', () => {
    for (const variant of ['javascript-error', 'python-error']) {
      const { data } = getKind('sentry-issue-alert').sample({ seed: 2, variant }) as { data: { event: { fingerprint?: unknown } } };
      expect(data.event.fingerprint).toEqual(['{{ default }}']);
    }
  });
});

// getsentry/sentry: event_manager.py sets the tag level to the event's level; interfaces/exception.py
// Mechanism.iter_tags gives mechanism (its type) and handled; eventstore/models.py sorts the tags.
describe('sentry-issue-alert tags', () => {
  it('say the event\'s level and its mechanism, sorted by key', () => {
    const levels = new Set<string>();
    for (let seed = 1; seed <= 40; seed++) {
      for (const variant of ['javascript-error', 'python-error']) {
        const { event } = (getKind('sentry-issue-alert').sample({ seed, variant }) as { data: { event: { level: string; tags: [string, string][]; exception: { values: { mechanism: { type: string; handled: boolean } }[] } } } }).data;
        const tags = new Map(event.tags);
        const mechanism = event.exception.values.at(-1)?.mechanism;
        levels.add(event.level);
        expect(tags.get('level')).toBe(event.level);
        expect(tags.get('mechanism')).toBe(mechanism?.type);
        expect(tags.get('handled')).toBe(mechanism?.handled ? 'yes' : 'no');
        expect(event.tags.map(([key]) => key)).toEqual(event.tags.map(([key]) => key).sort());
      }
    }
    expect(levels).toEqual(new Set(['error', 'fatal']));
  });
});

// getsentry/sentry src/sentry/eventstore/models.py GroupEvent.as_dict sets dist and location on every
// event; eventtypes/error.py gives an error's location as its metadata's filename.
describe('sentry-issue-alert dist and location', () => {
  it('are always sent, location the file the metadata names', () => {
    for (const variant of ['javascript-error', 'python-error']) {
      const { event } = (getKind('sentry-issue-alert').sample({ seed: 2, variant }) as { data: { event: Record<string, unknown> & { metadata: { filename: string } } } }).data;
      expect(event).toHaveProperty('dist', null);
      expect(event['location']).toBe(event.metadata.filename);
    }
  });
});

// getsentry/sentry: send_alert_webhook_v2 (sentry_apps/tasks/sentry_apps.py) hands the event's nodestore
// dict to GroupEvent, whose as_dict sends every stored key; ingestion stores received and key_id
// (Relay), grouping_config, hashes and fingerprint (grouping), _ref and _ref_version (bind_ref).
describe('sentry-issue-alert stored event fields', () => {
  const docs = JSON.parse(readFileSync(new URL('../../fixtures/sentry-issue-alert/docs-issue-alert.json', import.meta.url), 'utf8')) as { data: { event: Record<string, unknown> } };
  // Written by the SDK (or derived from what it sent), so a sample of another SDK's event need not carry them.
  const bySdk = ['contexts', 'request', 'user', 'time_spent'];
  const sentryEvent = (seed: number, variant: string) => (getKind('sentry-issue-alert').sample({ seed, variant }) as { data: { event: Record<string, unknown> } }).data.event;

  it('carries every field of the docs\' example but the SDK\'s', () => {
    const expected = Object.keys(docs.data.event).filter((key) => !bySdk.includes(key)).sort();
    for (const variant of ['javascript-error', 'python-error']) expect(Object.keys(sentryEvent(3, variant)).sort()).toEqual(expect.arrayContaining(expected));
  });

  it('writes them in the docs\' example\'s shapes', () => {
    const shape = (value: unknown): unknown =>
      Array.isArray(value) ? value.map(shape) : isRecord(value) ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shape(inner)])) : typeof value;
    for (let seed = 1; seed <= 10; seed++) {
      for (const variant of ['javascript-error', 'python-error']) {
        const event = sentryEvent(seed, variant);
        for (const key of ['received', 'fingerprint', 'hashes', 'grouping_config', 'key_id', '_ref', '_ref_version']) expect(shape(event[key]), key).toEqual(shape(docs.data.event[key]));
        expect(event['key_id']).toMatch(/^\d+$/);
        expect(event['hashes']).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/)]);
        expect(Number.isInteger(event['_ref'])).toBe(true);
      }
    }
  });

  it('_ref is the project id (ref_func) at ref_version 2, and Relay received the event after it happened', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const event = sentryEvent(seed, 'python-error');
      expect(event['_ref']).toBe(event['project']);
      expect(event['_ref_version']).toBe(2);
      expect(event['received']).toBeGreaterThan(event['timestamp'] as number);
      expect(String(event['received'])).toMatch(/^\d+(\.\d{1,6})?$/);
    }
  });
});

// getsentry/sentry src/sentry/event_manager.py: _materialize_event_metrics stores _metrics with the
// stored JSON's length, _nodestore_save_many the time of the write; as_dict sends both.
describe('sentry-issue-alert save fields', () => {
  it('_metrics counts the stored bytes, and nodestore_insert comes after Relay received the event', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const event = (getKind('sentry-issue-alert').sample({ seed, variant: 'javascript-error' }) as { data: { event: Record<string, unknown> } }).data.event;
      const stored = (event['_metrics'] as Record<string, unknown> | undefined)?.['bytes.stored.event'];
      expect(Number.isInteger(stored) && (stored as number) > 1000).toBe(true);
      expect(event['nodestore_insert']).toBeGreaterThan(event['received'] as number);
      expect(String(event['nodestore_insert'])).toMatch(/^\d+(\.\d{1,6})?$/);
    }
  });

  // _materialize_event_metrics measures len(orjson.dumps(dict(data.items())).decode()) while data holds
  // _metrics = {} and no nodestore_insert yet. 1919 is what Python gave with orjson 3.8.3 for seed 1's
  // event less url, web_url, issue_url, issue_id and nodestore_insert, with _metrics {} and timestamp
  // and received as floats (JSON.stringify's length of it without _metrics was 1905).
  it('_metrics counts the stored event as orjson writes it, with the empty _metrics it holds then', () => {
    const event = (getKind('sentry-issue-alert').sample({ seed: 1, variant: 'javascript-error' }) as { data: { event: Record<string, unknown> } }).data.event;
    expect(event['_metrics']).toEqual({ 'bytes.stored.event': 1919 });
  });
});

// An issue alert rule is a project's, so the rule that fired names the event's project; a browser SDK's
// event carries the browser, os, url and user tags of the docs' JavaScript example, a server's server_name.
describe('sentry-issue-alert: the rule and the tags fit the event', () => {
  const docs = JSON.parse(readFileSync(new URL('../../fixtures/sentry-issue-alert/docs-issue-alert.json', import.meta.url), 'utf8')) as { data: { event: { tags: [string, string][] } } };
  type Sampled = { data: { triggered_rule: string; issue_alert: { title: string }; event: { url: string; platform: string; tags: [string, string][]; contexts?: Record<string, { name: string; version: string }>; request?: { url: string }; user?: { ip_address: string } } } };

  it('the rule that fired names the event\'s own project', () => {
    for (let seed = 1; seed <= 30; seed++) {
      for (const variant of ['javascript-error', 'python-error']) {
        const { data } = getKind('sentry-issue-alert').sample({ seed, variant }) as Sampled;
        const slug = /\/projects\/[^/]+\/([^/]+)\//.exec(data.event.url)?.[1] ?? '';
        expect(slug).not.toBe('');
        expect(data.triggered_rule, `seed ${seed} ${variant}`).toMatch(new RegExp(`\\b${slug}$`));
        expect(data.issue_alert.title).toBe(data.triggered_rule);
      }
    }
  });

  it('browser events carry the docs\' browser tags, made of their contexts, request and user; server events server_name', () => {
    const browserTags = ['browser', 'browser.name', 'os', 'os.name', 'url', 'user'];
    expect(docs.data.event.tags.map(([key]) => key)).toEqual(expect.arrayContaining(browserTags));
    for (let seed = 1; seed <= 20; seed++) {
      const browser = (getKind('sentry-issue-alert').sample({ seed, variant: 'javascript-error' }) as Sampled).data.event;
      const tags = new Map(browser.tags);
      expect([...tags.keys()]).toEqual(expect.arrayContaining(browserTags));
      expect(tags.has('server_name')).toBe(false);
      expect(browser.tags.map(([key]) => key)).toEqual(browser.tags.map(([key]) => key).sort());
      expect(tags.get('browser')).toBe(`${browser.contexts?.['browser']?.name} ${browser.contexts?.['browser']?.version}`);
      expect(tags.get('os.name')).toBe(browser.contexts?.['os']?.name);
      expect(tags.get('url')).toBe(browser.request?.url);
      expect(tags.get('user')).toBe(`ip:${browser.user?.ip_address}`);
      const server = (getKind('sentry-issue-alert').sample({ seed, variant: 'python-error' }) as Sampled).data.event;
      expect(server.tags.map(([key]) => key)).toContain('server_name');
      expect(server.tags.map(([key]) => key)).not.toContain('browser');
    }
  });
});

// getsentry/sentry src/sentry/sentry_apps/tasks/sentry_apps.py notify_sentry_app: issue_alert is
// {id: int(the rule's id), title: the rule's label, sentry_app_id: the SentryApp's id, settings}.
describe('sentry-issue-alert issue_alert', () => {
  it('carries the rule\'s id and the integration\'s id as numbers, in notify_sentry_app\'s order', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const { data } = getKind('sentry-issue-alert').sample({ seed, variant: 'python-error' }) as { data: { triggered_rule: string; issue_alert: Record<string, unknown> } };
      expect(Object.keys(data.issue_alert)).toEqual(['id', 'title', 'sentry_app_id', 'settings']);
      expect(Number.isInteger(data.issue_alert['id']) && Number.isInteger(data.issue_alert['sentry_app_id'])).toBe(true);
      expect(data.issue_alert['title']).toBe(data.triggered_rule);
    }
  });

  it('accepts the docs\' example without them, and rejects them as strings', () => {
    const kind = getKind('sentry-issue-alert');
    const sample = kind.sample({ seed: 1, variant: 'python-error' }) as { data: { issue_alert: Record<string, unknown> } };
    const withAlert = (issueAlert: Record<string, unknown>) => ({ ...sample, data: { ...sample.data, issue_alert: issueAlert } });
    expect(kind.schema.safeParse(withAlert({ title: 't', settings: [] })).success).toBe(true);
    expect(kind.schema.safeParse(withAlert({ ...sample.data.issue_alert, sentry_app_id: '170336' })).success).toBe(false);
    expect(kind.schema.safeParse(withAlert({ ...sample.data.issue_alert, id: '16674800' })).success).toBe(false);
  });
});

describe('pagerduty-incident references', () => {
  // The newest published deliveries (nudgebee's of 2025, zulip's escalate_v3 of 2026-04) and the
  // docs' incident_task example carry Q and 13 for an incident, P and six for every other resource;
  // the 2021 deliveries and older docs examples P and six for the incident too.
  it('an incident\'s id is Q and 13 capitals and digits, every other id P and six; the older P form still validates', () => {
    const kind = getKind('pagerduty-incident');
    for (const variant of ['triggered', 'acknowledged', 'resolved']) {
      for (let seed = 1; seed <= 10; seed++) {
        const payload = kind.sample({ seed, variant }) as { event: { agent: { id: string }; data: Record<string, unknown> & { id: string } } };
        const { data } = payload.event;
        expect(data.id).toMatch(/^Q[0-9A-Z]{13}$/);
        const refs = [data['service'], data['escalation_policy'], data['priority'], payload.event.agent, ...(data['teams'] as unknown[]), ...(data['assignees'] as unknown[])] as { id: string }[];
        for (const ref of refs) expect(ref.id).toMatch(/^P[0-9A-Z]{6}$/);
        const old = { event: { ...payload.event, data: { ...data, id: 'PIQUG8X', self: 'https://api.pagerduty.com/incidents/PIQUG8X', html_url: 'https://acme.pagerduty.com/incidents/PIQUG8X' } } };
        expect(kind.schema.safeParse(old).success).toBe(true);
      }
    }
  });

  it('priority.id is the id at the end of priority.self, as for every reference', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { event } = getKind('pagerduty-incident').sample({ seed, variant: 'triggered' }) as { event: { data: Record<string, unknown> } };
      const refs = [event.data['priority'], event.data['service'], event.data['escalation_policy'], ...(event.data['teams'] as unknown[])] as { id: string; self: string }[];
      for (const ref of refs) expect(ref.self.endsWith(`/${ref.id}`)).toBe(true);
    }
  });

  // drudge/n8n-nodes-pagerduty-trigger README, "Headers and Query Parameters Included": a v3 delivery
  // sent with user-agent PagerDuty-Webhook/V3.0, so the User-Agent is the sender's, not whk's.
  it('its User-Agent is the one a captured delivery carries, not whk\'s choice', () => {
    const { delivery } = getKind('pagerduty-incident');
    expect(delivery.userAgent).toBe('PagerDuty-Webhook/V3.0');
    expect(delivery.whkChoices).not.toContain('user-agent');
    expect(delivery.provenance.documented.join('\n')).toContain('User-Agent: PagerDuty-Webhook/V3.0');
  });

  // PagerDuty/developer-docs docs/webhooks/01-Overview.md's example, and the zulip/zulip captured
  // deliveries (2021 and 2026): https://<subdomain>.pagerduty.com/services/<id>.
  it('a service\'s html_url is the web app\'s /services/<id>', () => {
    for (const variant of ['triggered', 'acknowledged', 'resolved']) {
      const { event } = getKind('pagerduty-incident').sample({ seed: 3, variant }) as { event: { data: { service: { id: string; html_url: string } } } };
      expect(event.data.service.html_url).toBe(`https://acme.pagerduty.com/services/${event.data.service.id}`);
    }
  });
});

// Published v3 deliveries: zulip/zulip's fixtures (01BZYK8N47N5JG55J1EEEHPEJI …) and nudgebee/nudgebee's
// pagerduty_webhook_test.go (01FVRJDBZPAFCIQO0U5B2ZJ2GQ …); an Events API v2 incident's agent is the
// inbound_integration_reference under its service, its client the sender's name and url.
describe('pagerduty-incident event id, agent and client', () => {
  it('the event id is 26 characters, 01 and then digits and capitals', () => {
    for (let seed = 1; seed <= 20; seed++) {
      for (const variant of ['triggered', 'acknowledged', 'resolved']) {
        const { event } = getKind('pagerduty-incident').sample({ seed, variant }) as { event: { id: string } };
        expect(event.id).toMatch(/^01[0-9A-Z]{24}$/);
      }
    }
  });

  it('a triggered incident\'s agent is the Events API v2 integration and its client Alertmanager\'s; a responder\'s action has no client', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const triggered = (getKind('pagerduty-incident').sample({ seed, variant: 'triggered' }) as { event: { agent: Record<string, string>; client: Record<string, string>; data: { service: { self: string; html_url: string } } } }).event;
      expect(triggered.agent).toMatchObject({ type: 'inbound_integration_reference', summary: 'Events API V2' });
      expect(triggered.agent['self']).toBe(`${triggered.data.service.self}/integrations/${triggered.agent['id']}`);
      expect(triggered.agent['html_url']).toBe(`${triggered.data.service.html_url}/integrations/${triggered.agent['id']}`);
      expect(triggered.client['name']).toBe('Alertmanager');
      expect(triggered.client['url']).toMatch(/^https?:\/\/[^/]+\/#\/alerts\?receiver=/);
      for (const variant of ['acknowledged', 'resolved']) {
        const { event } = getKind('pagerduty-incident').sample({ seed, variant }) as { event: { agent: { type: string }; client: unknown } };
        expect(event.agent.type).toBe('user_reference');
        expect(event.client).toBeNull();
      }
    }
  });
});

// Datadog docs "Webhooks", Variables: "$ALERT_TITLE: Title of the alert. Example: [Triggered on
// {host:ip-012345}] Host is Down"; real event titles of a per-host monitor: "[Recovered on {host:i-3b93aafb}] …".
describe('datadog-monitor alert_title', () => {
  it('is the transition and scope in brackets, then the monitor\'s name, as the event title', () => {
    for (let seed = 1; seed <= 10; seed++) {
      for (const [variant, transition] of [['triggered', 'Triggered'], ['recovered', 'Recovered']] as const) {
        const sample = getKind('datadog-monitor').sample({ seed, variant }) as { alert_title: string; title: string; hostname: string };
        expect(sample.alert_title).toMatch(new RegExp(`^\\[${transition} on \\{host:${sample.hostname.replaceAll('.', '\\.')}\\}\\] \\S`));
        expect(sample.alert_title).toBe(sample.title);
      }
    }
  });
});

// Datadog deliveries captured by receivers (CodeNow/fluffy lib/utils/base-handler.js, 2015;
// 303brendan/webhookToSnmp README.md, 2020): "link" is .../event/event?id= the event's own id.
describe('datadog-monitor link', () => {
  it('is the URL of the event the payload\'s id names', () => {
    for (const variant of ['triggered', 'recovered']) {
      const sample = getKind('datadog-monitor').sample({ seed: 2, variant }) as { id: string; link: string };
      expect(sample.link).toBe(`https://app.datadoghq.com/event/event?id=${sample.id}`);
    }
  });
});

// The same 2020 delivery's $TAGS: "host:nls-jenkins-master,monitor", the monitor's event tagged so.
describe('datadog-monitor tags', () => {
  it('end with the tag `monitor`, as a monitor\'s event carries it', () => {
    for (const variant of ['triggered', 'recovered']) {
      const sample = getKind('datadog-monitor').sample({ seed: 2, variant }) as { tags: string };
      expect(sample.tags.split(',').at(-1)).toBe('monitor');
    }
  });
});

// harness/developer-hub docs/ai-sre/alerts/webhooks/templates/monitoring/new-relic.md: the target id
// MXxBUE18QVBQTElDQVRJT058MTIzNDU2Nzg5 is an entity GUID, "1|APM|APPLICATION|123456789" in base64
// (newrelic/entity-definitions docs/entities/guid_spec.md).
describe('new-relic harness-template targets', () => {
  it('carry an entity GUID, and an APM application\'s link names the application the GUID names', () => {
    // Both kinds of target are drawn, so the link's own check runs (a host carries none).
    const linked = new Set<boolean>();
    for (let seed = 1; seed <= 12; seed++) {
      const { targets } = getKind('new-relic').sample({ seed, variant: 'harness-template' }) as { targets: { id: string; link?: string }[] };
      for (const target of targets) {
        const [account, domain, type, id] = Buffer.from(target.id, 'base64url').toString().split('|');
        expect(`${domain}|${type}`).toMatch(/^(APM\|APPLICATION|INFRA\|HOST)$/);
        expect(target.link === undefined, target.id).toBe(domain === 'INFRA');
        linked.add(target.link !== undefined);
        if (target.link !== undefined) expect(target.link).toBe(`https://rpm.newrelic.com/accounts/${account}/applications/${id}`);
      }
    }
    expect(linked).toEqual(new Set([true, false]));
  });
});

// The headers a sender's HTTP client adds to a request whose sender set none of them (http-clients.ts):
// Go's Transport unless DisableCompression (grafana/alerting's NewTLSClient leaves it false,
// prometheus/common's sets it), OkHttp's BridgeInterceptor, Ruby's Net::HTTP, Python requests' Session.
describe("the headers a sender's HTTP client adds itself", () => {
  const headersOf = (id: string, senderVersion?: string): Record<string, string> => {
    const headers = prepareSend({ kind: getKind(id), url: 'http://127.0.0.1:9/hook', seed: 1, senderVersion })[0]?.request.headers ?? {};
    return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  };
  const RUBY = { 'accept-encoding': 'gzip;q=1.0,deflate;q=0.6,identity;q=0.3', accept: '*/*' };

  it('Go: grafana-alert asks for gzip; alertmanager does not', () => {
    expect(headersOf('grafana-alert')).toMatchObject({ 'accept-encoding': 'gzip' });
    expect(headersOf('alertmanager')).not.toHaveProperty('accept-encoding');
  });

  it("Ruby's Net::HTTP: GitLab (HTTParty, a connection started for the request: Connection: close) and Travis CI (Faraday's net_http adapter)", () => {
    expect(headersOf('gitlab')).toMatchObject({ ...RUBY, connection: 'close' });
    expect(headersOf('travis-ci')).toMatchObject(RUBY);
    expect(headersOf('travis-ci')).not.toHaveProperty('connection');
  });

  it("Python requests (Sentry), and OkHttp (HertzBeat's 1.6.0 to 1.8.x, Harness) but not the JDK's clients", () => {
    expect(headersOf('sentry-issue-alert')).toMatchObject({ 'accept-encoding': 'gzip, deflate, br, zstd', accept: '*/*' });
    expect(headersOf('hertzbeat-alarm')).toMatchObject({ 'accept-encoding': 'gzip' });
    expect(headersOf('hertzbeat-alarm', '1.6.0')).toMatchObject({ 'accept-encoding': 'gzip' });
    for (const older of ['1.5.0', '1.9.0']) expect(headersOf('hertzbeat-alarm', older)).not.toHaveProperty('accept-encoding');
    expect(headersOf('harness-build')).toMatchObject({ 'accept-encoding': 'gzip', accept: '*/*' });
  });
});

describe('whk kinds marks whk\'s choices', () => {
  it('every kind declares its User-Agent; whk\'s own is marked as whk\'s choice', () => {
    for (const kind of listKinds()) {
      if (kind.delivery.userAgent === 'whk') expect(kind.delivery.whkChoices, kind.id).toContain('user-agent');
    }
    expect(getKind('grafana-alert').delivery.userAgent).toBe('Grafana');
    expect(getKind('alertmanager').delivery.userAgent).toMatch(/^Alertmanager\/\d+\.\d+\.\d+$/);
  });

  // A product token with a version or build (Alertmanager/0.28.1, GitHub-Hookshot/1a2b3c4): the real
  // sender's carries its running release, so the one whk sends is whk's pick, unless the sender's
  // docs or code give that exact string (provenance.documented quotes it).
  it('a User-Agent on the wire that names a version or build whk picked is marked as whk\'s choice (every kind, every sender version)', () => {
    const versioned: string[] = [];
    for (const kind of listKinds()) {
      for (const senderVersion of kind.senderVersions?.releases.map((r) => r.from) ?? [undefined]) {
        const headers = prepareSend({ kind, url: 'http://127.0.0.1:9/hook', seed: 1, senderVersion })[0]?.request.headers ?? {};
        const agent = Object.entries(headers).find(([name]) => name.toLowerCase() === 'user-agent')?.[1] ?? '';
        if (!/\/[^\s/]*\d/.test(agent)) continue;
        versioned.push(kind.id);
        if (kind.delivery.provenance.documented.some((line) => line.includes(agent))) continue;
        // A release line says its own choices (HertzBeat's JDK lines name a JDK; its OkHttp lines are the pom's).
        expect(senderChoice(kind, senderVersion).delivery.whkChoices, `${kind.id}${senderVersion === undefined ? '' : ` ${senderVersion}`}: User-Agent ${agent}`).toContain('user-agent');
      }
    }
    // The check above found the kinds it is about.
    expect(versioned).toEqual(expect.arrayContaining(['github', 'alertmanager', 'gitlab', 'hertzbeat-alarm']));
  });

  // Most senders publish nothing on redirects; whk does not follow them then, and says it chose that.
  it('not following redirects is whk\'s choice unless the kind says how its sender treats them', () => {
    const sourced = new Set(['sentry-issue-alert']);
    for (const kind of listKinds()) {
      const chosen = kind.delivery.whkChoices.includes('redirects');
      if (kind.delivery.followRedirects || sourced.has(kind.id)) expect(chosen, kind.id).toBe(false);
      else expect(chosen, kind.id).toBe(true);
    }
    expect(getKind('sentry-issue-alert').delivery.followRedirects).toBe(false);
    expect(getKind('github').delivery.whkChoices).toContain('redirects');
  });

});

// Go's encoding/json escapes <, > and & inside strings (and U+2028, U+2029): Alertmanager encodes its
// message with json.NewEncoder(&buf).Encode (notify/webhook/webhook.go), a newline after it; Grafana
// with json.Marshal (grafana/alerting receivers/webhook/v1/webhook.go), no newline.
describe('Go senders\' bytes', () => {
  it.each([
    ['alertmanager', '\n'],
    ['grafana-alert', ''],
  ])('%s sends its payload as Go writes it', (id, end) => {
    const kind = getKind(id);
    const [planned] = prepareSend({ kind, url: 'http://127.0.0.1:9/', seed: 3 });
    const body = planned?.request.body.toString() ?? '';
    const payload = kind.sample({ seed: 3 });
    expect(JSON.parse(body)).toEqual(payload);
    // Its URLs' query strings carry &, which Go writes \u0026; nothing else differs from JSON.stringify.
    expect(body).toContain('\\u0026');
    expect(body).not.toMatch(/[<>&]/);
    expect(body).toBe(`${JSON.stringify(payload).replaceAll('&', '\\u0026').replaceAll('<', '\\u003c').replaceAll('>', '\\u003e')}${end}`);
  });
});

// NerdGraph's AiIssuesIssueState: ACTIVATED, CLOSED, CREATED, DEACTIVATED (newrelic-sb-sdk 0.5.0,
// newrelic_sb_sdk/graphql/enums.py, generated from the NerdGraph schema).
describe('new-relic issue state', () => {
  it('accepts every NerdGraph issue state, DEACTIVATED included, in Zulip\'s captured default body', () => {
    const captured = JSON.parse(readFileSync(new URL('../../fixtures/new-relic/activated.zulip-fixture.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    for (const state of ['ACTIVATED', 'CLOSED', 'CREATED', 'DEACTIVATED']) {
      expect(validatePayload({ ...captured, state }), state).toMatchObject({ valid: true, kind: 'new-relic', notes: [] });
    }
    expect(validatePayload({ ...captured, state: 'RESOLVED' }, { kind: 'new-relic' }).valid).toBe(false);
    expect(getKind('new-relic').doubts.some((d) => d.includes('DEACTIVATED'))).toBe(true);
  });
});

// BigPanda answers "Alert Identification": events with the same host and check (the default primary and
// secondary properties) are one alert, so a shared incident's alerts are different pairs.
describe('bigpanda incident alerts', () => {
  it('never list one host+check pair twice, over many seeds and both variants', () => {
    let most = 0;
    for (const variant of ['active', 'resolved']) {
      for (let seed = 1; seed <= 300; seed++) {
        const { alerts = [] } = getKind('bigpanda').sample({ seed, variant }) as { alerts?: { host: string; check: string; id: string }[] };
        const pairs = alerts.map((alert) => `${alert.host}\n${alert.check}`);
        expect(new Set(pairs).size, `seed ${seed} ${variant}: ${pairs.join(' | ')}`).toBe(pairs.length);
        expect(new Set(alerts.map((alert) => alert.id)).size).toBe(alerts.length);
        most = Math.max(most, alerts.length);
      }
    }
    expect(most).toBe(3);
  });
});

// $EVENT_MSG of a metric monitor as InRes's 2025 delivery has it (fixtures/datadog-monitor/inres-2025-triggered.json):
// graph, condition (float threshold, no unit), last trigger, rule, then the links naming the event.
const DATADOG_2025_TAIL = new RegExp(
  [
    String.raw`\n\n\[!\[Metric Graph\]\(https://p\.datadoghq\.com/snapshot/view/dd-snapshots-prod/org_(?<org>\d+)/(?<day>\d{4}-\d\d-\d\d)/[0-9a-f]{40}\.png\)\]\((?<status>https://app\.datadoghq\.com/monitors/(?<monitor>\d+)\?from_ts=(?<from>\d+)&to_ts=(?<to>\d+)&event_id=(?<event>\d+)&link_source=monitor_notif)\)`,
    String.raw`\n\n\*\*[^*]+\*\* over \*\*.+?\*\* was \*\*(?:>|<=) (?<threshold>\d+\.\d+)\*\* on average during the \*\*last \d+m\*\*\.`,
    String.raw`\n\nThe monitor was last triggered at (?<triggered>\w{3} \w{3} \d\d \d{4} \d\d:\d\d:\d\d) UTC\.\n\n- - -\n\n`,
    String.raw`\[\[Monitor Status\]\(\k<status>\)\] · \[\[Edit Monitor\]\(https://app\.datadoghq\.com/monitors/\k<monitor>/edit\?link_source=monitor_notif\)\]\n%%%$`,
  ].join(''),
);

describe('datadog-monitor body ($EVENT_MSG)', () => {
  type Delivery = { body: string; date: string; id: string; org: { id: string }; alert_status?: string };
  const check = (payload: Delivery, triggered: boolean): void => {
    const match = DATADOG_2025_TAIL.exec(payload.body)?.groups;
    expect(match, payload.body).toBeDefined();
    const date = Number(payload.date);
    expect(date % 1000).toBe(0);
    expect(match).toMatchObject({ org: payload.org.id, event: payload.id, day: new Date(date).toISOString().slice(0, 10), from: String(date - 900_000), to: String(date + 300_000) });
    if (triggered) expect(match?.['triggered']).toBe(datadogBodyDate(date).replace(/ UTC$/, ''));
    else expect(Date.parse(`${match?.['triggered'] ?? ''} UTC`)).toBeLessThan(date);
  };

  it('InRes\'s 2025 delivery has the form the samples follow', () => {
    const inres = JSON.parse(readFileSync(new URL('../../fixtures/datadog-monitor/inres-2025-triggered.json', import.meta.url), 'utf8')) as Delivery;
    check(inres, true);
    expect(datadogBodyDate(Number(inres.date))).toBe('Wed Oct 01 2025 18:37:04 UTC');
  });

  it('samples: the last-trigger line and rule before links with event_id and link_source, float thresholds with no unit', () => {
    for (let seed = 1; seed <= 20; seed++) {
      for (const variant of ['default-body', 'triggered', 'recovered']) {
        const sample = getKind('datadog-monitor').sample({ seed, variant }) as Delivery;
        check(sample, variant !== 'recovered');
        expect(sample.body).not.toMatch(/eval_ts|\(value |%\*\*/);
        if (sample.alert_status !== undefined) expect(sample.alert_status).toMatch(/ was (>|<=) \d+\.\d+ on average during the last 5m$/);
      }
    }
    expect((getKind('datadog-monitor').sample({ seed: 1, variant: 'triggered' }) as Delivery).body).toContain('was **> 90.0** on average');
  });

  it('the older forms still validate (2020: links without event_id, no graph on a test notification)', () => {
    for (const file of ['relay-2020-test-notification.json', 'webhooktosnmp-2020-test-notification.json']) {
      const delivery = JSON.parse(readFileSync(new URL(`../../fixtures/datadog-monitor/${file}`, import.meta.url), 'utf8')) as Delivery;
      expect(DATADOG_2025_TAIL.test(delivery.body)).toBe(false);
      expect(validatePayload(delivery), file).toMatchObject({ valid: true, kind: 'datadog-monitor' });
    }
  });
});
