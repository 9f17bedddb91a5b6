// Apache HertzBeat's webhook delivery per release line: the HTTP client behind its RestTemplate
// changed twice, and with it redirects, timeouts, User-Agent and Connection: close; the payload
// generation changed with the templates. Sources: the RestTemplate configuration and
// WebHookAlertNotifyHandlerImpl of each release (apache/hertzbeat), Spring's request factories.
import { JDK_HTTP_CLIENT_REDIRECTS, OKHTTP_HEADERS, OKHTTP_REDIRECTS, OKHTTP_RESENDS } from './http-clients.js';
import type { SenderRelease, SenderVersions } from './types.js';

// The webhook's Basic/Bearer Authorization came with 1.8.0 (the kind's provenance): earlier lines send none.
const NO_AUTH = { auth: [] } as const;

// HttpURLConnection's User-Agent is "Java/" and the server's java.version. The server image
// (script/docker/server/Dockerfile) was openjdk:8-alpine in 1.0 and openjdk:8-alpine3.9 in 1.1.0,
// Java 8 with no update pinned (the update number is whk's); openjdk:11.0.15-jre-slim-buster from 1.1.1
// (#205, in its release notes) and openjdk:11.0.16-jre-slim-buster from 1.1.2 (#231) up to 1.5.x;
// Java 17 came after 1.5.0 (#1620). The root pom's java.version was 1.8 up to 1.2.4 and 11 from
// 1.2.5 (#591): the tar packages ran on whatever JDK their host had, so every one stays whk's choice.
// No redirect rule: the kind's profile (the newest line) has one, and a POST over HttpURLConnection
// follows none (the 3xx is the answer).
const HTTP_URL_CONNECTION = { followRedirects: false, redirects: undefined, resends: undefined, shortBody: undefined, connectionClose: true, clientHeaders: undefined, whkChoices: ['user-agent'], ...NO_AUTH, timeoutMs: 5_000 } as const;
const JAVA_8 = { ...HTTP_URL_CONNECTION, userAgent: 'Java/1.8.0_312' } as const;
const JAVA_11_0_15 = { ...HTTP_URL_CONNECTION, userAgent: 'Java/11.0.15' } as const;
const JAVA_11_0_16 = { ...HTTP_URL_CONNECTION, userAgent: 'Java/11.0.16' } as const;
// OkHttp 4.12.0 from 1.6.0 to 1.8.x (okhttp.version in the root pom.xml); retryOnConnectionFailure is left
// at its default (RestTemplateConfig builds the client without it), so it re-sends after a 408.
// WebHookAlertNotifyHandlerImpl reads the answer as a String (postForEntity(…, String.class)), and OkHttp's
// FixedLengthSource throws ProtocolException("unexpected end of stream") on a body cut short
// (okhttp3/internal/http1/Http1ExchangeCodec.kt), which RestTemplate raises: the webhook fails.
const OKHTTP = { userAgent: 'okhttp/4.12.0', followRedirects: true, redirects: OKHTTP_REDIRECTS, resends: OKHTTP_RESENDS, shortBody: 'fails', connectionClose: true, clientHeaders: OKHTTP_HEADERS, whkChoices: [] } as const;
// The interceptor still sets Connection: close, but Spring's JdkClientHttpRequest (buildRequest) skips
// the headers the JDK client refuses (DISALLOWED_HEADERS: connection, content-length, expect, host,
// upgrade), so none goes out. 1.9.0 is built for Java 25 (java.version in the root pom since #4066),
// so the JDK in its User-Agent is 25 or later; the update number is whk's.
const JDK_HTTP_CLIENT = { userAgent: 'Java-http-client/25.0.2', followRedirects: true, redirects: JDK_HTTP_CLIENT_REDIRECTS, resends: undefined, shortBody: undefined, connectionClose: false, clientHeaders: undefined, whkChoices: ['user-agent'] } as const;

const URL_CONNECTION_NOTE =
  'RestTemplate over the JDK HttpURLConnection (SimpleClientHttpRequestFactory): 5 s connect and read timeouts; a POST does not follow redirects, so a 3xx is the answer';
// OkHttp's own re-sends (OKHTTP_RESENDS in http-clients.ts), in words.
const OKHTTP_RESEND_NOTE =
  'after a 408 (unless it carries Retry-After > 0) or a 503 with Retry-After: 0, OkHttp sends the request once more, at once, to the URL that answered (after a redirect, the redirected one); redirects and re-sends count toward one limit of 20';
const UNIT_BUG_NOTE = `RestTemplate over OkHttp: timeouts written 6 * 1000 but passed with TimeUnit.SECONDS, so 6000 s (100 minutes) against a receiver that never answers; redirects followed; ${OKHTTP_RESEND_NOTE}`;

/** The newest release's (1.8.0's) client: the kind's own profile, and its line's. */
export const HERTZBEAT_NEWEST_DELIVERY = { ...OKHTTP, timeoutMs: 6_000_000 } as const;

// 1.6.1 to 1.7.3: the unit bug's timeout, and no Authorization yet.
const OKHTTP_UNIT_BUG = { ...OKHTTP, ...NO_AUTH, timeoutMs: 6_000_000 } as const;

export const HERTZBEAT_RELEASES: readonly SenderRelease[] = [
  { from: '1.0.0', variant: 'entity-oldest', delivery: JAVA_8, note: `${URL_CONNECTION_NOTE}; Java 8 (the openjdk:8-alpine images of 1.0 and 1.1.0, no update pinned); the Alert entity by Jackson with firstTriggerTime/lastTriggerTime` },
  { from: '1.1.1', variant: 'entity-oldest', delivery: JAVA_11_0_15, note: `${URL_CONNECTION_NOTE}; Java 11.0.15 (the openjdk:11.0.15-jre-slim-buster image); the Alert entity by Jackson with firstTriggerTime/lastTriggerTime` },
  { from: '1.1.2', variant: 'entity-oldest', delivery: JAVA_11_0_16, note: `${URL_CONNECTION_NOTE}; the Alert entity by Jackson with firstTriggerTime/lastTriggerTime` },
  { from: '1.3.2', variant: 'entity', delivery: JAVA_11_0_16, note: `${URL_CONNECTION_NOTE}; the Alert entity with firstAlarmTime/lastAlarmTime` },
  { from: '1.4.2', variant: 'flat-1.4.2', delivery: JAVA_11_0_16, note: `${URL_CONNECTION_NOTE}; the flat FreeMarker template, as it renders: a trailing comma after the last tag, alarmId with grouping (9,921); tags monitorId, app, thresholdId, monitorName` },
  { from: '1.4.3', variant: 'flat-1.4.3', delivery: JAVA_11_0_16, note: `${URL_CONNECTION_NOTE}; the flat FreeMarker template, as it renders: a trailing comma after the last tag` },
  { from: '1.4.4', variant: 'flat-1.4.4', delivery: JAVA_11_0_16, note: `${URL_CONNECTION_NOTE}; the flat FreeMarker template, as it renders: the tags' last comma removed, a trailing comma when there are no tags` },
  { from: '1.5.0', variant: 'flat', delivery: JAVA_11_0_16, note: `${URL_CONNECTION_NOTE}; the flat FreeMarker template; tags as 1.4.x's and monitorHost (#1515)` },
  { from: '1.6.0', variant: 'flat', delivery: { ...OKHTTP, ...NO_AUTH, timeoutMs: 20_000 }, note: `RestTemplate over OkHttp: 15 s connect, 20 s read timeout; redirects followed (a 301/302 turns the POST into a GET); ${OKHTTP_RESEND_NOTE}` },
  { from: '1.6.1', variant: 'flat', delivery: OKHTTP_UNIT_BUG, note: UNIT_BUG_NOTE },
  { from: '1.7.0', variant: 'grouped-1.7.0', delivery: OKHTTP_UNIT_BUG, note: `${UNIT_BUG_NOTE}; the grouped template; alert labels instance (the monitor id), instancehost, instancename, alertname` },
  // The same delivery and template as 1.7.1 (RestTemplateConfig, WebHookAlertNotifyHandlerImpl and
  // 2-WebhookTemplate.txt unchanged from v1.7.1 to v1.7.3); RealTimeAlertCalculator adds the defineid label.
  { from: '1.7.3', variant: 'grouped-1.7.3', delivery: OKHTTP_UNIT_BUG, note: `${UNIT_BUG_NOTE}; the grouped template; alert labels as 1.7.0's and defineid` },
  { from: '1.8.0', variant: 'grouped', delivery: HERTZBEAT_NEWEST_DELIVERY, note: `${UNIT_BUG_NOTE}; the grouped template; alert labels defineid, alertname, instancename and instance (the monitor's host:port), no instancehost; an optional Authorization: Basic or Bearer token` },
  {
    from: '1.9.0',
    variant: 'grouped',
    delivery: { ...JDK_HTTP_CLIENT, timeoutMs: 6_000 },
    note:
      'not yet released (1.9.0-rc1 and the main branch; the newest release is 1.8.0): RestTemplate over the JDK HttpClient: 6 s connect and read timeouts; redirects followed (Redirect.NORMAL); a 408 or 503 is the answer (no filter of the client re-sends on a status); its interceptor still sets Connection: close, which Spring\'s JdkClientHttpRequest drops as a header the JDK client refuses, so none is sent',
  },
];

// The newest release is 1.8.0 (home/docs/download.md: "Latest Version: v1.8.0 (Released: February 5,
// 2026)"); the tags go on to v1.9.0-rc1, not released: its line is there to ask for, not the default.
export const HERTZBEAT_VERSIONS: SenderVersions = { newest: '1.8.0', upTo: '1.9.0', releases: HERTZBEAT_RELEASES };
