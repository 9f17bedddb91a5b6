// Redirects followed the way each sender's HTTP client follows them (kinds/http-clients.ts), against a
// real local receiver that loops, sends no Location or an odd one: the number of requests made and
// the verdict are the client's, and a failure is said in its terms, not the HTTP library's.
import { describe, expect, it } from 'vitest';
import { attempt, createDispatcher } from '../../src/delivery/attempt.js';
import { prepareRequest } from '../../src/delivery/request.js';
import { FARADAY_REDIRECTS, GO_NET_HTTP_REDIRECTS, HTTPARTY_REDIRECTS, JDK_HTTP_CLIENT_REDIRECTS, OKHTTP_REDIRECTS } from '../../src/kinds/http-clients.js';
import { hertzbeatAlarm } from '../../src/kinds/hertzbeat-alarm.js';
import type { RedirectRule } from '../../src/kinds/types.js';
import { serversClosedAfterEach, type Responder } from '../helpers/server.js';

const server = serversClosedAfterEach();

async function send(rule: RedirectRule, respond: Responder, headers: [string, string][] = []): Promise<{ status: number | null; error: string | null; requests: { method: string; url: string; authorization?: string | undefined }[] }> {
  const endpoint = await server(respond);
  const request = prepareRequest({ ...hertzbeatAlarm.delivery, redirects: rule }, `${endpoint.url}/hook`, Buffer.from('{"a":1}'), { headers });
  const dispatcher = createDispatcher();
  try {
    const outcome = await attempt(request, 10_000, { dispatcher });
    const requests = endpoint.requests.map((r) => ({ method: r.method, url: r.url, ...(r.headers.authorization ? { authorization: r.headers.authorization } : {}) }));
    return { status: outcome.status, error: outcome.error, requests };
  } finally {
    await dispatcher.destroy();
  }
}

/** Every request is redirected to the same path it came to: a loop no client can leave. */
const selfLoop: Responder = (request) => ({ status: 307, headers: { location: request.url } });
const to = (location: string, status = 302): Responder => (request) => (request.url === '/hook' ? { status, headers: { location } } : 200);

describe('a redirect loop ends where the sender\'s client ends it', () => {
  it('the JDK HttpClient (HertzBeat 1.9+): 4 redirects followed, the 5th 3xx is the answer (a success below 400)', async () => {
    const result = await send(JDK_HTTP_CLIENT_REDIRECTS, selfLoop);
    expect(result).toMatchObject({ status: 307, error: null });
    expect(result.requests).toHaveLength(5);
  });

  it('OkHttp (HertzBeat 1.6–1.8): 20 followed, the 21st fails the request', async () => {
    const result = await send(OKHTTP_REDIRECTS, selfLoop);
    expect(result.status).toBeNull();
    expect(result.error).toMatch(/^redirected more than 20 times \(the last 307 to http:\/\/127\.0\.0\.1:\d+\/hook\): OkHttp gives up$/);
    expect(result.requests).toHaveLength(21);
  });

  it('Faraday with its default limit 3 (Travis CI): 3 followed, the 4th fails the request', async () => {
    const result = await send(FARADAY_REDIRECTS, (request, i) => ({ status: 302, headers: { location: `/loop${i + 1}` } }));
    expect(result.error).toMatch(/^redirected more than 3 times \(the last 302 to http:\/\/127\.0\.0\.1:\d+\/loop4\): Faraday gives up$/);
    expect(result.requests.map((r) => r.url)).toEqual(['/hook', '/loop1', '/loop2', '/loop3']);
  });

  it('Go\'s net/http (Alertmanager, Grafana): 9 followed, the 10th fails ("stopped after 10 redirects")', async () => {
    const result = await send(GO_NET_HTTP_REDIRECTS, (request, i) => ({ status: 302, headers: { location: `/?n=${i + 1}` } }));
    expect(result.error).toMatch(/^redirected more than 9 times \(the last 302 to http:\/\/127\.0\.0\.1:\d+\/\?n=10\): Go's net\/http gives up$/);
    expect(result.requests).toHaveLength(10);
  });
});

describe('a Location that cannot be followed', () => {
  it('none: the JDK client fails ("Invalid redirection"), OkHttp takes the 3xx as the answer', async () => {
    const bare: Responder = () => ({ status: 302 });
    expect(await send(JDK_HTTP_CLIENT_REDIRECTS, bare)).toMatchObject({ status: null, error: '302 without a Location: the JDK HttpClient does not deliver it' });
    expect(await send(OKHTTP_REDIRECTS, bare)).toMatchObject({ status: 302, error: null });
  });

  it('not a URL: the JDK client fails, OkHttp takes the 3xx as the answer', async () => {
    expect(await send(JDK_HTTP_CLIENT_REDIRECTS, to('http://[::1'))).toMatchObject({ status: null, error: "302 with a Location that is not a URL ('http://[::1'): the JDK HttpClient does not deliver it" });
    expect(await send(OKHTTP_REDIRECTS, to('http://[::1'))).toMatchObject({ status: 302, error: null });
    // Its UTF-8 bytes on the wire: a bidirectional control in the message would reverse the rest of it.
    const reversing = Buffer.from('http://\u202eevil/').toString('latin1');
    expect(await send(JDK_HTTP_CLIENT_REDIRECTS, to(reversing))).toMatchObject({ error: "302 with a Location that is not a URL ('http://\\u202eevil/'): the JDK HttpClient does not deliver it" });
  });

  it('another scheme (file:, ftp:): both Java clients take the 3xx as the answer; Faraday fails', async () => {
    for (const rule of [JDK_HTTP_CLIENT_REDIRECTS, OKHTTP_REDIRECTS]) {
      const result = await send(rule, to('file:///etc/passwd'));
      expect([result.status, result.error, result.requests.length]).toEqual([302, null, 1]);
    }
    expect(await send(FARADAY_REDIRECTS, to('ftp://127.0.0.1/x'))).toMatchObject({ status: null, error: "302 to 'ftp://127.0.0.1/x': Faraday cannot follow it there" });
  });

  it('Go\'s net/http: no Location is the answer; another scheme fails the request', async () => {
    expect(await send(GO_NET_HTTP_REDIRECTS, () => ({ status: 302 }))).toMatchObject({ status: 302, error: null });
    expect(await send(GO_NET_HTTP_REDIRECTS, to('ftp://127.0.0.1/x'))).toMatchObject({ status: null, error: "302 to 'ftp://127.0.0.1/x': Go's net/http cannot follow it there" });
  });

  // Go's Client.do returns the 3xx when Location is empty and fails on one url.Parse refuses; HTTParty
  // follows only a 3xx that has one and raises URI::InvalidURIError on one URI.parse refuses.
  it('Go\'s net/http and HTTParty: no Location (or an empty one) is the answer, one that is not a URL fails', async () => {
    for (const [rule, client] of [[GO_NET_HTTP_REDIRECTS, "Go's net/http"], [HTTPARTY_REDIRECTS, 'HTTParty (Gitlab::HTTP)']] as const) {
      expect(await send(rule, () => ({ status: 302 })), client).toMatchObject({ status: 302, error: null });
      expect(await send(rule, to('')), client).toMatchObject({ status: 302, error: null });
      const bad = await send(rule, to('http://[::1'));
      expect(bad).toMatchObject({ status: null, error: `302 with a Location that is not a URL ('http://[::1'): ${client} does not deliver it` });
      expect(bad.requests).toHaveLength(1);
    }
  });

  it('300 Multiple Choices: OkHttp follows it, the JDK client does not', async () => {
    expect((await send(OKHTTP_REDIRECTS, to('/there', 300))).requests.map((r) => r.url)).toEqual(['/hook', '/there']);
    expect((await send(JDK_HTTP_CLIENT_REDIRECTS, to('/there', 300))).requests.map((r) => r.url)).toEqual(['/hook']);
  });
});

describe('what a followed redirect sends', () => {
  it('the attempt lists each redirect followed and where it led, a password in the Location masked', async () => {
    const endpoint = await server((request) => (request.url === '/hook' ? { status: 301, headers: { location: '/one' } } : request.url === '/one' ? { status: 307, headers: { location: `http://u:hunter2@${request.headers.host}/two?token=abc` } } : 200));
    const request = prepareRequest({ ...hertzbeatAlarm.delivery, redirects: JDK_HTTP_CLIENT_REDIRECTS }, `${endpoint.url}/hook`, Buffer.from('{"a":1}'), { headers: [] });
    const dispatcher = createDispatcher();
    try {
      const outcome = await attempt(request, 10_000, { dispatcher });
      expect(outcome).toMatchObject({ status: 200, error: null });
      const host = new URL(endpoint.url).host;
      expect(outcome.redirects).toEqual([{ status: 301, to: `http://${host}/one` }, { status: 307, to: `http://u:••••@${host}/two?token=••••` }]);
    } finally {
      await dispatcher.destroy();
    }
  });


  it('302 asks the target with a GET and no body; 307 re-posts the same body', async () => {
    const moved = await send(JDK_HTTP_CLIENT_REDIRECTS, to('/moved', 302));
    expect(moved.requests.map((r) => [r.method, r.url])).toEqual([['POST', '/hook'], ['GET', '/moved']]);
    const kept = await send(JDK_HTTP_CLIENT_REDIRECTS, to('/moved', 307));
    expect(kept.requests.map((r) => [r.method, r.url])).toEqual([['POST', '/hook'], ['POST', '/moved']]);
  });

  it('Authorization goes to the same origin, not to another one', async () => {
    const other = await server([200]);
    const same = await send(JDK_HTTP_CLIENT_REDIRECTS, to('/moved', 307), [['Authorization', 'Bearer t0ken']]);
    expect(same.requests.map((r) => r.authorization)).toEqual(['Bearer t0ken', 'Bearer t0ken']);
    const away = await send(JDK_HTTP_CLIENT_REDIRECTS, to(`${other.url}/elsewhere`, 307), [['Authorization', 'Bearer t0ken']]);
    expect(away.requests.map((r) => r.authorization)).toEqual(['Bearer t0ken']);
    expect(other.requests.map((r) => [r.url, r.headers.authorization])).toEqual([['/elsewhere', undefined]]);
  });
});
