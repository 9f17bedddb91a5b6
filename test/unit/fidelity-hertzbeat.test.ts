// HertzBeat per release: the delivery its HTTP client gives (timeouts, redirects, User-Agent,
// Connection: close), the payload generation, Jackson's date arrays and the template's own bytes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { prepareSend } from '../../src/delivery/plan.js';
import { hertzbeatAlarm } from '../../src/kinds/hertzbeat-alarm.js';
import { jacksonDateArray } from '../../src/kinds/hertzbeat-samples.js';
import type { HertzbeatFlat } from '../../src/kinds/hertzbeat-schemas.js';
import { HERTZBEAT_VERSIONS } from '../../src/kinds/hertzbeat-releases.js';
import { javaHashMapOrder } from '../../src/kinds/java-hashmap.js';
import { OKHTTP_RESENDS } from '../../src/kinds/http-clients.js';
import { metricAlert } from '../../src/kinds/metric-alert.js';
import { requestedSender, senderChoice } from '../../src/kinds/sender-version.js';
import { parseJsonLenient } from '../../src/util/json.js';
import { validatePayload } from '../../src/validate/payload.js';

const planned = (senderVersion?: string) => prepareSend({ kind: hertzbeatAlarm, url: 'http://127.0.0.1:9/hook', seed: 1, senderVersion })[0];

describe('hertzbeat-alarm --sender-version', () => {
  it.each([
    ['1.0.0', 5_000, false, 'Java/1.8.0_312', true, 'entity-oldest'],
    ['1.1.0', 5_000, false, 'Java/1.8.0_312', true, 'entity-oldest'],
    ['1.1.1', 5_000, false, 'Java/11.0.15', true, 'entity-oldest'],
    ['1.1.2', 5_000, false, 'Java/11.0.16', true, 'entity-oldest'],
    ['1.3.2', 5_000, false, 'Java/11.0.16', true, 'entity'],
    ['1.5.0', 5_000, false, 'Java/11.0.16', true, 'flat'],
    ['1.6.0', 20_000, true, 'okhttp/4.12.0', true, 'flat'],
    ['1.6.1', 6_000_000, true, 'okhttp/4.12.0', true, 'flat'],
    ['1.7.1', 6_000_000, true, 'okhttp/4.12.0', true, 'grouped-1.7.0'],
    ['1.7.3', 6_000_000, true, 'okhttp/4.12.0', true, 'grouped-1.7.3'],
    ['1.8.0', 6_000_000, true, 'okhttp/4.12.0', true, 'grouped'],
    ['1.9.0', 6_000, true, 'Java-http-client/25.0.2', false, 'grouped'],
  ])('%s: timeout %i ms, redirects %s, %s, Connection: close %s, %s payloads', (version, timeoutMs, followRedirects, userAgent, close, variant) => {
    const choice = senderChoice(hertzbeatAlarm, version);
    expect(choice.delivery).toMatchObject({ timeoutMs, followRedirects, userAgent, connectionClose: close });
    expect(choice.variant).toBe(variant);
    const delivery = planned(version);
    expect(delivery?.policy.timeoutMs).toBe(timeoutMs);
    expect(delivery?.request.headers['User-Agent']).toBe(userAgent);
    expect(delivery?.request.headers['Connection']).toBe(close ? 'close' : undefined);
    expect(delivery?.request.redirects !== undefined).toBe(followRedirects);
  });

  it('only the OkHttp lines (1.6.0–1.8.x) re-send by themselves after a 408 or 503, and their release text says so', () => {
    for (const release of HERTZBEAT_VERSIONS.releases) {
      const okhttp = release.delivery.userAgent?.startsWith('okhttp/') === true;
      expect(planned(release.from)?.request.resends).toBe(okhttp ? OKHTTP_RESENDS : undefined);
      expect(release.note.includes('OkHttp sends the request once more')).toBe(okhttp);
    }
  });

  // The newest release is 1.8.0 (home/docs/download.md); 1.9.0-rc1 is a release candidate, asked for by --sender-version 1.9.0.
  it('defaults to the newest release (1.8.0), whose delivery is the kind\'s profile', () => {
    expect(senderChoice(hertzbeatAlarm).version).toBe('1.8.0');
    expect(planned()?.policy.timeoutMs).toBe(hertzbeatAlarm.delivery.timeoutMs);
    expect(hertzbeatAlarm.delivery).toMatchObject({ timeoutMs: 6_000_000, followRedirects: true, connectionClose: true, userAgent: 'okhttp/4.12.0' });
    expect(senderChoice(hertzbeatAlarm).delivery).toEqual(hertzbeatAlarm.delivery);
    expect(senderChoice(hertzbeatAlarm, '1.9.0').release?.note).toMatch(/^not yet released \(1\.9\.0-rc1 and the main branch; the newest release is 1\.8\.0\)/);
  });

  it('sends Basic or Bearer Authorization from 1.8.0 only, as the README says; an older release refuses it', () => {
    const withAuth = (senderVersion: string) => prepareSend({ kind: hertzbeatAlarm, url: 'http://127.0.0.1:9/hook', seed: 1, senderVersion, auth: { scheme: 'bearer', token: 't' } })[0];
    expect(withAuth('1.8.0')?.request.headers['Authorization']).toBe('Bearer t');
    expect(withAuth('1.9.0')?.request.headers['Authorization']).toBe('Bearer t');
    expect(() => withAuth('1.7.0')).toThrow(/hertzbeat-alarm 1\.7\.0 does not send an Authorization header/);
    expect(() => withAuth('1.0.0')).toThrow(UsageError);
  });

  // No release sent a flat alarm with 1.8.0's client and Authorization header: a variant alone goes as
  // a release that sends it (README: "A variant given alone goes as the newest release that sends it").
  it.each([
    ['grouped', '1.8.0'],
    ['grouped-resolved', '1.8.0'],
    ['raw-template', '1.8.0'],
    ['flat', '1.6.1'],
    ['entity', '1.3.2'],
    ['entity-oldest', '1.1.2'],
    ['flat-1.4.2', '1.4.2'],
    ['grouped-1.7.0', '1.7.0'],
    ['raw-template-1.7.0', '1.7.0'],
  ])('--variant %s alone goes as %s', (variant, version) => {
    expect(requestedSender(hertzbeatAlarm, { variant }).version).toBe(version);
    const sent = prepareSend({ kind: hertzbeatAlarm, url: 'http://127.0.0.1:9/hook', seed: 1, variant })[0];
    expect(sent?.request.headers['User-Agent']).toBe(senderChoice(hertzbeatAlarm, version).delivery.userAgent);
    expect(sent?.policy.timeoutMs).toBe(senderChoice(hertzbeatAlarm, version).delivery.timeoutMs);
  });

  it('--variant flat refuses --auth-bearer, and says to leave the variant out', () => {
    const send = () => prepareSend({ kind: hertzbeatAlarm, url: 'http://127.0.0.1:9/hook', seed: 1, variant: 'flat', auth: { scheme: 'bearer', token: 't' } });
    expect(send).toThrow(/hertzbeat-alarm 1\.6\.1 does not send an Authorization header/);
    expect(() => send()).toThrow(expect.objectContaining({ hint: expect.stringMatching(/no release since sends flat: leave out `variant`/) }));
    expect(requestedSender(hertzbeatAlarm, { variant: 'flat', senderVersion: '1.5.0' }).version).toBe('1.5.0');
  });

  // A variant given with a release: the payload the variant names, with what that release writes
  // differently (labels, tags); a variant of another generation than the release sends is refused.
  it('a variant sent as a release carries that release\'s labels or tags; another generation is refused', () => {
    const body = (senderVersion: string, variant: string) => JSON.parse(prepareSend({ kind: hertzbeatAlarm, url: 'http://127.0.0.1:9/hook', seed: 1, senderVersion, variant })[0]?.request.body.toString() ?? '') as Record<string, unknown>;
    const labels = (payload: Record<string, unknown>) => Object.keys((payload['alerts'] as { labels: object }[])[0]?.labels ?? {});
    const resolved = body('1.7.0', 'grouped-resolved');
    expect(resolved['status']).toBe('resolved');
    expect(labels(resolved)).toEqual(labels(body('1.7.0', 'grouped-1.7.0')));
    expect(labels(resolved)).toContain('instancehost');
    expect(labels(body('1.7.3', 'grouped-resolved'))).toContain('defineid');
    expect(labels(body('1.8.0', 'grouped-resolved'))).not.toContain('instancehost');
    expect(Object.keys(body('1.4.2', 'flat')['tags'] as object)).not.toContain('monitorHost');
    expect(Object.keys(body('1.5.0', 'flat')['tags'] as object)).toContain('monitorHost');
    // The entity's field names changed in 1.3.2 within its generation, as the grouped labels did: they follow the release.
    expect(Object.keys(body('1.0.0', 'entity'))).toEqual(expect.arrayContaining(['firstTriggerTime', 'lastTriggerTime', 'nextEvalInterval']));
    expect(Object.keys(body('1.3.2', 'entity-oldest'))).toEqual(expect.arrayContaining(['firstAlarmTime', 'lastAlarmTime', 'triggerTimes']));
    expect(Object.keys(body('1.3.2', 'entity-oldest'))).not.toContain('firstTriggerTime');
    expect(() => body('1.5.0', 'grouped')).toThrow(/^`variant` grouped: hertzbeat-alarm 1\.5\.0 sends flat alarms \(1\.4\.2 to 1\.6\.1\), not grouped alarms \(1\.7\.0 and later\)$/);
    expect(() => body('1.8.0', 'entity')).toThrow(UsageError);
    expect(() => body('1.3.2', 'flat')).toThrow(/^`variant` flat: hertzbeat-alarm 1\.3\.2 sends entity alarms \(up to 1\.4\.1\), not flat alarms \(1\.4\.2 to 1\.6\.1\)$/);
    // Without a release, a variant is sent as it is, with its own release's labels.
    expect(labels(JSON.parse(prepareSend({ kind: hertzbeatAlarm, url: 'http://127.0.0.1:9/hook', seed: 1, variant: 'grouped-resolved' })[0]?.request.body.toString() ?? '') as Record<string, unknown>)).not.toContain('instancehost');
  });

  it('refuses versions it does not know and kinds without release lines', () => {
    expect(() => senderChoice(hertzbeatAlarm, '2.0.0')).toThrow(/up to 1\.9\.0/);
    expect(() => senderChoice(hertzbeatAlarm, '1.9.1')).toThrow(/up to 1\.9\.0/);
    expect(() => senderChoice(hertzbeatAlarm, 'latest')).toThrow(/invalid sender version 'latest'/);
    expect(() => planned('0.9')).toThrow(/from 1\.0\.0/);
    expect(() => prepareSend({ kind: metricAlert, url: 'http://127.0.0.1:9/', senderVersion: '1.0.0' })).toThrow(/one delivery for every sender version/);
  });

  it('says the 6000 s timeout of 1.6.1–1.8.0 in its doubts', () => {
    expect(hertzbeatAlarm.doubts.join('\n')).toMatch(/1\.6\.1 to 1\.8\.0 wait up to 6000 s/);
  });

  // The interceptor sets Connection: close in every release; from 1.9.0 Spring's JdkClientHttpRequest
  // (spring-web, buildRequest) skips it with the other headers the JDK client refuses. That is the
  // sender's code, so whk says it as such, not as its own inference.
  it('says why 1.9.0+ sends no Connection: close from Spring\'s code, not as whk\'s inference', () => {
    expect(hertzbeatAlarm.delivery.provenance.documented.join('\n')).toMatch(/from 1\.9\.0 Spring's JdkClientHttpRequest drops it/);
    expect(hertzbeatAlarm.delivery.provenance.ours.join('\n')).not.toMatch(/Connection: close/);
    expect(hertzbeatAlarm.doubts.join('\n')).not.toMatch(/inference/);
    expect(HERTZBEAT_VERSIONS.releases.find((r) => r.from === '1.9.0')?.note).toMatch(/Spring's JdkClientHttpRequest drops/);
  });

  // script/docker/server/Dockerfile: openjdk:8-alpine (1.0) and openjdk:8-alpine3.9 (1.1.0) pin no
  // update; openjdk:11.0.15-jre-slim-buster from 1.1.1 (#205), openjdk:11.0.16-jre-slim-buster from 1.1.2 (#231).
  it('names Java 8 up to 1.1.0, the update its image pins from 1.1.1, and marks each JDK as whk\'s pick', () => {
    expect(senderChoice(hertzbeatAlarm, '1.1.0').delivery.userAgent).toMatch(/^Java\/1\.8\.0_\d+$/);
    expect(senderChoice(hertzbeatAlarm, '1.1.1').delivery.userAgent).toBe('Java/11.0.15');
    expect(senderChoice(hertzbeatAlarm, '1.5.0').delivery.userAgent).toBe('Java/11.0.16');
    for (const version of ['1.0.0', '1.1.1', '1.5.0']) expect(senderChoice(hertzbeatAlarm, version).delivery.whkChoices).toContain('user-agent');
  });

  // 1.9.0 is compiled for Java 25 (the root pom's java.version), so no JDK older than 25 can run it.
  it('names a Java 25 JDK in the User-Agent of 1.9.0 and later', () => {
    expect(senderChoice(hertzbeatAlarm, '1.9.0').delivery.userAgent).toMatch(/^Java-http-client\/25\./);
    expect(senderChoice(hertzbeatAlarm, '1.9.0').delivery.whkChoices).toContain('user-agent');
  });
});

// The labels the real-time calculator gives an alert: RealTimeAlertCalculator.calculate (v1.7.0, v1.7.2:
// instance = String.valueOf(metricsData.getId()), instancehost = the monitor's host; v1.7.3 adds
// LABEL_DEFINE_ID), MetricsRealTimeAlertCalculator.calculate (1.8.0, v1.9.0-rc1: instance =
// metricsData.getInstance(), the monitor's instance with ":" + its port; no instancehost), and the
// threshold's severity label.
describe('hertzbeat-alarm alert labels per release line', () => {
  const labelsOf = (senderVersion: string) => {
    const body = JSON.parse(planned(senderVersion)?.request.body.toString() ?? '{}') as { alerts: { labels: Record<string, string>; content: string }[] };
    return body.alerts.map((alert) => ({ labels: alert.labels, host: /on (\S+) is/.exec(alert.content)?.[1] }));
  };

  it.each([
    ['1.7.0', ['alertname', 'instance', 'instancehost', 'instancename', 'severity']],
    ['1.7.2', ['alertname', 'instance', 'instancehost', 'instancename', 'severity']],
    ['1.7.3', ['alertname', 'defineid', 'instance', 'instancehost', 'instancename', 'severity']],
  ])('%s: instance is the monitor id, instancehost its host; labels %j', (version, keys) => {
    for (const { labels, host } of labelsOf(version)) {
      expect(Object.keys(labels).sort()).toEqual(keys);
      expect(labels['instance']).toMatch(/^\d{15}$/);
      expect(labels['instancehost']).toBe(host);
    }
  });

  it.each(['1.8.0', '1.9.0'])('%s: instance is the host and the port parameter, no instancehost; defineid', (version) => {
    for (const { labels, host } of labelsOf(version)) {
      expect(Object.keys(labels).sort()).toEqual(['alertname', 'defineid', 'instance', 'instancename', 'severity']);
      expect(labels['instance']).toMatch(new RegExp(`^${(host ?? '').replaceAll('.', '\\.')}:(22|80|3306)$`));
    }
  });

  // The order HashMapOrder.java's chains printed (test/fixtures/java/HashMapOrder.java: the calculator's
  // HashMap<>(8) puts, the putAll copies, the LinkedHashMap of SingleAlert.clone and FreeMarker's clone),
  // on OpenJDK 17.0.15 and Temurin 25.0.3; 1.7.3's is Temurin 25's (17 printed alertname before instancehost).
  it.each([
    ['1.7.0', ['severity', 'instance', 'instancename', 'instancehost', 'alertname']],
    ['1.7.2', ['severity', 'instance', 'instancename', 'instancehost', 'alertname']],
    ['1.7.3', ['severity', 'defineid', 'instance', 'instancename', 'instancehost', 'alertname']],
    ['1.8.0', ['severity', 'defineid', 'instancename', 'instance', 'alertname']],
  ])('%s: the labels in the order HertzBeat\'s HashMap gives them on the wire, %j', (version, keys) => {
    for (const { labels } of labelsOf(version)) expect(Object.keys(labels)).toEqual(keys);
  });

  it('raw-template writes the labels in that order too', () => {
    const body = hertzbeatAlarm.render?.(hertzbeatAlarm.sample({ seed: 2, variant: 'raw-template-1.7.0' }), 'raw-template-1.7.0') ?? '';
    expect([...body.matchAll(/^ {8}"(\w+)":/gm)].map((match) => match[1]).slice(0, 5)).toEqual(['severity', 'instance', 'instancename', 'instancehost', 'alertname']);
  });

  it('says in its doubts that 1.7.3\'s order depends on the JDK', () => {
    expect(hertzbeatAlarm.doubts.join('\n')).toMatch(/1\.7\.3's six labels have two orders: JDK 21 and later .* JDK 17 and 18/);
  });

  it('the lines\' samples of one seed differ in their labels only; raw-template-1.7.0 carries 1.7.0\'s', () => {
    const strip = (payload: unknown) => ({ ...(payload as object), alerts: (payload as { alerts: object[] }).alerts.map((alert) => ({ ...alert, labels: undefined })) });
    expect(strip(hertzbeatAlarm.sample({ seed: 3, variant: 'grouped-1.7.0' }))).toEqual(strip(hertzbeatAlarm.sample({ seed: 3, variant: 'grouped' })));
    const raw = hertzbeatAlarm.sample({ seed: 3, variant: 'raw-template-1.7.0' }) as { alerts: { labels: Record<string, string> }[] };
    for (const alert of raw.alerts) expect(Object.keys(alert.labels)).toContain('instancehost');
    for (const variant of ['grouped-1.7.0', 'grouped-1.7.3']) expect(validatePayload(hertzbeatAlarm.sample({ seed: 3, variant }), { kind: 'hertzbeat-alarm' }).issues).toEqual([]);
  });
});

// A threshold alarm's tags, 1.4.2–1.6.1 (apache/hertzbeat at the release commits of 1.4.2 (#1317), 1.4.3
// (#1400), 1.4.4 (#1475), 1.5.0 (#1538) and the tags v1.6.0, v1.6.1): CalculateAlarm.afterThresholdRuleMatch
// puts monitorId, app and thresholdId (String.valueOf of the ids); AlarmCommonReduce adds the monitor's bound
// tags, monitorName among them; DbAlertStoreHandlerImpl adds monitorHost from 1.5.0 (#1515). The target is
// app + "." + metrics + "." + field; the content the threshold's template rendered by AlertTemplateUtil.
describe('hertzbeat-alarm flat alarm per release line: tags, target, content', () => {
  const flatOf = (version: string, seed: number) => hertzbeatAlarm.sample({ seed, variant: senderChoice(hertzbeatAlarm, version).variant }) as HertzbeatFlat;
  // The order HashMapOrder.java's chains printed: CalculateAlarm's HashMap of three, Alert.clone's
  // LinkedHashMap, then the appended tags (1.4.2–1.4.3's first-match path, one HashMap throughout, gives
  // the same four).
  const V1_4 = ['app', 'monitorId', 'thresholdId', 'monitorName'];

  it.each([
    ['1.4.2', V1_4],
    ['1.4.3', V1_4],
    ['1.4.4', V1_4],
    ['1.5.0', [...V1_4, 'monitorHost']],
    ['1.6.0', [...V1_4, 'monitorHost']],
    ['1.6.1', [...V1_4, 'monitorHost']],
  ])('%s: tags %j in the order HertzBeat writes them, every value a string', (version, keys) => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const alarm = flatOf(version, seed);
      const tags = alarm.tags ?? {};
      expect(Object.keys(tags)).toEqual(keys);
      expect(tags['monitorId']).toMatch(/^\d{15}$/);
      expect(tags['thresholdId']).toBe(String(alarm.thresholdId));
      expect(tags['app']).toBe(alarm.target.split('.')[0]);
      expect(tags['monitorName']).toMatch(new RegExp(`^${(tags['app'] ?? '').toUpperCase()}_\\S+$`));
      if (keys.includes('monitorHost')) expect(tags['monitorName']).toBe(`${(tags['app'] ?? '').toUpperCase()}_${tags['monitorHost']}`);
    }
  });

  it('1.4.2–1.4.4 put those tags on the wire, with no monitorHost', () => {
    for (const version of ['1.4.3', '1.4.4']) {
      const repaired = parseJsonLenient(planned(version)?.request.body.toString() ?? '');
      expect(repaired.ok && Object.keys((repaired.value as HertzbeatFlat).tags ?? {})).toEqual(V1_4);
    }
    expect(planned('1.4.2')?.request.body.toString()).not.toContain('monitorHost');
  });

  it('target is app.metrics.field of the app\'s definition; content the threshold\'s template, the field\'s value as Java prints a Double', () => {
    const alarm = flatOf('1.6.1', 1);
    expect(alarm.target).toBe('linux.cpu.usage');
    expect(alarm.content).toBe("linux.cpu.usage Metric's value is 88.1, greater than 80 triggers an alarm");
    // A whole value keeps Double.toString's ".0".
    expect(flatOf('1.6.1', 2).content).toBe("website.summary.responseTime Metric's value is 2426.0, greater than 2000 triggers an alarm");
  });

  // CalculateAlarm.handleRecoveredAlert (1.5.0): firstAlarmTime (restoreTime) is the recovery's, lastAlarmTime
  // (triggerTime) the firing alarm's; the tags are the firing alarm's HashMap itself (not a clone), to which
  // AlarmCommonReduce and DbAlertStoreHandlerImpl add monitorName and monitorHost: a HashMap's order of five.
  it('the restored fixture of 1.5: restoreTime after triggerTime, the firing alarm\'s tags, content the recovery notice', () => {
    const restored = JSON.parse(readFileSync('fixtures/hertzbeat-alarm/flat-1.5-restored.json', 'utf8')) as HertzbeatFlat;
    expect((restored.restoreTime ?? '') > restored.triggerTime).toBe(true);
    expect(Object.keys(restored.tags ?? {})).toEqual(javaHashMapOrder(['monitorId', 'app', 'thresholdId', 'monitorName', 'monitorHost'], 8));
    expect(Object.keys(restored.tags ?? {})).toEqual(['app', 'monitorHost', 'monitorId', 'thresholdId', 'monitorName']);
    expect(restored.target.split('.')).toHaveLength(3);
    expect(restored.content).toMatch(/^Alert Resolved Notice : /);
    expect(restored).toMatchObject({ status: 2, priority: 2, times: 1 });
  });

  it('says in its doubts what can still move the tags: the threshold\'s and the monitor\'s own', () => {
    expect(hertzbeatAlarm.doubts.join('\n')).toMatch(/flat alarm's tags \(1\.4\.2–1\.6\.1\) are written in the order HertzBeat's code leaves them.*which whk cannot know/);
  });
});

describe('hertzbeat-alarm entity generation (up to 1.4.1)', () => {
  it('writes gmtCreate/gmtUpdate as Jackson date arrays, seconds only when not zero', () => {
    expect(jacksonDateArray(Date.UTC(2022, 1, 25, 13, 32, 13))).toEqual([2022, 2, 25, 13, 32, 13]);
    expect(jacksonDateArray(Date.UTC(2022, 1, 25, 13, 32, 0))).toEqual([2022, 2, 25, 13, 32]);
    const entity = hertzbeatAlarm.sample({ seed: 4, variant: 'entity' }) as Record<string, unknown>;
    expect(Array.isArray(entity['gmtCreate'])).toBe(true);
    expect(validatePayload(entity, { kind: 'hertzbeat-alarm' }).issues).toEqual([]);
    expect(validatePayload({ ...entity, gmtCreate: '2022-02-25T13:32:13' }, { kind: 'hertzbeat-alarm' }).issues).toEqual([]);
  });

  it('entity-oldest uses the names up to 1.3.1: firstTriggerTime, lastTriggerTime, nextEvalInterval', () => {
    const oldest = hertzbeatAlarm.sample({ seed: 4, variant: 'entity-oldest' }) as Record<string, unknown>;
    expect(Object.keys(oldest)).toEqual(expect.arrayContaining(['firstTriggerTime', 'lastTriggerTime', 'nextEvalInterval']));
    expect(oldest).not.toHaveProperty('firstAlarmTime');
    expect(validatePayload(oldest, { kind: 'hertzbeat-alarm' }).valid).toBe(true);
  });

  // CalculateAlarm from 1.0 (#158) to 1.4.0 (#1168): .target(app + "." + metrics + "." + define.getField()).
  it('an entity threshold alarm targets app.metrics.field, the field of a metrics group of the app', () => {
    for (const variant of ['entity', 'entity-oldest']) {
      for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
        const { target } = hertzbeatAlarm.sample({ seed, variant }) as { target: string };
        expect(target).toMatch(/^(linux\.(cpu|memory|disk_free)\.usage|website\.summary\.responseTime|mysql\.status\.threads_connected)$/);
      }
    }
  });
});

describe('hertzbeat-alarm raw-template variants: the template\'s own bytes', () => {
  const render = (variant: string, payload = hertzbeatAlarm.sample({ seed: 2, variant })) => hertzbeatAlarm.render?.(payload, variant) ?? '';

  it('1.7.1+: a trailing comma after activeAt of a firing alert without annotations', () => {
    const bytes = render('raw-template');
    expect(bytes).toMatch(/"activeAt": "[^"]+",\n {4}\}/);
    expect(() => JSON.parse(bytes)).toThrow();
    const repaired = parseJsonLenient(bytes);
    expect(repaired.ok && repaired.value).toEqual(hertzbeatAlarm.sample({ seed: 2, variant: 'raw-template' }));
  });

  it('1.7.0: a doubled comma before each optional time', () => {
    expect(render('raw-template-1.7.0')).toMatch(/"startAt": "[^"]+",\n {6},\n {6}"activeAt"/);
  });

  it('1.7.0: an absent optional part leaves its indentation before the next line (its `<#if>,` line is not tag-only)', () => {
    // No endAt, no annotations: two sets of six spaces before the alert's closing brace.
    expect(render('raw-template-1.7.0')).toMatch(/"activeAt": "[^"]+"\n {16}\}/);
    const firing = hertzbeatAlarm.sample({ seed: 2, variant: 'grouped' });
    // Annotations but no endAt: the annotations' comma comes after twelve spaces.
    expect(render('raw-template-1.7.0', firing)).toMatch(/"activeAt": "[^"]+"\n {12},\n {6}"annotations": \{/);
  });

  it('commonLabels.alertName unescaped, labels escaped', () => {
    const payload = hertzbeatAlarm.sample({ seed: 2, variant: 'raw-template' }) as { commonLabels: Record<string, string>; alerts: { labels: Record<string, string> }[] };
    payload.commonLabels['alertName'] = 'Disk "/data" full';
    for (const alert of payload.alerts) alert.labels['alertname'] = 'Disk "/data" full';
    const bytes = render('raw-template', payload as never);
    expect(bytes).toContain('"alertName": "Disk "/data" full"');
    expect(bytes).toContain('"alertname": "Disk \\"/data\\" full"');
  });

  it('the JSON variants render nothing of their own', () => {
    expect(hertzbeatAlarm.render?.(hertzbeatAlarm.sample({ seed: 1 }), 'grouped')).toBeUndefined();
  });
});

// 2-WebhookTemplate.txt at the release commits of 1.4.2 (#1317), 1.4.3 (#1400) and 1.4.4 (#1475) in
// apache/hertzbeat, rendered by AbstractAlertNotifyHandlerImpl.renderContent (FreeMarker, then blank
// lines collapsed) and, from 1.4.4, WebHookAlertNotifyHandlerImpl's replace(",\n  }", "\n }").
describe('hertzbeat-alarm flat template of 1.4.2–1.4.4: the bytes it renders', () => {
  const alarm = {
    target: 'available',
    alarmId: 9921,
    thresholdId: '31',
    priority: 0,
    content: 'monitor MySQL_prod is unreachable',
    status: 0,
    times: 1,
    triggerTime: '2023-11-02 03:14:55',
    tags: { monitorId: '316552734683392', monitorName: 'MySQL_prod' },
  };
  const head = (alarmId: string) => `{\n  "alarmId": ${alarmId},\n  "target": "available",\n  "thresholdId": 31,\n  "priority": 0,\n  "content": "monitor MySQL_prod is unreachable",\n  "status": 0,\n  "times": 1,\n  "triggerTime": "2023-11-02 03:14:55",\n`;
  const render = (variant: string, payload: object = alarm) => hertzbeatAlarm.render?.(payload, variant);

  it('1.4.2: every tag ends in a comma, and alarmId is grouped by FreeMarker\'s default number format', () => {
    expect(render('flat-1.4.2')).toBe(`${head('9,921')}  "tags": {\n      "monitorId": "316552734683392",\n      "monitorName": "MySQL_prod",\n  }\n}\n`);
  });

  it('1.4.3: the same template, numbers in the format "0" (#1334): a trailing comma after the last tag', () => {
    const bytes = render('flat-1.4.3') ?? '';
    expect(bytes).toBe(`${head('9921')}  "tags": {\n      "monitorId": "316552734683392",\n      "monitorName": "MySQL_prod",\n  }\n}\n`);
    const repaired = parseJsonLenient(bytes);
    expect(repaired.ok && repaired.value).toEqual({ ...alarm, thresholdId: 31 });
  });

  it('1.4.4: the tags\' last comma replaced away (" }"); without tags, triggerTime keeps its comma; restoreTime when restored', () => {
    expect(render('flat-1.4.4')).toBe(`${head('9921')}  "tags": {\n    "monitorId": "316552734683392",\n    "monitorName": "MySQL_prod"\n }\n}\n`);
    expect(render('flat-1.4.4', { ...alarm, tags: { monitorId: ' ' } })).toBe(`${head('9921')}}\n`);
    expect(render('flat-1.4.4', { ...alarm, status: 2, restoreTime: '2023-11-02 03:20:00', tags: {} })).toBe(`${head('9921').replace('"status": 0', '"status": 2')}  "restoreTime": "2023-11-02 03:20:00",\n}\n`);
  });

  // The fixtures are these renderings of the seed-1 sample (1.4.2's with an alarmId below 1000, which it leaves ungrouped).
  it('fixtures/hertzbeat-alarm/flat-1.4.x.json are the bytes each line renders for the seed-1 sample', () => {
    for (const version of ['1.4.2', '1.4.3', '1.4.4']) {
      const sample = hertzbeatAlarm.sample({ seed: 1, variant: `flat-${version}` }) as HertzbeatFlat;
      const payload = version === '1.4.2' ? { ...sample, alarmId: 921 } : sample;
      expect(readFileSync(`fixtures/hertzbeat-alarm/flat-${version}.json`, 'utf8')).toBe(render(`flat-${version}`, payload));
    }
  });

  it('a line without thresholdId leaves no blank line; --sender-version 1.4.2–1.4.4 sends these bytes, 1.5.0 JSON', () => {
    const { thresholdId: _, ...without } = alarm;
    expect(render('flat-1.4.3', without)).toContain('"target": "available",\n  "priority": 0,');
    for (const version of ['1.4.2', '1.4.3', '1.4.4']) {
      const sent = planned(version)?.request.body.toString() ?? '';
      expect(sent).toBe(hertzbeatAlarm.render?.(hertzbeatAlarm.sample({ seed: 1, variant: `flat-${version}` }), `flat-${version}`));
    }
    expect(() => JSON.parse(planned('1.5.0')?.request.body.toString() ?? '')).not.toThrow();
    expect(() => JSON.parse(planned('1.4.3')?.request.body.toString() ?? '')).toThrow();
  });
});
