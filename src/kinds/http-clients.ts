// How the HTTP clients behind senders that follow redirects do it, read from each client's code. They
// agree on a plain 301/302/307; a receiver that loops or sends an odd Location gets different ends.
// OkHttp also sends a request again by itself after some answers (OKHTTP_RESENDS).
import type { RedirectRule, ResendRule } from './types.js';

/**
 * The headers a client adds to a request whose sender set none of them (a profile's clientHeaders).
 * OkHttp 4.12's BridgeInterceptor (okhttp/src/main/kotlin/okhttp3/internal/http/BridgeInterceptor.kt,
 * tag parent-4.12.0): Accept-Encoding: gzip unless Accept-Encoding or Range is set (it then inflates
 * the answer itself); its Connection: Keep-Alive and User-Agent are the profile's own fields.
 */
export const OKHTTP_HEADERS = { 'Accept-Encoding': 'gzip' } as const;

/**
 * Go's net/http Transport (Transport.DisableCompression's doc; persistConn.roundTrip): Accept-Encoding:
 * gzip unless the request names one or asks for a Range, when DisableCompression is false.
 */
export const GO_TRANSPORT_HEADERS = { 'Accept-Encoding': 'gzip' } as const;

// Ruby's Net::HTTP (ruby/net-http lib/net/http/generic_request.rb, HTTPGenericRequest#initialize):
// Accept-Encoding unless Accept-Encoding or Range is given, then Accept: */* and User-Agent: Ruby unless
// set (the senders set their own User-Agent). HTTParty (GitLab) and Faraday's net_http adapter (Travis
// CI) build their requests with it, setting neither.
export const RUBY_NET_HTTP_HEADERS = { 'Accept-Encoding': 'gzip;q=1.0,deflate;q=0.6,identity;q=0.3', Accept: '*/*' } as const;

// Python requests' Session (psf/requests src/requests/utils.py default_headers, DEFAULT_ACCEPT_ENCODING:
// urllib3's make_headers(accept_encoding=True)): Accept: */*, and gzip, deflate, with br when brotli
// imports and zstd when a zstd module does; Sentry's lock file requires both (brotli, zstandard).
export const PYTHON_REQUESTS_HEADERS = { 'Accept-Encoding': 'gzip, deflate, br, zstd', Accept: '*/*' } as const;

/**
 * OkHttp 4 (RetryAndFollowUpInterceptor): follows 300–303, 307 and 308; the 21st follow-up throws
 * "Too many follow-up requests"; a Location missing or not an http(s) URL returns the 3xx as the
 * response; https to http is followed (followSslRedirects defaults to true).
 */
export const OKHTTP_REDIRECTS: RedirectRule = {
  client: 'OkHttp',
  statuses: [300, 301, 302, 303, 307, 308],
  max: 20,
  pastMax: 'error',
  missingLocation: 'answer',
  badLocation: 'answer',
  notHttp: 'answer',
  downgrade: 'follow',
};

/**
 * OkHttp 4.12 (okhttp/src/main/kotlin/okhttp3/internal/http/RetryAndFollowUpInterceptor.kt, tag
 * parent-4.12.0): after a 408, unless retryOnConnectionFailure is off (it defaults to on), the body is
 * one-shot, the answer before it was a 408 too, or a Retry-After > 0 came with it (lines 229–252); after
 * a 503 only with "Retry-After: 0" and unless the answer before was a 503 (lines 255–267), it sends
 * `userResponse.request` again at once: the request that answer came from, so after a redirect the
 * redirected URL (and method). "The answer before" is priorResponse, whatever its status, a 3xx too.
 * retryAfter() reads the header's last value: digits are a delay, anything else (an HTTP date) is
 * Integer.MAX_VALUE (lines 333–342). Re-sends and redirects are one loop with one counter:
 * `++followUpCount > MAX_FOLLOW_UPS` (20) throws "Too many follow-up requests: 21" (lines 126–127, 349).
 * Spring's OkHttp request factory behind a RestTemplate with interceptors (InterceptingClientHttpRequest,
 * Spring 6.1/6.2) hands it a repeatable body, so it is not one-shot.
 * Its retries after a failed exchange (recover(), lines 144–164) are not modelled: they need another
 * route, another address of the host or a proxy, or a connection taken from the pool (ExchangeFinder.kt
 * retryAfterFailure, lines 274–298), and HertzBeat's Connection: close makes every connection unfit for
 * reuse (CallServerInterceptor.kt lines 133–136); to a host of one address OkHttp does not send again
 * after a failure, as whk does not.
 */
export const OKHTTP_RESENDS: ResendRule = {
  client: 'OkHttp',
  on: [
    { status: 408, retryAfter: 'absent-or-0' },
    { status: 503, retryAfter: '0' },
  ],
  max: 20,
};

/**
 * The JDK HttpClient with Redirect.NORMAL (RedirectFilter): follows 301–303, 307 and 308 while
 * `++redirects < jdk.httpclient.redirects.retrylimit` (default 5), so 4, and returns the 5th 3xx as
 * the response; no Location is an IOException ("Invalid redirection"), a Location URI.create refuses
 * throws; another scheme than the request's, unless https, is not followed (the 3xx is the response).
 */
export const JDK_HTTP_CLIENT_REDIRECTS: RedirectRule = {
  client: 'the JDK HttpClient',
  statuses: [301, 302, 303, 307, 308],
  max: 4,
  pastMax: 'answer',
  missingLocation: 'error',
  badLocation: 'error',
  notHttp: 'answer',
  downgrade: 'answer',
};

/**
 * Go's net/http Client with its default CheckRedirect (src/net/http/client.go: redirectBehavior,
 * defaultCheckRedirect), behind Alertmanager (prometheus/common's http_config, follow_redirects
 * defaults to true) and Grafana Alerting (grafana/alerting http/tls.go NewTLSClient sets no
 * CheckRedirect): follows 301–303 (as a GET without the body), 307 and 308 (the same POST and body);
 * the 10th redirect fails ("stopped after 10 redirects", TestClientRedirects), so 9 are followed; a
 * 3xx without a Location is the answer; a Location it cannot parse fails the request ("failed to parse
 * Location header", Client.do); a scheme other than http(s) fails ("unsupported protocol scheme");
 * https to http is followed. whk judges a Location by the WHATWG parser, which takes some that Go's
 * url.Parse refuses (an invalid escape such as /%zz): those whk follows.
 */
export const GO_NET_HTTP_REDIRECTS: RedirectRule = {
  client: "Go's net/http",
  statuses: [301, 302, 303, 307, 308],
  max: 9,
  pastMax: 'error',
  missingLocation: 'answer',
  badLocation: 'error',
  notHttp: 'error',
  downgrade: 'follow',
};

/**
 * HTTParty as Gitlab::HTTP uses it (GitLab lib/gitlab/http.rb includes HTTParty and sets no
 * no_follow; GitLab's web_hook_service.rb posts through it): follows any 3xx but 304 that has a
 * Location (Request#response_redirects?), a 307/308 with the same POST and body, the others as a GET;
 * `limit` starts at 5 and each redirect takes one, and a request at 0 raises RedirectionTooDeep
 * (Request#validate), which Gitlab::HTTP counts as an HTTP error: 4 followed, the 5th fails. A 3xx
 * without a Location is the answer; a Location that is not a URI fails the request (URI::InvalidURIError,
 * judged by whk with the WHATWG parser, as for Go); a scheme other than http(s) fails
 * (UnsupportedURIScheme); https to http is followed.
 */
export const HTTPARTY_REDIRECTS: RedirectRule = {
  client: 'HTTParty (Gitlab::HTTP)',
  statuses: [300, 301, 302, 303, 305, 306, 307, 308],
  max: 4,
  pastMax: 'error',
  missingLocation: 'answer',
  badLocation: 'error',
  notHttp: 'error',
  downgrade: 'follow',
};

/**
 * Faraday's follow_redirects middleware as Travis CI's lib/travis/task.rb#http uses it since travis-tasks
 * bc216a5 (2024-02-28: `f.response :follow_redirects`, no limit given, so faraday-follow_redirects 0.3.0's
 * FOLLOW_LIMIT = 3; the `limit: 5` of FaradayMiddleware is gone): follows 301–303, 307 and 308; one more
 * raises RedirectLimitReached; without a Location it asks the same URL again until
 * that limit (so the delivery fails); a Location Net::HTTP cannot request fails it.
 */
export const FARADAY_REDIRECTS: RedirectRule = {
  client: 'Faraday',
  statuses: [301, 302, 303, 307, 308],
  max: 3,
  pastMax: 'error',
  missingLocation: 'error',
  badLocation: 'error',
  notHttp: 'error',
  downgrade: 'follow',
};
